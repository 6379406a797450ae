import { describe, expect, it } from "vitest";
import { env } from "@/env";
import { isPdf } from "@/lib/files";
import { pdfProblem } from "@/server/applications/pdf-check.mjs";
import { WorkerTimeoutError } from "@/server/platform/worker-pool";
import { stageOf } from "@/lib/calls/definition";
import { TIANWEN3_STAGE, tianwen3Definition } from "@/lib/calls/tianwen-3";
import { renderReceiptPdf, type ReceiptInput } from "@/server/receipt";
import { leadAnswers, payloadAnswers, scienceAnswers } from "../factories/application-answers";
import { whileTicking } from "../support/event-loop";
import { pdfText, readPdf } from "../support/pdf-text";

// The receipt an applicant downloads: a valid A4 PDF whose text, read back as a viewer reads it, shows their answers
// in whatever script they typed them, with every glyph drawn.

const form = { pages: stageOf(tianwen3Definition, TIANWEN3_STAGE).form.pages, pools: tianwen3Definition.pools };

/** Answers as the Tianwen-3 form stores them: by page, then question. */
const answers = (lead: Record<string, unknown> = {}, payload: Record<string, unknown> = {}) => ({
  lead: leadAnswers({ institutionName: "Universidad de Chile", contactName: "Ana Pérez", country: "CL", ...lead }),
  payload: payloadAnswers({ payloadName: "Mars dust spectrometer", carrier: "ORBITER", massKg: 4.25, ...payload }),
  science: scienceAnswers(),
});

const base: ReceiptInput = {
  locale: "en",
  reference: "TW3-2026-000123",
  submittedAt: new Date("2026-11-25T14:03:00Z"),
  call: { en: "Tianwen-3 payload offer", zh: "天问三号载荷搭载机会" },
  form,
  answers: answers(),
  attachments: [
    { kind: "TECHNICAL_DESCRIPTION", fileName: "technical-description.pdf" },
    { kind: "LETTER_OF_SUPPORT", fileName: "letter-of-support.pdf" },
  ],
  statusUrl: "https://portal.test/en/applications/status?token=abc",
};

/** The receipt read back, after checking it is a PDF the portal's own upload check accepts. */
async function receipt(input: ReceiptInput) {
  const bytes = await renderReceiptPdf(input);
  expect(isPdf(bytes)).toBe(true);
  expect(pdfProblem(bytes)).toBeNull();
  const reading = readPdf(bytes);
  expect(reading.blankCharacters, "characters whose glyphs would be drawn blank").toEqual([]);
  return { bytes, reading, text: pdfText(reading), lines: reading.pages.flatMap((page) => page.lines) };
}

/** Each label followed by its answer's lines, as the receipt draws them one under the other. */
function expectAnswers(lines: string[], rows: [label: string, ...answer: string[]][]) {
  for (const [label, ...answer] of rows) {
    const at = lines.indexOf(label);
    expect(at, label).toBeGreaterThanOrEqual(0);
    expect(lines.slice(at + 1, at + 1 + answer.length), label).toEqual(answer);
  }
}

