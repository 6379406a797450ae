// Lighthouse (mobile, simulated throttling, median of 3 runs) on the home pages, each opportunity page, the map and
// the first application step (the practice call's, which scripts/bench.sh opens), in English and Chinese, against a
// running production server. Started by scripts/bench.sh (`npm run bench`, or alone `npm run bench:lighthouse`).
// Prints the scores and every budget a page misses with the audits that cost it points, writes
// bench-results/lighthouse.json with a `targets` array, and fails only when it could not measure.
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import * as chromeLauncher from "chrome-launcher";
import lighthouse, { type Result, type RunnerResult } from "lighthouse";
import { PRACTICE_CALL_SLUG } from "../prisma/practice-call";

const BASE_URL = (process.env.BENCH_BASE_URL ?? "http://127.0.0.1:3300").replace(/\/$/, "");
const OUTPUT = process.env.BENCH_OUTPUT ?? "bench-results/lighthouse.json";
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
// Simulated throttling still reads the host's CPU: on a busy machine, the median of a few runs is steadier.
const RUNS = Math.max(1, Number(process.env.LIGHTHOUSE_RUNS ?? 3));
const ONLY = process.env.LIGHTHOUSE_ONLY?.split(",").filter(Boolean);

const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"] as const;
type Category = (typeof CATEGORIES)[number];
const BUDGETS: Record<Category, number> = { performance: 95, accessibility: 100, "best-practices": 100, seo: 100 };
const SHORT: Record<Category, string> = { performance: "perf", accessibility: "a11y", "best-practices": "best", seo: "seo" };

const PAGES = ["en", "zh"].flatMap((locale) => [
  `/${locale}`,
  `/${locale}/opportunities/chang-e-5-sample-loans`,
  `/${locale}/opportunities/chang-e-8-cooperation-projects`,
  `/${locale}/opportunities/tianwen-3-payload-offer`,
  `/${locale}/map`,
  `/${locale}/calls/${PRACTICE_CALL_SLUG}/apply`,
]);

const CHROME_FLAGS = [
  "--headless=new",
  "--no-sandbox",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-gpu",
];

interface AuditCost {
  id: string;
  title: string;
  score: number | null;
  weight: number;
  displayValue?: string;
  explanation?: string;
  items: string[];
}

interface PageResult {
  path: string;
  scores: Record<Category, number | null>;
  metrics: { lcpMs: number | null; tbtMs: number | null; cls: number | null; fcpMs: number | null; siMs: number | null };
  failing: { category: Category; score: number | null; budget: number; audits: AuditCost[] }[];
  runs: number;
  perfScoresOfRuns: (number | null)[];
  benchmarkIndex: number[];
  warnings: string[];
  error?: string;
}

const pct = (score: number | null | undefined) => (score == null ? null : Math.round(score * 100));

// A few words on where each failing audit bites: the element, the resource or the message.
function describeItems(audit: Result["audits"][string]): string[] {
  const details = audit.details as { type?: string; items?: Record<string, unknown>[] } | undefined;
  if (!details?.items || (details.type !== "table" && details.type !== "opportunity")) return [];
  const described = details.items.slice(0, 5).map((item) => {
    const node = item.node as { selector?: string; snippet?: string } | undefined;
    const where = (item.sourceLocation ?? item.source) as { url?: string } | undefined;
    const parts = [
      node?.snippet ? `${node.selector ?? ""} ${node.snippet}` : undefined,
      typeof item.url === "string" ? item.url : where?.url,
      typeof item.description === "string" ? item.description : undefined,
      typeof item.groupLabel === "string" ? `${item.groupLabel} ${Math.round(Number(item.duration))} ms` : undefined,
    ].filter(Boolean);
    return parts.join(" ").replaceAll(BASE_URL, "").slice(0, 240);
  });
  return described.filter(Boolean);
}

// Audits that take points off a category: weighted ones below a full score; for performance also the
// failing insights and diagnostics that name a cause or an estimated saving, since they say why a metric is slow.
function costs(lhr: Result, category: Category): AuditCost[] {
  const refs = lhr.categories[category]?.auditRefs ?? [];
  const out: AuditCost[] = [];
  for (const ref of refs) {
    const audit = lhr.audits[ref.id];
    if (!audit || audit.score === null || audit.scoreDisplayMode === "informative" || audit.scoreDisplayMode === "notApplicable") continue;
    if (audit.score >= (ref.weight > 0 ? 1 : 0.9)) continue;
    const items = describeItems(audit);
    const saves = Object.values(audit.metricSavings ?? {}).some((ms) => (ms ?? 0) > 0);
    if (ref.weight === 0 && (category !== "performance" || (items.length === 0 && !saves))) continue;
    out.push({
      id: ref.id,
      title: audit.title,
      score: audit.score,
      weight: ref.weight,
      displayValue: audit.displayValue,
      explanation: audit.explanation,
      items,
    });
  }
  return out.sort((a, b) => b.weight - a.weight || (a.score ?? 0) - (b.score ?? 0));
}

