import { describe, expect, it } from "vitest";
import { env } from "@/env";
import { isPdf } from "@/lib/files";
import { pdfProblem } from "@/server/applications/pdf-check.mjs";
import { WorkerTimeoutError } from "@/server/platform/worker-pool";
import { renderReceiptPdf, type ReceiptInput } from "@/server/receipt";
import { whileTicking } from "../support/event-loop";
import { pdfText, readPdf } from "../support/pdf-text";

// The receipt an applicant downloads: a valid A4 PDF whose text, read back as a viewer reads it, shows their answers
// in whatever script they typed them, with every glyph drawn.

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

/** The receipt read back, after checking it is a PDF the portal's own upload check accepts. */
async function receipt(input: ReceiptInput) {
  const bytes = await renderReceiptPdf(input);
  expect(isPdf(bytes)).toBe(true);
  expect(pdfProblem(bytes)).toBeNull();
  const reading = readPdf(bytes);
  expect(reading.blankCharacters, "characters whose glyphs would be drawn blank").toEqual([]);
  return { bytes, reading, text: pdfText(reading) };
}

describe("renderReceiptPdf", () => {
  it("renders one A4 page with the reference, the answers and the private link, dated by the submission", async () => {
    const { reading, text } = await receipt(base);

    expect(reading.pages).toHaveLength(1);
    const [page] = reading.pages;
    expect([Math.round(page!.width), Math.round(page!.height)]).toEqual([595, 842]);
    expect(reading.info.Title).toBe("Tianwen-3 payload interest — receipt TW3-2026-000123");
    expect(reading.info.CreationDate).toBe("D:20261125140300Z");
    expect(page!.lines[0]).toBe("Tianwen-3 payload interest — receipt");
    for (const shown of ["TW3-2026-000123", "25 November 2026 at 14:03 UTC", "Universidad de Chile", "Ana Pérez", "Mars dust spectrometer"]) {
      expect(page!.lines, shown).toContain(shown);
    }
    expect(page!.lines).toContain("Orbiter");
    expect(page!.lines).toContain("4.25 kg");
    expect(page!.lines).toContain("• technical-description.pdf");
    expect(page!.lines).toContain(base.statusUrl);
    expect(page!.links).toEqual([base.statusUrl]);
    expect(page!.lines.at(-1)).toBe("TW3-2026-000123 · Page 1 of 1");
    expect(text).not.toContain("Receipt.");
  });

  it("renders a Chinese receipt with Chinese names, in Chinese wording, and keeps the file small", async () => {
    const institution = "中国科学院国家空间科学中心";
    const { bytes, reading } = await receipt({ ...base, locale: "zh", leadInstitution: institution, contactName: "王小明", carrier: "SERVICE_MODULE", attachments: [] });

    expect(reading.pages).toHaveLength(1);
    expect(reading.info.Title).toBe("天问三号载荷合作意向 — 回执 TW3-2026-000123");
    const { lines } = reading.pages[0]!;
    expect(lines[0]).toBe("天问三号载荷合作意向 — 回执");
    for (const shown of ["申请编号", "牵头单位", institution, "联系人", "王小明", "服务舱", "4.25千克", "附件", "无"]) expect(lines, shown).toContain(shown);
    expect(lines.at(-1)).toBe("TW3-2026-000123 · 第 1 页，共 1 页");
    // Only the glyphs used are embedded: a whole Noto Sans SC is over 10 MB.
    expect(bytes.length).toBeLessThan(200_000);
  });

  it("draws Latin Extended names, which the Chinese font lacks, in English and Chinese receipts alike", async () => {
    const names = { leadInstitution: "Uniwersytet Łódzki, Łódź", contactName: "Ștefan Ćosić Ångström", payloadName: "Ñuñoa dust probe" };
    for (const locale of ["en", "zh"] as const) {
      const { reading } = await receipt({ ...base, ...names, locale });
      for (const name of Object.values(names)) expect(reading.pages[0]!.lines, `${locale}: ${name}`).toContain(name);
    }
  });

  it("writes names typed with combining accents as the letters they spell, and mixed scripts side by side", async () => {
    const { reading } = await receipt({ ...base, contactName: "A\u030Angstro\u0308m 王小明", leadInstitution: "Universite\u0301 de Lie\u0300ge" });

    expect(reading.pages[0]!.lines).toContain("Ångström 王小明");
    expect(reading.pages[0]!.lines).toContain("Université de Liège");
  });

  it("does not fail on characters no font has, controls or broken text, and shows what it cannot draw as ?", async () => {
    const { reading, text } = await receipt({
      ...base,
      leadInstitution: "جامعة 🚀 Lab",
      contactName: "Line one\nLine two\u0000\u202E\uD800",
      payloadName: "",
      attachments: ["\u0007bell.pdf"],
    });

    expect(reading.pages).toHaveLength(1);
    const { lines } = reading.pages[0]!;
    expect(lines).toContain("????? ? Lab");
    expect(lines).toContain("Line one Line two");
    expect(lines).toContain("• bell.pdf");
    expect(text).not.toMatch(/[\u0000-\u001f\u202e\ud800]/);
  });

  it("wraps long answers and runs onto further pages, each with its number, rather than off the page", async () => {
    const institution = "International Consortium for Planetary Surface Exploration and In-Situ Resource Utilisation ".repeat(4).trim();
    const statusUrl = `https://portal.test/en/applications/status?token=${"a".repeat(300)}`;
    const { reading } = await receipt({
      ...base,
      leadInstitution: institution,
      statusUrl,
      attachments: Array.from({ length: 60 }, (_, i) => `letter-of-support-${i + 1}.pdf`),
    });

    const total = reading.pages.length;
    expect(total).toBeGreaterThanOrEqual(2);
    reading.pages.forEach((page, i) => expect(page.lines.at(-1)).toBe(`TW3-2026-000123 · Page ${i + 1} of ${total}`));
    const lines = reading.pages.flatMap((page) => page.lines);
    // Wrapped over several lines, none of them wider than the page would allow, and nothing lost.
    expect(lines.filter((line) => institution.includes(line.trim())).length).toBeGreaterThan(1);
    const unwrapped = lines.join("").replaceAll(" ", "");
    expect(unwrapped).toContain(institution.replaceAll(" ", ""));
    expect(unwrapped).toContain(statusUrl);
    expect(reading.pages.flatMap((page) => page.links), "each line of the wrapped link opens the whole address").toEqual([statusUrl]);
    expect(lines).toContain("• letter-of-support-60.pdf");
  });
});

describe("renderReceiptPdf draws in a worker thread", () => {
  it("keeps the event loop turning while it draws: a 5 ms timer never waits for the drawing", async () => {
    await renderReceiptPdf(base); // the worker started and its fonts loaded, so what is timed is the drawing
    const long = { ...base, attachments: Array.from({ length: 1000 }, (_, i) => `letter-of-support-${i + 1}.pdf`) };
    const { result, longestGapMs, elapsedMs } = await whileTicking(() => renderReceiptPdf(long));

    expect(readPdf(result).pages.length).toBeGreaterThan(10);
    // Drawn on this thread, the timer would wait for the whole drawing; half of it leaves room for any hiccup.
    expect(longestGapMs).toBeLessThan(elapsedMs / 2);
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
