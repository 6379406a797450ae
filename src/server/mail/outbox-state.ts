import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { env } from "@/env";
import { prisma } from "../db";

// What became of mail, read from the OutboxEmail table: a message that went out leaves no row, one that did not
// stays there unsent (sendMail keeps it), and a decision notice stays held until staff release it.

/** What a released notice's row says when no mail server took it because none is configured. */
export const QUEUED_NOTICE = "No mail server is configured (SMTP_URL): the notice is queued here, unsent; release it again once one is.";

/** Mail that should have gone out and has not: never held, or held and released, and still without sentAt. */
const unsent = {
  sentAt: null,
  OR: [{ heldForReview: false }, { releasedAt: { not: null } }],
} satisfies Prisma.OutboxEmailWhereInput;

/**
 * What became of the mail written about an application since `since`: it went out ("sent"), it waits in the outbox
 * because no mail server is configured ("queued"), or the mail server did not take it and it waits there ("failed").
 */
export async function mailStateSince(applicationId: string, since: Date): Promise<"sent" | "queued" | "failed"> {
  if (!env.SMTP_URL) return "queued";
  const waiting = await prisma.outboxEmail.count({ where: { ...unsent, heldForReview: false, applicationId, createdAt: { gte: since } } });
  return waiting > 0 ? "failed" : "sent";
}

export interface UnsentMail {
  id: string;
  to: string;
  subject: string;
  applicationId: string | null;
  createdAt: string;
  /** A released decision notice (managed on the outbox page), rather than a message sent as it was written. */
  notice: boolean;
  /** Why it is waiting: no mail server is configured, or the server refused it. */
  reason: "not_configured" | "refused";
}

/** The newest unsent messages and how many there are in all, for the staff dashboard. */
export async function listUnsentMail(take = 10): Promise<{ total: number; mail: UnsentMail[] }> {
  const [total, rows] = await Promise.all([
    prisma.outboxEmail.count({ where: unsent }),
    prisma.outboxEmail.findMany({
      where: unsent,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take,
      select: { id: true, to: true, subject: true, applicationId: true, createdAt: true, heldForReview: true, error: true },
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
      // A row kept while no server was configured has no error (or says so); one a server refused keeps its reason.
      reason: row.error && row.error !== QUEUED_NOTICE ? "refused" : "not_configured",
    })),
  };
}
