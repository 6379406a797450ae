import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import type { ResendOutcome, ResendRefusal } from "@/lib/validation/admin/mail";
import { recordAudit } from "../audit";
import type { StaffSession } from "../authz";
import { prisma } from "../db";
import { deliverNow, mailServerConfigured, type DeliveryOptions } from "../jobs/runner";
import { unsentReason } from "./outbox-state";

// Staff send again a message the job runner gave up on (a confirmation, a resume link, an invitation, a reminder).
// Decision notices are released again from the outbox page instead, which records who released them.

const selected = {
  id: true,
  to: true,
  subject: true,
  kind: true,
  applicationId: true,
  heldForReview: true,
  sentAt: true,
  gaveUpAt: true,
  purgedAt: true,
  attempts: true,
  error: true,
  nextAttemptAt: true,
} satisfies Prisma.OutboxEmailSelect;

function refusalOf(row: Prisma.OutboxEmailGetPayload<{ select: typeof selected }> | null): ResendRefusal | null {
  if (!row) return "missing";
  if (row.sentAt) return "sent";
  if (row.heldForReview) return "held";
  // Its body no longer holds the applicant's private link: sent again, it would point them nowhere.
  if (row.purgedAt) return "purged";
  if (!row.gaveUpAt) return "notGivenUp";
  return null;
}

/**
 * Resets a given-up message to be tried from its first attempt, with its audit entry in the same transaction, then
 * sends it at once, waiting a few seconds to say whether the mail server took it. Of two staff sending the same
 * message at once, one resets it; the other is told the runner is already trying it.
 */
export async function resendGivenUpMail(staff: StaffSession, id: string, delivery: DeliveryOptions = {}): Promise<ResendOutcome> {
  const row = await prisma.outboxEmail.findUnique({ where: { id }, select: selected });
  const refused = refusalOf(row);
  if (refused || !row) return { ok: false, refused: refused ?? "missing" };

  const reset = await prisma.$transaction(async (tx) => {
    // Due by the database's clock, the one the runner's claim compares with; the conditions repeat the checks above.
    const count = await tx.$executeRaw`
      UPDATE "OutboxEmail"
      SET "gaveUpAt" = NULL, "attempts" = 0, "nextAttemptAt" = (now() AT TIME ZONE 'UTC'), "error" = NULL, "claimedUntil" = NULL
      WHERE "id" = ${id} AND "sentAt" IS NULL AND "heldForReview" = false AND "purgedAt" IS NULL AND "gaveUpAt" IS NOT NULL`;
    if (count === 0) return false;
    await recordAudit(tx, staff, {
      action: "resend",
      entity: "OutboxEmail",
      entityId: id,
      summary: `${row.subject} to ${row.to}`,
      before: { kind: row.kind, applicationId: row.applicationId, attempts: row.attempts, error: row.error, gaveUpAt: row.gaveUpAt },
      after: { kind: row.kind, applicationId: row.applicationId, attempts: 0, error: null, gaveUpAt: null },
    });
    return true;
  });
  if (!reset) {
    const current = await prisma.outboxEmail.findUnique({ where: { id }, select: selected });
    return { ok: false, refused: refusalOf(current) ?? "notGivenUp" };
  }

  const configured = mailServerConfigured(delivery.mailer);
  if (configured) await deliverNow([id], { ...delivery, timeoutMs: 5000 });
  const after = await prisma.outboxEmail.findUniqueOrThrow({ where: { id }, select: selected });
  const status = after.sentAt ? "sent" : unsentReason(after, configured);
  return {
    ok: true,
    result: {
      subject: after.subject,
      to: after.to,
      status,
      attempts: after.attempts,
      error: status === "sent" ? null : after.error,
      nextAttemptAt: status === "retrying" ? after.nextAttemptAt.toISOString() : null,
    },
  };
}
