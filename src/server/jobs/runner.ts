import "server-only";
import { Prisma, type PrismaClient } from "@/generated/prisma/client";
import { env } from "@/env";
import { beforeDatabaseClose } from "../../../runtime/bridge.mjs";
import { prisma } from "../db";
import { log } from "../log";
import { now } from "../platform/clock";
import { createMailTransport, mailerFromEnv, type MailerConfig, type MailTransport } from "../mail/send";
import { DEFAULT_RETRY_POLICY, retryDelayMs, shouldGiveUp, type RetryPolicy } from "./retry";
import { PERIODIC_TASKS } from "./tasks";
import type { PeriodicTask } from "./types";

// The job runner: sends the mail written to OutboxEmail and runs the periodic tasks, on the same database, with
// claims taken by FOR UPDATE SKIP LOCKED so that any number of instances (or PGlite's one) share the work and no row
// is worked on by two at once. A claim is a lease: rows of an instance that died become due again when it ends.

/** What the runner reads and writes through; the app's client unless a caller gives another. */
export type RunnerDb = Pick<PrismaClient, "$queryRaw" | "$executeRaw">;

export interface DeliveryOptions {
  /** The mail server and sender; SMTP_URL and MAIL_FROM unless given. Without a server nothing is claimed. */
  mailer?: MailerConfig;
  /** Backoff and give-up rule; MAIL_RETRY_BASE_MS with the default cap and attempts unless given. */
  policy?: RetryPolicy;
  db?: RunnerDb;
  /** How long a claim keeps other instances away from a row (JOBS_LEASE_MS, 5 minutes unless set). */
  leaseMs?: number;
  /** At most this many rows per round (default 50). */
  limit?: number;
}

export interface DeliveryReport {
  sent: string[];
  /** Refused, to be tried again at their nextAttemptAt. */
  retrying: string[];
  gaveUp: string[];
}

// A send starts only in the first quarter of its claim, so that it (the transport's timeouts add to 40 s) and its
// record end before another instance may claim the row; JOBS_LEASE_MS is at least a minute.
const SEND_WITHIN_LEASE = 0.25;
const DEFAULT_BATCH = 50;
// Messages handed to the mail server at once by one instance.
const SEND_CONCURRENCY = 4;
// Timestamps are stored as UTC without a zone; the database's clock is the one all instances share.
const NOW = Prisma.sql`(now() AT TIME ZONE 'UTC')`;
const later = (ms: number) => Prisma.sql`(${NOW} + ${ms}::double precision * interval '1 millisecond')`;

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error)).slice(0, 2000);
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref?.());

const transports = new Map<string, MailTransport | null>();
function transportFor(config: MailerConfig): MailTransport | null {
  const key = `${config.smtpUrl ?? ""}\n${config.from}`;
  if (!transports.has(key)) transports.set(key, createMailTransport(config));
  return transports.get(key)!;
}

/** The retry policy the environment sets: MAIL_RETRY_BASE_MS, with the default cap and number of attempts. */
export const retryPolicyFromEnv = (): RetryPolicy => ({ ...DEFAULT_RETRY_POLICY, baseMs: env.MAIL_RETRY_BASE_MS });

/** Whether mail can leave at all: without SMTP_URL every message stays queued, with no attempt counted. */
export const mailServerConfigured = (mailer: MailerConfig = mailerFromEnv()): boolean => Boolean(mailer.smtpUrl);

/** The Message-ID of a row's message: the same on every attempt, so a copy delivered twice is seen as one message. */
export function messageIdOf(rowId: string): string {
  let host = "localhost";
  try {
    host = new URL(env.SITE_URL).hostname || host;
  } catch {}
  return `<${rowId}@${host}>`;
}

interface ClaimedMail {
  id: string;
  to: string;
  subject: string;
  text: string;
  html: string | null;
  attempts: number;
}

/** Claims due rows (all, or only `ids`) for the lease, in one committed statement; rows another instance holds are skipped. */
async function claimDueMail(db: RunnerDb, limit: number, leaseMs: number, ids?: string[]): Promise<ClaimedMail[]> {
  const only = ids ? Prisma.sql`AND "id" IN (${Prisma.join(ids)})` : Prisma.empty;
  return db.$queryRaw<ClaimedMail[]>`
    UPDATE "OutboxEmail" SET "claimedUntil" = ${later(leaseMs)}
    WHERE "id" IN (
      SELECT "id" FROM "OutboxEmail"
      WHERE "sentAt" IS NULL AND "gaveUpAt" IS NULL AND ("heldForReview" = false OR "releasedAt" IS NOT NULL)
        AND "nextAttemptAt" <= ${NOW} AND ("claimedUntil" IS NULL OR "claimedUntil" < ${NOW}) ${only}
      ORDER BY "nextAttemptAt", "id"
      LIMIT ${limit}::int
      FOR UPDATE SKIP LOCKED)
    RETURNING "id", "to", "subject", "text", "html", "attempts"`;
}

