import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { prisma } from "../db";

// Every message is written here, in the transaction of the change that causes it, and the job runner
// (src/server/jobs/runner.ts) sends it: a change that commits always has its mail, one that rolls back has none.

/** What a message is: counted apart in the metrics, and the purge of private links reads it. */
export type MailKind =
  | "resume-link"
  | "submission-confirmation"
  | "withdrawal-confirmation"
  | "team-invitation"
  | "decision-notice"
  | "deadline-reminder"
  | "obligation-reminder"
  | "other";

export interface OutboxMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  kind: MailKind;
  /** The application the message is about, if any. */
  applicationId?: string;
  /** At most one message per key: a second message with the same key is not written. */
  dedupeKey?: string;
  /** A decision notice: waits until staff release it. */
  heldForReview?: boolean;
}

type Db = Prisma.TransactionClient | typeof prisma;

/** Writes a message for the runner to send; its id, or null when a message with the same dedupeKey exists. */
export async function enqueueMail(db: Db, message: OutboxMessage): Promise<string | null> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    INSERT INTO "OutboxEmail" ("id", "kind", "to", "subject", "text", "html", "applicationId", "dedupeKey", "heldForReview", "createdAt", "nextAttemptAt")
    VALUES (${newId()}, ${message.kind}, ${message.to}, ${message.subject}, ${message.text}, ${message.html ?? null},
            ${message.applicationId ?? null}, ${message.dedupeKey ?? null}, ${message.heldForReview ?? false},
            -- Stored as UTC whatever the session's time zone, as Prisma stores every other timestamp.
            now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC')
    ON CONFLICT ("dedupeKey") DO NOTHING
    RETURNING "id"`;
  return rows[0]?.id ?? null;
}

// Row ids elsewhere are Prisma's cuids; a random UUID is as unique and needs no library.
const newId = () => crypto.randomUUID();
