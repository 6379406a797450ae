import "server-only";
import { createHash, sign } from "node:crypto";
import type { DataFormat } from "@/lib/validation/open-data";
import { toCsv, type CsvColumn } from "../exports/csv";
import { getSigningKey } from "./signing-key";

// A download's exact bytes, and the digest and signature computed from those very bytes.

export const CONTENT_TYPES: Record<DataFormat, string> = {
  csv: "text/csv; charset=utf-8",
  json: "application/json; charset=utf-8",
};

/** The file's exact bytes: JSON pretty-printed with a final newline; CSV via toCsv (BOM, formula guard). */
export function serialiseDataset<Row>(format: DataFormat, rows: Row[], columns: CsvColumn<Row>[]): Buffer {
  const text = format === "json" ? `${JSON.stringify({ data: rows }, null, 2)}\n` : toCsv(columns, rows);
  return Buffer.from(text, "utf8");
}

export const sha256Hex = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/** The line `sha256sum` prints and `sha256sum -c` reads: digest, two spaces, file name. */
export const digestLine = (bytes: Uint8Array, fileName: string) => `${sha256Hex(bytes)}  ${fileName}\n`;

/** The raw 64-byte Ed25519 signature over exactly these bytes. */
export const signBytes = (bytes: Uint8Array) => sign(null, bytes, getSigningKey().privateKey);