/**
 * Records that the mail server accepted a message. If the database is down this keeps trying in memory until it
 * answers, while the row stays claimed, rather than letting it be claimed and sent again. Two windows stay: a process
 * killed between the server's acceptance and this record, and an outage that outlasts the rest of the claim; then the
 * message is sent again once the lease ends, with the same Message-ID, so mail clients can recognise it.
 */
async function recordSent(db: RunnerDb, id: string): Promise<void> {
  for (let wait = 200; ; wait = Math.min(wait * 2, 5000)) {
    try {
      await db.$executeRaw`
        UPDATE "OutboxEmail" SET "sentAt" = ${NOW}, "lastAttemptAt" = ${NOW}, "attempts" = "attempts" + 1, "error" = NULL, "claimedUntil" = NULL
        WHERE "id" = ${id}`;
      return;
    } catch (error) {
      log.error({ err: error, mailId: id, retryInMs: wait }, "[jobs] message sent but not recorded yet; retrying the record");
      await sleep(wait);
    }
  }
}

/** Records a refusal: tried again after the backoff, or given up after the last attempt. A failure here only delays the retry. */
async function recordFailure(db: RunnerDb, mail: ClaimedMail, error: string, policy: RetryPolicy): Promise<"retrying" | "gaveUp"> {
  const attempts = mail.attempts + 1;
  const giveUp = shouldGiveUp(attempts, policy);
  await db.$executeRaw`
    UPDATE "OutboxEmail" SET "attempts" = ${attempts}::int, "error" = ${error}, "lastAttemptAt" = ${NOW}, "claimedUntil" = NULL,
      "nextAttemptAt" = ${giveUp ? NOW : later(retryDelayMs(attempts, policy))},
      "gaveUpAt" = ${giveUp ? NOW : Prisma.sql`NULL`}
    WHERE "id" = ${mail.id}`;
  return giveUp ? "gaveUp" : "retrying";
}

async function sendClaimed(db: RunnerDb, transport: MailTransport, mail: ClaimedMail, policy: RetryPolicy, report: DeliveryReport, sendBy: number) {
  // Late in the claim (a slow mail server held the batch): left for the next claim rather than sent twice.
  if (Date.now() > sendBy) return;
  try {
    await transport({ messageId: messageIdOf(mail.id), to: mail.to, subject: mail.subject, text: mail.text, html: mail.html ?? undefined });
  } catch (sendError) {
    const reason = describe(sendError);
    try {
      const outcome = await recordFailure(db, mail, reason, policy);
      report[outcome].push(mail.id);
      log.warn({ mailId: mail.id, error: reason, attempts: mail.attempts + 1 }, outcome === "gaveUp" ? "[jobs] mail server refused a message; given up" : "[jobs] mail server refused a message; will retry");
    } catch (recordError) {
      // Unrecorded, the row is claimed again when its lease ends: the refused message is simply tried again.
      log.error({ err: recordError, mailId: mail.id, error: reason }, "[jobs] mail server refused a message and the refusal was not recorded");
    }
    return;
  }
  await recordSent(db, mail.id);
  report.sent.push(mail.id);
}

const inFlight = new Set<Promise<unknown>>();
function track<T>(work: Promise<T>): Promise<T> {
  inFlight.add(work);
  void work.finally(() => inFlight.delete(work)).catch(() => {});
  return work;
}

async function deliver(options: DeliveryOptions, ids?: string[]): Promise<DeliveryReport> {
  const report: DeliveryReport = { sent: [], retrying: [], gaveUp: [] };
  const transport = transportFor(options.mailer ?? mailerFromEnv());
  if (!transport || ids?.length === 0) return report;
  const db = options.db ?? prisma;
  const policy = options.policy ?? retryPolicyFromEnv();
  const leaseMs = options.leaseMs ?? env.JOBS_LEASE_MS;
  const claimedAt = Date.now();
  const claimed = await claimDueMail(db, options.limit ?? DEFAULT_BATCH, leaseMs, ids);
  const sendBy = claimedAt + leaseMs * SEND_WITHIN_LEASE;
  for (let i = 0; i < claimed.length; i += SEND_CONCURRENCY) {
    await Promise.all(claimed.slice(i, i + SEND_CONCURRENCY).map((mail) => sendClaimed(db, transport, mail, policy, report, sendBy)));
  }
  return report;
}

/**
 * One round of sending: claims up to `limit` due rows, sends each once, and records the outcome. Does nothing
 * (and counts no attempt) when no mail server is configured. Throws only when the claim itself fails.
 */
export function deliverDueMail(options: DeliveryOptions = {}): Promise<DeliveryReport> {
  return track(deliver(options));
}

/**
 * Sends the named rows at once, for the request whose committed change wrote them, waiting at most `timeoutMs`
 * (default 3 s) so the page can say whether the mail went; the sending goes on after that, and rows it does not
 * reach (held, claimed elsewhere, not yet due) are left to the periodic round. Never throws.
 */
