// One table of every benchmark target: reads the `targets` array ({ target, figure, holds }) of each
// bench-results/*.json and prints target | figure | holds. scripts/bench.sh runs it last; alone:
// `npx tsx bench/summary.ts`. A file without such rows is named, not guessed at. Never fails on the figures.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

const RESULTS_DIR = process.env.BENCH_RESULTS_DIR ?? "bench-results";

interface Row {
  source: string;
  target: string;
  figure: string;
  holds: boolean;
}

function isRow(value: unknown): value is Omit<Row, "source"> {
  if (typeof value !== "object" || value === null) return false;
  const row = value as Record<string, unknown>;
  return typeof row.target === "string" && (typeof row.figure === "string" || typeof row.figure === "number") && typeof row.holds === "boolean";
}

function readRows(): { rows: Row[]; unread: string[] } {
  const rows: Row[] = [];
  const unread: string[] = [];
  let files: string[] = [];
  try {
    files = readdirSync(RESULTS_DIR).filter((f) => f.endsWith(".json")).sort();
  } catch {
    return { rows, unread: [`${RESULTS_DIR}/ (missing)`] };
  }
  for (const file of files) {
    const source = path.basename(file, ".json");
    try {
      const targets = (JSON.parse(readFileSync(path.join(RESULTS_DIR, file), "utf8")) as { targets?: unknown }).targets;
      const valid = Array.isArray(targets) ? targets.filter(isRow) : [];
      if (valid.length === 0) unread.push(`${file} (no targets rows)`);
      else if (valid.length < (targets as unknown[]).length) unread.push(`${file} (${(targets as unknown[]).length - valid.length} malformed rows skipped)`);
      for (const row of valid) rows.push({ source, target: row.target, figure: String(row.figure), holds: row.holds });
    } catch (error) {
      unread.push(`${file} (${error instanceof Error ? error.message : String(error)})`);
    }
  }
  return { rows, unread };
}

const { rows, unread } = readRows();
const headers = ["bench", "target", "figure", "holds"];
const cells = rows.map((r) => [r.source, r.target, r.figure, r.holds ? "yes" : "NO"]);
const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
const line = (c: string[]) => c.map((cell, i) => cell.padEnd(widths[i]!)).join(" | ");
console.log(`\nBenchmark targets (${RESULTS_DIR}/*.json)\n`);
console.log(line(headers));
console.log(widths.map((w) => "-".repeat(w)).join("-|-"));
for (const c of cells) console.log(line(c));
const held = rows.filter((r) => r.holds).length;
console.log(`\n${held}/${rows.length} targets hold.`);
if (unread.length) console.log(`Not in the table: ${unread.join("; ")}`);
