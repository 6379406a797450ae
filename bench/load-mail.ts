// The mail side of the reliability run (scripts/load.sh, bench/load.ts): an SMTP sink that can be stopped and started
// again on its port without forgetting what it received, and the check that every submission made got exactly one
// confirmation email once the outbox has drained.
//
// As a process, the sink itself (scripts/load.sh starts the first one, bench/load.ts the next):
//   node --import tsx bench/load-mail.ts --smtp-port 3831 --file RUN_DIR/mail.jsonl
// It appends each message it accepted to the JSONL file, and on SIGTERM stops listening, writes the rest and exits.
import { spawn } from "node:child_process";
import { appendFileSync, createWriteStream, existsSync, readFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import type pg from "pg";
import { PRACTICE_REFERENCE_PREFIX } from "../prisma/practice-call";

/** One message as the sink kept it: envelope recipients, subject, when it was received, and its Message-ID. */
export interface ReceivedMail {
  to: string[];
  subject: string;
  /** ISO time of receipt, on this machine's clock (the one bench/load.ts stamps its faults with). */
  date: string;
  messageId: string | null;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: "127.0.0.1" });
    socket.setTimeout(1000);
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("timeout", () => (socket.destroy(), resolve(false)));
    socket.once("error", () => resolve(false));
  });
}

async function untilPort(port: number, open: boolean, withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline) {
    if ((await portAnswers(port)) === open) return true;
    await sleep(100);
  }
  return false;
}

// ---------------------------------------------------------------- the sink process

async function runSink(port: number, file: string): Promise<void> {
  const { startSmtpSink } = await import("../tests/support/smtp-sink");
  const sink = await startSmtpSink({ port });
  let written = 0;
  const flush = () => {
    const fresh = sink.messages.slice(written).map((m): ReceivedMail => ({
      to: m.to,
      subject: m.subject,
      date: m.date,
      messageId: "messageId" in m && typeof m.messageId === "string" && m.messageId ? m.messageId : null,
    }));
    if (fresh.length > 0) appendFileSync(file, fresh.map((m) => `${JSON.stringify(m)}\n`).join(""));
    written += fresh.length;
  };
  const timer = setInterval(flush, 200);
  console.log(`SMTP sink on 127.0.0.1:${port}, messages appended to ${file}`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    clearInterval(timer);
    // Closing waits for sessions under way (up to the sink's close timeout): whatever it accepted is then written.
    await sink.close();
    flush();
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop());
  process.on("SIGINT", () => void stop());
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { "smtp-port": { type: "string" }, file: { type: "string" } } });
  const port = Number(values["smtp-port"]);
  if (!Number.isInteger(port) || port < 1 || port > 65535 || !values.file) {
    console.error("usage: node --import tsx bench/load-mail.ts --smtp-port PORT --file MESSAGES.jsonl");
    process.exit(2);
  }
  await runSink(port, values.file);
}

// ---------------------------------------------------------------- the sink, seen from bench/load.ts

/** The mail server's outage, in its own wave, and how long the outbox then has to drain (the runner's retries start 2 s apart). */
export const MAIL_SETTINGS = {
  bench: { waveMs: 30_000, downAtMs: 6_000, downMs: 10_000, drainWithinMs: 300_000 },
  check: { waveMs: 18_000, downAtMs: 3_000, downMs: 10_000, drainWithinMs: 120_000 },
};

/** The sink scripts/load.sh started (its process group id), stopped and started again from here on the same port. */
export class MailSink {
  private pgid: number | null;
  constructor(
    readonly port: number,
    readonly file: string,
    pgid: number,
    private readonly runDir: string,
  ) {
    this.pgid = pgid;
  }

  /** Stops it as a mail server going away would: no new connections, sessions under way cut after a second. */
  async stop(): Promise<void> {
    if (this.pgid !== null) {
      try {
        process.kill(-this.pgid, "SIGTERM");
      } catch {
        // Already gone.
      }
      this.pgid = null;
    }
    if (!(await untilPort(this.port, false, 10_000))) throw new Error(`the SMTP sink on port ${this.port} still answers 10 s after SIGTERM`);
  }

