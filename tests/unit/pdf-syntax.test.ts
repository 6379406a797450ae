import { readFileSync } from "node:fs";
import path from "node:path";
import { deflateSync } from "node:zlib";
import { PDFDocument, PDFName, PDFString, StandardFonts } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { MAX_INFLATED_BYTES, MAX_NESTING, pdfSyntaxProblem } from "@/lib/pdf-syntax.mjs";
import { inflateWithin, pdfProblem } from "@/server/applications/pdf-check.mjs";

// The PDF check reads a file token by token, as a viewer does: what a viewer would act on is found wherever the
// file puts it, what it cannot read with certainty is refused, and no file, however made, takes it long.

const latin1 = (text: string) => new Uint8Array(Buffer.from(text, "latin1"));
const join = (...parts: (string | Uint8Array)[]) => {
  const bytes = parts.map((p) => (typeof p === "string" ? latin1(p) : p));
  const out = new Uint8Array(bytes.reduce((n, p) => n + p.length, 0));
  bytes.reduce((at, p) => (out.set(p, at), at + p.length), 0);
  return out;
};
const check = (bytes: Uint8Array) => pdfSyntaxProblem(bytes, inflateWithin);

type Part = string | Uint8Array;

/**
 * A PDF written as writers write it: objects 1..n (1 is the catalog), a cross-reference table giving each one's
 * offset, a trailer and startxref. `offsets` may change the table, to point a viewer elsewhere.
 */