describe("renderReceiptPdf", () => {
  it("renders A4 pages with the reference, every answer page by page, and the private link, dated by the submission", async () => {
    const { reading, text, lines } = await receipt(base);

    const total = reading.pages.length;
    for (const page of reading.pages) expect([Math.round(page.width), Math.round(page.height)]).toEqual([595, 842]);
    expect(reading.info.Title).toBe("Tianwen-3 payload offer — receipt TW3-2026-000123");
    expect(reading.info.CreationDate).toBe("D:20261125140300Z");
    expect(reading.pages[0]!.lines[0]).toBe("Tianwen-3 payload offer — receipt");
    for (const shown of ["TW3-2026-000123", "25 November 2026 at 14:03 UTC", "Lead institution and contacts", "Payload", "Science", "Attachments"]) {
      expect(lines, shown).toContain(shown);
    }
    // Labels from the form, answers by type: choices by their labels, amounts with their units, rows and files as lists.
    expectAnswers(lines, [
      ["Lead institution name", "Universidad de Chile"],
      ["Type of institution", "University"],
      ["Country or region (two-letter code)", "Chile"],
      ["Contact person's full name", "Ana Pérez"],
      ["Contact telephone", "Not answered"],
      ["Participating entities", "Istituto Test di Roma (Italy)"],
      ["Payload name", "Mars dust spectrometer"],
      ["Where it would fly", "Orbiter"],
      ["Mass (kg)", "4.25 kg"],
      ["Peak power (W)", "12 W"],
      ["Technology readiness level (1 to 9)", "6"],
      ["Which of the mission's objectives does it serve?", "• Climate and its history", "• Geology"],
      ["Technical description", "technical-description.pdf"],
      ["Letter of support", "letter-of-support.pdf"],
    ]);
    // A question whose condition did not hold was not asked, and is not on the receipt.
    expect(lines).not.toContain("Describe the other objective");
    expect(lines).toContain(base.statusUrl);
    expect(reading.pages.flatMap((page) => page.links)).toEqual([base.statusUrl]);
    reading.pages.forEach((page, i) => expect(page.lines.at(-1)).toBe(`TW3-2026-000123 · Page ${i + 1} of ${total}`));
    expect(text).not.toContain("Receipt.");
    expect(text).not.toContain("Apply.");
  });

  it("renders a Chinese receipt with Chinese names, in Chinese wording and the form's Chinese labels, and keeps the file small", async () => {
    const institution = "中国科学院国家空间科学中心";
    const { bytes, reading, lines } = await receipt({
      ...base,
      locale: "zh",
      answers: answers({ institutionName: institution, contactName: "王小明" }, { carrier: "SERVICE_MODULE" }),
      attachments: [],
    });

    expect(reading.info.Title).toBe("天问三号载荷搭载机会 — 回执 TW3-2026-000123");
    expect(reading.pages[0]!.lines[0]).toBe("天问三号载荷搭载机会 — 回执");
    for (const shown of ["申请编号", "牵头机构和联系人", "载荷", "附件"]) expect(lines, shown).toContain(shown);
    expectAnswers(lines, [
      ["牵头机构名称", institution],
      ["国家或地区（两位代码）", "智利"],
      ["联系人姓名", "王小明"],
      ["搭载平台", "服务舱"],
      ["质量（千克）", "4.25千克"],
      ["技术说明", "未填写"],
    ]);
    reading.pages.forEach((page, i) => expect(page.lines.at(-1)).toBe(`TW3-2026-000123 · 第 ${i + 1} 页，共 ${reading.pages.length} 页`));
    // Only the glyphs used are embedded: a whole Noto Sans SC is over 10 MB.
    expect(bytes.length).toBeLessThan(250_000);
  });

  it("draws Latin Extended names, which the Chinese font lacks, in English and Chinese receipts alike", async () => {
    const names = { institutionName: "Uniwersytet Łódzki, Łódź", contactName: "Ștefan Ćosić Ångström" };
    const payloadName = "Ñuñoa dust probe";
    for (const locale of ["en", "zh"] as const) {
      const { lines } = await receipt({ ...base, locale, answers: answers(names, { payloadName }) });
      for (const name of [...Object.values(names), payloadName]) expect(lines, `${locale}: ${name}`).toContain(name);
    }
  });

  it("writes names typed with combining accents as the letters they spell, and mixed scripts side by side", async () => {
    const { lines } = await receipt({ ...base, answers: answers({ contactName: "A\u030Angstro\u0308m 王小明", institutionName: "Universite\u0301 de Lie\u0300ge" }) });

    expect(lines).toContain("Ångström 王小明");
    expect(lines).toContain("Université de Liège");
  });

  it("does not fail on characters no font has, controls or broken text, and shows what it cannot draw as ?", async () => {
    const { lines, text } = await receipt({
      ...base,
      answers: answers({ institutionName: "جامعة 🚀 Lab", contactName: "Line one\nLine two\u0000\u202E\uD800" }, { payloadName: "" }),
      attachments: [{ kind: "TECHNICAL_DESCRIPTION", fileName: "\u0007bell.pdf" }],
    });

    expect(lines).toContain("????? ? Lab");
    expect(lines).toContain("Line one Line two");
    expectAnswers(lines, [["Payload name", "Not answered"], ["Technical description", "bell.pdf"]]);
    expect(text).not.toMatch(/[\u0000-\u001f\u202e\ud800]/);
  });

  it("lists files no question of the form asks for after the answers, and only the files when the call has no form here", async () => {
    const stray = { kind: "BUDGET", fileName: "budget.pdf" };
    const { lines } = await receipt({ ...base, attachments: [...base.attachments, stray] });
    expect(lines.slice(lines.lastIndexOf("Attachments"), lines.lastIndexOf("Attachments") + 2)).toEqual(["Attachments", "• budget.pdf"]);
    expect(lines.filter((line) => line.includes("technical-description.pdf"))).toHaveLength(1);

    const bare = await receipt({ ...base, form: null });
    expect(bare.lines).toContain("Attachments");
    expect(bare.lines).toContain("• technical-description.pdf");
    expect(bare.lines).not.toContain("Lead institution name");
  });

  it("wraps long answers and runs onto further pages, each with its number, rather than off the page", async () => {
    const institution = "International Consortium for Planetary Surface Exploration and In-Situ Resource Utilisation ".repeat(4).trim().slice(0, 200);
    const statusUrl = `https://portal.test/en/applications/status?token=${"a".repeat(300)}`;
    const { reading, lines } = await receipt({
      ...base,
      answers: answers({ institutionName: institution }),
      statusUrl,
      attachments: Array.from({ length: 60 }, (_, i) => ({ kind: "LETTER_OF_SUPPORT", fileName: `letter-of-support-${i + 1}.pdf` })),
    });

    const total = reading.pages.length;
    expect(total).toBeGreaterThanOrEqual(3);
    reading.pages.forEach((page, i) => expect(page.lines.at(-1)).toBe(`TW3-2026-000123 · Page ${i + 1} of ${total}`));
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
    const long = { ...base, attachments: Array.from({ length: 1000 }, (_, i) => ({ kind: "LETTER_OF_SUPPORT", fileName: `letter-of-support-${i + 1}.pdf` })) };
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
