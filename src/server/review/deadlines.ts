import "server-only";
import { zonedInstant } from "@/lib/dates";
import type { DeadlineExtension } from "@/lib/validation/admin/review";
import type { StaffSession } from "../authz";
import { recordAudit } from "../audit";
import { prisma } from "../db";
import { now } from "../platform/clock";

export type ExtensionResult = { ok: true; count: number; until: string } | { ok: false; error: "notFound" | "extensionInPast" | "noDraftForEmail" };

/**
 * Gives one applicant (their drafts in this call) until a later instant than the stage's closing, with the reason in
 * the audit trail. The wall-clock time is read in the call's own zone, as its page shows its deadlines.
 */
export async function extendApplicantDeadline(staff: StaffSession, input: DeadlineExtension): Promise<ExtensionResult> {
  const call = await prisma.opportunity.findUnique({ where: { id: input.id }, select: { id: true, timeZone: true } });
  if (!call) return { ok: false, error: "notFound" };
  const until = zonedInstant(input.until, call.timeZone);
  if (Number.isNaN(until.getTime()) || until.getTime() <= now().getTime()) return { ok: false, error: "extensionInPast" };
  return prisma.$transaction(async (tx) => {
    const drafts = await tx.application.findMany({
      where: { opportunityId: call.id, email: input.email, status: "DRAFT" },
      select: { id: true, deadlineExtendedTo: true },
    });
    if (drafts.length === 0) return { ok: false as const, error: "noDraftForEmail" as const };
    for (const draft of drafts) {
      await tx.application.update({ where: { id: draft.id }, data: { deadlineExtendedTo: until } });
      await recordAudit(tx, staff, {
        action: "extend-deadline",
        entity: "Application",
        entityId: draft.id,
        summary: `${input.email}: ${input.reason}`,
        before: { deadlineExtendedTo: draft.deadlineExtendedTo?.toISOString() ?? null },
        after: { deadlineExtendedTo: until.toISOString() },
      });
    }
    return { ok: true as const, count: drafts.length, until: until.toISOString() };
  });
}

/** The drafts of a call that staff gave a later deadline, for its record page. */
export async function listDeadlineExtensions(opportunityId: string) {
  const rows = await prisma.application.findMany({
    where: { opportunityId, status: "DRAFT", deadlineExtendedTo: { not: null } },
    select: { id: true, email: true, deadlineExtendedTo: true },
    orderBy: { deadlineExtendedTo: "asc" },
  });
  return rows.map((r) => ({ id: r.id, email: r.email, until: r.deadlineExtendedTo!.toISOString() }));
}
