// What one submission costs the server: scripts/bench-submit.sh (`npm run bench:submit`) starts one production
// instance on PostgreSQL with pg_stat_statements and runs this against it. Each submission is what a partner's
// client does: upload a technical description (POST /api/v1/uploads), then submit the complete application to the
// practice call (POST .../applications).
//   1. warm-up: a few submissions, so that first-time compilation is not counted;
//   2. cost: uploads, then submissions, one at a time: the server's CPU time (/proc/PID/stat, worker threads
//      included) and the SQL statements PostgreSQL ran (pg_stat_statements, BEGIN and COMMIT included), each per
//      request, with the statements listed; the instants of the submission window go to bench/cpu-profile.ts;
//   3. latency: 20 concurrent submitters, p50/p95/p99 per request kind, each reference distinct.
// Figures only: never gates. Writes BENCH_OUTPUT with a `targets` array that bench/summary.ts prints.
import { randomUUID } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { PRACTICE_CALL_SLUG } from "../prisma/practice-call";
import { leadAnswers, payloadAnswers, pdfBytes, scienceAnswers, uniqueEmail } from "../tests/factories/application-answers";

const base = process.env.BENCH_BASE_URL ?? "http://127.0.0.1:3000";
const databaseUrl = process.env.BENCH_DATABASE_URL ?? "";
const serverPid = Number(process.env.BENCH_SERVER_PID ?? 0);
const output = process.env.BENCH_OUTPUT ?? "bench-results/submit-path.json";
const WARMUP = Number(process.env.BENCH_WARMUP ?? 30);
const MEASURED = Number(process.env.BENCH_MEASURED ?? 200);
const SUBMITTERS = Number(process.env.BENCH_SUBMITTERS ?? 20);
const PER_SUBMITTER = Number(process.env.BENCH_PER_SUBMITTER ?? 10);
const CPU_TARGET_MS = 15;
const STATEMENT_TARGET = 10;

if (!databaseUrl || !serverPid) throw new Error("Run through scripts/bench-submit.sh: BENCH_DATABASE_URL and BENCH_SERVER_PID are needed");

const pdf = pdfBytes(200 * 1024);
const failures: string[] = [];
const references = new Set<string>();
type Upload = { uploadId: string; uploadToken: string };

async function upload(): Promise<Upload> {
  const form = new FormData();
  form.set("kind", "TECHNICAL_DESCRIPTION");
  form.set("file", new Blob([pdf], { type: "application/pdf" }), "technical-description.pdf");
  const response = await fetch(`${base}/api/v1/uploads`, { method: "POST", body: form });
  if (response.status !== 201) throw new Error(`upload ${response.status}: ${(await response.text()).slice(0, 200)}`);
  const { data } = (await response.json()) as { data: Upload };
  return { uploadId: data.uploadId, uploadToken: data.uploadToken };
}

async function submit(attachment: Upload): Promise<void> {
  const body = {
    email: uniqueEmail("bench"),
    lead: leadAnswers(),
    // A gram each: the run measures the path, not the capacity rule.
    payload: payloadAnswers({ carrier: "ORBITER", massKg: 0.001 }),
    science: scienceAnswers(),
    attachments: [attachment],
  };
  const response = await fetch(`${base}/api/v1/opportunities/${PRACTICE_CALL_SLUG}/applications`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "Idempotency-Key": randomUUID() },
    body: JSON.stringify(body),
  });
  if (response.status !== 201) throw new Error(`submit ${response.status}: ${(await response.text()).slice(0, 200)}`);
  const reference = ((await response.json()) as { data: { reference: string } }).data.reference;
  if (references.has(reference)) failures.push(`duplicate reference ${reference}`);
  references.add(reference);
}