function summarise(urlPath: string, lhrs: Result[]): PageResult {
  // The run with the median performance score stands for the page.
  const ordered = [...lhrs].sort((a, b) => (a.categories.performance?.score ?? 0) - (b.categories.performance?.score ?? 0));
  const lhr = ordered[Math.floor((ordered.length - 1) / 2)]!;
  const scores = Object.fromEntries(CATEGORIES.map((c) => [c, pct(lhr.categories[c]?.score)])) as Record<Category, number | null>;
  const metric = (id: string) => lhr.audits[id]?.numericValue ?? null;
  const failing = CATEGORIES.filter((c) => scores[c] === null || scores[c]! < BUDGETS[c]).map((c) => ({
    category: c,
    score: scores[c],
    budget: BUDGETS[c],
    audits: costs(lhr, c),
  }));
  return {
    path: urlPath,
    scores,
    metrics: {
      lcpMs: metric("largest-contentful-paint"),
      tbtMs: metric("total-blocking-time"),
      cls: metric("cumulative-layout-shift"),
      fcpMs: metric("first-contentful-paint"),
      siMs: metric("speed-index"),
    },
    failing,
    runs: lhrs.length,
    perfScoresOfRuns: lhrs.map((r) => pct(r.categories.performance?.score)),
    benchmarkIndex: lhrs.map((r) => Math.round(r.environment.benchmarkIndex)),
    warnings: lhr.runWarnings,
  };
}

async function warm(urlPath: string): Promise<void> {
  // The first request renders the page and fills the server's page cache, as a visitor before us would.
  const response = await fetch(BASE_URL + urlPath, { signal: AbortSignal.timeout(60_000) });
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`${urlPath} answered ${response.status}`);
}

// A busy host now and then loses a trace (NO_NAVSTART): main() retries a failed run once.
async function audit(port: number, urlPath: string): Promise<Result> {
  const result: RunnerResult | undefined = await lighthouse(BASE_URL + urlPath, {
    port,
    output: "json",
    logLevel: "error",
    onlyCategories: [...CATEGORIES],
  });
  if (!result) throw new Error("Lighthouse returned no result");
  if (result.lhr.runtimeError) throw new Error(`${result.lhr.runtimeError.code}: ${result.lhr.runtimeError.message}`);
  return result.lhr;
}

function pad(text: string, width: number, right = false): string {
  return right ? text.padStart(width) : text.padEnd(width);
}

function printTable(results: PageResult[]): void {
  const widest = Math.max(...results.map((r) => r.path.length), 4);
  const head = [pad("page", widest), ...CATEGORIES.map((c) => pad(SHORT[c], 5, true)), pad("LCP s", 7, true), pad("TBT ms", 7, true), pad("CLS", 6, true)];
  console.log(head.join("  "));
  for (const r of results) {
    const cell = (c: Category) => {
      const s = r.scores[c];
      return pad(s === null ? "-" : `${s}${s < BUDGETS[c] ? "!" : ""}`, 5, true);
    };
    const { lcpMs, tbtMs, cls } = r.metrics;
    console.log(
      [
        pad(r.path, widest),
        ...CATEGORIES.map(cell),
        pad(lcpMs === null ? "-" : (lcpMs / 1000).toFixed(2), 7, true),
        pad(tbtMs === null ? "-" : String(Math.round(tbtMs)), 7, true),
        pad(cls === null ? "-" : cls.toFixed(3), 6, true),
      ].join("  "),
    );
  }
  console.log(`budgets: ${CATEGORIES.map((c) => `${SHORT[c]} >= ${BUDGETS[c]}`).join(", ")}; "!" marks a miss`);
}

function printFailures(results: PageResult[]): void {
  const misses = results.filter((r) => r.failing.length > 0 || r.error);
  if (misses.length === 0) {
    console.log("\nEvery page meets every budget.");
    return;
  }
  console.log("\nFailing budgets:");
  for (const r of misses) {
    if (r.error) {
      console.log(`\n${r.path}: not measured (${r.error})`);
      continue;
    }
    for (const f of r.failing) {
      console.log(`\n${r.path}  ${f.category} ${f.score ?? "-"} < ${f.budget}`);
      for (const a of f.audits) {
        const weight = a.weight > 0 ? `weight ${a.weight}` : "diagnostic";
        console.log(`  - ${a.id} (${a.title}) score ${a.score}${a.displayValue ? `, ${a.displayValue}` : ""}, ${weight}`);
        if (a.explanation) console.log(`      ${a.explanation}`);
        for (const item of a.items) console.log(`      ${item}`);
      }
    }
  }
}

