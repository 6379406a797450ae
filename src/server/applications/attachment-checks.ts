import "server-only";
import { inflateSync } from "node:zlib";
import { activePdfNames, byteString, declaredTypeProblem, fileNameProblem, pdfFormatProblem, pdfNames, type FileProblem } from "@/lib/files";
import { MAX_ATTACHMENT_BYTES } from "@/lib/validation/application";

// Everything an upload must pass before a byte of it is stored, in the order an applicant can best act on.

// Object streams are compressed; a file whose streams inflate past this is refused rather than read on.
const MAX_INFLATED_BYTES = 64 * 1024 * 1024;
const STREAM_START = /\bstream\r?\n/g;

/**
 * The PDF's text outside stream data (compressed bytes would match names by chance), and the decoded contents of
 * its object streams (PDF 1.5+ keeps dictionaries there, compressed, where a byte scan cannot see them); null when
 * an object stream cannot be decoded and so cannot be checked.
 */
function pdfParts(text: string, bytes: Uint8Array): { outside: string; objectStreams: string[] } | null {
  const outside: string[] = [];
  const objectStreams: string[] = [];
  let budget = MAX_INFLATED_BYTES;
  let position = 0;
  for (const match of text.matchAll(STREAM_START)) {
    if (match.index < position) continue;
    const dataStart = match.index + match[0].length;
    const end = text.indexOf("endstream", dataStart);
    if (end < 0) return null;
    const headerStart = Math.max(text.lastIndexOf(" obj", match.index), position);
    const names = pdfNames(text.slice(headerStart, match.index));
    outside.push(text.slice(position, dataStart));
    position = end;
    if (!names.includes("ObjStm")) continue;
    const data = bytes.subarray(dataStart, end);
    const filters = names.filter((n) => n.endsWith("Decode"));
    if (filters.length === 0) {
      objectStreams.push(byteString(data));
      continue;
    }
    // Flate without a predictor is what writers use for object streams; anything else we cannot vouch for.
    if (filters.length > 1 || filters[0] !== "FlateDecode" || names.includes("Predictor")) return null;
    try {
      const inflated = inflateSync(data, { maxOutputLength: budget });
      budget -= inflated.byteLength;
      objectStreams.push(byteString(inflated));
    } catch {
      return null;
    }
  }
  outside.push(text.slice(position));
  return { outside: outside.join(""), objectStreams };
}

/** Why this upload is refused, as an `Errors` message key, or null when it may be stored. */
export function checkAttachment(file: { bytes: Uint8Array; name: string; type: string }): FileProblem | null {
  const { bytes } = file;
  if (bytes.byteLength === 0) return "fileEmpty";
  if (bytes.byteLength > MAX_ATTACHMENT_BYTES) return "fileTooLarge";
  const nameProblem = fileNameProblem(file.name);
  if (nameProblem) return nameProblem;
  const typeProblem = declaredTypeProblem(file.type);
  if (typeProblem) return typeProblem;
  const formatProblem = pdfFormatProblem(bytes);
  if (formatProblem) return formatProblem;
  const parts = pdfParts(byteString(bytes), bytes);
  if (!parts) return "filePdfUnreadable";
  if ([parts.outside, ...parts.objectStreams].some((t) => activePdfNames(t).length > 0)) return "fileActiveContent";
  return null;
}
