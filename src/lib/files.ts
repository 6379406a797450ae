// Checks and names for uploaded files; pure, so the browser form and the server share them.
import { pdfFormatProblem } from "./pdf-syntax.mjs";

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
  | "filePdfUnreadable"
  | "fileCheckTimeout"
  | "fileCheckBusy";

export { pdfFormatProblem };

/** The largest file any upload takes; a call's question may take less. */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

/** Whether the bytes are a PDF and nothing else; see pdfFormatProblem. */
export const isPdf = (bytes: Uint8Array): boolean => pdfFormatProblem(bytes) === null;

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
