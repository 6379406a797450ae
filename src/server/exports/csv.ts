import "server-only";
import { stringify } from "csv-stringify/sync";

// Spreadsheet programs run a cell that starts with one of these as a formula (OWASP "CSV injection").
const FORMULA_START = /^[=+\-@\t\r]/;

/** A cell as text, with a leading quote before anything a spreadsheet would run as a formula. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  const text = value instanceof Date ? value.toISOString() : typeof value === "object" ? JSON.stringify(value) : String(value);
  return FORMULA_START.test(text) ? `'${text}` : text;
}

export interface CsvColumn<Row> {
  header: string;
  value: (row: Row) => unknown;
}

export function toCsv<Row>(columns: CsvColumn<Row>[], rows: Row[]): string {
  return stringify([columns.map((c) => c.header), ...rows.map((row) => columns.map((c) => csvCell(c.value(row))))], { bom: true });
}

/** A CSV download: UTF-8 with a byte-order mark so that spreadsheet programs read Chinese names correctly. */
export function csvResponse<Row>(fileName: string, columns: CsvColumn<Row>[], rows: Row[]): Response {
  const date = new Date().toISOString().slice(0, 10);
  return new Response(toCsv(columns, rows), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${fileName}-${date}.csv"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
