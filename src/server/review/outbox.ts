import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import type { ReleaseMailInput, ReleaseResult } from "@/lib/validation/admin/review";
import { recordAudit } from "../audit";
import type { StaffSession } from "../authz";
import { prisma } from "../db";
import { type Send, sendMail } from "../mail/send";
import { QUEUED_NOTICE } from "../mail/outbox-state";

// Decision notices wait in OutboxEmail (heldForReview) until staff release them; nothing sends held mail on its own.

export interface HeldMail {
  id: string;
  to: string;
  subject: string;
  text: string;
  applicationId: string | null;
  reference: string | null;
  createdAt: string;
  /** Released before, but the mail server did not take it: it may be released again. */
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
}

// Waiting for release: never released, or released and refused by the mail server.
const awaitingRelease = {
  heldForReview: true,
  sentAt: null,
  OR: [{ releasedAt: null }, { error: { not: null } }],
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
    prisma.outboxEmail.findMany({ where: { heldForReview: true, releasedAt: { not: null }, error: null }, orderBy: { releasedAt: "desc" }, take: recent }),
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
      failed: m.releasedAt && m.error ? { releasedAt: m.releasedAt.toISOString(), error: m.error } : null,
    })),
    released: released.map((m) => ({
      id: m.id,
      to: m.to,
      subject: m.subject,
      reference: m.applicationId ? (references.get(m.applicationId) ?? null) : null,
      releasedAt: m.releasedAt!.toISOString(),
      releasedBy: nameOf.get(m.releasedById ?? "") ?? "",
      sentAt: m.sentAt?.toISOString() ?? null,
    })),
  };
}

/** The number of notices waiting for release, for the decisions page's pointer to the outbox. */
export const countHeldMail = () => prisma.outboxEmail.count({ where: awaitingRelease });

const NOT_DELIVERED = "The mail server did not accept this notice; release it again to retry.";

/**
 * Releases the chosen held notices (or all of them) and sends each. Each is claimed in a transaction with its audit
 * entry before it is sent, so that two staff releasing at once never send the same notice twice.
 */
export async function releaseHeldMail(
  staff: StaffSession,
  selection: ReleaseMailInput,
  send: Send = sendMail,
): Promise<ReleaseResult> {
  const chosen = await prisma.outboxEmail.findMany({
    where: { ...awaitingRelease, ...(selection.mode === "selected" ? { id: { in: selection.ids } } : {}) },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  const result: ReleaseResult = { sent: 0, failed: 0, queued: 0 };
  for (const mail of chosen) {
    const releasedAt = new Date();
    const claimed = await prisma.$transaction(async (tx) => {
      const { count } = await tx.outboxEmail.updateMany({
        where: { id: mail.id, ...awaitingRelease },
        data: { releasedAt, releasedById: staff.id, error: null },
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
    if (!claimed) continue;
    // The notice already has its row here: a failed send marks it, rather than keeping a second copy.
    const { delivered, reason } = await send({ to: mail.to, subject: mail.subject, text: mail.text, html: mail.html ?? undefined }, { keepCopy: false });
    const queued = !delivered && reason === "not_configured";
    await prisma.outboxEmail.update({ where: { id: mail.id }, data: delivered ? { sentAt: new Date() } : { error: queued ? QUEUED_NOTICE : NOT_DELIVERED } });
    result[delivered ? "sent" : queued ? "queued" : "failed"] += 1;
  }
  return result;
}
