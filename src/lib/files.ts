// Checks and names for uploaded files; pure, so the browser form and the server share them.

const PDF_HEADER = [0x25, 0x50, 0x44, 0x46, 0x2d]; // "%PDF-"
const PDF_TRAILER = [0x25, 0x25, 0x45, 0x4f, 0x46]; // "%%EOF"
// Readers accept junk after the last %%EOF; the specification's limit for where it may sit is the last 1024 bytes.
const TRAILER_WINDOW = 1024;

function indexOfBytes(haystack: Uint8Array, needle: number[], from: number): number {
  outer: for (let i = Math.max(0, from); i <= haystack.length - needle.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

/** Whether the bytes are a PDF by their content: a "%PDF-n" header and a "%%EOF" marker near the end. The name is not trusted. */
export function isPdf(bytes: Uint8Array): boolean {
  if (bytes.length < PDF_HEADER.length + 1 + PDF_TRAILER.length) return false;
  if (!PDF_HEADER.every((b, i) => bytes[i] === b)) return false;
  const version = bytes[PDF_HEADER.length]!;
  if (version < 0x30 || version > 0x39) return false;
  return indexOfBytes(bytes, PDF_TRAILER, bytes.length - TRAILER_WINDOW) !== -1;
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
