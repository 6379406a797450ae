import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import type { ReleaseMailInput, ReleaseResult } from "@/lib/validation/admin/review";
import { recordAudit } from "../audit";
import { unsentReason, type UnsentReason } from "../mail/outbox-state";
import type { StaffSession } from "../authz";
import { prisma } from "../db";
import { deliverNow, mailServerConfigured, type DeliveryOptions } from "../jobs/runner";

// Decision notices wait in OutboxEmail (heldForReview) until staff release them; the job runner sends only released ones.

export interface HeldMail {
  id: string;
  to: string;
  subject: string;
  text: string;
  applicationId: string | null;
  reference: string | null;
  createdAt: string;
  /** Released before, but the mail server refused every attempt and the runner gave up: it may be released again. */
  failed: { releasedAt: string; error: string } | null;
}

export interface ReleasedMail {
  id: string;
  to: string;
  subject: string;
  reference: string | null;
  releasedAt: string;
  releasedBy: string;
  sentAt: string | null;
  /** Why it has not gone out yet, in the dashboard's terms; null once sent. */
  unsent: UnsentReason | null;
  attempts: number;
  /** When the runner tries again, while it retries. */
  nextAttemptAt: string | null;
}

// Waiting for release: never released, or released and given up after the mail server refused every attempt.
const awaitingRelease = {
  heldForReview: true,
  sentAt: null,
  OR: [{ releasedAt: null }, { gaveUpAt: { not: null } }],
} satisfies Prisma.OutboxEmailWhereInput;

async function referencesOf(applicationIds: (string | null)[]): Promise<Map<string, string | null>> {
  const ids = [...new Set(applicationIds.filter((id): id is string => id !== null))];
  const apps = await prisma.application.findMany({ where: { id: { in: ids } }, select: { id: true, reference: true } });
  return new Map(apps.map((a) => [a.id, a.reference]));
}

/** The outbox page: the notices waiting for release, oldest first, and the last ones released. */
export async function getOutbox(recent = 20): Promise<{ held: HeldMail[]; released: ReleasedMail[] }> {
  const [held, released] = await Promise.all([
    prisma.outboxEmail.findMany({ where: awaitingRelease, orderBy: [{ createdAt: "asc" }, { id: "asc" }] }),
    prisma.outboxEmail.findMany({ where: { heldForReview: true, releasedAt: { not: null }, gaveUpAt: null }, orderBy: { releasedAt: "desc" }, take: recent }),
  ]);
  const [references, releasers] = await Promise.all([
    referencesOf([...held, ...released].map((m) => m.applicationId)),
    prisma.staffUser.findMany({ where: { id: { in: released.map((m) => m.releasedById!).filter(Boolean) } }, select: { id: true, name: true } }),
  ]);
  const nameOf = new Map(releasers.map((s) => [s.id, s.name]));
  return {
    held: held.map((m) => ({
      id: m.id,
      to: m.to,
      subject: m.subject,
      text: m.text,
      applicationId: m.applicationId,
      reference: m.applicationId ? (references.get(m.applicationId) ?? null) : null,
      createdAt: m.createdAt.toISOString(),
      failed: m.releasedAt && m.gaveUpAt ? { releasedAt: m.releasedAt.toISOString(), error: m.error ?? "" } : null,
    })),
    released: released.map((m) => ({
      id: m.id,
      to: m.to,
      subject: m.subject,
      reference: m.applicationId ? (references.get(m.applicationId) ?? null) : null,
      releasedAt: m.releasedAt!.toISOString(),
      releasedBy: nameOf.get(m.releasedById ?? "") ?? "",
      sentAt: m.sentAt?.toISOString() ?? null,
      unsent: m.sentAt ? null : unsentReason(m),
      attempts: m.attempts,
      nextAttemptAt: !m.sentAt && !m.gaveUpAt ? m.nextAttemptAt.toISOString() : null,
    })),
  };
}

/** The number of notices waiting for release, for the decisions page's pointer to the outbox. */
export const countHeldMail = () => prisma.outboxEmail.count({ where: awaitingRelease });

/**
 * Releases the chosen held notices (or all of them) for the job runner to send, and sends them at once within a few
 * seconds. Each is released in a transaction with its audit entry, so two staff releasing at once release it once.
 * The result counts what the mail server accepted by then, what waits with no server configured, and what is not
 * sent yet (refused or still going): the runner retries those and the dashboard lists them until they are sent.
 */
export async function releaseHeldMail(staff: StaffSession, selection: ReleaseMailInput, delivery: DeliveryOptions = {}): Promise<ReleaseResult> {
  const chosen = await prisma.outboxEmail.findMany({
    where: { ...awaitingRelease, ...(selection.mode === "selected" ? { id: { in: selection.ids } } : {}) },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  const released: string[] = [];
  for (const mail of chosen) {
    const releasedAt = new Date();
    const claimed = await prisma.$transaction(async (tx) => {
      const { count } = await tx.outboxEmail.updateMany({
        where: { id: mail.id, ...awaitingRelease },
        // A notice given up before starts over; due since it was written, whatever this server's clock says.
        data: { releasedAt, releasedById: staff.id, error: null, attempts: 0, gaveUpAt: null, claimedUntil: null, nextAttemptAt: mail.createdAt },
      });
      if (count === 0) return false;
      await recordAudit(tx, staff, {
        action: "release",
        entity: "OutboxEmail",
        entityId: mail.id,
        summary: `${mail.subject} to ${mail.to}`,
        before: { applicationId: mail.applicationId, releasedAt: mail.releasedAt, releasedById: mail.releasedById, error: mail.error },
        after: { applicationId: mail.applicationId, releasedAt, releasedById: staff.id },
      });
      return true;
    });
    if (claimed) released.push(mail.id);
  }
  if (!mailServerConfigured(delivery.mailer)) return { sent: 0, failed: 0, queued: released.length };
  await deliverNow(released, { ...delivery, timeoutMs: 5000 });
  const sent = await prisma.outboxEmail.count({ where: { id: { in: released }, sentAt: { not: null } } });
  return { sent, failed: released.length - sent, queued: 0 };
}
