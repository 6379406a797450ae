// Applicants under load and faults, against the load balancer that scripts/load.sh starts in front of two
// production instances on PostgreSQL. Each applicant uploads a PDF (POST /api/v1/uploads) and submits an
// application to the practice call (which scripts/load.sh opens with npm run db:demo) with its own
// Idempotency-Key; on a 502, a 503 or a lost connection it retries the same request
// (the submission with the same key) after Retry-After or a short backoff. Phases:
//   1. steady: 200 concurrent applicants, including some whose mass exceeds the free capacity (refused, 409);
//      then the Idempotency-Key claim the balancer relies on: replays, and one key sent to both instances at once;
//   1c. the mail server (an SMTP sink, bench/load-mail.ts) is down for 10 s in the middle of a wave;
//   2. PostgreSQL restarts in the middle of a wave: requests meanwhile get the JSON 503 with Retry-After;
//   2b. an editor's change through one instance shows on the other's public page within 2 s (bench/load-cross-instance.ts);
//   3. one instance is killed (SIGKILL) in the middle of a wave: the other serves it to the end;
//   4. a full upload store answers 507 upload_store_full (when UPLOAD_STORE_LIMIT_BYTES exists).
// After each phase the database itself is checked: every acknowledged submission exactly once, nothing
// half-written, capacity never exceeded; once the outbox has drained, exactly one confirmation email for each
// submission made. Exits 1 when an invariant fails; latency is reported, never judged, and so
// are the 503 "busy" answers an instance sheds when its database connections stay taken (a symptom of latency).
// With LOAD_MODE=open (scripts/load.sh --open-loop) submissions arrive at a fixed rate instead, and bench/load-open.ts
// measures them with the same applicants' code and the same checks.
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { appendFileSync, createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import pg from "pg";
import { IDEMPOTENCY_KEY_HEADER } from "../src/lib/validation/application-api";
import { PRACTICE_CALL_SLUG } from "../prisma/practice-call";
import { leadAnswers, payloadAnswers, pdfBytes, scienceAnswers } from "../tests/factories/application-answers";
import { MAIL_SETTINGS, MailSink, checkMail, describeMailCheck } from "./load-mail";
import { CROSS_INSTANCE_LIMIT_MS, checkCrossInstanceEdit, describeCrossInstance } from "./load-cross-instance";

// The practice call's pools are its carriers ("service-module" is SERVICE_MODULE), as the applications name them.
const CARRIER_OF_POOL = `upper(replace(c."key", '-', '_'))`;

const mode = process.env.LOAD_MODE === "check" ? "check" : "bench";
const openLoop = process.env.LOAD_MODE === "open";
const baseUrl = process.env.LOAD_BASE_URL ?? "http://127.0.0.1:3630";
const databaseUrl = process.env.LOAD_DATABASE_URL ?? "";
const runDir = process.env.LOAD_RUN_DIR ?? "";
const nginxLog = process.env.LOAD_NGINX_LOG ?? "";
const output = process.env.LOAD_OUTPUT ?? "bench-results/load.json";
const instances = (process.env.LOAD_INSTANCES ?? "")
  .split(",")
  .filter(Boolean)
  .map((entry) => {
    const [port, pgid] = entry.split(":").map(Number);
    return { port: port!, pgid: pgid!, url: `http://127.0.0.1:${port}` };
  });
if (!databaseUrl || instances.length !== 2 || !runDir) {
  console.error("bench/load.ts runs from scripts/load.sh (npm run bench:load), which sets LOAD_DATABASE_URL, LOAD_INSTANCES and LOAD_RUN_DIR.");
  process.exit(2);
}

// --check (CI) runs shorter fault waves and one steady round; the steady phase has 200 applicants in both.
const SETTINGS = {
  bench: { applicants: 200, steadyRounds: 3, restartWaveMs: 30_000, restartAtMs: 6_000, downSeconds: 8, killWaveMs: 20_000, killAtMs: 5_000 },
  check: { applicants: 200, steadyRounds: 1, restartWaveMs: 16_000, restartAtMs: 4_000, downSeconds: 5, killWaveMs: 12_000, killAtMs: 4_000 },
}[mode];
// Each request waits up to this long first, as a person filling in a form would (LOAD_THINK_MS=0: a closed loop).
// Open-loop arrivals are scheduled: a pause inside one would be counted as its latency.
const THINK_MS = openLoop ? 0 : Number(process.env.LOAD_THINK_MS ?? 1000);
// A submission not acknowledged this long after its first attempt counts as lost.
const COMPLETE_WITHIN_MS = 90_000;
const REQUEST_TIMEOUT_MS = 65_000;
// One applicant in this many asks for more than the carrier has free, and must be refused.
const OVER_CAPACITY_EVERY = 20;
const TARGET_P95_MS = 300;
const PHASE_IDS = ["steady", "idempotency", "mail", "restart", "kill"] as const;
type PhaseId = (typeof PHASE_IDS)[number];

const pdf = Buffer.from(pdfBytes(8 * 1024));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const jitter = (ms: number) => Math.random() * ms;

// ---------------------------------------------------------------- HTTP, one connection pool per applicant

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  ms: number;
}

/** An applicant: its own keep-alive pool and its own loopback address, so each counts as one client. */
export interface Applicant {
  index: number;
  agent: http.Agent;
  localAddress: string;
}

const applicants: Applicant[] = Array.from({ length: SETTINGS.applicants }, (_, index) => ({
  index,
  agent: new http.Agent({ keepAlive: true, maxSockets: 4 }),
  localAddress: `127.0.${1 + Math.floor(index / 250)}.${1 + (index % 250)}`,
}));

