// What a visitor's browser downloads before a public page runs: the gzipped bytes of every script the page's HTML
// loads, against the hello-world page of the same build (src/app/bench/hello-world.html, served when the server runs
// with BENCH_BASELINE_PAGE=1), and the gzipped HTML of the map page. Started by scripts/bench.sh (`npm run bench`,
// or alone: `npm run bench -- bench/weight.ts`). Prints its figures, writes bench-results/weight.json with a `targets`
// array, and fails only when it could not measure.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { PRACTICE_CALL_SLUG } from "../prisma/practice-call";

const BASE_URL = (process.env.BENCH_BASE_URL ?? "http://127.0.0.1:3300").replace(/\/$/, "");
const OUTPUT = process.env.BENCH_OUTPUT ?? "bench-results/weight.json";
const FETCH_TIMEOUT_MS = 30_000;

const HELLO_WORLD = "/bench/hello-world.html";
// 1 kB = 1000 bytes, as in bench/public-pages.ts.
const JS_ABOVE_HELLO_WORLD_KB = 5;
const MAP_HTML_KB = 25;

const PAGES = ["en", "zh"].flatMap((locale) =>
  [
    "",
    "/calls",
    `/calls/${PRACTICE_CALL_SLUG}`,
    `/calls/${PRACTICE_CALL_SLUG}/apply`,
    "/opportunities/chang-e-5-sample-loans",
    "/opportunities/chang-e-8-cooperation-projects",
    "/opportunities/tianwen-3-payload-offer",
    "/missions",
    "/missions/chang-e-8",
    "/map",
    "/timeline",
    "/transparency",
    "/search",
  ].map((page) => `/${locale}${page}`),
);
const MAP_PAGES = new Set(["/en/map", "/zh/map"]);

interface Weight {
  path: string;
  htmlGzipBytes: number;
  scripts: { src: string; gzipBytes: number }[];
  jsGzipBytes: number;
}

interface TargetRow {
  target: string;
  figure: string;
  holds: boolean;
}

const gzipBytes = (body: Uint8Array) => gzipSync(body).length;
const kB = (bytes: number) => (bytes / 1000).toFixed(1);

async function get(urlPath: string): Promise<Response> {
  return fetch(BASE_URL + urlPath, { redirect: "manual", signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
}

const scriptSizes = new Map<string, number>();

async function scriptSize(src: string): Promise<number> {
  let size = scriptSizes.get(src);
  if (size === undefined) {
    const response = await get(src);
    if (!response.ok) throw new Error(`${src} answered ${response.status}`);
    size = gzipBytes(new Uint8Array(await response.arrayBuffer()));
    scriptSizes.set(src, size);
  }
  return size;
}

/** Every script the HTML loads by address (same origin), each counted once; nomodule polyfills never run in a current browser. */
function scriptSources(html: string): string[] {
  const sources = new Set<string>();
  for (const tag of html.matchAll(/<script\b[^>]*>/gi)) {
    const src = /\ssrc="([^"]+)"/i.exec(tag[0])?.[1];
    if (!src || /\snomodule\b/i.test(tag[0])) continue;
    const url = new URL(src.replaceAll("&amp;", "&"), BASE_URL);
    if (url.origin !== new URL(BASE_URL).origin) throw new Error(`a script from another origin: ${url.href}`);
    sources.add(url.pathname + url.search);
  }
  return [...sources];
}

async function weigh(urlPath: string): Promise<Weight> {
  const response = await get(urlPath);
  if (response.status !== 200) throw new Error(`${urlPath} answered ${response.status}`);
  const body = new Uint8Array(await response.arrayBuffer());
  const scripts = [];
  for (const src of scriptSources(new TextDecoder().decode(body))) scripts.push({ src, gzipBytes: await scriptSize(src) });
  return { path: urlPath, htmlGzipBytes: gzipBytes(body), scripts, jsGzipBytes: scripts.reduce((sum, s) => sum + s.gzipBytes, 0) };
}

async function main(): Promise<void> {
  const helloResponse = await get(HELLO_WORLD);
  if (helloResponse.status === 404) {
    throw new Error(`${HELLO_WORLD} answered 404: start the server with BENCH_BASELINE_PAGE=1 (scripts/bench.sh does)`);
  }
  await helloResponse.arrayBuffer();
  const hello = await weigh(HELLO_WORLD);
  const pages: Weight[] = [];
  for (const page of PAGES) pages.push(await weigh(page));

  const helloScripts = new Set(hello.scripts.map((s) => s.src));
  const targets: TargetRow[] = [];
  for (const page of pages) {
    const above = page.jsGzipBytes - hello.jsGzipBytes;
    targets.push({
      target: `first-load JS ${page.path} <= hello-world + ${JS_ABOVE_HELLO_WORLD_KB} kB gzip`,
      figure: `${kB(page.jsGzipBytes)} kB (${above >= 0 ? "+" : ""}${kB(above)} kB)`,
      holds: above <= JS_ABOVE_HELLO_WORLD_KB * 1000,
    });
  }
  for (const page of pages.filter((p) => MAP_PAGES.has(p.path))) {
    targets.push({
      target: `map page HTML ${page.path} <= ${MAP_HTML_KB} kB gzip`,
      figure: `${kB(page.htmlGzipBytes)} kB`,
      holds: page.htmlGzipBytes <= MAP_HTML_KB * 1000,
    });
  }

  console.log(`First-load JS on ${BASE_URL}, gzip (default level), 1 kB = 1000 bytes`);
  console.log(`hello-world ${HELLO_WORLD}: ${kB(hello.jsGzipBytes)} kB in ${hello.scripts.length} scripts, HTML ${kB(hello.htmlGzipBytes)} kB\n`);
  const widest = Math.max(...pages.map((p) => p.path.length));
  console.log(`${"page".padEnd(widest)}  scripts  JS kB  above  HTML kB  scripts beyond hello-world`);
  for (const page of pages) {
    const extra = page.scripts.filter((s) => !helloScripts.has(s.src)).map((s) => `${path.basename(s.src.split("?")[0]!)} ${kB(s.gzipBytes)}`);
    console.log(
      [
        page.path.padEnd(widest),
        String(page.scripts.length).padStart(7),
        kB(page.jsGzipBytes).padStart(5),
        kB(page.jsGzipBytes - hello.jsGzipBytes).padStart(5),
        kB(page.htmlGzipBytes).padStart(7),
        extra.join(", ") || "-",
      ].join("  "),
    );
  }
  const misses = targets.filter((t) => !t.holds);
  console.log(`\n${targets.length - misses.length}/${targets.length} weight targets hold${misses.length ? `; missed: ${misses.map((m) => m.target).join("; ")}` : ""}.`);

  mkdirSync(path.dirname(OUTPUT), { recursive: true });
  writeFileSync(
    OUTPUT,
    `${JSON.stringify(
      {
        measuredAt: new Date().toISOString(),
        baseUrl: BASE_URL,
        thresholds: { jsAboveHelloWorldKB: JS_ABOVE_HELLO_WORLD_KB, mapHtmlKB: MAP_HTML_KB, kB: 1000 },
        helloWorld: hello,
        pages,
        targets,
      },
      null,
      2,
    )}\n`,
  );
  console.log(`Wrote ${OUTPUT}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
