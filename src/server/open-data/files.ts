import "server-only";
import { createHash, sign } from "node:crypto";
import { DATA_FORMATS, DATASETS, dataFileName, type DataFileRef, type DataFormat, type DatasetName } from "@/lib/validation/open-data";
import { latest } from "@/lib/dates";
import { toCsv, type CsvColumn } from "../exports/csv";
import { DATASET_DEFINITIONS } from "./datasets";
import { getSigningKey } from "./signing-key";

// A download's bytes, and the digest and signature computed from those very bytes.

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

export async function datasetRows(dataset: DatasetName): Promise<unknown[]> {
  return DATASET_DEFINITIONS[dataset].rows();
}

export async function datasetBytes(dataset: DatasetName, format: DataFormat): Promise<Buffer> {
  const definition = DATASET_DEFINITIONS[dataset] as { rows: () => Promise<unknown[]>; columns: CsvColumn<unknown>[] };
  return serialiseDataset(format, await definition.rows(), definition.columns);
}

export interface ServedFile {
  name: string;
  body: Buffer;
  contentType: string;
}

/** A file under /data/: the dataset itself, its digest line or its signature. */
export async function dataFile(ref: DataFileRef): Promise<ServedFile> {
  const data = await datasetBytes(ref.dataset, ref.format);
  const name = dataFileName(ref);
  const dataName = dataFileName({ ...ref, kind: "data" });
  if (ref.kind === "sha256") return { name, body: Buffer.from(digestLine(data, dataName), "utf8"), contentType: "text/plain; charset=utf-8" };
  if (ref.kind === "sig") return { name, body: signBytes(data), contentType: "application/octet-stream" };
  return { name, body: data, contentType: CONTENT_TYPES[ref.format] };
}

export interface DatasetListing {
  dataset: DatasetName;
  records: number;
  /** Latest change among its rows, when its rows carry one. */
  updatedAt: string | null;
  files: { format: DataFormat; name: string; bytes: number; sha256: string }[];
}

/** What the open-data page lists: every dataset with its record count and each file's size and digest. */
export async function listDatasets(): Promise<DatasetListing[]> {
  return Promise.all(
    DATASETS.map(async (dataset) => {
      const definition = DATASET_DEFINITIONS[dataset] as { rows: () => Promise<unknown[]>; columns: CsvColumn<unknown>[] };
      const rows = await definition.rows();
      const stamps = rows.flatMap((row) => {
        const updatedAt = (row as { updatedAt?: unknown }).updatedAt;
        return typeof updatedAt === "string" ? [updatedAt] : [];
      });
      return {
        dataset,
        records: rows.length,
        updatedAt: stamps.length ? latest(...stamps) : null,
        files: DATA_FORMATS.map((format) => {
          const body = serialiseDataset(format, rows, definition.columns);
          return { format, name: dataFileName({ dataset, format, kind: "data" }), bytes: body.length, sha256: sha256Hex(body) };
        }),
      };
    }),
  );
}