function send(applicant: Applicant, origin: string, method: string, pathname: string, headers: Record<string, string>, body?: Buffer): Promise<Answer> {
  const started = performance.now();
  const url = new URL(pathname, origin);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method,
        agent: applicant.agent,
        localAddress: applicant.localAddress,
        headers: { ...headers, ...(body ? { "Content-Length": String(body.byteLength) } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("error", reject);
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString("utf8"), ms: performance.now() - started }),
        );
      },
    );
    req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error(`no answer in ${REQUEST_TIMEOUT_MS} ms`)));
    req.on("error", reject);
    req.end(body);
  });
}

function jsonOf(answer: Answer): Record<string, unknown> | null {
  try {
    return JSON.parse(answer.text) as Record<string, unknown>;
  } catch {
    return null;
  }
}

const errorCode = (answer: Answer) => ((jsonOf(answer)?.error ?? {}) as { code?: string }).code;

// ---------------------------------------------------------------- what each phase saw

type Kind = "upload" | "submit";

export class PhaseStats {
  startedAt = 0;
  endedAt = 0;
  faultAt: number | null = null;
  faultEndedAt: number | null = null;
  readonly latencies: Record<Kind, number[]> = { upload: [], submit: [] };
  readonly statuses: Record<string, number> = {};
  requests = 0;
  networkErrors = 0;
  outage503 = 0;
  /** 503s an instance sheds when its database pool stays busy for seconds: retried, reported, never a failure. */
  busy503 = 0;
  killed502 = 0;
  /** Answers no client should ever get here: kept as samples, each one an invariant failure. */
  readonly unexpected: string[] = [];
  unexpectedCount = 0;
  firstAckAfterFault: number | null = null;
  acksAfterFault = 0;

  /** A closed-loop phase, or an open-loop run (bench/load-open.ts). */
  constructor(readonly id: PhaseId | `open-${string}`) {}

  answered(kind: Kind, answer: Answer) {
    this.requests++;
    this.statuses[`${kind} ${answer.status}`] = (this.statuses[`${kind} ${answer.status}`] ?? 0) + 1;
    // Latency of served requests: the outage's instant 503s would flatter the figures.
    if (answer.status < 500) this.latencies[kind].push(answer.ms);
  }

  fail(message: string) {
    this.unexpectedCount++;
    if (this.unexpected.length < 12) this.unexpected.push(message);
  }
}

const phases = new Map<PhaseId, PhaseStats>(PHASE_IDS.map((id) => [id, new PhaseStats(id)]));

/** Whether a 5xx is the one this phase's fault explains, and then how long to wait before retrying. */
function expectedFailure(stats: PhaseStats, kind: Kind, answer: Answer): number | null {
  const retryAfter = Number(answer.headers["retry-after"]);
  const message = ((jsonOf(answer)?.error ?? {}) as { message?: string }).message ?? "";
  if (answer.status === 503 && errorCode(answer) === "service_unavailable" && /busy/i.test(message) && retryAfter > 0) {
    stats.busy503++;
    return retryAfter * 1000 + jitter(1000);
  }
  if (answer.status === 503 && stats.id === "restart") {
    stats.outage503++;
    if (errorCode(answer) !== "service_unavailable") stats.fail(`${kind} 503 without the JSON error service_unavailable: ${answer.text.slice(0, 160)}`);
    if (!(retryAfter > 0)) stats.fail(`${kind} 503 without a Retry-After header`);
    return (retryAfter > 0 ? retryAfter * 1000 : 2000) + jitter(1000);
  }
  if (answer.status === 502 && stats.id === "kill") {
    stats.killed502++;
    return 250 + jitter(500);
  }
  return null;
}

// ---------------------------------------------------------------- one applicant's submission

export interface Attempt {
  phase: PhaseStats["id"];
  email: string;
  key: string;
  carrier: "ORBITER" | "SERVICE_MODULE";
  massKg: number;
  overCapacity: boolean;
  body: string;
  /** Upload tries that got no answer (or a 5xx), whose file may or may not have been stored. */
  uploadTriesUnanswered: number;
  uploadId: string | null;
  outcome: "acknowledged" | "refused" | "failed" | "lost";
  reference: string | null;
  /** 201, or 200 when the answer was a replay of a submission made by an earlier try of the same key. */
  ackStatus: number | null;
  ackAt: number | null;
}

const attempts: Attempt[] = [];
let freeKg: Record<string, number> = {};
let attemptCounter = 0;

function newAttempt(phase: PhaseStats["id"]): Attempt {
  const n = attemptCounter++;
  const overCapacity = n % OVER_CAPACITY_EVERY === OVER_CAPACITY_EVERY - 1;
  // Over capacity: more than the service module has free, within the form's 15 kg bound.
  const carrier = overCapacity || n % 2 === 0 ? "SERVICE_MODULE" : "ORBITER";
  const massKg = overCapacity ? Math.min(15, Math.floor((freeKg.SERVICE_MODULE ?? 5) + 1)) : 0.001;
  const attempt: Attempt = {
    phase,
    email: `load-${phase}-${n}-${randomUUID().slice(0, 8)}@example.org`,
    key: randomUUID(),
    carrier,
    massKg,
    overCapacity,
    body: "",
    uploadTriesUnanswered: 0,
    uploadId: null,
    outcome: "lost",
    reference: null,
    ackStatus: null,
    ackAt: null,
  };
  attempts.push(attempt);
  return attempt;
}

async function multipartUpload(): Promise<{ body: Buffer; contentType: string }> {
  const form = new FormData();
  form.set("kind", "TECHNICAL_DESCRIPTION");
  form.set("file", new Blob([pdf], { type: "application/pdf" }), "technical-description.pdf");
  const encoded = new Response(form);
  return { body: Buffer.from(await encoded.arrayBuffer()), contentType: encoded.headers.get("content-type")! };
}