/** The server process's CPU time in ms, all its threads included. */
function serverCpuMs(): number {
  const fields = readFileSync(`/proc/${serverPid}/stat`, "utf8").split(") ")[1]!.split(" ");
  // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after the command's closing parenthesis.
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

const db = new pg.Client({ connectionString: databaseUrl });
await db.connect();
await db.query("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");

async function statementsSince(): Promise<{ total: number; list: { calls: number; query: string }[] }> {
  const { rows } = await db.query<{ calls: string; query: string }>(
    `SELECT calls, query FROM pg_stat_statements
     WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
       AND query NOT ILIKE '%pg_stat_statements%'
     ORDER BY calls DESC`,
  );
  const list = rows.map((r) => ({ calls: Number(r.calls), query: r.query.replace(/\s+/g, " ").slice(0, 160) }));
  return { total: list.reduce((sum, r) => sum + r.calls, 0), list };
}

/** CPU and statements of `count` runs of `work`, one at a time. */
async function measure(count: number, work: (i: number) => Promise<void>) {
  await db.query("SELECT pg_stat_statements_reset()");
  const cpuBefore = serverCpuMs();
  const from = process.hrtime.bigint();
  for (let i = 0; i < count; i++) await work(i);
  const to = process.hrtime.bigint();
  const cpuMs = serverCpuMs() - cpuBefore;
  const statements = await statementsSince();
  return {
    count,
    cpuMsPerRequest: cpuMs / count,
    statementsPerRequest: statements.total / count,
    statements: statements.list.map((s) => ({ perRequest: s.calls / count, query: s.query })),
    // Monotonic microseconds, the clock of the CPU profile's samples.
    window: { fromUs: Number(from / 1000n), toUs: Number(to / 1000n) },
  };
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

console.log(`\n== warm-up: ${WARMUP} submissions`);
for (let i = 0; i < WARMUP; i++) await submit(await upload());

console.log(`== cost: ${MEASURED} uploads, then ${MEASURED} submissions, one at a time`);
const uploads: Upload[] = [];
const uploadCost = await measure(MEASURED, async () => void uploads.push(await upload()));
const submitCost = await measure(MEASURED, (i) => submit(uploads[i]!));

console.log(`== latency: ${SUBMITTERS} concurrent submitters x ${PER_SUBMITTER}`);
const timings = { upload: [] as number[], submit: [] as number[], total: [] as number[] };
async function timed<T>(list: number[], work: () => Promise<T>): Promise<T> {
  const start = performance.now();
  try {
    return await work();
  } finally {
    list.push(performance.now() - start);
  }
}
const latencyStarted = performance.now();
await Promise.all(
  Array.from({ length: SUBMITTERS }, async () => {
    for (let i = 0; i < PER_SUBMITTER; i++) {
      const started = performance.now();
      try {
        const attachment = await timed(timings.upload, upload);
        await timed(timings.submit, () => submit(attachment));
        timings.total.push(performance.now() - started);
      } catch (error) {
        failures.push(String(error));
      }
    }
  }),
);
const latencySeconds = (performance.now() - latencyStarted) / 1000;
await db.end();

const latency = (Object.keys(timings) as (keyof typeof timings)[]).map((kind) => ({
  kind,
  count: timings[kind].length,
  p50: percentile(timings[kind], 50),
  p95: percentile(timings[kind], 95),
  p99: percentile(timings[kind], 99),
}));

const fmt = (n: number, digits = 1) => n.toFixed(digits);
console.log("\nrequest                 server CPU ms   SQL statements   (each, one at a time)");
console.log(`upload (200 KB PDF)     ${fmt(uploadCost.cpuMsPerRequest).padStart(13)}   ${fmt(uploadCost.statementsPerRequest).padStart(14)}`);
console.log(`submit application      ${fmt(submitCost.cpuMsPerRequest).padStart(13)}   ${fmt(submitCost.statementsPerRequest).padStart(14)}`);
console.log("\nstatements per submission:");
for (const s of submitCost.statements) console.log(`  ${fmt(s.perRequest, 2).padStart(5)}  ${s.query}`);
console.log("\nstatements per upload:");
for (const s of uploadCost.statements) console.log(`  ${fmt(s.perRequest, 2).padStart(5)}  ${s.query}`);
console.log(`\nunder ${SUBMITTERS} concurrent submitters (${fmt(latencySeconds)} s):`);
console.log("request                 count    p50 ms    p95 ms    p99 ms");
for (const r of latency) {
  const label = { upload: "upload (200 KB PDF)", submit: "submit application", total: "upload + submit" }[r.kind];
  console.log(`${label.padEnd(22)} ${String(r.count).padStart(6)} ${fmt(r.p50, 0).padStart(9)} ${fmt(r.p95, 0).padStart(9)} ${fmt(r.p99, 0).padStart(9)}`);
}
console.log(`acknowledged: ${references.size} distinct references; failures: ${failures.length}`);
for (const f of failures.slice(0, 10)) console.log(`  ${f}`);

const targets = [
  { target: `submission: server CPU ≤ ${CPU_TARGET_MS} ms`, figure: `${fmt(submitCost.cpuMsPerRequest)} ms (upload ${fmt(uploadCost.cpuMsPerRequest)} ms)`, holds: submitCost.cpuMsPerRequest <= CPU_TARGET_MS },
  { target: `submission: ≤ ${STATEMENT_TARGET} SQL statements`, figure: `${fmt(submitCost.statementsPerRequest)} (upload ${fmt(uploadCost.statementsPerRequest)})`, holds: submitCost.statementsPerRequest <= STATEMENT_TARGET },
  { target: "submission: every acknowledgement its own reference, no failure", figure: `${references.size} references, ${failures.length} failures`, holds: failures.length === 0 },
];
mkdirSync(path.dirname(output), { recursive: true });
writeFileSync(output, JSON.stringify({ uploadCost, submitCost, latency, latencySeconds, acknowledged: references.size, failures, targets }, null, 2));