  async start(): Promise<void> {
    const log = createWriteStream("bench-results/load-smtp-sink.log", { flags: "a" });
    await new Promise((resolve) => log.once("open", resolve));
    const child = spawn("node", ["--import", "tsx", "bench/load-mail.ts", "--smtp-port", String(this.port), "--file", this.file], {
      detached: true,
      stdio: ["ignore", log, log],
    });
    this.pgid = child.pid!;
    // scripts/load.sh stops every process group listed there on exit.
    appendFileSync(path.join(this.runDir, "pgids"), `${child.pid}\n`);
    child.unref();
    if (!(await untilPort(this.port, true, 30_000))) throw new Error(`the SMTP sink did not listen on port ${this.port} within 30 s (log bench-results/load-smtp-sink.log)`);
  }

  /** A mail server outage: down for `downMs`, then back on the same port. */
  async outage(downMs: number): Promise<void> {
    await this.stop();
    await sleep(downMs);
    await this.start();
  }

  /** The sink scripts/load.sh started, from LOAD_SMTP_SINK (port:pgid); its messages go to RUN_DIR/mail.jsonl. */
  static fromEnv(runDir: string): MailSink {
    const [port, pgid] = (process.env.LOAD_SMTP_SINK ?? "").split(":").map(Number);
    if (!port || !pgid) throw new Error("LOAD_SMTP_SINK (port:pgid of the SMTP sink) is not set: run bench/load.ts from scripts/load.sh");
    return new MailSink(port, path.join(runDir, "mail.jsonl"), pgid, runDir);
  }

  /** Waits, at most `withinMs`, until mail to addresses starting with `prefix` is arriving (a message in the last second). */
  async untilFlowing(prefix: string, withinMs: number): Promise<boolean> {
    const deadline = Date.now() + withinMs;
    while (Date.now() < deadline) {
      const since = Date.now() - 1000;
      if (this.received().some((m) => Date.parse(m.date) >= since && m.to.some((to) => to.startsWith(prefix)))) return true;
      await sleep(200);
    }
    return false;
  }

  /** Everything received so far, across every start; a stopped sink has written all it accepted. */
  received(): ReceivedMail[] {
    if (!existsSync(this.file)) return [];
    return readFileSync(this.file, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as ReceivedMail);
  }
}

// ---------------------------------------------------------------- the outbox drains, then each submission has one mail

// Timestamps are stored as UTC without a zone. A claim still running when the wait ends says why (a dead instance's lease).
const UNSENT_CONFIRMATIONS = `SELECT count(*) FILTER (WHERE "sentAt" IS NULL AND "gaveUpAt" IS NULL)::int AS unsent,
  count(*) FILTER (WHERE "sentAt" IS NULL AND "gaveUpAt" IS NOT NULL)::int AS "gaveUp",
  count(*) FILTER (WHERE "sentAt" IS NULL AND "claimedUntil" > (now() AT TIME ZONE 'UTC'))::int AS claimed,
  coalesce(extract(epoch FROM max("claimedUntil") FILTER (WHERE "sentAt" IS NULL) - (now() AT TIME ZONE 'UTC')), 0)::float AS "claimedForSeconds"
  FROM "OutboxEmail" WHERE kind = 'submission-confirmation'`;

export interface Drain {
  drained: boolean;
  /** How long the wait took, and when it ended after the last wave. */
  seconds: number;
  afterLastWaveSeconds: number;
  unsent: number;
  gaveUp: number;
  /** Of the unsent, those claimed, and how long the longest claim has still to run. */
  claimed: number;
  claimedForSeconds: number;
  /** The subjects of the first unsent confirmations, when the wait ended with some. */
  unsentSubjects: string[];
}

