// How the home page fares while 50 connections search for text nobody searched before, which no cache can
// answer: first alone, then beside a flood from one address, then beside a flood claiming a new address per
// request (the server must run with TRUST_PROXY=true for that to count as many clients), and for comparison
// beside 50 connections repeating one query, which only renders the page. Run it against a
// production server: BENCH_BASE_URL=http://127.0.0.1:3700 npx tsx bench/search-flood.ts
// With BENCH_SERVER_PID (the node process of runtime/server.mjs) it also prints the server's CPU time per request, which
// other work on a shared machine disturbs far less than latency. Prints figures and writes them to
// bench-results/search-flood.json (BENCH_OUTPUT), whose `targets` holds one row per target checked
// ({ target, figure, holds }); it never fails on them.
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";

// autocannon ships no types and the project has no @types/autocannon: declare the part used here.
interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
interface AutocannonRequest {
  setupRequest?: (request: { path: string; headers?: Record<string, string> }) => { path: string; headers?: Record<string, string> };
  onResponse?: (status: number, body: string) => void;
}
type Autocannon = (
  options: { url: string; connections: number; duration: number; requests?: AutocannonRequest[] },
  done: (error: Error | null, result: AutocannonResult) => void,
) => { stop: () => void };
const autocannon = createRequire(import.meta.url)("autocannon") as Autocannon;

const BASE_URL = (process.env.BENCH_BASE_URL ?? "http://127.0.0.1:3700").replace(/\/$/, "");
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const FLOOD_CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const PROBE_CONNECTIONS = 2;
const OUTPUT = process.env.BENCH_OUTPUT ?? "bench-results/search-flood.json";
// The home page keeps this p99 whatever the searches beside it.
const MAX_P99_MS = 50;

function run(options: Parameters<Autocannon>[0]): Promise<AutocannonResult> {
  return new Promise((resolve, reject) => {
    const guard = setTimeout(() => instance.stop(), (options.duration + 15) * 1000);
    const instance = autocannon(options, (error, result) => {
      clearTimeout(guard);
      if (error) reject(error);
      else resolve(result);
    });
  });
}

// busy: the page says searches are busy (the app's limit); turnedAway: the server's 503 before rendering (its gate).
type Answers = { searched: number; busy: number; limited: number; turnedAway: number; other: number };

type Flood = "one address" | "many addresses" | "one query";

function flood(kind: Flood, answers: Answers) {
  const octet = () => (randomBytes(1)[0]! % 254) + 1;
  return run({
    url: `${BASE_URL}/en/search`,
    connections: FLOOD_CONNECTIONS,
    duration: DURATION_S,
    requests: [
      {
        setupRequest: (request) => ({
          ...request,
          path: `/en/search?q=${kind === "one query" ? "Pakistan" : randomBytes(6).toString("hex")}`,
          headers: { ...request.headers, ...(kind === "many addresses" ? { "x-forwarded-for": `10.${octet()}.${octet()}.${octet()}` } : {}) },
        }),
        onResponse: (status, body) => {
          if (status === 503) answers.turnedAway += 1;
          else if (status !== 200) answers.other += 1;
          else if (body.includes('data-refused="busy"')) answers.busy += 1;
          else if (body.includes('data-refused="limited"')) answers.limited += 1;
          else if (body.includes("data-total=")) answers.searched += 1;
          else answers.other += 1;
        },
      },
    ],
  });
}

const SERVER_PID = process.env.BENCH_SERVER_PID;
const CLOCK_TICKS_PER_S = 100;

/** CPU time the server process has used so far (user + system), in ms; null without BENCH_SERVER_PID. */
function serverCpuMs(): number | null {
  if (!SERVER_PID) return null;
  // /proc/<pid>/stat: the command may hold spaces, so count fields after its closing parenthesis.
  const fields = readFileSync(`/proc/${SERVER_PID}/stat`, "utf8").split(") ")[1]!.split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_S;
}

const probe = () => run({ url: `${BASE_URL}/en`, connections: PROBE_CONNECTIONS, duration: DURATION_S });
const ms = (n: number) => `${n.toFixed(0)} ms`;

