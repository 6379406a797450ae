// An upload's PDF checks with Node's zlib, as the check worker runs them (attachment-check.worker.mjs).
import { inflateSync } from "node:zlib";
import { byteString, pdfFormatProblem, pdfSyntaxProblem } from "../../lib/pdf-syntax.mjs";

/** Inflates zlib data, throwing when it is damaged or would pass maxBytes. */
export function inflateWithin(data, maxBytes) {
  // Few large output chunks when a little input may expand far (a flate bomb is decided in milliseconds, not in
  // thousands of small chunks); small ones for the many tiny streams real files have.
  const chunkSize = Math.min(1 << 20, Math.max(16 * 1024, data.length * 16));
  return inflateSync(data, { maxOutputLength: maxBytes, chunkSize });
}

/** Why the bytes are refused as a PDF (see pdfFormatProblem and pdfSyntaxProblem), or null. */
export function pdfProblem(bytes) {
  const text = byteString(bytes);
  return pdfFormatProblem(bytes, text) ?? pdfSyntaxProblem(bytes, inflateWithin, text);
}
