// How the home page fares while 50 connections search for text nobody searched before, which no cache can
// answer: first alone, then beside a flood from one address, then beside a flood claiming a new address per
// request (the server must run with TRUST_PROXY=true for that to count as many clients), and for comparison
// beside 50 connections repeating one query, which only renders the page. Run it against a
// production server: BENCH_BASE_URL=http://127.0.0.1:3700 npx tsx bench/search-flood.ts
// With BENCH_SERVER_PID (the node process of runtime/server.mjs) it also prints the server's CPU time per request, which
// other work on a shared machine disturbs far less than latency. Prints figures only; it never fails on them.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

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

type Answers = { searched: number; busy: number; limited: number; other: number };

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
          if (status !== 200) answers.other += 1;
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

async function scenario(name: string, kind: Flood | null) {
  const answers: Answers = { searched: 0, busy: 0, limited: 0, other: 0 };
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
        ? `  | search ${search.requests.average.toFixed(0)} req/s, p50 ${ms(search.latency.p50)}; answers: ${answers.searched} searched, ${answers.busy} busy, ${answers.limited} limited, ${answers.other} other`
        : "") +
      cpu,
  );
}

console.log(`${BASE_URL}: ${PROBE_CONNECTIONS} connections on /en for ${DURATION_S} s each, beside ${FLOOD_CONNECTIONS} searching`);
await scenario("/en alone", null);
await scenario("beside a flood from one address", "one address");
await scenario("beside a flood from many addresses", "many addresses");
await scenario("beside one query repeated", "one query");
