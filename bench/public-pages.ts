// Measures the public pages, every read of the public JSON API and a repeated search of a running production
// server against a static page of the same server, and the gzipped first-load JS of each page. Started by
// scripts/bench.sh (`npm run bench`). Prints its figures and writes bench-results/public-pages.json, whose `targets`
// holds one row per target checked ({ target, figure, holds }); it never fails on the figures.
// BENCH_PATHS=/api/,/en/search measures only the addresses containing one of those strings.
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";

// autocannon ships no types and the project has no @types/autocannon: declare the part used here.
interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; max: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodeStats: Record<string, { count: number }>;
}
interface AutocannonOptions {
  url: string;
  connections: number;
  duration: number;
  headers?: Record<string, string>;
}
type Autocannon = (
  options: AutocannonOptions,
  done: (error: Error | null, result: AutocannonResult) => void,
) => { stop: () => void };
const autocannon = createRequire(import.meta.url)("autocannon") as Autocannon;

const BASE_URL = (process.env.BENCH_BASE_URL ?? "http://127.0.0.1:3300").replace(/\/$/, "");
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const WARMUP_S = Number(process.env.BENCH_WARMUP_S ?? 2);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const OUTPUT = process.env.BENCH_OUTPUT ?? "bench-results/public-pages.json";
const PATH_FILTER = process.env.BENCH_PATHS ? process.env.BENCH_PATHS.split(",").filter(Boolean) : null;

const BASELINE = "/bench/baseline.html";
const MIN_RATIO = 0.75;
const MAX_P99_MS = 50;
const FETCH_TIMEOUT_MS = 15_000;

type Target = { path: string; kind: "page" | "api" };
const TARGETS: Target[] = [
  ...[
    "/en",
    "/zh",
    "/en/opportunities/chang-e-5-sample-loans",
    "/zh/opportunities/chang-e-5-sample-loans",
    "/en/opportunities/chang-e-8-cooperation-projects",
    "/en/opportunities/tianwen-3-payload-offer",
    "/zh/opportunities/tianwen-3-payload-offer",
    "/en/missions/chang-e-8",
    "/en/institutions/university-of-cologne",
    "/en/countries/hk",
    "/en/opportunities/chang-e-8-cooperation-projects/pakistani-lunar-rover",
    // Calls built from their records and forms: the index and the practice call's page.
    "/en/calls",
    "/zh/calls",
    "/en/calls/practice-call",
    "/zh/calls/practice-call",
    // One query repeated: answered from the cache, never searched again.
    "/en/search?q=Pakistan",
  ].map((p): Target => ({ path: p, kind: "page" })),
  // Every list of the public API and an item of each kind it has, and both OpenAPI documents.
  ...[
    "/api/v1/missions",
    "/api/v1/missions/chang-e-8",
    "/api/v1/opportunities",
    "/api/v1/opportunities/chang-e-5-sample-loans",
    "/api/v1/calls",
    "/api/v1/calls/practice-call",
    "/api/v1/calls/practice-call/openapi.json",
    "/api/v1/institutions",
    "/api/v1/institutions?country=DE&pageSize=5",
    "/api/v1/projects",
    "/api/v1/openapi.json",
  ].map((p): Target => ({ path: p, kind: "api" })),
].filter((target) => !PATH_FILTER || PATH_FILTER.some((part) => target.path.includes(part)));