/** Sends one request until it gets an answer other than the phase's expected 5xx; null when the deadline passed. */
async function untilAnswered(stats: PhaseStats, kind: Kind, deadline: number, request: () => Promise<Answer>, onUnanswered?: () => void): Promise<Answer | null> {
  let backoff = 250;
  while (Date.now() < deadline) {
    if (THINK_MS > 0) await sleep(jitter(THINK_MS));
    let answer: Answer;
    try {
      answer = await request();
    } catch (error) {
      stats.networkErrors++;
      // Only a fault explains a lost connection.
      if (stats.id !== "restart" && stats.id !== "kill") stats.fail(`${kind}: ${String(error)}`);
      onUnanswered?.();
      await sleep(backoff + jitter(backoff));
      backoff = Math.min(backoff * 2, 4000);
      continue;
    }
    stats.answered(kind, answer);
    const wait = expectedFailure(stats, kind, answer);
    if (wait === null) return answer;
    onUnanswered?.();
    await sleep(wait);
  }
  return null;
}

async function submitApplication(applicant: Applicant, stats: PhaseStats, attempt: Attempt, origin = baseUrl): Promise<void> {
  const deadline = Date.now() + COMPLETE_WITHIN_MS;
  const { body: uploadBody, contentType } = await multipartUpload();
  const uploaded = await untilAnswered(
    stats,
    "upload",
    deadline,
    () => send(applicant, origin, "POST", "/api/v1/uploads", { "Content-Type": contentType }, uploadBody),
    () => attempt.uploadTriesUnanswered++,
  );
  if (!uploaded) return;
  if (uploaded.status !== 201) {
    attempt.outcome = "failed";
    return stats.fail(`upload ${uploaded.status}: ${uploaded.text.slice(0, 160)}`);
  }
  const upload = (jsonOf(uploaded)?.data ?? {}) as { uploadId: string; uploadToken: string };
  attempt.uploadId = upload.uploadId;
  attempt.body = JSON.stringify({
    email: attempt.email,
    lead: leadAnswers(),
    payload: payloadAnswers({ carrier: attempt.carrier, massKg: attempt.massKg }),
    science: scienceAnswers(),
    attachments: [{ uploadId: upload.uploadId, uploadToken: upload.uploadToken }],
  });
  const headers = { "Content-Type": "application/json", [IDEMPOTENCY_KEY_HEADER]: attempt.key };
  const submitted = await untilAnswered(stats, "submit", deadline, () =>
    send(applicant, origin, "POST", `/api/v1/opportunities/${PRACTICE_CALL_SLUG}/applications`, headers, Buffer.from(attempt.body)),
  );
  if (!submitted) return;
  recordSubmitAnswer(stats, attempt, submitted);
}

function recordSubmitAnswer(stats: PhaseStats, attempt: Attempt, answer: Answer) {
  const replayed = answer.status === 200 && answer.headers["idempotent-replayed"] === "true";
  if (answer.status === 201 || replayed) {
    const reference = ((jsonOf(answer)?.data ?? {}) as { reference?: string }).reference ?? null;
    Object.assign(attempt, { outcome: "acknowledged", reference, ackStatus: answer.status, ackAt: Date.now() });
    if (!reference) stats.fail(`acknowledged without a reference: ${answer.text.slice(0, 160)}`);
    if (attempt.overCapacity) stats.fail(`a ${attempt.massKg} kg payload beyond the free ${attempt.carrier} capacity was accepted`);
    if (stats.faultEndedAt !== null && Date.now() >= stats.faultEndedAt) {
      stats.acksAfterFault++;
      stats.firstAckAfterFault ??= Date.now();
    }
    return;
  }
  if (answer.status === 409 && errorCode(answer) === "over_capacity" && attempt.overCapacity) {
    attempt.outcome = "refused";
    return;
  }
  attempt.outcome = "failed";
  stats.fail(`submit ${answer.status}: ${answer.text.slice(0, 160)}`);
}

// ---------------------------------------------------------------- waves

/** Every applicant submits `rounds` times, or again and again until `forMs` has passed; `fault` runs at its time. */
async function runWave(stats: PhaseStats, plan: { rounds?: number; forMs?: number }, fault?: { atMs: number; run: () => Promise<void> }) {
  stats.startedAt = Date.now();
  const waveEnd = stats.startedAt + (plan.forMs ?? 0);
  const faultDone = fault
    ? sleep(fault.atMs).then(async () => {
        stats.faultAt = Date.now();
        await fault.run();
        stats.faultEndedAt = Date.now();
      })
    : Promise.resolve();
  await Promise.all([
    faultDone,
    ...applicants.map(async (applicant) => {
      for (let round = 0; plan.rounds !== undefined ? round < plan.rounds : Date.now() < waveEnd; round++) {
        const attempt = newAttempt(stats.id as PhaseId);
        await submitApplication(applicant, stats, attempt).catch((error: unknown) => {
          attempt.outcome = "failed";
          stats.fail(`client error: ${String(error)}`);
        });
      }
    }),
  ]);
  stats.endedAt = Date.now();
}