function buildPdf(objects: (Part | Part[])[], options: { offsets?: (offsets: number[], file: string) => number[]; header?: string } = {}) {
  const parts: Part[] = [options.header ?? "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"];
  const offsets: number[] = [];
  let length = join(...parts).length;
  objects.forEach((object, i) => {
    offsets.push(length);
    const piece = join(`${i + 1} 0 obj\n`, ...(Array.isArray(object) ? object : [object]), "\nendobj\n");
    parts.push(piece);
    length += piece.length;
  });
  const body = join(...parts);
  const table = options.offsets ? options.offsets(offsets, new TextDecoder("latin1").decode(body)) : offsets;
  const xref = `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${table.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  return join(body, xref, `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${length}\n%%EOF\n`);
}

const CATALOG = "<< /Type /Catalog /Pages 2 0 R >>";
const PAGES = "<< /Type /Pages /Kids [] /Count 0 >>";
/** A catalog whose document runs JavaScript on opening, with `before` and `after` around the action. */
const scriptCatalog = (before: string, after: string) =>
  `<< /Type /Catalog /Pages 2 0 R ${before} /OpenAction << /S /JavaScript /JS (app.alert\\(1\\)) >> ${after} >>`;

/** An object stream holding `objects` (numbered from 10), compressed unless `filter` says otherwise. */
function objectStream(objects: string[], dictionary = "/Type /ObjStm", filter: "flate" | "none" = "flate") {
  let header = "";
  let body = "";
  objects.forEach((object, i) => {
    header += `${10 + i} ${body.length} `;
    body += `${object}\n`;
  });
  const content = latin1(header + body);
  const data = filter === "flate" ? deflateSync(content) : content;
  const filterEntry = filter === "flate" ? "/Filter /FlateDecode" : "";
  return [`<< ${dictionary} /N ${objects.length} /First ${header.length} /Length ${data.length} ${filterEntry} >>\nstream\n`, data, "\nendstream"];
}

/** A document written by pdf-lib: text in a standard font, a link, metadata, with or without object streams. */
async function pdfLibDocument(useObjectStreams: boolean, pages = 3) {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  doc.setTitle("Technical description (draft) \\ v2");
  for (let i = 0; i < pages; i++) doc.addPage([300, 300]).drawText(`Page ${i + 1}: stream endstream obj (unbalanced`, { x: 10, y: 150, size: 10, font });
  const link = doc.context.obj({ Type: "Annot", Subtype: "Link", Rect: [0, 0, 50, 50], A: { S: "URI", URI: PDFString.of("https://example.org/") } });
  doc.getPage(0).node.set(PDFName.of("Annots"), doc.context.obj([doc.context.register(link)]));
  return doc.save({ useObjectStreams });
}

describe("real PDFs are read through and accepted", () => {
  it("the fixture the browser tests upload", () => {
    expect(check(new Uint8Array(readFileSync(path.join(import.meta.dirname, "../fixtures/technical-description.pdf"))))).toBeNull();
  });

  it("documents written by pdf-lib, with and without compressed object streams", async () => {
    expect(check(await pdfLibDocument(true))).toBeNull();
    expect(check(await pdfLibDocument(false))).toBeNull();
    expect(check(await pdfLibDocument(true, 400)), "many object streams").toBeNull();
  });

  it("a hand-written file with comments, CRLF line ends, escaped and nested strings, hex strings, and an indirect length", () => {
    const pdf = buildPdf([
      "<< /Type /Catalog /Pages 2 0 R /Title (Nested (and \\) escaped\\\\) parens) /ID [<0A1b 2C> <>] >> % a comment\r\n",
      PAGES,
      ["<< /Length 4 0 R >>\r\nstream\r\n", "BT /F1 12 Tf (a stream) Tj ET", "\r\nendstream"],
      "29",
    ]);
    expect(check(pdf)).toBeNull();
  });

  it("a cross-reference stream with PNG prediction, as pdfTeX and Acrobat write them", () => {
    const head = "%PDF-1.7\n";
    const objects = [`1 0 obj\n${CATALOG}\nendobj\n`, `2 0 obj\n${PAGES}\nendobj\n`];
    const offsets = [head.length, head.length + objects[0]!.length];
    const xrefAt = offsets[1]! + objects[1]!.length;
    // Rows of (type, offset:2 bytes, generation), each after a PNG "Up" filter byte.
    const rows = [[0, 0, 0, 255], [1, offsets[0]! >> 8, offsets[0]! & 255, 0], [1, offsets[1]! >> 8, offsets[1]! & 255, 0], [1, xrefAt >> 8, xrefAt & 255, 0]];
    const predicted = rows.flatMap((row, r) => [2, ...row.map((b, i) => (b - (r > 0 ? rows[r - 1]![i]! : 0)) & 255)]);
    const data = deflateSync(Uint8Array.from(predicted));
    const xref = [
      `3 0 obj\n<< /Type /XRef /Size 4 /W [1 2 1] /Root 1 0 R /Filter /FlateDecode /DecodeParms << /Columns 4 /Predictor 12 >> /Length ${data.length} >>\nstream\n`,
      data,
      `\nendstream\nendobj\nstartxref\n${xrefAt}\n%%EOF\n`,
    ];
    expect(check(join(head, ...objects, ...xref))).toBeNull();
  });
});

describe("active content is found wherever the file hides it", () => {
  it.each([
    ["between 'stream' and 'endstream' written in strings", scriptCatalog("/Title (a stream\n)", "/Subject (endstream)")],
    ["between 'stream' and 'endstream' written in comments", `%stream\n${scriptCatalog("", "")}\n% endstream\n`],
    ["after a string holding 'endstream'", scriptCatalog("/Subject (endstream) /Keywords (\\) stream\n)", "")],
    ["after a string ending in an escaped backslash", scriptCatalog("/Title (stream\n\\\\)", "/X (endstream)")],
  ])("JavaScript %s", (_name, catalog) => {
    expect(check(buildPdf([catalog, PAGES]))).toBe("fileActiveContent");
  });

  it.each([
    ["/J#61vaScript", "<< /S /J#61vaScript /J#53 (x) >>"],
    ["/#4A#53", "<< /S /URI /#4A#53 (x) >>"],
    ["/L#61#75#6E#63#68", "<< /S /L#61#75#6E#63#68 /F (cmd.exe) >>"],
    ["/EmbeddedFil#65s", "<< /EmbeddedFil#65s 4 0 R >>"],
  ])("a name spelt with #xx escapes: %s", (_name, action) => {
    expect(check(buildPdf(["<< /Type /Catalog /Pages 2 0 R /OpenAction 3 0 R >>", PAGES, action]))).toBe("fileActiveContent");
  });

  it.each([
    ["a compressed object stream", objectStream(["<< /S /JavaScript /JS (x) >>"])],
    ["an uncompressed object stream", objectStream(["<< /S /JavaScript /JS (x) >>"], "/Type /ObjStm", "none")],
    ["an object stream that does not say its /Type", objectStream(["<< /S /Launch /F (cmd.exe) >>"], "")],
    ["an object stream, escaped", objectStream(["[1 2 (a) <41>]", "<< /S /Java#53cript /JS (x) >>"])],
  ])("names inside %s", (_name, stream) => {
    expect(check(buildPdf([CATALOG, PAGES, stream]))).toBe("fileActiveContent");
  });

  it("the same files without the active names are accepted, so the names are what is refused", () => {
    expect(check(buildPdf([scriptCatalog("/Title (a stream\n)", "/Subject (endstream)").replace("/JavaScript /JS", "/URI /URI"), PAGES]))).toBeNull();
    expect(check(buildPdf([CATALOG, PAGES, objectStream(["<< /S /URI /URI (x) >>"], "")]))).toBeNull();
  });
});

describe("what cannot be read with certainty is refused", () => {
  it.each([
    ["a string left open at the end of the file", buildPdf([CATALOG, PAGES, "(open ( still open"])],
    ["'endstream' where no stream is", buildPdf([CATALOG, PAGES, "<< >>\nendstream"])],
    ["'stream' after something other than a dictionary", buildPdf([CATALOG, PAGES, "[1 2]\nstream\nxx\nendstream"])],
    ["a stream without /Length", buildPdf([CATALOG, PAGES, "<< >>\nstream\nxx\nendstream"])],
    ["a /Length past the data", buildPdf([CATALOG, PAGES, "<< /Length 9 >>\nstream\nxx\nendstream"])],
    ["a /Length short of the data", buildPdf([CATALOG, PAGES, "<< /Length 1 >>\nstream\nxx\nendstream"])],
    ["'endstream' inside the data its /Length covers", buildPdf([CATALOG, PAGES, "<< /Length 14 >>\nstream\nendstream (x)\nendstream"])],
    ["an indirect /Length whose 'endstream' does not start a line", buildPdf([CATALOG, PAGES, "<< /Length 4 0 R >>\nstream\nxxendstream", "2"])],
    ["/Length given twice", buildPdf([CATALOG, PAGES, "<< /Length 2 /Length 3 >>\nstream\nxx\nendstream"])],
    ["a byte where no token can start", buildPdf([CATALOG, PAGES, "<< /A } >>"])],
    ["a word that is no PDF keyword", buildPdf([CATALOG, PAGES, "<< /A javascript >>"])],
    ["a '#' in a name not followed by two hex digits", buildPdf([CATALOG, PAGES, "<< /J#S (x) >>"])],
    ["a dictionary key without its value", buildPdf([CATALOG, PAGES, "<< /A 1 /B >>"])],
    [`nesting deeper than ${MAX_NESTING}`, buildPdf([CATALOG, PAGES, `${"[".repeat(MAX_NESTING + 1)}${"]".repeat(MAX_NESTING + 1)}`])],
    ["an object stream compressed with a predictor", buildPdf([CATALOG, PAGES, objectStream(["<< >>"], "/Type /ObjStm /DecodeParms << /Predictor 12 /Columns 4 >>")])],
    ["an object stream that does not inflate", buildPdf([CATALOG, PAGES, ["<< /Type /ObjStm /N 1 /First 4 /Length 9 /Filter /FlateDecode >>\nstream\n", "not zlib!", "\nendstream"]])],
    ["an object stream inflating past the budget", buildPdf([CATALOG, PAGES, objectStream([" ".repeat(MAX_INFLATED_BYTES + 1)])])],
  ])("%s", (_name, pdf) => {
    expect(check(pdf)).toBe("filePdfUnreadable");
  });

  it(`nesting of exactly ${MAX_NESTING} is read`, () => {
    expect(check(buildPdf([CATALOG, PAGES, `${"[".repeat(MAX_NESTING)}${"]".repeat(MAX_NESTING)}`]))).toBeNull();
  });

  // A viewer goes straight to the offsets a cross-reference section gives; one inside a string, a comment or a
  // stream's data would show it an object this reading skipped.
  it("a cross-reference entry pointing inside a string, where an object with JavaScript is written", () => {
    // Written as a viewer reads it, with a comment between the numbers; only the string's boundaries hide it.
    const decoy = "<< /Info (3 %\n0 obj << /S /JavaScript /JS <78> >> endobj) >>";
    const honest = buildPdf([CATALOG.replace(">>", "/OpenAction 3 0 R >>"), PAGES, decoy]);
    expect(check(honest), "the same file, its table pointing at the real object 3").toBeNull();
    const pointed = buildPdf([CATALOG.replace(">>", "/OpenAction 3 0 R >>"), PAGES, decoy], {
      offsets: (offsets, file) => [offsets[0]!, offsets[1]!, file.indexOf("3 %\n0 obj")],
    });
    expect(check(pointed)).toBe("filePdfUnreadable");
  });

  it("an object header written inside a stream's data, where a viewer repairing the file would find it", () => {
    const hidden = "\n4 0 obj << /S /JavaScript /JS (x) >> endobj\n";
    expect(check(buildPdf([CATALOG, PAGES, [`<< /Length ${hidden.length} >>\nstream\n`, hidden, "\nendstream"]]))).toBe("filePdfUnreadable");
    expect(check(buildPdf([CATALOG, PAGES, [`<< /Length ${hidden.length} >>\nstream\n`, hidden.replace("obj", "ob"), "\nendstream"]]))).toBeNull();
  });

  it("an object stream whose table of offsets points inside a string", () => {
    const content = "10 8 (xx << /S /JavaScript >>)";
    const stream = [`<< /Type /ObjStm /N 1 /First 5 /Length ${content.length} >>\nstream\n`, content, "\nendstream"];
    expect(check(buildPdf([CATALOG, PAGES, stream]))).toBe("filePdfUnreadable");
  });
});

// Files made to be slow to read: each is decided in well under a second (timed, with the figures printed).
describe("every file is read in linear time", () => {
  const SIZE = 10 * 1024 * 1024 - 4096;
  /** `head`, then `unit` repeated to fill 10 MB, then `tail` and %%EOF. */
  const fill = (head: string, unit: string, tail = "") => {
    const h = latin1(head);
    const u = latin1(unit);
    const t = latin1(`${tail}\n%%EOF\n`);
    const count = Math.floor((SIZE - h.length - t.length) / u.length);
    const out = new Uint8Array(h.length + count * u.length + t.length);
    out.set(h);
    for (let i = 0; i < count; i++) out.set(u, h.length + i * u.length);
    out.set(t, h.length + count * u.length);
    return out;
  };
  const bomb = (content: Uint8Array) => {
    const data = deflateSync(content);
    return join(`%PDF-1.7\n1 0 obj <</Type/ObjStm/N 1/First 4/Length ${data.length}/Filter/FlateDecode>> stream\n`, data, "\nendstream endobj\n%%EOF\n");
  };
  // Every entry points at object 1; startxref at the table.
  const xrefTable = (entries: number) =>
    latin1(`%PDF-1.7\n1 0 obj null endobj\nxref\n0 ${entries}\n${"0000000009 00000 n\r\n".repeat(entries)}trailer <</Size 1>>\nstartxref 29\n%%EOF\n`);
  const tinyObjectStream = (() => {
    const data = deflateSync(latin1("3 0 null"));
    return new TextDecoder("latin1").decode(join(`1 0 obj <</Type/ObjStm/N 1/First 4/Length ${data.length}/Filter/FlateDecode>> stream\n`, data, "\nendstream endobj\n"));
  })();

  it.each<[string, () => Uint8Array, string | null]>([
    ["' stream\\nendstream' repeated, as reported", () => fill("%PDF-1.7\n", " stream\nendstream"), "filePdfUnreadable"],
    ["tiny objects", () => fill("%PDF-1.7\n", "1 0 obj null endobj\n"), null],
    [`arrays nested ${MAX_NESTING - 1} deep, over and over`, () => fill("%PDF-1.7\n1 0 obj [", `${"[".repeat(MAX_NESTING - 2)}${"]".repeat(MAX_NESTING - 2)}`, "] endobj"), null],
    ["one array opened 10 million times", () => fill("%PDF-1.7\n1 0 obj ", "["), "filePdfUnreadable"],
    ["nested dictionaries", () => fill("%PDF-1.7\n1 0 obj [", "<</B [<</C 1>>]>> ", "] endobj"), null],
    ["names", () => fill("%PDF-1.7\n1 0 obj [", "/ab", "] endobj"), null],
    ["names with #xx escapes, each nearly active", () => fill("%PDF-1.7\n1 0 obj [", "/J#61v", "] endobj"), null],
    ["one 10 MB name", () => fill("%PDF-1.7\n1 0 obj [/", "a", "] endobj"), null],
    ["nested, escaped strings", () => fill("%PDF-1.7\n1 0 obj [", "((a\\)b)) ", "] endobj"), null],
    ["a string opened 10 million times", () => fill("%PDF-1.7\n1 0 obj (", "("), "filePdfUnreadable"],
    ["comments holding 'obj'", () => fill("%PDF-1.7\n", "% 1 obj\n"), null],
    ["references", () => fill("%PDF-1.7\n1 0 obj [", "1 0 R ", "] endobj"), null],
    ["one 10 MB number", () => fill("%PDF-1.7\n1 0 obj ", "9", " endobj"), null],
    ["streams", () => fill("%PDF-1.7\n", "1 0 obj <</Length 1>> stream\nx\nendstream endobj\n"), null],
    ["streams with indirect lengths", () => fill("%PDF-1.7\n", "1 0 obj <</Length 2 0 R>> stream\nx\nendstream endobj\n"), null],
    ["an enormous /Length", () => fill("%PDF-1.7\n1 0 obj <</Length 999999999999>> stream\n", "x", "\nendstream endobj"), "filePdfUnreadable"],
    ["a string of 'obj' after digits", () => fill("%PDF-1.7\n1 0 obj (", "x1 obj ", ") endobj"), null],
    ["a cross-reference table of half a million entries", () => xrefTable(520_000), null],
    ["tiny object streams", () => fill("%PDF-1.7\n", tinyObjectStream), "filePdfUnreadable"],
    ["a flate bomb", () => bomb(join("3 0 ", new Uint8Array(4 * MAX_INFLATED_BYTES).fill(0x20))), "filePdfUnreadable"],
    ["a flate bomb under the budget, of brackets", () => bomb(latin1(`3 0 [${"[]".repeat(MAX_INFLATED_BYTES / 2 - 16)}]`)), null],
    ["a flate bomb under the budget, of names", () => bomb(latin1(`3 0 [${"/a".repeat(MAX_INFLATED_BYTES / 2 - 16)}]`)), null],
  ])("%s", (name, make, expected) => {
    const bytes = make();
    const started = performance.now();
    const problem = pdfProblem(bytes);
    const elapsed = performance.now() - started;
    console.info(`${(bytes.length / 1048576).toFixed(1)} MB, ${name}: ${problem ?? "accepted"} in ${elapsed.toFixed(0)} ms`);
    expect(problem).toBe(expected);
    expect(elapsed).toBeLessThan(1000);
  });
});