interface Run {
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

interface Probe {
  status: number;
  cacheFirst: string | null;
  cacheSecond: string | null;
  /** The server's own page cache (runtime/page-cache.mjs) on the second request: HIT, or null when it passed. */
  serverCacheSecond: string | null;
  cacheControl: string | null;
}

/** One target checked, as summaries read it. */
interface TargetRow {
  target: string;
  figure: string;
  holds: boolean;
}

interface TargetResult {
  path: string;
  kind: Target["kind"];
  probe: Probe;
  notes: string[];
  run?: Run;
  baselineReqPerSec?: number;
  /** The static page's p99 in the runs either side: what the machine allowed at the time. */
  baselineP99Ms?: number;
  ratio?: number;
  pass?: boolean;
  failedOn?: string[];
  firstLoadJs?: { scripts: number; gzipBytes: number; kB: number };
}

function measure(urlPath: string, seconds: number): Promise<Run> {
  return new Promise((resolve, reject) => {
    // Plain requests, no Accept-Encoding: this measures rendering and caching, not gzip.
    const instance = autocannon(
      { url: BASE_URL + urlPath, connections: CONNECTIONS, duration: seconds },
      (error, result) => {
        clearTimeout(guard);
        if (error) return reject(error);
        resolve({
          reqPerSec: result.requests.average,
          p50Ms: result.latency.p50,
          p99Ms: result.latency.p99,
          non2xx: result.non2xx,
          errors: result.errors,
          timeouts: result.timeouts,
        });
      },
    );
    // autocannon stops by its duration; this bounds the run should the server stall.
    const guard = setTimeout(() => instance.stop(), (seconds + 30) * 1000);
  });
}

async function get(urlPath: string): Promise<Response> {
  return fetch(BASE_URL + urlPath, { redirect: "manual", signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
}

async function probe(urlPath: string): Promise<Probe> {
  const first = await get(urlPath);
  await first.arrayBuffer();
  const second = await get(urlPath);
  await second.arrayBuffer();
  return {
    status: second.status,
    cacheFirst: first.headers.get("x-nextjs-cache"),
    cacheSecond: second.headers.get("x-nextjs-cache"),
    serverCacheSecond: second.headers.get("x-portal-cache"),
    cacheControl: second.headers.get("cache-control"),
  };
}

const scriptSizes = new Map<string, number>();

/** Sums the gzipped size of the /_next/static scripts a page's HTML loads (nomodule polyfills excluded). */
async function firstLoadJs(urlPath: string) {
  const html = await (await get(urlPath)).text();
  const sources = new Set<string>();
  for (const tag of html.matchAll(/<script\b[^>]*>/gi)) {
    const src = /\ssrc="(\/_next\/static\/[^"]+)"/i.exec(tag[0])?.[1];
    if (src && !/\snomodule\b/i.test(tag[0])) sources.add(src.replaceAll("&amp;", "&"));
  }
  let gzipBytes = 0;
  for (const src of sources) {
    let size = scriptSizes.get(src);
    if (size === undefined) {
      const response = await get(src);
      if (!response.ok) throw new Error(`${src} answered ${response.status}`);
      size = gzipSync(Buffer.from(await response.arrayBuffer())).length;
      scriptSizes.set(src, size);
    }
    gzipBytes += size;
  }
  const kB = gzipBytes / 1000;
  return { scripts: sources.size, gzipBytes, kB };
}

function cacheNote(result: TargetResult): string | undefined {
  const { cacheSecond, serverCacheSecond } = result.probe;
  if (cacheSecond === "HIT" || serverCacheSecond === "HIT") return undefined;
  if (cacheSecond === null) {
    return result.kind === "page"
      ? "not served from cache: no x-nextjs-cache header on a second request (rendered per request)"
      : "neither x-portal-cache nor x-nextjs-cache HIT on a second request: the handler runs on every request";
  }
  return `not served from cache: x-nextjs-cache ${cacheSecond} on a second request`;
}

function currentCommit(): string | null {
  try {
    return execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return null;
  }
}

const fixed = (n: number | undefined, digits = 0) => (n === undefined ? "-" : n.toFixed(digits));

function printTable(headers: string[], rows: string[][], rightAligned: number[]) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (rightAligned.includes(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd();
  console.log(line(headers));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const row of rows) console.log(line(row));
}

async function main() {
  const startedAt = new Date();
  const loadBefore = os.loadavg();
  console.log(
    `Benchmarking ${BASE_URL}: ${CONNECTIONS} connections, ${WARMUP_S} s warm-up + ${DURATION_S} s per target, ` +
      `baseline ${BASELINE} before and after each target.`,
  );

  const baselineProbe = await probe(BASELINE);
  if (baselineProbe.status !== 200) {
    console.error(`The baseline ${BASELINE} answered ${baselineProbe.status}; nothing to compare against.`);
    process.exit(1);
  }

  const results: TargetResult[] = [];
  const skipped: { path: string; note: string }[] = [];
  for (const target of TARGETS) {
    const result: TargetResult = { ...target, probe: await probe(target.path), notes: [] };
    if (result.probe.status === 404) {
      skipped.push({ path: target.path, note: "answered 404 at start: skipped" });
      continue;
    }
    if (result.probe.status < 200 || result.probe.status >= 300) {
      result.notes.push(`answered ${result.probe.status} at start`);
    }
    const note = cacheNote(result);
    if (note) result.notes.push(note);
    if (target.kind === "page" && result.probe.status === 200) {
      try {
        result.firstLoadJs = await firstLoadJs(target.path);
      } catch (error) {
        result.notes.push(`first-load JS not measured: ${(error as Error).message}`);
      }
    }
    results.push(result);
  }

  // Interleaved (B P1 B P2 ... B): each target is compared with the mean of the baselines on either
  // side, because the machine is shared and its speed drifts during the run.
  await measure(BASELINE, WARMUP_S);
  const baselines: Run[] = [await measure(BASELINE, DURATION_S)];
  for (const [index, result] of results.entries()) {
    process.stdout.write(`  [${index + 1}/${results.length}] ${result.path} ... `);
    await measure(result.path, WARMUP_S);
    result.run = await measure(result.path, DURATION_S);
    const after = await measure(BASELINE, DURATION_S);
    const before = baselines.at(-1)!;
    baselines.push(after);
    result.baselineReqPerSec = (before.reqPerSec + after.reqPerSec) / 2;
    result.baselineP99Ms = (before.p99Ms + after.p99Ms) / 2;
    result.ratio = result.run.reqPerSec / result.baselineReqPerSec;
    result.failedOn = [
      ...(result.ratio < MIN_RATIO ? ["ratio"] : []),
      ...(result.run.p99Ms > MAX_P99_MS ? ["p99"] : []),
      // A page that answers errors quickly must not pass.
      ...(result.run.non2xx + result.run.errors + result.run.timeouts > 0 ? ["errors"] : []),
    ];
    result.pass = result.failedOn.length === 0;
    if (result.run.errors + result.run.timeouts > 0) {
      result.notes.push(`${result.run.errors} connection errors, ${result.run.timeouts} timeouts`);
    }
    console.log(`${fixed(result.run.reqPerSec)} req/s`);
  }
  const baselineErrors = baselines.reduce((n, b) => n + b.non2xx + b.errors + b.timeouts, 0);

  console.log(
    `\nThroughput and latency (targets: ratio >= ${MIN_RATIO} of the baseline, p99 <= ${MAX_P99_MS} ms, no errors)\n`,
  );
  printTable(
    ["target", "req/s", "p50 ms", "p99 ms", "non-2xx", "baseline req/s", "ratio", "result"],
    results.map((r) => [
      r.path,
      fixed(r.run?.reqPerSec),
      fixed(r.run?.p50Ms),
      fixed(r.run?.p99Ms),
      String(r.run?.non2xx ?? "-"),
      fixed(r.baselineReqPerSec),
      fixed(r.ratio, 2),
      r.pass ? "PASS" : `FAIL (${r.failedOn?.join(", ")})`,
    ]),
    [1, 2, 3, 4, 5, 6],
  );
  console.log(
    `\nBaseline ${BASELINE}: ${baselines.map((b) => fixed(b.reqPerSec)).join(", ")} req/s across the run` +
      (baselineErrors ? `; ${baselineErrors} baseline requests failed` : ""),
  );

  const pages = results.filter((r) => r.firstLoadJs);
  // The target is relative, against a hello-world page of the same build: bench/weight.ts.
  console.log(`\nFirst-load JS, gzip (default level), 1 kB = 1000 bytes; bench/weight.ts weighs it against a hello-world page\n`);
  printTable(
    ["route", "scripts", "kB gzip"],
    pages.map((r) => [r.path, String(r.firstLoadJs!.scripts), fixed(r.firstLoadJs!.kB, 1)]),
    [1, 2],
  );

  const notes = [
    ...skipped.map((s) => `${s.path}: ${s.note}`),
    ...results.flatMap((r) => r.notes.map((n) => `${r.path}: ${n}`)),
  ];
  if (notes.length) console.log(`\nNotes\n${notes.map((n) => `  - ${n}`).join("\n")}`);

  const rows: TargetRow[] = results.flatMap((r): TargetRow[] => {
    if (!r.run) return [];
    const failed = r.run.non2xx + r.run.errors + r.run.timeouts;
    return [
      {
        target: `${r.path}: req/s >= ${MIN_RATIO} of the static baseline in the same run, every answer 2xx`,
        figure: `ratio ${fixed(r.ratio, 2)} (${fixed(r.run.reqPerSec)} / ${fixed(r.baselineReqPerSec)} req/s)${failed ? `; ${failed} failed answers` : ""}`,
        holds: !r.failedOn?.includes("ratio") && !r.failedOn?.includes("errors"),
      },
      { target: `${r.path}: p99 <= ${MAX_P99_MS} ms at ${CONNECTIONS} connections`, figure: `p99 ${fixed(r.run.p99Ms)} ms (static baseline beside it: ${fixed(r.baselineP99Ms)} ms)`, holds: !r.failedOn?.includes("p99") },
    ];
  });
  for (const s of skipped) rows.push({ target: `${s.path}: measured`, figure: s.note, holds: false });

  const failing = results.filter((r) => !r.pass).map((r) => `${r.path} (${r.failedOn?.join(", ")})`);
  console.log(
    `\nSummary: ${results.length - failing.length}/${results.length} targets pass; ` +
      `failing: ${failing.length ? failing.join("; ") : "none"}.`,
  );

  mkdirSync(path.dirname(OUTPUT), { recursive: true });
  const report = {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    commit: currentCommit(),
    baseUrl: BASE_URL,
    settings: { connections: CONNECTIONS, durationS: DURATION_S, warmupS: WARMUP_S, baseline: BASELINE },
    thresholds: { minRatio: MIN_RATIO, maxP99Ms: MAX_P99_MS, kB: 1000 },
    machine: { cpus: os.cpus().length, loadAverageBefore: loadBefore, loadAverageAfter: os.loadavg(), node: process.version },
    baselines,
    targets: rows,
    results,
    skipped,
    failing,
  };
  writeFileSync(OUTPUT, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`Results written to ${OUTPUT}.`);
}

await main();
