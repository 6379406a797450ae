import { describe, expect, it } from "vitest";
import { cleanFileName, isPdf, newStorageKey } from "@/lib/files";

// Uploads are judged by their bytes, named for display only, and stored under keys the client never chose.

const bytes = (text: string) => new TextEncoder().encode(text);

/** The smallest PDF that readers open: one empty page, a cross-reference table and the trailer. */
function minimalPdf(): Uint8Array {
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
  ];
  let body = "%PDF-1.4\n";
  const offsets = objects.map((object, i) => {
    const offset = body.length;
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
    return offset;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  body += offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("");
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return bytes(body);
}

const PNG_HEADER = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52];

describe("isPdf", () => {
  it("accepts a real minimal PDF", () => {
    expect(isPdf(minimalPdf())).toBe(true);
  });

  it("accepts a PDF with bytes after its last %%EOF, within the last 1024", () => {
    const pdf = minimalPdf();
    const padded = new Uint8Array(pdf.length + 500);
    padded.set(pdf);
    expect(isPdf(padded)).toBe(true);
  });

  it("rejects a PNG renamed .pdf", () => {
    const png = new Uint8Array(2048);
    png.set(PNG_HEADER);
    png.set(bytes("%%EOF"), 2000);
    expect(isPdf(png)).toBe(false);
  });

  it("rejects a text file renamed .pdf", () => {
    expect(isPdf(bytes("Dear committee,\nplease find our proposal attached.\n"))).toBe(false);
  });

  it("rejects an empty file", () => {
    expect(isPdf(new Uint8Array(0))).toBe(false);
  });

  it("rejects a file with %PDF only in the middle", () => {
    expect(isPdf(bytes(`GIF89a padding\n${new TextDecoder().decode(minimalPdf())}`))).toBe(false);
  });

  it("rejects a header with no version digit", () => {
    expect(isPdf(bytes("%PDF-x.y\n%%EOF\n"))).toBe(false);
  });

  it("rejects a PDF cut short, with no %%EOF", () => {
    const pdf = minimalPdf();
    expect(isPdf(pdf.subarray(0, pdf.length - 200))).toBe(false);
  });

  it("rejects a PDF whose only %%EOF is more than 1024 bytes before the end", () => {
    const pdf = minimalPdf();
    const padded = new Uint8Array(pdf.length + 2000).fill(0x20);
    padded.set(pdf);
    expect(isPdf(padded)).toBe(false);
  });
});

describe("cleanFileName", () => {
  it("drops a path that climbs out of the directory", () => {
    expect(cleanFileName("../../etc/passwd")).toBe("passwd");
  });

  it("drops Windows and Unix path separators alike", () => {
    expect(cleanFileName("C:\\Users\\ana\\Desktop\\proposal.pdf")).toBe("proposal.pdf");
    expect(cleanFileName("/home/ana/letters/support.pdf")).toBe("support.pdf");
  });

  it("drops control and bidirectional-override characters", () => {
    expect(cleanFileName("pro\u0000pos\nal\t.pdf")).toBe("proposal.pdf");
    // U+202E would display "fdp.exe" backwards as "exe.pdf".
    expect(cleanFileName("invoice\u202Efdp.exe")).toBe("invoicefdp.exe");
  });

  it("drops characters outside letters, digits, space and . - _ ( )", () => {
    expect(cleanFileName('letter <support> "final"; v2 & co.pdf')).toBe("letter support final v2 co.pdf");
  });

  it("keeps letters of any script and the extension", () => {
    expect(cleanFileName("技术说明 (第2版)_final-v1.pdf")).toBe("技术说明 (第2版)_final-v1.pdf");
    expect(cleanFileName("Łódź–Kraków opis.PDF")).toBe("ŁódźKraków opis.PDF");
  });

  it("shortens a long name to 120 characters and keeps its extension", () => {
    const cleaned = cleanFileName(`${"a".repeat(300)}.pdf`);
    expect(cleaned).toHaveLength(120);
    expect(cleaned.endsWith(".pdf")).toBe(true);
  });

  it("never cuts a character in half", () => {
    const cleaned = cleanFileName(`${"𠀋".repeat(200)}.pdf`);
    expect(Array.from(cleaned)).toHaveLength(120);
    expect(cleaned).toBe(`${"𠀋".repeat(116)}.pdf`);
  });

  it("falls back to document.pdf when nothing usable is left", () => {
    expect(cleanFileName("")).toBe("document.pdf");
    expect(cleanFileName("<<>>")).toBe("document.pdf");
    expect(cleanFileName("../..")).toBe("document.pdf");
    expect(cleanFileName(".pdf")).toBe("document.pdf");
  });

  it("drops leading dots, so no name is hidden", () => {
    expect(cleanFileName(".htaccess.pdf")).toBe("htaccess.pdf");
  });
});

describe("newStorageKey", () => {
  it("is random and made only of hex digits", () => {
    const keys = new Set(Array.from({ length: 100 }, () => newStorageKey()));
    expect(keys.size).toBe(100);
    for (const key of keys) expect(key).toMatch(/^[0-9a-f]{32}$/);
  });
});