/** The rows bench/summary.ts prints: performance per page, and the other categories' budgets in one row. */
function targetRows(results: PageResult[]): { target: string; figure: string; holds: boolean }[] {
  const median = RUNS > 1 ? ` (median of ${RUNS})` : "";
  const rows = results.map((r) => {
    const score = r.scores.performance;
    const runs = r.perfScoresOfRuns.length > 1 ? ` (runs ${r.perfScoresOfRuns.map((s) => s ?? "-").join(", ")})` : "";
    return {
      target: `Lighthouse mobile performance ${r.path} >= ${BUDGETS.performance}${median}`,
      figure: r.error ? `not measured: ${r.error}` : `${score ?? "-"}${runs}`,
      holds: !r.error && score !== null && score >= BUDGETS.performance,
    };
  });
  const others = CATEGORIES.filter((c) => c !== "performance");
  const misses = results.flatMap((r) => others.filter((c) => r.error || r.scores[c] === null || r.scores[c]! < BUDGETS[c]).map((c) => `${r.path} ${SHORT[c]} ${r.scores[c] ?? "-"}`));
  rows.push({
    target: `Lighthouse ${others.map((c) => `${SHORT[c]} >= ${BUDGETS[c]}`).join(", ")} on every page`,
    figure: misses.length ? misses.join("; ") : "all met",
    holds: misses.length === 0,
  });
  return rows;
}

async function main(): Promise<void> {
  const pages = ONLY ? PAGES.filter((p) => ONLY.includes(p)) : PAGES;
  console.log(`Lighthouse ${RUNS > 1 ? `(median of ${RUNS} runs) ` : ""}on ${BASE_URL}, ${pages.length} pages, mobile, simulated throttling`);
  const loadBefore = os.loadavg()[0]!;
  const chrome = await chromeLauncher.launch({ chromePath: CHROMIUM, chromeFlags: CHROME_FLAGS, logLevel: "silent" });
  const results: PageResult[] = [];
  try {
    for (const urlPath of pages) {
      const started = Date.now();
      try {
        await warm(urlPath);
        const lhrs: Result[] = [];
        for (let i = 0; i < RUNS; i++) lhrs.push(await audit(chrome.port, urlPath).catch(() => audit(chrome.port, urlPath)));
        results.push(summarise(urlPath, lhrs));
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        results.push({
          path: urlPath,
          scores: { performance: null, accessibility: null, "best-practices": null, seo: null },
          metrics: { lcpMs: null, tbtMs: null, cls: null, fcpMs: null, siMs: null },
          failing: [],
          runs: 0,
          perfScoresOfRuns: [],
          benchmarkIndex: [],
          warnings: [],
          error: message,
        });
      }
      console.log(`  ${urlPath}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
  } finally {
    chrome.kill();
  }

  const loadAfter = os.loadavg()[0]!;
  const cores = os.availableParallelism();
  const indexes = results.flatMap((r) => r.benchmarkIndex);
  console.log("");
  printTable(results);
  // Lighthouse simulates a phone from the CPU time it observes, so a busy host lowers performance scores.
  console.log(
    `host: ${cores} cores, load average ${loadBefore.toFixed(1)} before and ${loadAfter.toFixed(1)} after; ` +
      `Lighthouse benchmark index ${indexes.length ? `${Math.min(...indexes)}-${Math.max(...indexes)}` : "-"}`,
  );
  if (Math.max(loadBefore, loadAfter) > cores) console.log("The host was busy: performance figures are pessimistic.");
  printFailures(results);
  const warnings = [...new Set(results.flatMap((r) => r.warnings))];
  if (warnings.length > 0) console.log(`\nLighthouse warnings:\n${warnings.map((w) => `  - ${w}`).join("\n")}`);

  mkdirSync(path.dirname(OUTPUT), { recursive: true });
  writeFileSync(
    OUTPUT,
    JSON.stringify(
      {
        measuredAt: new Date().toISOString(),
        baseUrl: BASE_URL,
        runsPerPage: RUNS,
        host: { cores, loadBefore, loadAfter },
        budgets: BUDGETS,
        pages: results,
        targets: targetRows(results),
      },
      null,
      2,
    ) + "\n",
  );
  console.log(`\nWrote ${OUTPUT}`);
  if (results.some((r) => r.error)) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