/** What the balancer's retry of a POST on the other instance relies on, checked rather than assumed. */
async function checkIdempotency(stats: PhaseStats) {
  stats.startedAt = Date.now();
  const headersFor = (attempt: Attempt) => ({ "Content-Type": "application/json", [IDEMPOTENCY_KEY_HEADER]: attempt.key });
  const path = `/api/v1/opportunities/${PRACTICE_CALL_SLUG}/applications`;
  // A replay through the balancer answers 200 with the first reference and writes nothing.
  const acknowledged = attempts.filter((a) => a.phase === "steady" && a.outcome === "acknowledged").slice(0, 20);
  await Promise.all(
    acknowledged.map(async (attempt, i) => {
      const answer = await send(applicants[i]!, baseUrl, "POST", path, headersFor(attempt), Buffer.from(attempt.body));
      stats.answered("submit", answer);
      const reference = ((jsonOf(answer)?.data ?? {}) as { reference?: string }).reference;
      if (answer.status !== 200 || answer.headers["idempotent-replayed"] !== "true" || reference !== attempt.reference) {
        stats.fail(`replay of ${attempt.reference} answered ${answer.status} ${answer.text.slice(0, 120)}`);
      }
    }),
  );
  // The same new submission sent to both instances at once: one application, both told its reference.
  await Promise.all(
    applicants.slice(0, 20).map(async (applicant) => {
      const attempt = newAttempt("idempotency");
      attempt.carrier = "ORBITER";
      attempt.massKg = 0.001;
      attempt.overCapacity = false;
      const { body, contentType } = await multipartUpload();
      const uploaded = await send(applicant, instances[0]!.url, "POST", "/api/v1/uploads", { "Content-Type": contentType }, body);
      stats.answered("upload", uploaded);
      if (uploaded.status !== 201) {
        attempt.outcome = "failed";
        return stats.fail(`upload ${uploaded.status}: ${uploaded.text.slice(0, 120)}`);
      }
      const upload = (jsonOf(uploaded)?.data ?? {}) as { uploadId: string; uploadToken: string };
      attempt.uploadId = upload.uploadId;
      attempt.body = JSON.stringify({
        email: attempt.email,
        lead: leadAnswers(),
        payload: payloadAnswers({ carrier: attempt.carrier, massKg: attempt.massKg }),
        science: scienceAnswers(),
        attachments: [{ uploadId: upload.uploadId, uploadToken: upload.uploadToken }],
      });
      const answers = await Promise.all(instances.map((instance) => send(applicant, instance.url, "POST", path, headersFor(attempt), Buffer.from(attempt.body))));
      answers.forEach((answer) => stats.answered("submit", answer));
      const references = new Set(answers.map((answer) => ((jsonOf(answer)?.data ?? {}) as { reference?: string }).reference));
      const statuses = answers.map((answer) => answer.status).sort();
      if (statuses.join() !== "200,201" || references.size !== 1 || references.has(undefined)) {
        attempt.outcome = "failed";
        return stats.fail(`one key on both instances answered ${statuses.join(" and ")} with references ${[...references].join(", ")}`);
      }
      recordSubmitAnswer(stats, attempt, answers.find((answer) => answer.status === 201)!);
    }),
  );
  // The same key with a different body is refused, not treated as a replay.
  const reused = acknowledged[0];
  if (reused) {
    const changed = JSON.stringify({ ...JSON.parse(reused.body), email: `load-reused-${randomUUID().slice(0, 8)}@example.org` });
    const answer = await send(applicants[0]!, baseUrl, "POST", path, headersFor(reused), Buffer.from(changed));
    stats.answered("submit", answer);
    if (answer.status !== 422 || errorCode(answer) !== "idempotency_key_reused") stats.fail(`a reused key with another body answered ${answer.status}`);
  }
  stats.endedAt = Date.now();
}

// ---------------------------------------------------------------- faults

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "inherit", "inherit"] });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(" ")} exited with ${code}`))));
  });
}

async function waitForHealth(url: string, withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline) {
    const status = await fetch(`${url}/api/health`).then((r) => r.status, () => 0);
    if (status === 200) return true;
    await sleep(500);
  }
  return false;
}

/** Phase 4: an instance with a tiny UPLOAD_STORE_LIMIT_BYTES must refuse an upload with a clear 507. */
async function checkFullUploadStore(db: pg.Client, port: number): Promise<{ status: string; detail: string; failures: string[] }> {
  const envSource = readFileSync("src/env.ts", "utf8");
  if (!envSource.includes("UPLOAD_STORE_LIMIT_BYTES")) {
    return { status: "missing", detail: "src/env.ts has no UPLOAD_STORE_LIMIT_BYTES: the upload store has no limit to fill", failures: [] };
  }
  const instanceEnv = Object.fromEntries(
    readFileSync(path.join(runDir, "instance.env"), "utf8")
      .split("\n")
      .filter(Boolean)
      .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
  );
  const log = createWriteStream(`bench-results/load-instance-${port}-store-full.log`);
  await new Promise((resolve) => log.once("open", resolve));
  const child = spawn("node", ["runtime/server.mjs"], {
    detached: true,
    stdio: ["ignore", log, log],
    env: { ...process.env, ...instanceEnv, PORT: String(port), UPLOAD_STORE_LIMIT_BYTES: "1024" },
  });
  appendFileSync(path.join(runDir, "pgids"), `${child.pid}\n`);
  const url = `http://127.0.0.1:${port}`;
  try {
    if (!(await waitForHealth(url, 120_000))) return { status: "failed", detail: "", failures: [`the instance with a full upload store did not start (log in ${log.path})`] };
    const count = async () => (await db.query<{ n: string }>(`SELECT (SELECT count(*) FROM "Attachment") + (SELECT count(*) FROM "StoredFile") AS n`)).rows[0]!.n;
    const before = await count();
    const { body, contentType } = await multipartUpload();
    const answer = await send(applicants[0]!, url, "POST", "/api/v1/uploads", { "Content-Type": contentType }, body);
    const failures: string[] = [];
    const error = (jsonOf(answer)?.error ?? {}) as { code?: string; message?: string };
    if (answer.status !== 507 || error.code !== "upload_store_full" || !error.message) {
      failures.push(`an upload to a full store answered ${answer.status} ${answer.text.slice(0, 160)}, not 507 upload_store_full`);
    }
    if ((await count()) !== before) failures.push("the refused upload left rows behind");
    return { status: failures.length ? "failed" : "ok", detail: `${answer.status} ${error.code ?? ""}: ${error.message ?? answer.text.slice(0, 120)}`, failures };
  } finally {
    try {
      process.kill(-child.pid!, "SIGTERM");
    } catch {
      // Already gone.
    }
  }
}

