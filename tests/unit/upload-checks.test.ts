import { deflateSync } from "node:zlib";
import { PDFDocument, PDFName, PDFString } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { declaredTypeProblem, fileNameProblem, pdfFormatProblem } from "@/lib/files";
import { MAX_ATTACHMENT_BYTES } from "@/lib/validation/application";
import { checkAttachment } from "@/server/applications/attachment-checks";
import { stageOf } from "@/lib/calls/definition";
import { TIANWEN3_STAGE, tianwen3Definition } from "@/lib/calls/tianwen-3";
import { renderReceiptPdf } from "@/server/receipt";
import { leadAnswers, payloadAnswers } from "../factories/application-answers";

// What an upload must be to be stored: a PDF and nothing else, with no scripts, launches or embedded files,
// under a plain name; each refusal names its own reason.

const ascii = (text: string) => new TextEncoder().encode(text);
const join = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

/** A PDF written by pdf-lib, which keeps its dictionaries in compressed object streams, as most writers now do. */
async function realPdf(edit?: (doc: PDFDocument) => void | Promise<void>, useObjectStreams = true): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.addPage([200, 200]).drawText("Technical description", { x: 20, y: 100, size: 12 });
  await edit?.(doc);
  return doc.save({ useObjectStreams });
}

/** A hand-written PDF whose catalog holds the given extra entries, uncompressed. */
const plainPdf = (catalogExtra = "", objects: string[] = []) =>
  ascii(
    `%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R ${catalogExtra} >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n` +
      objects.map((o, i) => `${i + 3} 0 obj\n${o}\nendobj\n`).join("") +
      "trailer\n<< /Root 1 0 R >>\n%%EOF\n",
  );

/** A PDF whose only object stream holds the given dictionaries, compressed as writers do. */
function objectStreamPdf(dictionaries: string, header = "/Filter /FlateDecode") {
  const data = deflateSync(ascii(`3 0 ${dictionaries}`));
  return join(
    ascii(`%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R /OpenAction 3 0 R >>\nendobj\n5 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Length ${data.length} ${header} >>\nstream\n`),
    data,
    ascii("\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"),
  );
}

const check = (bytes: Uint8Array, name = "proposal.pdf", type = "application/pdf") => checkAttachment({ bytes, name, type });

describe("checkAttachment accepts", () => {
  it("a PDF written with object streams, and the same without them", async () => {
    expect(await check(await realPdf())).toBeNull();
    expect(await check(await realPdf(undefined, false))).toBeNull();
  });

  it("the portal's own receipt, a PDF with embedded fonts and compressed streams", async () => {
    const receipt = await renderReceiptPdf({
      locale: "zh",
      reference: "TW3-2026-000001",
      submittedAt: new Date("2026-11-25T10:00:00Z"),
      call: { en: "Practice call", zh: "练习征集" },
      form: { pages: stageOf(tianwen3Definition, TIANWEN3_STAGE).form.pages, pools: tianwen3Definition.pools },
      answers: { lead: leadAnswers({ institutionName: "Université de Liège", contactName: "王小明" }), payload: payloadAnswers({ carrier: "ORBITER", massKg: 2 }) },
      attachments: [{ kind: "TECHNICAL_DESCRIPTION", fileName: "a.pdf" }],
      statusUrl: "https://portal.test/zh/applications/x",
    });
    expect(await check(receipt)).toBeNull();
  });

  it("a PDF whose compressed streams are random bytes, which must not be read as names or markup", async () => {
    const noise = deflateSync(Uint8Array.from({ length: 3_000_000 }, (_, i) => (i * 2654435761) >>> 24));
    const pdf = join(ascii("%PDF-1.7\n1 0 obj\n<< /Length " + noise.length + " /Filter /FlateDecode >>\nstream\n"), noise, ascii("\nendstream\nendobj\n%%EOF\n"));
    expect(await check(pdf)).toBeNull();
  });

  it("no declared type, or application/octet-stream, as clients send when they do not know", async () => {
    const pdf = await realPdf();
    expect(await check(pdf, "proposal.pdf", "")).toBeNull();
    expect(await check(pdf, "proposal", "application/octet-stream")).toBeNull();
  });

  it("names in any script, with punctuation that is only cleaned for display", async () => {
    const pdf = await realPdf();
    for (const name of ["技术说明 (第2版).pdf", "وصف تقني.pdf", "Описание <v2>.pdf", 'proposal "final".pdf']) expect(await check(pdf, name)).toBeNull();
  });
});

