export const ACTIVE_PDF_NAMES: ReadonlySet<string>;
export const MAX_INFLATED_BYTES: number;
export const MAX_NESTING: number;
export function byteString(bytes: Uint8Array): string;
export function pdfFormatProblem(bytes: Uint8Array, text?: string): "fileNotPdf" | "fileMixedFormat" | null;
export function pdfSyntaxProblem(
  bytes: Uint8Array,
  inflate: (data: Uint8Array, maxBytes: number) => Uint8Array,
  text?: string,
): "fileActiveContent" | "filePdfUnreadable" | null;