// ---------------------------------------------------------------- the database's own account

export interface Verification {
  failures: string[];
  applications: number;
  acknowledged: number;
  orphanUploads: number;
  orphanUploadsExplained: number;
  orphanFiles: number;
  confirmationsMissing: number;
  capacity: { carrier: string; massKg: number; reservedKg: number; largestSubmittedKg: number }[];
}

async function verify(db: pg.Client): Promise<Verification> {
  const failures: string[] = [];
  const rows = (
    await db.query<{
      id: string;
      email: string;
      status: string;
      reference: string | null;
      idempotencyKey: string | null;
      complete: boolean;
      detail: string;
    }>(`
    SELECT a.id, a.email, a.status::text AS status, a.reference, a."idempotencyKey",
      (a.status = 'SUBMITTED' AND a.reference IS NOT NULL AND a."submittedAt" IS NOT NULL AND a."idempotencyKey" IS NOT NULL
        AND a.carrier IS NOT NULL AND a."massKg" IS NOT NULL AND a."leadInstitution" IS NOT NULL AND a."payloadName" IS NOT NULL
        AND a.answers ?& array['lead', 'payload', 'science']
        AND tech.n = 1 AND broken.n = 0 AND ev.statuses = 'DRAFT,SUBMITTED') AS complete,
      concat_ws(' ', a.status::text, 'ref=' || coalesce(a.reference, '-'), 'technical=' || tech.n, 'broken=' || broken.n, 'events=' || coalesce(ev.statuses, '-')) AS detail
    FROM "Application" a
    CROSS JOIN LATERAL (SELECT count(*)::int AS n FROM "Attachment" t WHERE t."applicationId" = a.id AND t.kind = 'TECHNICAL_DESCRIPTION') tech
    CROSS JOIN LATERAL (SELECT count(*)::int AS n FROM "Attachment" t LEFT JOIN "StoredFile" f ON f.key = t."storageKey"
      WHERE t."applicationId" = a.id AND (f.key IS NULL OR t."uploadTokenHash" IS NOT NULL)) broken
    CROSS JOIN LATERAL (SELECT string_agg(e.status::text, ',' ORDER BY e.at, e.status) AS statuses FROM "ApplicationEvent" e WHERE e."applicationId" = a.id) ev`)
  ).rows;
  const byEmail = new Map<string, typeof rows>();
  for (const row of rows) byEmail.set(row.email, [...(byEmail.get(row.email) ?? []), row]);
  // Half-written: any application, acknowledged or not, that is not a complete submission.
  for (const row of rows.filter((r) => !r.complete)) failures.push(`half-written application ${row.id} (${row.email}): ${row.detail}`);

  const byReference = new Map(rows.filter((r) => r.reference).map((r) => [r.reference!, r]));
  const seenReferences = new Set<string>();
  for (const attempt of attempts) {
    const found = byEmail.get(attempt.email) ?? [];
    if (found.length > 1) failures.push(`${found.length} applications for one submission (${attempt.email})`);
    if (attempt.outcome === "acknowledged") {
      const row = attempt.reference ? byReference.get(attempt.reference) : undefined;
      if (!row || row.email !== attempt.email || row.idempotencyKey !== attempt.key) {
        failures.push(`acknowledged ${attempt.reference} (${attempt.email}) is not in the database as submitted`);
      }
      if (attempt.reference && seenReferences.has(attempt.reference)) failures.push(`reference ${attempt.reference} acknowledged to two submissions`);
      if (attempt.reference) seenReferences.add(attempt.reference);
    } else if (attempt.outcome === "refused" && found.length > 0) {
      failures.push(`a submission refused for capacity was kept (${attempt.email})`);
    }
  }
  const duplicateKeys = await db.query(`SELECT "idempotencyKey" FROM "Application" WHERE "idempotencyKey" IS NOT NULL GROUP BY 1 HAVING count(*) > 1`);
  if (duplicateKeys.rowCount) failures.push(`${duplicateKeys.rowCount} idempotency keys with several applications`);

  // Submitting does not reserve capacity (accepting does, in the staff panel): each submission must fit what is free.
  const capacity = (
    await db.query<{ carrier: string; massKg: string; reservedKg: string; largest: string | null }>(`
    SELECT ${CARRIER_OF_POOL} AS carrier, c."capacity"::text AS "massKg", c."reserved"::text AS "reservedKg",
      (SELECT max(a."massKg")::text FROM "Application" a WHERE a."opportunityId" = c."opportunityId" AND a.carrier::text = ${CARRIER_OF_POOL} AND a.status <> 'DRAFT') AS largest
    FROM "ResourcePool" c JOIN "Opportunity" o ON o.id = c."opportunityId" WHERE o.slug = $1 ORDER BY 1`, [PRACTICE_CALL_SLUG])
  ).rows.map((r) => ({ carrier: r.carrier, massKg: Number(r.massKg), reservedKg: Number(r.reservedKg), largestSubmittedKg: Number(r.largest ?? 0) }));
  for (const c of capacity) {
    if (c.reservedKg > c.massKg) failures.push(`${c.carrier}: ${c.reservedKg} kg reserved of ${c.massKg} kg`);
    if (c.largestSubmittedKg > c.massKg - c.reservedKg) failures.push(`${c.carrier}: a ${c.largestSubmittedKg} kg payload submitted with ${c.massKg - c.reservedKg} kg free`);
  }

  // Uploads wait unattached until a submission names them, and nothing expires them: those are allowed when the
  // client did not attach them (refused or lost submissions) or never learnt of them (an upload whose answer was lost).
  const orphans = (await db.query<{ id: string }>(`SELECT id FROM "Attachment" WHERE "applicationId" IS NULL`)).rows;
  const acknowledgedUploads = new Set(attempts.filter((a) => a.outcome === "acknowledged").map((a) => a.uploadId));
  for (const orphan of orphans.filter((o) => acknowledgedUploads.has(o.id))) failures.push(`upload ${orphan.id} of an acknowledged submission is unattached`);
  const explained =
    attempts.filter((a) => a.uploadId && a.outcome !== "acknowledged").length + attempts.reduce((n, a) => n + a.uploadTriesUnanswered, 0);
  if (orphans.length > explained) failures.push(`${orphans.length} unattached uploads where at most ${explained} are explained`);
  const orphanFiles = Number(
    (await db.query<{ n: string }>(`SELECT count(*) AS n FROM "StoredFile" f WHERE NOT EXISTS (SELECT 1 FROM "Attachment" t WHERE t."storageKey" = f.key)`)).rows[0]!.n,
  );
  if (orphanFiles > 0) failures.push(`${orphanFiles} stored files belong to no attachment (an upload half-written)`);

  // Mail is sent after the submission commits: reported, not an invariant.
  const confirmed = new Set(
    (await db.query<{ to: string }>(`SELECT DISTINCT "to" FROM "OutboxEmail" WHERE "to" LIKE 'load-%'`)).rows.map((r) => r.to),
  );
  const acknowledgedAttempts = attempts.filter((a) => a.outcome === "acknowledged");
  return {
    failures,
    applications: rows.length,
    acknowledged: acknowledgedAttempts.length,
    orphanUploads: orphans.length,
    orphanUploadsExplained: explained,
    orphanFiles,
    confirmationsMissing: acknowledgedAttempts.filter((a) => !confirmed.has(a.email)).length,
    capacity,
  };
}