describe("checkAttachment refuses, each with its own reason", () => {
  it("an empty file and one over 10 MB", async () => {
    expect(await check(new Uint8Array(0))).toBe("fileEmpty");
    const big = join(await realPdf(), new Uint8Array(MAX_ATTACHMENT_BYTES));
    expect(await check(big)).toBe("fileTooLarge");
  });

  it("a declared type that is not PDF, whatever the bytes", async () => {
    for (const type of ["text/html", "image/jpeg", "application/zip", "application/javascript", "image/svg+xml"]) {
      expect(await check(await realPdf(), "proposal.pdf", type)).toBe("fileTypeNotPdf");
    }
  });

  it("bytes that are not a PDF, whatever the name and type", async () => {
    expect(await check(ascii("PK\u0003\u0004 a zip renamed .pdf"))).toBe("fileNotPdf");
    expect(await check(ascii("<html><body>hello</body></html>"))).toBe("fileNotPdf");
    expect(await check(ascii("%PDF-1.7\n1 0 obj << >> endobj\n"))).toBe("fileNotPdf");
  });

  it.each([
    ["HTML before the PDF header", () => join(ascii("<html><script>alert(1)</script>"), plainPdf())],
    ["a JPEG whose header comes first", () => join(Uint8Array.of(0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0), plainPdf())],
    ["a ZIP archive appended after %%EOF", () => join(plainPdf(), ascii("PK\u0003\u0004payload"), ascii("PK\u0005\u0006"), new Uint8Array(18))],
    ["HTML appended after %%EOF", () => join(plainPdf(), ascii("<script>alert(document.cookie)</script>\n"))],
    ["a ZIP end record hidden before %%EOF", () => join(ascii("%PDF-1.7\n% "), ascii("PK\u0005\u0006"), new Uint8Array(18).fill(0x20), ascii("\n%%EOF\n"))],
    ["HTML markup inside the PDF", () => plainPdf("", ["<< /Length 40 >>\nstream\n<img src=x onerror=alert(1)>\nendstream"])],
  ])("a polyglot: %s", async (_name, bytes) => {
    expect(await check(bytes())).toBe("fileMixedFormat");
  });

  it.each([
    ["JavaScript run on opening", plainPdf("/OpenAction 3 0 R", ["<< /S /JavaScript /JS (app.alert(1)) >>"])],
    ["a JavaScript name spelt with #xx escapes", plainPdf("/OpenAction 3 0 R", ["<< /S /J#61vaScript /J#53 (app.alert(1)) >>"])],
    ["a Launch action", plainPdf("/OpenAction 3 0 R", ["<< /S /Launch /F (cmd.exe) >>"])],
    ["an embedded file", plainPdf("/Names << /EmbeddedFiles 3 0 R >>", ["<< /Names [(a.exe) 4 0 R] >>"])],
    ["JavaScript hidden in a compressed object stream", objectStreamPdf("<< /S /JavaScript /JS (app.alert(1)) >>")],
  ])("active content: %s", async (_name, bytes) => {
    expect(await check(bytes)).toBe("fileActiveContent");
  });

  it("active content added by a real writer: document JavaScript, an attachment, an action on opening", async () => {
    expect(await check(await realPdf((doc) => doc.addJavaScript("hello", "app.alert('hello')")))).toBe("fileActiveContent");
    expect(await check(await realPdf((doc) => doc.attach(ascii("MZ..."), "tool.exe", { mimeType: "application/octet-stream" })))).toBe("fileActiveContent");
    const openAction = await realPdf((doc) => {
      const action = doc.context.obj({ S: "JavaScript", JS: PDFString.of("app.alert(1)") });
      doc.catalog.set(PDFName.of("OpenAction"), doc.context.register(action));
    });
    expect(await check(openAction)).toBe("fileActiveContent");
  });

  it("an object stream it cannot decode, so cannot check", async () => {
    expect(await check(objectStreamPdf("<< /S /JavaScript /JS (x) >>", "/Filter /LZWDecode"))).toBe("filePdfUnreadable");
    const corrupt = objectStreamPdf("<< >>");
    const at = new TextDecoder("latin1").decode(corrupt).indexOf("stream\n") + 9;
    corrupt.fill(0x41, at, at + 4);
    expect(await check(corrupt)).toBe("filePdfUnreadable");
  });

  it("the file that once held the server for seconds, ' stream\\nendstream' repeated over 800 KB, as unreadable", async () => {
    const pdf = join(ascii("%PDF-1.7\n"), ascii(" stream\nendstream".repeat(48_000)), ascii("\n%%EOF\n"));
    expect(await check(pdf)).toBe("filePdfUnreadable");
  });

  it.each(["../../etc/passwd", "a\\b.pdf", "C:\\x.pdf", "letters/support.pdf"])("a name with a path: %j", async (name) => {
    expect(await check(await realPdf(), name)).toBe("fileNamePath");
  });

  it.each(["pro\u0000posal.pdf", "proposal\r\nX-Injected: 1.pdf", "tab\there.pdf", "invoice\u202Efdp.exe", "a\u2066b\u2069.pdf", "del\u007f.pdf"])(
    "a name with control or text-direction characters: %j",
    async (name) => {
      expect(await check(await realPdf(), name)).toBe("fileNameControl");
    },
  );
});

describe("the pure checks", () => {
  it("pdfFormatProblem tells a non-PDF from a PDF sharing its file", () => {
    expect(pdfFormatProblem(plainPdf())).toBeNull();
    expect(pdfFormatProblem(join(plainPdf(), new Uint8Array(300)))).toBeNull();
    expect(pdfFormatProblem(ascii("GIF89a\n%PDF-1.4\n%%EOF\n"))).toBe("fileMixedFormat");
    expect(pdfFormatProblem(ascii(`${"x".repeat(2000)}%PDF-1.4\n%%EOF\n`))).toBe("fileNotPdf");
  });

  it("declaredTypeProblem reads the media type's essence, in any case, with parameters", () => {
    expect(declaredTypeProblem("Application/PDF; name=x")).toBeNull();
    expect(declaredTypeProblem("text/html; charset=utf-8")).toBe("fileTypeNotPdf");
  });

  it("fileNameProblem leaves ordinary names alone", () => {
    for (const name of ["proposal.pdf", "Łódź opis (v2).PDF", "提案.pdf", "زاي.pdf", "a\u200Db.pdf"]) expect(fileNameProblem(name)).toBeNull();
  });
});