/** Waits until no confirmation is left to send (sent, or given up on); how long that took and what was left. */
export async function waitForOutboxDrain(db: () => Promise<pg.Client>, withinMs: number, lastWaveEndedAt: number): Promise<Drain> {
  const started = Date.now();
  let last = { unsent: -1, gaveUp: 0, claimed: 0, claimedForSeconds: 0 };
  while (true) {
    last = await (await db())
      .query<typeof last>(UNSENT_CONFIRMATIONS)
      .then((r) => r.rows[0]!, () => last);
    const seconds = (Date.now() - started) / 1000;
    const afterLastWaveSeconds = (Date.now() - lastWaveEndedAt) / 1000;
    if (last.unsent === 0) return { drained: true, seconds, afterLastWaveSeconds, ...last, unsentSubjects: [] };
    if (Date.now() - started >= withinMs) {
      const unsent = await (await db()).query<{ subject: string }>(
        `SELECT subject FROM "OutboxEmail" WHERE kind = 'submission-confirmation' AND "sentAt" IS NULL AND "gaveUpAt" IS NULL ORDER BY "createdAt" LIMIT 20`,
      );
      return { drained: false, seconds, afterLastWaveSeconds, ...last, unsentSubjects: unsent.rows.map((r) => r.subject) };
    }
    await sleep(500);
  }
}

export interface MailCheck {
  /** Submissions the API acknowledged, and all submitted to the practice call (some whose answer was lost). */
  acknowledged: number;
  made: number;
  /** Confirmations received for the run's applicants, copies included. */
  received: number;
  missing: number;
  /** Copies beyond the first, of which those a killed instance resent under the same Message-ID. */
  duplicated: number;
  resentAfterKill: number;
  /** Confirmations naming a reference no submission has, or sent to another address than the applicant's. */
  unexpected: number;
  drain: Drain;
  /** Submissions acknowledged while the SMTP sink was down, and when the last of their confirmations arrived after it came back. */
  smtpOutage: { receivedInThe10sBefore: number; acknowledgedWhileDown: number; lastArrivedAfterSeconds: number | null } | null;
  /** Confirmations received just before PostgreSQL stopped, and while it was down (sent, recorded later). */
  restart: { receivedInThe3sBefore: number; receivedWhileDown: number } | null;
  /** How long the wait for the outbox and the check took. */
  checkSeconds: number;
  /** Message-IDs were recorded by the sink (needed to tell a killed instance's resend from a second message). */
  messageIds: boolean;
  failures: string[];
}

type Window = { from: number; to: number } | null;

/**
 * Matches what the sink received against the database once the outbox has drained. A confirmation's subject ends
 * with the application's reference in every language (Mail.submission.subject), so that is what names it.
 */