interface Scenario {
  name: string;
  flood: Flood | null;
  home: { reqPerSec: number; p50Ms: number; p99Ms: number; non2xx: number; errors: number };
  search: { reqPerSec: number; p50Ms: number; p99Ms: number; answers: Answers } | null;
  serverCpuMsPerRequest: number | null;
}

async function scenario(name: string, kind: Flood | null): Promise<Scenario> {
  const answers: Answers = { searched: 0, busy: 0, limited: 0, turnedAway: 0, other: 0 };
  const cpuBefore = serverCpuMs();
  const [home, search] = await Promise.all([probe(), kind === null ? null : flood(kind, answers)]);
  const cpuAfter = serverCpuMs();
  const requests = home.requests.total + (search?.requests.total ?? 0);
  const cpu =
    cpuBefore === null || cpuAfter === null
      ? ""
      : `  | server CPU ${((cpuAfter - cpuBefore) / (DURATION_S * 10)).toFixed(0)}% of a core, ${((cpuAfter - cpuBefore) / requests).toFixed(1)} ms/request`;
  console.log(
    `${name.padEnd(36)} /en p50 ${ms(home.latency.p50).padStart(7)}  p99 ${ms(home.latency.p99).padStart(7)}  ${home.requests.average.toFixed(0).padStart(5)} req/s` +
      (search
        ? `  | search ${search.requests.average.toFixed(0)} req/s, p50 ${ms(search.latency.p50)}; answers: ${answers.searched} searched, ${answers.busy} busy, ${answers.limited} limited, ${answers.turnedAway} turned away (503), ${answers.other} other`
        : "") +
      cpu,
  );
  return {
    name,
    flood: kind,
    home: { reqPerSec: home.requests.average, p50Ms: home.latency.p50, p99Ms: home.latency.p99, non2xx: home.non2xx, errors: home.errors + home.timeouts },
    search: search && { reqPerSec: search.requests.average, p50Ms: search.latency.p50, p99Ms: search.latency.p99, answers },
    serverCpuMsPerRequest: cpuBefore === null || cpuAfter === null ? null : (cpuAfter - cpuBefore) / requests,
  };
}

const startedAt = new Date();
const loadBefore = os.loadavg();
console.log(`${BASE_URL}: ${PROBE_CONNECTIONS} connections on /en for ${DURATION_S} s each, beside ${FLOOD_CONNECTIONS} searching`);
const scenarios = [
  await scenario("/en alone", null),
  await scenario("beside a flood from one address", "one address"),
  await scenario("beside a flood from many addresses", "many addresses"),
  await scenario("beside one query repeated", "one query"),
];

const floods: Record<Flood, string> = {
  "one address": "distinct queries from one address",
  "many addresses": "distinct queries, a new address per request",
  "one query": "one query repeated",
};
const targets = scenarios.flatMap((s) => {
  if (!s.flood) return [];
  const failed = s.home.non2xx + s.home.errors;
  return [
    {
      target: `/en p99 <= ${MAX_P99_MS} ms beside ${FLOOD_CONNECTIONS} connections searching (${floods[s.flood]})`,
      figure: `p99 ${s.home.p99Ms.toFixed(0)} ms (alone: ${scenarios[0]!.home.p99Ms.toFixed(0)} ms)${failed ? `; ${failed} failed answers` : ""}`,
      holds: s.home.p99Ms <= MAX_P99_MS && failed === 0,
    },
  ];
});
for (const t of targets) console.log(`${t.holds ? "HOLDS" : "MISSED"}  ${t.target}: ${t.figure}`);

mkdirSync(path.dirname(OUTPUT), { recursive: true });
const report = {
  startedAt: startedAt.toISOString(),
  finishedAt: new Date().toISOString(),
  baseUrl: BASE_URL,
  settings: { durationS: DURATION_S, floodConnections: FLOOD_CONNECTIONS, probeConnections: PROBE_CONNECTIONS },
  thresholds: { maxP99Ms: MAX_P99_MS },
  machine: { cpus: os.cpus().length, loadAverageBefore: loadBefore, loadAverageAfter: os.loadavg(), node: process.version },
  targets,
  scenarios,
};
writeFileSync(OUTPUT, `${JSON.stringify(report, null, 2)}\n`);
console.log(`Results written to ${OUTPUT}.`);
