import "server-only";
import type { ApplicationStatus } from "@/generated/prisma/enums";
import { canTransition, isDecisionOutcome } from "@/lib/application-workflow";
import type { ChangeStatusInput } from "@/lib/validation/admin/review";
import { recordAudit } from "../audit";
import type { StaffSession } from "../authz";
import { prisma } from "../db";
import { refuse, type ReviewResult } from "./result";

/**
 * Moves an application one review step (to under review, to shortlisted), with its history event and audit entry.
 * Accepting and declining go through the decision batch instead, which reserves capacity and writes the notice.
 */
export async function changeStatus(staff: StaffSession, input: ChangeStatusInput): Promise<ReviewResult<{ from: ApplicationStatus }>> {
  return prisma.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ status: ApplicationStatus; reference: string | null }[]>`
      SELECT "status"::text AS "status", "reference" FROM "Application" WHERE "id" = ${input.applicationId} FOR UPDATE`;
    const app = rows[0];
    if (!app || app.status === "DRAFT") return refuse("applicationNotFound");
    if (!canTransition(app.status, input.status, "staff")) return refuse("illegalTransition");
    if (isDecisionOutcome(input.status)) return refuse("decisionInBatch");
    const at = new Date();
    await tx.application.update({
      where: { id: input.applicationId },
      data: { status: input.status, events: { create: { status: input.status, at } } },
    });
    await recordAudit(tx, staff, {
      action: "status",
      entity: "Application",
      entityId: input.applicationId,
      summary: `${app.reference}: ${app.status} → ${input.status}`,
      before: { status: app.status },
      after: { status: input.status },
    });
    return { ok: true as const, from: app.status };
  });
}
