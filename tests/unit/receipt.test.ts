import fontkit from "@pdf-lib/fontkit";
import { decodePDFRawStream, PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { env } from "@/env";
import { isPdf } from "@/lib/files";
import { WorkerTimeoutError } from "@/server/platform/worker-pool";
import { renderReceiptPdf, type ReceiptInput } from "@/server/receipt";
import { whileTicking } from "../support/event-loop";

// The receipt an applicant downloads: a real A4 PDF that shows their answers in whatever script they typed them.

const base: ReceiptInput = {
  locale: "en",
  reference: "TW3-2026-000123",
  submittedAt: new Date("2026-11-25T14:03:00Z"),
  leadInstitution: "Universidad de Chile",
  contactName: "Ana Pérez",
  payloadName: "Mars dust spectrometer",
  carrier: "ORBITER",
  massKg: 4.25,
  attachments: ["technical-description.pdf", "letter-of-support.pdf"],
  statusUrl: "https://portal.test/en/applications/status?token=abc",
};

interface EmbeddedFont {
  name: string;
  /** For each character the PDF says a glyph stands for, whether the embedded glyph has an outline to draw. */
  drawn: Map<number, boolean>;
}

/** The fonts embedded in the PDF, read back from the file the way a viewer would: ToUnicode map and glyph outlines. */
async function embeddedFonts(bytes: Uint8Array): Promise<EmbeddedFont[]> {
  const doc = await PDFDocument.load(bytes);
  const streamText = (stream: unknown) => (stream instanceof PDFRawStream ? decodePDFRawStream(stream).decode() : new Uint8Array(0));
  const fonts: EmbeddedFont[] = [];
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict) || object.get(PDFName.of("Subtype"))?.toString() !== "/Type0") continue;
    const descendant = object.lookup(PDFName.of("DescendantFonts"), PDFArray).lookup(0, PDFDict);
    const descriptor = descendant.lookup(PDFName.of("FontDescriptor"), PDFDict);
    // The subset font itself; its glyph ids are the codes in the ToUnicode map (CIDToGIDMap is Identity).
    const face = fontkit.create(streamText(descriptor.lookup(PDFName.of("FontFile2"))));
    const cmap = new TextDecoder().decode(streamText(object.lookup(PDFName.of("ToUnicode"))));
    const drawn = new Map<number, boolean>();
    for (const [, glyphHex, unicodeHex] of cmap.matchAll(/^<([0-9a-fA-F]+)> <([0-9a-fA-F]+)>$/gm)) {
      const units = unicodeHex!.match(/.{4}/g)!.map((u) => Number.parseInt(u, 16));
      drawn.set(String.fromCharCode(...units).codePointAt(0)!, face.getGlyph(Number.parseInt(glyphHex!, 16)).path.toSVG() !== "");
    }
    fonts.push({ name: object.get(PDFName.of("BaseFont"))!.toString(), drawn });
  }
  return fonts;
}

const codePointsOf = (text: string) => Array.from(text.replace(/\s/g, ""), (ch) => ch.codePointAt(0)!);

describe("renderReceiptPdf", () => {
  it("renders a PDF that loads back with one A4 page", async () => {
    const bytes = await renderReceiptPdf(base);

    expect(new TextDecoder().decode(bytes.subarray(0, 5))).toBe("%PDF-");
    expect(isPdf(bytes)).toBe(true);
    const doc = await PDFDocument.load(bytes);
    expect(doc.getPageCount()).toBe(1);
    const { width, height } = doc.getPage(0).getSize();
    expect([Math.round(width), Math.round(height)]).toEqual([595, 842]);
    expect(doc.getTitle()).toBe("Tianwen-3 payload interest — receipt TW3-2026-000123");
  });

  it("draws a Chinese institution and contact name with the Chinese font, and keeps the file small", async () => {
    const institution = "中国科学院国家空间科学中心";
    const bytes = await renderReceiptPdf({ ...base, locale: "zh", leadInstitution: institution, contactName: "王小明", carrier: "SERVICE_MODULE" });

    const doc = await PDFDocument.load(bytes);
    expect(doc.getPageCount()).toBeGreaterThanOrEqual(1);
    expect(doc.getTitle()).toBe("天问三号载荷合作意向 — 回执 TW3-2026-000123");
    const chinese = (await embeddedFonts(bytes)).find((f) => f.name.includes("NotoSansSC"));
    expect(chinese, "the Chinese font is embedded").toBeDefined();
    for (const codePoint of codePointsOf(`${institution}王小明服务舱回执`)) {
      expect(chinese!.drawn.get(codePoint), String.fromCodePoint(codePoint)).toBe(true);
    }
    // Subset: a full Noto Sans SC is over 10 MB.
    expect(bytes.length).toBeLessThan(200_000);
  });

  it("draws Latin letters that the Chinese font lacks with the Latin font", async () => {
    const bytes = await renderReceiptPdf({ ...base, leadInstitution: "Politechnika Łódzka", contactName: "Ștefan Ćosić" });

    const latin = (await embeddedFonts(bytes)).find((f) => f.name.includes("NotoSans-"));
    expect(latin, "the Latin font is embedded").toBeDefined();
    for (const codePoint of codePointsOf("ŁódzkaȘtefanĆosić")) expect(latin!.drawn.get(codePoint), String.fromCodePoint(codePoint)).toBe(true);
  });

  it("does not fail on characters no font has, controls or broken text", async () => {
    const bytes = await renderReceiptPdf({
      ...base,
      leadInstitution: "جامعة القاهرة 🚀 𠀋",
      contactName: "Line one\nLine two\u0000\u202E\uD800",
      payloadName: "",
      attachments: ["\u0007bell.pdf"],
    });

    expect(isPdf(bytes)).toBe(true);
    expect((await PDFDocument.load(bytes)).getPageCount()).toBe(1);
  });

  it("wraps long answers and runs onto further pages rather than off the page", async () => {
    const bytes = await renderReceiptPdf({
      ...base,
      leadInstitution: "International Consortium for Planetary Surface Exploration and In-Situ Resource Utilisation ".repeat(4),
      statusUrl: `https://portal.test/en/applications/status?token=${"a".repeat(300)}`,
      attachments: Array.from({ length: 60 }, (_, i) => `letter-of-support-${i + 1}.pdf`),
    });

    const doc = await PDFDocument.load(bytes);
    expect(doc.getPageCount()).toBeGreaterThanOrEqual(2);
  });
});

describe("renderReceiptPdf draws in a worker thread", () => {
  it("keeps the event loop turning while it draws: a 5 ms timer is never held up 100 ms", async () => {
    const long = { ...base, attachments: Array.from({ length: 120 }, (_, i) => `letter-of-support-${i + 1}.pdf`) };
    const { result: pdfs, longestGapMs } = await whileTicking(() =>
      Promise.all([renderReceiptPdf(long), renderReceiptPdf({ ...long, locale: "zh" }), renderReceiptPdf(long)]),
    );
    expect(pdfs.every(isPdf)).toBe(true);
    expect(longestGapMs).toBeLessThan(100);
  });

  it("fails with WorkerTimeoutError, rather than hanging, when it cannot draw within RECEIPT_TIMEOUT_MS; the next is drawn", async () => {
    const limit = env.RECEIPT_TIMEOUT_MS;
    env.RECEIPT_TIMEOUT_MS = 1;
    try {
      await expect(renderReceiptPdf(base)).rejects.toBeInstanceOf(WorkerTimeoutError);
    } finally {
      env.RECEIPT_TIMEOUT_MS = limit;
    }
    expect(isPdf(await renderReceiptPdf(base))).toBe(true);
  });
});
