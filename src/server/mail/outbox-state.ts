import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { env } from "@/env";
import { prisma } from "../db";
import type { MailKind } from "./outbox";

// What became of mail, read from the OutboxEmail table, where every message stays: sentAt once the mail server
// accepted it; attempts, error and nextAttemptAt while the job runner retries; gaveUpAt once it stopped trying.
// A decision notice waits, held, until staff release it.

/**
 * What the applicant is told about a message: it went out ("sent"); it waits because no mail server is configured
 * ("queued"); it is on its way and not yet tried ("pending"); the mail server refused it and it will be tried again
 * ("retrying"); or the runner gave up on it and it is kept at the agency ("failed").
 */
export type MailState = "sent" | "queued" | "pending" | "retrying" | "failed";

/** The state of the newest message of `kind` about an application (its submission confirmation by default); null when none was written. */
export async function mailStateOf(applicationId: string, kind: MailKind = "submission-confirmation", since?: Date): Promise<MailState | null> {
  // Rows kept before messages had a kind read "other": one written since the event (`since`) stands for its message.
  const earlier = since ? [{ kind: "other", createdAt: { gte: since } }] : [];
  const row = await prisma.outboxEmail.findFirst({
    where: { applicationId, OR: [{ kind }, ...earlier] },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { sentAt: true, attempts: true, gaveUpAt: true },
  });
  if (!row) return null;
  if (row.sentAt) return "sent";
  if (!env.SMTP_URL) return "queued";
  if (row.gaveUpAt) return "failed";
  return row.attempts > 0 ? "retrying" : "pending";
}

/** Mail that should go out and has not: never held, or held and released, and still without sentAt. */
const unsent = {
  sentAt: null,
  OR: [{ heldForReview: false }, { releasedAt: { not: null } }],
} satisfies Prisma.OutboxEmailWhereInput;

export type UnsentReason = "not_configured" | "pending" | "retrying" | "gave_up";

/** Why an unsent row waits, as the dashboard and the "Send again" result say it; `configured`: a mail server is set. */
export const unsentReason = (row: { gaveUpAt: Date | null; attempts: number }, configured = Boolean(env.SMTP_URL)): UnsentReason =>
  row.gaveUpAt ? "gave_up" : !configured ? "not_configured" : row.attempts > 0 ? "retrying" : "pending";

export interface UnsentMail {
  id: string;
  to: string;
  subject: string;
  applicationId: string | null;
  createdAt: string;
  /** A released decision notice (managed on the outbox page), rather than a message sent as it was written. */
  notice: boolean;
  /**
   * Why it is waiting: no mail server is configured ("not_configured"), not tried yet ("pending"), refused and to be
   * tried again at `nextAttemptAt` ("retrying"), or refused every time and given up ("gave_up").
   */
  reason: UnsentReason;
  /** Given up on, not a decision notice, and with its private links still in it: staff may send it again. */
  resendable: boolean;
  attempts: number;
  /** The mail server's last refusal. */
  error: string | null;
  nextAttemptAt: string | null;
}

/** The newest unsent messages and how many there are in all, for the staff dashboard. */
export async function listUnsentMail(take = 10): Promise<{ total: number; mail: UnsentMail[] }> {
  const [total, rows] = await Promise.all([
    prisma.outboxEmail.count({ where: unsent }),
    prisma.outboxEmail.findMany({
      where: unsent,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take,
      select: { id: true, to: true, subject: true, applicationId: true, createdAt: true, heldForReview: true, error: true, attempts: true, nextAttemptAt: true, gaveUpAt: true, purgedAt: true },
    }),
  ]);
  return {
    total,
    mail: rows.map((row) => ({
      id: row.id,
      to: row.to,
      subject: row.subject,
      applicationId: row.applicationId,
      createdAt: row.createdAt.toISOString(),
      notice: row.heldForReview,
      reason: unsentReason(row),
      resendable: row.gaveUpAt !== null && !row.heldForReview && row.purgedAt === null,
      attempts: row.attempts,
      error: row.error,
      nextAttemptAt: row.gaveUpAt ? null : row.nextAttemptAt.toISOString(),
    })),
  };
}