export async function checkConfirmations(
  db: pg.Client,
  input: {
    acknowledged: { reference: string; email: string; ackAt: number }[];
    received: ReceivedMail[];
    drain: MailCheck["drain"];
    smtpOutage: Window;
    restart: Window;
    killAt: number | null;
  },
): Promise<MailCheck> {
  const failures: string[] = [];
  const made = (
    await db.query<{ reference: string; email: string }>(
      `SELECT reference, email FROM "Application" WHERE email LIKE 'load-%' AND reference IS NOT NULL AND status <> 'DRAFT'`,
    )
  ).rows;
  const emailOf = new Map(made.map((r) => [r.reference, r.email]));
  const referencePattern = new RegExp(`${PRACTICE_REFERENCE_PREFIX}-\\d{4}-\\d+(?=\\s*$)`);
  const confirmations = input.received
    .filter((m) => m.to.some((to) => to.startsWith("load-")))
    .map((m) => ({ ...m, reference: referencePattern.exec(m.subject)?.[0] ?? null, at: Date.parse(m.date) }));

  const byReference = new Map<string, typeof confirmations>();
  let unexpected = 0;
  for (const mail of confirmations) {
    const email = mail.reference ? emailOf.get(mail.reference) : undefined;
    if (!mail.reference || !email || mail.to.length !== 1 || mail.to[0] !== email) {
      unexpected++;
      if (unexpected <= 5) failures.push(`a confirmation for no submission of that address: "${mail.subject}" to ${mail.to.join(", ")}`);
      continue;
    }
    byReference.set(mail.reference, [...(byReference.get(mail.reference) ?? []), mail]);
  }
  if (unexpected > 5) failures.push(`... ${unexpected - 5} more confirmations for no submission of that address`);

  const missing = made.filter((r) => !byReference.has(r.reference));
  const acknowledgedMissing = input.acknowledged.filter((a) => !byReference.has(a.reference));
  for (const a of acknowledgedMissing.slice(0, 5)) failures.push(`acknowledged ${a.reference} (${a.email}): no confirmation received`);
  if (acknowledgedMissing.length > 5) failures.push(`... ${acknowledgedMissing.length - 5} more acknowledged submissions without a confirmation`);
  const unacknowledgedMissing = missing.length - acknowledgedMissing.length;
  if (unacknowledgedMissing > 0) failures.push(`${unacknowledgedMissing} submissions made (their answer lost) without a confirmation`);

  // A killed instance may have had a message accepted by the mail server and died before recording it: no
  // transaction spans SMTP and the database, so the outbox can only send such a message again (at least once) or
  // risk never sending it. Tolerated, reported apart, only as the same message: two copies with one Message-ID (which
  // lets the recipient's mail system discard the second), the first received before the kill and the second after.
  // Any other copy fails the run, whatever the phase; without Message-IDs from the sink none can be told apart.
  let duplicated = 0;
  let resentAfterKill = 0;
  for (const [reference, copies] of byReference) {
    if (copies.length < 2) continue;
    copies.sort((a, b) => a.at - b.at);
    duplicated += copies.length - 1;
    const [first, second] = copies;
    const killResend =
      copies.length === 2 && input.killAt !== null && !!first!.messageId && first!.messageId === second!.messageId && first!.at <= input.killAt && second!.at > input.killAt;
    const detail = `${reference}: ${copies.length} confirmations, at ${copies.map((c) => `${c.date} ${c.messageId ?? "(no Message-ID)"}`).join("; ")}`;
    if (killResend) {
      resentAfterKill++;
      console.log(`   resent after the kill (same Message-ID): ${detail}`);
    } else if (failures.length < 40) {
      failures.push(`duplicated ${detail}`);
    }
  }

  const { drain } = input;
  if (!drain.drained) {
    failures.push(
      `${drain.unsent} confirmations still unsent ${drain.afterLastWaveSeconds.toFixed(0)} s after the last wave` +
        (drain.claimed > 0 ? `, ${drain.claimed} of them claimed for ${drain.claimedForSeconds.toFixed(0)} s more` : ""),
    );
    // An unsent row the sink did receive: accepted by the mail server, its instance gone before recording it.
    const receivedSubjects = new Set(confirmations.map((m) => m.subject));
    const acceptedUnrecorded = drain.unsentSubjects.filter((subject) => receivedSubjects.has(subject));
    if (acceptedUnrecorded.length > 0) failures.push(`unsent but already received by the mail server (sent, not recorded): ${acceptedUnrecorded.join("; ")}`);
  }
  if (input.drain.gaveUp > 0) failures.push(`${input.drain.gaveUp} confirmations given up on`);

  const count = (from: number, to: number) => confirmations.filter((m) => m.at >= from && m.at < to).length;
  let smtpOutage: MailCheck["smtpOutage"] = null;
  if (input.smtpOutage) {
    const { from, to } = input.smtpOutage;
    const whileDown = input.acknowledged.filter((a) => a.ackAt >= from && a.ackAt < to);
    const arrivals = whileDown.map((a) => byReference.get(a.reference)?.[0]?.at).filter((at): at is number => at !== undefined);
    smtpOutage = {
      receivedInThe10sBefore: count(from - 10_000, from),
      acknowledgedWhileDown: whileDown.length,
      lastArrivedAfterSeconds: arrivals.length ? (Math.max(...arrivals) - to) / 1000 : null,
    };
    // Submissions must go on while the mail server is away, or the outage tested nothing.
    if (whileDown.length === 0) failures.push("nothing was acknowledged while the SMTP sink was down");
  }
  const restart = input.restart ? { receivedInThe3sBefore: count(input.restart.from - 3000, input.restart.from), receivedWhileDown: count(input.restart.from, input.restart.to) } : null;

  return {
    acknowledged: input.acknowledged.length,
    made: made.length,
    received: confirmations.length,
    missing: missing.length,
    duplicated,
    resentAfterKill,
    unexpected,
    drain: input.drain,
    smtpOutage,
    restart,
    checkSeconds: 0,
    messageIds: confirmations.length > 0 && confirmations.every((m) => m.messageId),
    failures,
  };
}