// ---------------------------------------------------------------- the balancer's account

/** Requests nginx answered in a time window: by the instance that answered, and how many it retried on the other. */
function balancerFigures(fromMs: number, toMs: number) {
  const byInstance: Record<string, number> = {};
  let retried = 0;
  if (!nginxLog || !existsSync(nginxLog)) return { byInstance, retried };
  for (const line of readFileSync(nginxLog, "utf8").split("\n")) {
    const match = /^(\d+\.\d+) (\d+) (\S+(?:, \S+)*) "([^"]*)"/.exec(line);
    if (!match) continue;
    const at = Number(match[1]) * 1000;
    if (at < fromMs || at > toMs) continue;
    const upstreams = match[4]!.split(", ");
    const last = upstreams.at(-1)!;
    byInstance[last] = (byInstance[last] ?? 0) + 1;
    if (upstreams.length > 1) retried++;
  }
  return { byInstance, retried };
}

// ---------------------------------------------------------------- the run

function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const db = new pg.Client({ connectionString: databaseUrl });
await db.connect();
// The restart below cuts this connection too: the checks reconnect.
db.on("error", () => {});
let checker = db;
async function freshChecker(): Promise<pg.Client> {
  const ok = await checker.query("SELECT 1").then(() => true, () => false);
  if (ok) return checker;
  await checker.end().catch(() => {});
  checker = new pg.Client({ connectionString: databaseUrl });
  checker.on("error", () => {});
  await checker.connect();
  return checker;
}

freeKg = Object.fromEntries(
  (
    await db.query<{ carrier: string; free: string }>(
      `SELECT ${CARRIER_OF_POOL} AS carrier, (c."capacity" - c."reserved")::text AS free FROM "ResourcePool" c JOIN "Opportunity" o ON o.id = c."opportunityId" WHERE o.slug = $1`,
      [PRACTICE_CALL_SLUG],
    )
  ).rows.map((r) => [r.carrier, Number(r.free)]),
);

const verifications: Record<string, Verification> = {};
const invariantFailures: string[] = [];
async function verifyAfter(phase: string) {
  const result = await verify(await freshChecker());
  verifications[phase] = result;
  const stats = phases.get(phase as PhaseId);
  const failures = [...(stats ? stats.unexpected.map((u) => `${phase}: ${u}`) : []), ...result.failures.map((f) => `${phase}: ${f}`)];
  if (stats && stats.unexpectedCount > stats.unexpected.length) failures.push(`${phase}: ... ${stats.unexpectedCount - stats.unexpected.length} more unexpected answers`);
  const unfinished = attempts.filter((a) => a.phase === phase && a.outcome === "lost").length;
  if (unfinished > 0) failures.push(`${phase}: ${unfinished} submissions still unanswered ${COMPLETE_WITHIN_MS / 1000} s after their first try`);
  // The fault must pass: PostgreSQL back, or the surviving instance serving.
  if (stats?.faultEndedAt && stats.acksAfterFault === 0) failures.push(`${phase}: nothing acknowledged after the fault`);
  for (const f of failures) if (!invariantFailures.includes(f)) invariantFailures.push(f);
  console.log(
    `   ${phase}: ${result.acknowledged} acknowledged so far, ${result.applications} applications in the database, ` +
      `${result.failures.length === 0 && (stats?.unexpectedCount ?? 0) === 0 ? "invariants hold" : `${failures.length} problems`}`,
  );
}

if (openLoop) {
  const { runOpenLoop } = await import("./load-open");
  const held = await runOpenLoop({
    baseUrl,
    output,
    nginxLog,
    attempts,
    completeWithinMs: COMPLETE_WITHIN_MS,
    newStats: (id) => new PhaseStats(id),
    newAttempt,
    submitApplication: (applicant, stats, attempt) => submitApplication(applicant, stats, attempt),
    verify,
    db: freshChecker,
    mailSink: MailSink.fromEnv(runDir),
    balancerFigures,
    percentile,
  });
  await checker.end().catch(() => {});
  for (const applicant of applicants) applicant.agent.destroy();
  process.exit(held ? 0 : 1);
}

