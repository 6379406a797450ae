export function inflateWithin(data: Uint8Array, maxBytes: number): Uint8Array;
export function pdfProblem(bytes: Uint8Array): "fileNotPdf" | "fileMixedFormat" | "fileActiveContent" | "filePdfUnreadable" | null;