/** After the last wave: the outbox drains, the sink stops (writing all it accepted), and what it received is checked. */
export async function checkMail(input: {
  db: () => Promise<pg.Client>;
  sink: MailSink;
  drainWithinMs: number;
  lastWaveEndedAt: number;
  acknowledged: { reference: string; email: string; ackAt: number }[];
  smtpOutage: Window;
  restart: Window;
  killAt: number | null;
}): Promise<MailCheck> {
  const started = Date.now();
  const drain = await waitForOutboxDrain(input.db, input.drainWithinMs, input.lastWaveEndedAt);
  await input.sink.stop();
  const result = await checkConfirmations(await input.db(), { ...input, received: input.sink.received(), drain });
  result.checkSeconds = (Date.now() - started) / 1000;
  console.log(
    `   mail: outbox ${drain.drained ? "drained" : "NOT drained"} ${drain.afterLastWaveSeconds.toFixed(1)} s after the last wave; ` +
      `${result.received} confirmations for ${result.made} submissions, ${result.failures.length === 0 ? "each exactly once" : `${result.failures.length} problems`}`,
  );
  return result;
}

/** The summary's lines about mail. */
export function describeMailCheck(mail: MailCheck): string[] {
  const lines = [
    `mail: ${mail.acknowledged} acknowledged submissions (${mail.made} made in all), ${mail.received} confirmations received, ${mail.missing} missing, ` +
      `${mail.duplicated} duplicated (${mail.resentAfterKill} resent after the kill under the same Message-ID), ${mail.unexpected} for no submission; ` +
      `outbox ${mail.drain.drained ? "drained" : `not drained (${mail.drain.unsent} unsent)`} ${mail.drain.afterLastWaveSeconds.toFixed(1)} s after the last wave ` +
      `(drain and check ${mail.checkSeconds.toFixed(1)} s)` +
      (mail.messageIds ? "" : "; the sink recorded no Message-IDs"),
  ];
  if (mail.smtpOutage) {
    const o = mail.smtpOutage;
    lines.push(
      `mail server outage: ${o.receivedInThe10sBefore} confirmations in the 10 s before, ${o.acknowledgedWhileDown} submissions acknowledged while it was down, ` +
        `the last of their confirmations ${o.lastArrivedAfterSeconds === null ? "never" : `${o.lastArrivedAfterSeconds.toFixed(1)} s`} after it came back`,
    );
  }
  if (mail.restart) {
    // Reported, not failed: it says whether the restart tested a send whose record had to wait, which depends on the load.
    const untested = mail.restart.receivedInThe3sBefore + mail.restart.receivedWhileDown === 0 ? " (so no send had to wait for its record: not tested this run)" : "";
    lines.push(`mail around the PostgreSQL restart: ${mail.restart.receivedInThe3sBefore} confirmations in the 3 s before it stopped, ${mail.restart.receivedWhileDown} accepted while it was down${untested}`);
  }
  return lines;
}