console.log(`\nLoad and faults (${mode}): ${SETTINGS.applicants} applicants through ${baseUrl}, instances ${instances.map((i) => i.port).join(" and ")}`);

console.log(`== 1. steady: ${SETTINGS.applicants} applicants x ${SETTINGS.steadyRounds} submissions`);
await runWave(phases.get("steady")!, { rounds: SETTINGS.steadyRounds });
await verifyAfter("steady");

console.log("== 1b. idempotency: replays, and one key on both instances at once");
await checkIdempotency(phases.get("idempotency")!);
await verifyAfter("idempotency");

const MAIL = MAIL_SETTINGS[mode];
const mailSink = MailSink.fromEnv(runDir);
console.log(`== 1c. mail server down for ${MAIL.downMs / 1000} s, ${MAIL.downAtMs / 1000} s into a ${MAIL.waveMs / 1000} s wave`);
await runWave(phases.get("mail")!, { forMs: MAIL.waveMs }, { atMs: MAIL.downAtMs, run: () => mailSink.outage(MAIL.downMs) });
await verifyAfter("mail");

console.log(`== 2. PostgreSQL restart (${SETTINGS.downSeconds} s down) ${SETTINGS.restartAtMs / 1000} s into a ${SETTINGS.restartWaveMs / 1000} s wave`);
await runWave(phases.get("restart")!, { forMs: SETTINGS.restartWaveMs }, {
  atMs: SETTINGS.restartAtMs,
  run: async () => {
    // PostgreSQL stops once confirmations are going out (if they do before the wave's end), so a sent message's record has to wait for it.
    await mailSink.untilFlowing("load-restart-", SETTINGS.restartWaveMs - SETTINGS.restartAtMs - SETTINGS.downSeconds * 1000);
    phases.get("restart")!.faultAt = Date.now();
    await run("bash", ["scripts/postgres.sh", "restart", databaseUrl, String(SETTINGS.downSeconds)]);
  },
});
await verifyAfter("restart");

console.log(`== 2b. an edit through the instance on port ${instances[0]!.port} shows on port ${instances[1]!.port} within ${CROSS_INSTANCE_LIMIT_MS} ms`);
const crossInstance = await checkCrossInstanceEdit(instances[0]!, instances[1]!);
for (const f of crossInstance.failures) invariantFailures.push(`cross-instance: ${f}`);

const victim = instances[1]!;
console.log(`== 3. SIGKILL of the instance on port ${victim.port} ${SETTINGS.killAtMs / 1000} s into a ${SETTINGS.killWaveMs / 1000} s wave`);
await runWave(phases.get("kill")!, { forMs: SETTINGS.killWaveMs }, {
  atMs: SETTINGS.killAtMs,
  run: async () => {
    process.kill(-victim.pgid, "SIGKILL");
  },
});
await verifyAfter("kill");

console.log(`== 3b. mail: the outbox drains (within ${MAIL.drainWithinMs / 1000} s), then one confirmation for each submission`);
const faultWindow = (id: PhaseId) => {
  const stats = phases.get(id)!;
  return stats.faultAt === null ? null : { from: stats.faultAt, to: stats.faultEndedAt ?? stats.faultAt };
};
const mail = await checkMail({
  db: freshChecker,
  sink: mailSink,
  drainWithinMs: MAIL.drainWithinMs,
  lastWaveEndedAt: phases.get("kill")!.endedAt,
  acknowledged: attempts.filter((a) => a.outcome === "acknowledged" && a.reference).map((a) => ({ reference: a.reference!, email: a.email, ackAt: a.ackAt! })),
  smtpOutage: faultWindow("mail"),
  restart: faultWindow("restart"),
  killAt: phases.get("kill")!.faultAt,
});
for (const f of mail.failures) invariantFailures.push(`mail: ${f}`);

console.log("== 4. a full upload store");
const store = await checkFullUploadStore(await freshChecker(), victim.port);
for (const f of store.failures) invariantFailures.push(`store: ${f}`);
await checker.end().catch(() => {});

// ---------------------------------------------------------------- report

const rows = PHASE_IDS.map((id) => {
  const stats = phases.get(id)!;
  const mine = attempts.filter((a) => a.phase === id);
  const all = [...stats.latencies.upload, ...stats.latencies.submit];
  const seconds = (stats.endedAt - stats.startedAt) / 1000;
  const balancer = balancerFigures(stats.startedAt, stats.endedAt + 1000);
  const afterFault = stats.faultAt === null ? null : balancerFigures(stats.faultAt, stats.endedAt + 1000);
  return {
    phase: id,
    seconds,
    submissions: mine.length,
    acknowledged: mine.filter((a) => a.outcome === "acknowledged").length,
    replayed: mine.filter((a) => a.ackStatus === 200).length,
    refusedOverCapacity: mine.filter((a) => a.outcome === "refused").length,
    overCapacityAsked: mine.filter((a) => a.overCapacity).length,
    failed: mine.filter((a) => a.outcome === "failed").length,
    lost: mine.filter((a) => a.outcome === "lost").length,
    requests: stats.requests,
    ackPerSecond: mine.filter((a) => a.outcome === "acknowledged").length / seconds,
    latencyMs: {
      all: { p50: percentile(all, 50), p95: percentile(all, 95), p99: percentile(all, 99), max: Math.max(0, ...all) },
      upload: { p50: percentile(stats.latencies.upload, 50), p95: percentile(stats.latencies.upload, 95), p99: percentile(stats.latencies.upload, 99) },
      submit: { p50: percentile(stats.latencies.submit, 50), p95: percentile(stats.latencies.submit, 95), p99: percentile(stats.latencies.submit, 99) },
    },
    statuses: stats.statuses,
    outage503: stats.outage503,
    busy503: stats.busy503,
    killed502: stats.killed502,
    networkErrors: stats.networkErrors,
    unexpected: stats.unexpectedCount,
    fault:
      stats.faultAt === null
        ? null
        : {
            atSecond: (stats.faultAt - stats.startedAt) / 1000,
            endedAtSecond: ((stats.faultEndedAt ?? stats.faultAt) - stats.startedAt) / 1000,
            firstAckAfterSeconds: stats.firstAckAfterFault === null ? null : (stats.firstAckAfterFault - (stats.faultEndedAt ?? stats.faultAt)) / 1000,
            acknowledgedAfter: stats.acksAfterFault,
            servedAfterBy: afterFault?.byInstance ?? {},
          },
    balancer,
  };
});

