// Deadline day as arrivals (scripts/load.sh --open-loop, run by bench/load.ts): submissions start on a fixed
// schedule, RATE per second for SECONDS, however many are still in flight, so slow answers cannot slow the load down
// (no coordinated omission). Each arrival is a new applicant (its own connection and loopback address) that uploads a
// PDF and submits with its own Idempotency-Key through the load balancer, with bench/load.ts's code, retries and
// checks; its latency runs from its scheduled start to its last answer. Then the highest rate whose p95 stays within
// 300 ms is searched for: short runs bisecting between the rates known to hold and to miss, each run stopped as soon
// as enough of its arrivals are late for its p95 to miss. Last, the reliability run's invariants: the database's
// account of every submission, and, once the outbox has drained, exactly one confirmation email each.
// Figures go to the terminal and to LOAD_OUTPUT (bench-results/load-open.json, with a `targets` array).
import http from "node:http";
import { mkdirSync, readFileSync, existsSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type pg from "pg";
import type { Applicant, Attempt, PhaseStats, Verification } from "./load";
import { checkMail, describeMailCheck, waitForOutboxDrain, type MailCheck, type MailSink } from "./load-mail";

/** What bench/load.ts lends this mode: its applicants' code, its database checks and its report helpers. */
export interface OpenLoopKit {
  baseUrl: string;
  output: string;
  nginxLog: string;
  attempts: readonly Attempt[];
  completeWithinMs: number;
  newStats(id: `open-${string}`): PhaseStats;
  newAttempt(phase: PhaseStats["id"]): Attempt;
  submitApplication(applicant: Applicant, stats: PhaseStats, attempt: Attempt): Promise<void>;
  verify(db: pg.Client): Promise<Verification>;
  db(): Promise<pg.Client>;
  mailSink: MailSink;
  balancerFigures(fromMs: number, toMs: number): { byInstance: Record<string, number>; retried: number };
  percentile(values: number[], p: number): number;
}

const RATE = Number(process.env.LOAD_RATE ?? 50);
const SECONDS = Number(process.env.LOAD_SECONDS ?? 60);
const SEARCH = process.env.LOAD_SEARCH !== "0";
const TARGET_P95_MS = 300;
const TARGET_P99_MS = 1000;
// Before the measured run, as on a deadline day the instances have been serving for a while (JIT-compiled, pools open).
const WARMUP = { rate: 2, seconds: 10 };
// The search: runs this long, within this total (waits for the outbox included), stopping at this resolution.
const SEARCH_RUN_SECONDS = 20;
const SEARCH_BUDGET_MS = 360_000;
const SEARCH_MAX_RUNS = 8;
const SEARCH_MAX_RATE = 400;
// Between runs the confirmations of the last one are sent first (at most this long), so that no run pays for another's mail.
const SETTLE_MS = 20_000;
const MAIL_DRAIN_WITHIN_MS = 180_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const wallClock = (perfMs: number) => performance.timeOrigin + perfMs;

interface Arrival {
  scheduled: number;
  /** How late the client started it: its own event loop's delay, counted in the latency too. */
  lagMs: number;
  latencyMs: number | null;
  attempt: Attempt;
}

interface Quantiles {
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

interface RunFigures {
  id: string;
  rate: number;
  plannedSeconds: number;
  /** Wall-clock milliseconds. */
  startedAt: number;
  endedAt: number;
  planned: number;
  started: number;
  stoppedEarly: boolean;
  /** Arrivals started per second of the schedule, and acknowledgements per second from the first start to the last answer. */
  achievedRate: number;
  acknowledgedPerSecond: number;
  seconds: number;
  acknowledged: number;
  refusedOverCapacity: number;
  failed: number;
  lost: number;
  /** Upload and submit as one arrival, from its scheduled start. */
  submissionMs: Quantiles;
  /** Each request on its own, from when it was sent (answers below 500). */
  uploadMs: Quantiles;
  submitMs: Quantiles;
  startLagMs: { p99: number; max: number };
  maxInFlight: number;
  requests: number;
  statuses: Record<string, number>;
  /** Every answer other than 2xx (but the 409 an over-capacity payload must get), and every request without an answer. */
  errors: number;
  busy503: number;
  networkErrors: number;
  unexpected: string[];
  unexpectedCount: number;
  /** What nginx measured for the same requests ($request_time): the instances' time, without the client's. */
  nginx: { upload: Quantiles & { n: number }; submit: Quantiles & { n: number }; byInstance: Record<string, number>; retried: number };
  clientCpuSeconds: number;
  loadAverage: number[];
  holds: boolean;
}

let arrivalCounter = 0;

/** A new applicant for each arrival: one keep-alive connection for its upload and its submission, its own address. */
function newApplicant(): Applicant {
  const n = arrivalCounter++;
  return {
    index: n,
    agent: new http.Agent({ keepAlive: true, maxSockets: 1 }),
    // 127.1.x.y: apart from the closed-loop applicants' 127.0.x.y, and enough addresses that no source port runs out.
    localAddress: `127.1.${Math.floor(n / 250) % 250}.${1 + (n % 250)}`,
  };
}

function quantiles(kit: OpenLoopKit, values: number[]): Quantiles {
  return { p50: kit.percentile(values, 50), p95: kit.percentile(values, 95), p99: kit.percentile(values, 99), max: values.length ? Math.max(...values) : Number.NaN };
}

/** nginx's own timing of this mode's requests (addresses 127.1.x.y) in a window, by kind. */
function nginxTiming(kit: OpenLoopKit, fromMs: number, toMs: number): RunFigures["nginx"] {
  const times = { upload: [] as number[], submit: [] as number[] };
  if (kit.nginxLog && existsSync(kit.nginxLog)) {
    for (const line of readFileSync(kit.nginxLog, "utf8").split("\n")) {
      // $msec $status $upstream_status "$upstream_addr" $request_time $request_method $portal_log_uri $request_id $remote_addr
      const match = /^(\d+\.\d+) \d+ \S+(?:, \S+)* "[^"]*" ([\d.]+) POST (\S+) \S+ 127\.1\./.exec(line);
      if (!match) continue;
      const at = Number(match[1]) * 1000;
      if (at < fromMs || at > toMs) continue;
      const kind = match[3] === "/api/v1/uploads" ? "upload" : match[3]!.endsWith("/applications") ? "submit" : null;
      if (kind) times[kind].push(Number(match[2]) * 1000);
    }
  }
  return {
    upload: { n: times.upload.length, ...quantiles(kit, times.upload) },
    submit: { n: times.submit.length, ...quantiles(kit, times.submit) },
    ...kit.balancerFigures(fromMs, toMs),
  };
}

/**
 * Starts `rate` submissions a second for `seconds`, each at its scheduled time whatever is still in flight, and
 * waits for all of them. With `stopWhenMissed`, no more start once so many are late that the run's p95 must miss.
 */
async function runAt(kit: OpenLoopKit, id: `open-${string}`, rate: number, seconds: number, stopWhenMissed: boolean): Promise<RunFigures> {
  const stats = kit.newStats(id);
  const planned = Math.max(1, Math.round(rate * seconds));
  // p95 is the ceil(0.95 n)-th smallest: it exceeds the target once this many arrivals have.
  const lateToMiss = planned - Math.ceil(0.95 * planned) + 1;
  const arrivals: Arrival[] = [];
  const inFlight = new Set<Promise<void>>();
  let late = 0;
  let maxInFlight = 0;
  let stoppedEarly = false;
  const cpuBefore = process.cpuUsage();
  const begin = performance.now() + 20;
  stats.startedAt = wallClock(begin);

  for (let i = 0; i < planned; i++) {
    const scheduled = begin + (i * 1000) / rate;
    const wait = scheduled - performance.now();
    if (wait > 0) await sleep(wait);
    if (stopWhenMissed && late >= lateToMiss) {
      stoppedEarly = true;
      break;
    }
    const arrival: Arrival = { scheduled, lagMs: performance.now() - scheduled, latencyMs: null, attempt: kit.newAttempt(id) };
    arrivals.push(arrival);
    const lateTimer = setTimeout(() => late++, Math.max(0, scheduled + TARGET_P95_MS - performance.now()));
    const applicant = newApplicant();
    const done = kit
      .submitApplication(applicant, stats, arrival.attempt)
      .catch((error: unknown) => {
        arrival.attempt.outcome = "failed";
        stats.fail(`client error: ${String(error)}`);
      })
      .finally(() => {
        clearTimeout(lateTimer);
        arrival.latencyMs = performance.now() - scheduled;
        applicant.agent.destroy();
        inFlight.delete(done);
      });
    inFlight.add(done);
    maxInFlight = Math.max(maxInFlight, inFlight.size);
  }
  await Promise.all(inFlight);
  stats.endedAt = Date.now();
  const cpu = process.cpuUsage(cpuBefore);

  const latencies = arrivals.map((a) => a.latencyMs!);
  const lags = arrivals.map((a) => a.lagMs);
  const outcome = (o: Attempt["outcome"]) => arrivals.filter((a) => a.attempt.outcome === o).length;
  const acknowledged = outcome("acknowledged");
  const refused = outcome("refused");
  const non2xx = Object.entries(stats.statuses)
    .filter(([key]) => !/ 2\d\d$/.test(key))
    .reduce((n, [, count]) => n + count, 0);
  const lastStart = arrivals.at(-1)?.scheduled ?? begin;
  const runSeconds = (stats.endedAt - stats.startedAt) / 1000;
  const submissionMs = quantiles(kit, latencies);
  return {
    id,
    rate,
    plannedSeconds: seconds,
    startedAt: stats.startedAt,
    endedAt: stats.endedAt,
    planned,
    started: arrivals.length,
    stoppedEarly,
    achievedRate: arrivals.length > 1 ? (arrivals.length - 1) / ((lastStart - begin) / 1000) : Number.NaN,
    acknowledgedPerSecond: acknowledged / runSeconds,
    seconds: runSeconds,
    acknowledged,
    refusedOverCapacity: refused,
    failed: outcome("failed"),
    lost: outcome("lost"),
    submissionMs,
    uploadMs: quantiles(kit, stats.latencies.upload),
    submitMs: quantiles(kit, stats.latencies.submit),
    startLagMs: { p99: kit.percentile(lags, 99), max: Math.max(0, ...lags) },
    maxInFlight,
    requests: stats.requests,
    statuses: stats.statuses,
    errors: non2xx - refused + stats.networkErrors,
    busy503: stats.busy503,
    networkErrors: stats.networkErrors,
    unexpected: stats.unexpected,
    unexpectedCount: stats.unexpectedCount,
    nginx: nginxTiming(kit, stats.startedAt, stats.endedAt + 1000),
    clientCpuSeconds: (cpu.user + cpu.system) / 1e6,
    loadAverage: os.loadavg(),
    holds: !stoppedEarly && submissionMs.p95 <= TARGET_P95_MS,
  };
}

/** Lets the outbox send the last run's confirmations, at most SETTLE_MS. */
async function settle(kit: OpenLoopKit): Promise<void> {
  await waitForOutboxDrain(kit.db, SETTLE_MS, Date.now());
}

const fmt = (n: number) => (Number.isFinite(n) ? n.toFixed(0) : "-");

function describeRun(r: RunFigures): string {
  return [
    r.id.padEnd(16),
    String(r.rate).padStart(5),
    fmt(r.seconds).padStart(5),
    `${r.started}/${r.planned}`.padStart(10),
    (Number.isFinite(r.achievedRate) ? r.achievedRate.toFixed(1) : "-").padStart(7),
    String(r.acknowledged).padStart(6),
    String(r.refusedOverCapacity).padStart(5),
    String(r.failed + r.lost).padStart(5),
    fmt(r.submissionMs.p50).padStart(7),
    fmt(r.submissionMs.p95).padStart(7),
    fmt(r.submissionMs.p99).padStart(7),
    fmt(r.submissionMs.max).padStart(7),
    `${fmt(r.uploadMs.p95)}/${fmt(r.submitMs.p95)}`.padStart(11),
    `${fmt(r.nginx.upload.p95)}/${fmt(r.nginx.submit.p95)}`.padStart(11),
    fmt(r.startLagMs.max).padStart(7),
    String(r.maxInFlight).padStart(8),
    `${r.errors} (${r.busy503})`.padStart(11),
    (r.stoppedEarly ? "missed (stopped)" : r.holds ? "holds" : "missed").padStart(16),
  ].join(" ");
}

const HEADER = [
  "run".padEnd(16),
  "rate/s".padStart(5),
  "secs".padStart(5),
  "started".padStart(10),
  "ach/s".padStart(7),
  "acked".padStart(6),
  "409".padStart(5),
  "lost".padStart(5),
  "p50".padStart(7),
  "p95".padStart(7),
  "p99".padStart(7),
  "max".padStart(7),
  "up/sub p95".padStart(11),
  "nginx p95".padStart(11),
  "lag".padStart(7),
  "inflight".padStart(8),
  "err (busy)".padStart(11),
  `p95<=${TARGET_P95_MS}`.padStart(16),
].join(" ");

/** Bisects between the highest rate known to hold and the lowest known to miss, within SEARCH_BUDGET_MS. */
async function searchHighestRate(kit: OpenLoopKit, measured: RunFigures) {
  const started = Date.now();
  let holds = measured.holds ? measured.rate : 0;
  let misses = measured.holds ? Number.POSITIVE_INFINITY : measured.rate;
  const runs: RunFigures[] = [];
  let stoppedBy = "resolution";
  while (true) {
    if (Number.isFinite(misses) && misses - holds <= Math.max(1, Math.ceil(holds * 0.1))) break;
    const rate = Number.isFinite(misses) ? Math.round((holds + misses) / 2) : Math.min(holds * 2, SEARCH_MAX_RATE);
    if (rate <= holds || rate >= misses) {
      stoppedBy = rate >= SEARCH_MAX_RATE ? `the ceiling of ${SEARCH_MAX_RATE}/s` : "resolution";
      break;
    }
    if (runs.length >= SEARCH_MAX_RUNS) {
      stoppedBy = `${SEARCH_MAX_RUNS} runs`;
      break;
    }
    // A run, its stragglers and the wait for the outbox; stop rather than overrun the budget.
    if (Date.now() - started + SETTLE_MS + SEARCH_RUN_SECONDS * 1000 + 30_000 > SEARCH_BUDGET_MS) {
      stoppedBy = `the ${SEARCH_BUDGET_MS / 1000} s budget`;
      break;
    }
    await settle(kit);
    const run = await runAt(kit, `open-search-${runs.length + 1}`, rate, SEARCH_RUN_SECONDS, true);
    runs.push(run);
    console.log(describeRun(run));
    if (run.holds) holds = rate;
    else misses = rate;
  }
  return {
    method:
      `bisection between the highest rate known to hold and the lowest known to miss (the ${measured.rate}/s run first; doubling while every rate holds), ` +
      `${SEARCH_RUN_SECONDS} s runs each stopped once its p95 must miss, until the two are within 10% (1/s at least), ${SEARCH_MAX_RUNS} runs or ${SEARCH_BUDGET_MS / 1000} s`,
    highestHolding: holds,
    lowestMissed: Number.isFinite(misses) ? misses : null,
    stoppedBy,
    seconds: (Date.now() - started) / 1000,
    runs,
  };
}

/** Runs the open-loop measurement and its checks; true when every invariant held (latency never fails it). */
export async function runOpenLoop(kit: OpenLoopKit): Promise<boolean> {
  if (!(RATE > 0 && SECONDS > 0)) throw new Error(`LOAD_RATE (${RATE}) and LOAD_SECONDS (${SECONDS}) must be positive`);
  console.log(`\nOpen loop: ${RATE} submissions/s for ${SECONDS} s through ${kit.baseUrl}, each a new applicant (upload + submit), timed from its scheduled start`);
  console.log(`== warm-up: ${WARMUP.rate}/s for ${WARMUP.seconds} s (not counted)`);
  console.log(HEADER);
  const warmup = await runAt(kit, "open-warmup", WARMUP.rate, WARMUP.seconds, false);
  console.log(describeRun(warmup));
  await settle(kit);

  console.log(`== ${RATE}/s for ${SECONDS} s`);
  const measured = await runAt(kit, `open-${RATE}`, RATE, SECONDS, false);
  console.log(describeRun(measured));
  const afterMeasured = await kit.verify(await kit.db());
  console.log(`   ${afterMeasured.acknowledged} acknowledged so far, ${afterMeasured.applications} applications in the database, ${afterMeasured.failures.length === 0 ? "invariants hold" : `${afterMeasured.failures.length} problems`}`);

  let search: Awaited<ReturnType<typeof searchHighestRate>> | null = null;
  if (SEARCH) {
    console.log(`== the highest rate whose p95 stays within ${TARGET_P95_MS} ms`);
    search = await searchHighestRate(kit, measured);
  }
  const runs = [warmup, measured, ...(search?.runs ?? [])];
  const lastEnded = Math.max(...runs.map((r) => r.endedAt));

  console.log(`== invariants: the database, then (within ${MAIL_DRAIN_WITHIN_MS / 1000} s of the outbox draining) one confirmation for each submission`);
  const verification = await kit.verify(await kit.db());
  const acknowledged = kit.attempts.filter((a) => a.outcome === "acknowledged" && a.reference);
  const mail: MailCheck = await checkMail({
    db: kit.db,
    sink: kit.mailSink,
    drainWithinMs: MAIL_DRAIN_WITHIN_MS,
    lastWaveEndedAt: lastEnded,
    acknowledged: acknowledged.map((a) => ({ reference: a.reference!, email: a.email, ackAt: a.ackAt! })),
    smtpOutage: null,
    restart: null,
    killAt: null,
  });
  const lostCount = kit.attempts.filter((a) => a.outcome === "lost").length;
  const unexplained = runs.reduce((n, r) => n + r.unexpectedCount, 0);
  const invariantFailures = [
    ...verification.failures,
    ...(lostCount > 0 ? [`${lostCount} submissions still unanswered ${kit.completeWithinMs / 1000} s after their first try`] : []),
    ...runs.flatMap((r) => [
      ...r.unexpected.map((u) => `${r.id}: ${u}`),
      ...(r.unexpectedCount > r.unexpected.length ? [`${r.id}: ... ${r.unexpectedCount - r.unexpected.length} more unexpected answers`] : []),
    ]),
    ...mail.failures.map((f) => `mail: ${f}`),
  ];

  const m = measured;
  const highest = !search
    ? "not searched"
    : search.highestHolding > 0
      ? `${search.highestHolding}/s` + (search.lowestMissed === null ? "" : ` (${search.lowestMissed}/s missed)`)
      : `no rate of 1/s or more (${search.lowestMissed}/s missed)`;
  // The over-capacity payloads' 409s are the answers they must get, not errors.
  const errorStatuses = Object.entries(m.statuses)
    .map(([key, n]): [string, number] => [key, key === "submit 409" ? n - m.refusedOverCapacity : n])
    .filter(([key, n]) => !/ 2\d\d$/.test(key) && n > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([key, n]) => `${key} x${n}`)
    .join(", ");
  const targets = [
    {
      target: `open loop ${RATE}/s p95 ≤ ${TARGET_P95_MS} ms`,
      figure:
        `p95 ${fmt(m.submissionMs.p95)} ms (p50 ${fmt(m.submissionMs.p50)}) per submission from its scheduled start; ` +
        `per request p95 upload ${fmt(m.uploadMs.p95)}, submit ${fmt(m.submitMs.p95)} ms; started ${m.achievedRate.toFixed(1)}/s, acknowledged ${m.acknowledgedPerSecond.toFixed(1)}/s`,
      holds: m.submissionMs.p95 <= TARGET_P95_MS,
    },
    {
      target: `p99 ≤ ${TARGET_P99_MS / 1000} s`,
      figure: `p99 ${fmt(m.submissionMs.p99)} ms, max ${fmt(m.submissionMs.max)} ms per submission`,
      holds: m.submissionMs.p99 <= TARGET_P99_MS,
    },
    {
      target: "no errors",
      figure:
        `${m.errors} errors in ${m.requests} requests${errorStatuses ? `: ${errorStatuses}` : ""} ` +
        `(${m.busy503} of the 503s busy; ${m.networkErrors} unanswered); over-capacity payloads refused with 409 as required: ${m.refusedOverCapacity}`,
      holds: m.errors === 0,
    },
    {
      target: "invariants held",
      figure: [
        verification.failures.length === 0
          ? `database held (${verification.acknowledged} acknowledged, ${verification.applications} applications, each once, none half-written, capacity kept)`
          : `database: ${verification.failures.length} failures (${verification.failures.slice(0, 2).join("; ")})`,
        `${unexplained} unexplained answers (5xx but 503 busy, other refusals, none)`,
        `${lostCount} unanswered after ${kit.completeWithinMs / 1000} s`,
        mail.failures.length === 0
          ? `mail held (${mail.received} confirmations for ${mail.made} submissions)`
          : `mail: ${mail.failures.length} failures (${mail.failures.slice(0, 2).join("; ")})`,
      ].join("; "),
      holds: invariantFailures.length === 0,
    },
    {
      target: `highest rate with p95 ≤ ${TARGET_P95_MS} ms (informational; holds when ≥ ${RATE}/s)`,
      figure: search
        ? `${highest}; bisection from the ${RATE}/s run, ${search.runs.length} run${search.runs.length === 1 ? "" : "s"} of up to ${SEARCH_RUN_SECONDS} s in ${search.seconds.toFixed(0)} s (search.method)`
        : "not searched (--no-search)",
      holds: search !== null && search.highestHolding >= RATE,
    },
  ];

  console.log(`\nOpen loop: 2 instances behind nginx on PostgreSQL; latency per submission from its scheduled start (ms); machine load ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}`);
  console.log(HEADER);
  for (const r of runs) console.log(describeRun(r));
  console.log(
    `(up/sub p95: each request from when it was sent; nginx p95: $request_time of uploads/submissions; lag: the client's latest start; err (busy): errors, of them 503 busy)`,
  );
  console.log(
    `client: ${runs.reduce((s, r) => s + r.clientCpuSeconds, 0).toFixed(0)} CPU seconds for ${runs.reduce((s, r) => s + r.requests, 0)} requests; ` +
      `the ${RATE}/s run served by ${JSON.stringify(m.nginx.byInstance)}, nginx retried ${m.nginx.retried}`,
  );
  for (const line of describeMailCheck(mail)) console.log(line);
  if (invariantFailures.length > 0) {
    console.log(`\nINVARIANTS FAILED (${invariantFailures.length}):`);
    for (const failure of invariantFailures.slice(0, 40)) console.log(`  ${failure}`);
  }
  console.log("");
  for (const t of targets) console.log(`${t.holds ? "holds " : "MISSED"}  ${t.target}: ${t.figure}`);

  mkdirSync(path.dirname(kit.output), { recursive: true });
  writeFileSync(
    kit.output,
    JSON.stringify(
      {
        mode: "open-loop",
        rate: RATE,
        seconds: SECONDS,
        targetP95Ms: TARGET_P95_MS,
        targetP99Ms: TARGET_P99_MS,
        machine: { cpus: os.cpus().length, loadAverageAtEnd: os.loadavg() },
        warmup,
        measured,
        search,
        verification,
        mail,
        invariantFailures,
        targets,
      },
      null,
      2,
    ),
  );
  return invariantFailures.length === 0;
}