export async function deliverNow(ids: (string | null | undefined)[], options: DeliveryOptions & { timeoutMs?: number } = {}): Promise<void> {
  const wanted = ids.filter((id): id is string => Boolean(id));
  if (wanted.length === 0 || !mailServerConfigured(options.mailer)) return;
  // Every named row in one claim: a release of many notices is not cut at the periodic round's batch size.
  const work = track(deliver({ limit: wanted.length, ...options }, wanted)).catch((error) => log.error({ err: error, mailIds: wanted }, "[jobs] sending at once failed; the periodic round will"));
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([work, new Promise<void>((resolve) => (timer = setTimeout(resolve, options.timeoutMs ?? 3000)))]);
  clearTimeout(timer);
}

export interface TaskRun {
  name: string;
  /** What the task said it did, or why it failed. */
  outcome: string;
  ok: boolean;
}

/**
 * Runs each due periodic task on this instance, one at a time: a task's JobSchedule row (created when missing) is
 * claimed with FOR UPDATE SKIP LOCKED and moved to its next run before the task starts, so no other instance runs
 * it meanwhile; lastRunAt and lastError record how it went. A failed task waits for its next run like any other.
 */
export async function runDueTasks(tasks: readonly PeriodicTask[] = PERIODIC_TASKS, db: RunnerDb = prisma): Promise<TaskRun[]> {
  if (tasks.length === 0) return [];
  await db.$executeRaw`
    INSERT INTO "JobSchedule" ("name", "nextRunAt") VALUES ${Prisma.join(tasks.map((task) => Prisma.sql`(${task.name}, ${NOW})`))}
    ON CONFLICT ("name") DO NOTHING`;
  const runs: TaskRun[] = [];
  for (const task of tasks) {
    const claimed = await db.$queryRaw<{ name: string }[]>`
      UPDATE "JobSchedule" SET "nextRunAt" = ${later(task.everyMs)}
      WHERE "name" = (SELECT "name" FROM "JobSchedule" WHERE "name" = ${task.name} AND "nextRunAt" <= ${NOW} FOR UPDATE SKIP LOCKED)
      RETURNING "name"`;
    if (claimed.length === 0) continue;
    let run: TaskRun;
    try {
      run = { name: task.name, outcome: await task.run(now()), ok: true };
    } catch (error) {
      run = { name: task.name, outcome: describe(error), ok: false };
    }
    runs.push(run);
    if (run.ok) log.info({ task: task.name }, `[jobs] ${run.outcome}`);
    else log.error({ task: task.name, error: run.outcome }, "[jobs] periodic task failed");
    await db.$executeRaw`UPDATE "JobSchedule" SET "lastRunAt" = ${NOW}, "lastError" = ${run.ok ? null : run.outcome} WHERE "name" = ${task.name}`.catch(
      (error) => log.error({ err: error, task: task.name }, "[jobs] periodic task's run not recorded"),
    );
  }
  return runs;
}

interface RunningLoop {
  stop(): Promise<void>;
}

// One loop per process, whichever bundle starts it.
const SLOT = Symbol.for("space-cooperation-portal.job-runner");
const holder = globalThis as { [SLOT]?: RunningLoop };

/**
 * Starts the polling loop (once per process): each round sends due mail and runs due periodic tasks, then waits
 * `pollMs` (JOBS_POLL_MS). It stops before the shared database closes on shutdown.
 */
export function startJobRunner({ pollMs = env.JOBS_POLL_MS, tasks = PERIODIC_TASKS }: { pollMs?: number; tasks?: readonly PeriodicTask[] } = {}): void {
  if (holder[SLOT]) return;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let round: Promise<void> | undefined;
  const tick = () => {
    round = (async () => {
      // A full batch means more is due: the next round follows at once.
      let full = false;
      try {
        const report = await deliverDueMail();
        full = report.sent.length + report.retrying.length + report.gaveUp.length >= DEFAULT_BATCH;
      } catch (error) {
        log.error({ err: error }, "[jobs] mail round failed");
      }
      await runDueTasks(tasks).catch((error) => log.error({ err: error }, "[jobs] periodic tasks failed"));
      if (!stopped) timer = setTimeout(tick, full ? 0 : pollMs);
    })();
  };
  const loop: RunningLoop = {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      unregister();
      holder[SLOT] = undefined;
      // A send under way finishes and is recorded, within the server's own shutdown deadline.
      await Promise.race([Promise.allSettled([round, ...inFlight]), sleep(8000)]);
    },
  };
  const unregister = beforeDatabaseClose(() => loop.stop());
  holder[SLOT] = loop;
  timer = setTimeout(tick, 0);
}

/** Stops the loop started by startJobRunner, waiting for the round under way. */
export async function stopJobRunner(): Promise<void> {
  await holder[SLOT]?.stop();
}