const fmt = (n: number) => (Number.isFinite(n) ? n.toFixed(0) : "-");
console.log(`\nLoad and faults: 2 instances behind nginx on PostgreSQL, ${SETTINGS.applicants} concurrent applicants, think time up to ${THINK_MS} ms (${mode})`);
console.log(
  "phase          secs  submitted  acked  replay  409 cap  lost  requests   p50 ms   p95 ms   p99 ms   max ms  503 outage  503 busy  502 kill  net err  other err",
);
for (const r of rows) {
  const l = r.latencyMs.all;
  console.log(
    [
      r.phase.padEnd(12),
      r.seconds.toFixed(1).padStart(6),
      String(r.submissions).padStart(10),
      String(r.acknowledged).padStart(6),
      String(r.replayed).padStart(7),
      `${r.refusedOverCapacity}/${r.overCapacityAsked}`.padStart(8),
      String(r.lost + r.failed).padStart(5),
      String(r.requests).padStart(9),
      fmt(l.p50).padStart(8),
      fmt(l.p95).padStart(8),
      fmt(l.p99).padStart(8),
      fmt(l.max).padStart(8),
      String(r.outage503).padStart(11),
      String(r.busy503).padStart(9),
      String(r.killed502).padStart(9),
      String(r.networkErrors).padStart(8),
      String(r.unexpected).padStart(10),
    ].join(" "),
  );
}
const steady = rows[0]!;
console.log(
  `\nsteady: ${steady.ackPerSecond.toFixed(1)} submissions/s; upload p50/p95/p99 ${fmt(steady.latencyMs.upload.p50)}/${fmt(steady.latencyMs.upload.p95)}/${fmt(steady.latencyMs.upload.p99)} ms, ` +
    `submit ${fmt(steady.latencyMs.submit.p50)}/${fmt(steady.latencyMs.submit.p95)}/${fmt(steady.latencyMs.submit.p99)} ms; ` +
    `target p95 <= ${TARGET_P95_MS} ms: ${steady.latencyMs.all.p95 <= TARGET_P95_MS ? "met" : "not met"} (${fmt(steady.latencyMs.all.p95)} ms)`,
);
for (const r of rows.filter((row) => row.fault)) {
  const f = r.fault!;
  const what =
    r.phase === "restart" || r.phase === "mail"
      ? `${r.phase === "mail" ? "the SMTP sink" : "PostgreSQL"} down from ${f.atSecond.toFixed(1)} s to ${f.endedAtSecond.toFixed(1)} s`
      : `instance ${victim.port} killed at ${f.atSecond.toFixed(1)} s`;
  console.log(
    `${r.phase}: ${what}; ${r.outage503} JSON 503s with Retry-After, ${r.killed502} 502s, ${r.networkErrors} lost connections; ` +
      `first acknowledgement ${f.firstAckAfterSeconds === null ? "never" : `${f.firstAckAfterSeconds.toFixed(1)} s`} after, ${f.acknowledgedAfter} acknowledged after; ` +
      `served after it by ${JSON.stringify(f.servedAfterBy)}; nginx retried ${r.balancer.retried} requests on the other instance`,
  );
}
const final = verifications.kill ?? Object.values(verifications).at(-1)!;
console.log(
  `database: ${final.applications} applications, ${final.acknowledged} acknowledged; ` +
    `capacity ${final.capacity.map((c) => `${c.carrier} ${c.reservedKg}/${c.massKg} kg reserved, largest submitted ${c.largestSubmittedKg} kg`).join("; ")}; ` +
    `${final.orphanUploads} unattached uploads (by design; at most ${final.orphanUploadsExplained} explained by refused or lost submissions and lost answers), ` +
    `${final.orphanFiles} stored files without an attachment; ${final.confirmationsMissing} acknowledged submissions without a confirmation mail`,
);
for (const line of describeMailCheck(mail)) console.log(line);
console.log(`upload store full: ${store.status}${store.detail ? ` (${store.detail})` : ""}`);
console.log(describeCrossInstance(crossInstance));
if (invariantFailures.length === 0) {
  console.log("\nInvariants: every acknowledged submission in the database exactly once, none half-written, capacity never exceeded, no unexplained 5xx, one confirmation email each.");
} else {
  console.log(`\nINVARIANTS FAILED (${invariantFailures.length}):`);
  for (const failure of invariantFailures.slice(0, 40)) console.log(`  ${failure}`);
}

mkdirSync(path.dirname(output), { recursive: true });
writeFileSync(
  output,
  JSON.stringify({ mode, applicants: SETTINGS.applicants, thinkMs: THINK_MS, settings: SETTINGS, phases: rows, verifications, mail: { settings: MAIL, ...mail }, crossInstance, uploadStore: store, invariantFailures }, null, 2),
);
for (const applicant of applicants) applicant.agent.destroy();
process.exit(invariantFailures.length === 0 ? 0 : 1);
