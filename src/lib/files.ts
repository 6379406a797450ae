// Checks and names for uploaded files; pure, so the browser form and the server share them.

/** Why an upload cannot be accepted: each is an `Errors` message key, shown by the form and spelled out by the API. */
export type FileProblem =
  | "fileEmpty"
  | "fileTooLarge"
  | "fileNamePath"
  | "fileNameControl"
  | "fileTypeNotPdf"
  | "fileNotPdf"
  | "fileMixedFormat"
  | "fileActiveContent"
  | "filePdfUnreadable";

// Readers look for the header within the first 1024 bytes and the last %%EOF within the last 1024.
const MARKER_WINDOW = 1024;
// A ZIP reader finds the archive from its end record, at most 22 bytes plus a 65,535-byte comment from the end.
const ZIP_END_WINDOW = 22 + 0xffff;
const ZIP_END_RECORD = "PK\x05\x06";
// What a browser would run or render if it ever read the file as HTML.
const HTML_MARKUP = /<(?:script|html|head|body|iframe|frame|svg|object|embed|img|meta)[\s/>]|<!doctype\s+html/i;
// Whitespace and NUL padding after %%EOF are common and harmless; anything else is another file riding along.
const PADDING = /^[\0\t\n\f\r ]*$/;

/** The bytes as a string of the same length, one character per byte, for searching ASCII markers. */
export const byteString = (bytes: Uint8Array): string => new TextDecoder("latin1").decode(bytes);

/**
 * Whether the bytes are a PDF and nothing else, judged by content (the name is not trusted): "%PDF-n" at the very
 * start, a last "%%EOF" within the last 1024 bytes followed only by padding, and no second format sharing the file
 * (bytes before the header, data after %%EOF, a ZIP end record, HTML markup). Object streams are checked apart.
 */
export function pdfFormatProblem(bytes: Uint8Array): "fileNotPdf" | "fileMixedFormat" | null {
  const text = byteString(bytes);
  const header = text.indexOf("%PDF-");
  if (header > 0 && header < MARKER_WINDOW) return "fileMixedFormat";
  if (header !== 0 || !/^%PDF-\d/.test(text)) return "fileNotPdf";
  const eof = text.lastIndexOf("%%EOF");
  if (eof < 0) return "fileNotPdf";
  if (!PADDING.test(text.slice(eof + 5))) return "fileMixedFormat";
  if (text.length - eof > MARKER_WINDOW) return "fileNotPdf";
  const zipEnd = text.lastIndexOf(ZIP_END_RECORD);
  if (zipEnd >= 0 && zipEnd >= text.length - ZIP_END_WINDOW) return "fileMixedFormat";
  if (HTML_MARKUP.test(text)) return "fileMixedFormat";
  return null;
}

/** Whether the bytes are a PDF and nothing else; see pdfFormatProblem. */
export const isPdf = (bytes: Uint8Array): boolean => pdfFormatProblem(bytes) === null;

// Dictionary keys and action types through which a PDF runs code, starts programs, sends data or carries other files.
const ACTIVE_NAMES = new Set(["JS", "JavaScript", "Launch", "EmbeddedFile", "EmbeddedFiles", "RichMedia", "XFA", "SubmitForm", "ImportData", "GoToE"]);
// A PDF name: a slash, then regular characters; #xx stands for the byte xx, so /J#61vaScript is /JavaScript.
const PDF_NAME = /\/([^\0\t\n\f\r ()<>[\]{}/%]{1,127})/g;
const decodeName = (raw: string) => raw.replace(/#([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));

/** The PDF names in the text (decoded) that make a document act rather than display: scripts, launches, embedded files. */
export function activePdfNames(text: string): string[] {
  const found = new Set<string>();
  for (const match of text.matchAll(PDF_NAME)) {
    const name = decodeName(match[1]!);
    if (ACTIVE_NAMES.has(name)) found.add(name);
  }
  return [...found];
}

/** The names (decoded) that a PDF dictionary's text holds, e.g. the header of a stream. */
export const pdfNames = (text: string): string[] => Array.from(text.matchAll(PDF_NAME), (m) => decodeName(m[1]!));

// Media types a client may declare for a PDF: its own, an old alias, or "no idea" (browsers send "" for unknown extensions).
const PDF_TYPES = new Set(["", "application/pdf", "application/x-pdf", "application/octet-stream"]);

/** Whether the media type the client declared rules the file out as a PDF (e.g. image/png, text/html). */
export function declaredTypeProblem(type: string): "fileTypeNotPdf" | null {
  const essence = type.split(";")[0]!.trim().toLowerCase();
  return PDF_TYPES.has(essence) ? null : "fileTypeNotPdf";
}

// Control characters (C0, DEL, C1) and the invisible marks that reorder text, which can disguise "fdp.exe" as "exe.pdf".
const CONTROL = /[\p{Cc}\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

/** Why a file name is refused: it carries a folder path, or characters that are invisible or reorder what is shown. */
export function fileNameProblem(name: string): "fileNamePath" | "fileNameControl" | null {
  if (/[/\\]/.test(name)) return "fileNamePath";
  if (CONTROL.test(name)) return "fileNameControl";
  return null;
}

const MAX_NAME_LENGTH = 120;
const FALLBACK_NAME = "document.pdf";
// Letters (with their combining marks), digits, space and . - _ ( ); everything else, controls included, is dropped.
const DISALLOWED = /[^\p{L}\p{M}\p{Nd} .\-_()]/gu;

/** Collapses spaces and drops dots and spaces at both ends, which some systems hide or strip. */
const trimPart = (part: string) => part.replace(/\s+/g, " ").replace(/^[\s.]+|[\s.]+$/g, "");

/**
 * A display name for an uploaded file: no path, no control or unusual characters, the extension kept,
 * at most 120 characters. Never used to store the file; newStorageKey() names it.
 */
export function cleanFileName(name: string): string {
  const lastSegment = name.split(/[/\\]/).pop() ?? "";
  const kept = lastSegment.normalize("NFC").replace(DISALLOWED, "");
  const dot = kept.lastIndexOf(".");
  const rawExtension = dot >= 0 ? kept.slice(dot + 1) : "";
  const hasExtension = /^[\p{L}\p{Nd}]{1,10}$/u.test(rawExtension);
  const extension = hasExtension ? `.${rawExtension}` : "";
  let base = trimPart(hasExtension ? kept.slice(0, dot) : kept);
  if (!base) return extension ? `document${extension}` : FALLBACK_NAME;
  // Code points, not UTF-16 units, so a cut never splits a character in two.
  const room = MAX_NAME_LENGTH - extension.length;
  const codePoints = Array.from(base);
  if (codePoints.length > room) base = trimPart(codePoints.slice(0, room).join(""));
  return `${base}${extension}`;
}

/** A random key to store a file under, never derived from anything the client sent. */
export function newStorageKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
