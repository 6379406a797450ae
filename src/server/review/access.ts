import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { type StaffSession, staffCan } from "../authz";
import { prisma } from "../db";

// What one staff member may see of one application: everything (applications.read), or, for a reviewer,
// only what their assignment allows. Pages, the attachment route and the services all ask here.

export interface ReviewStanding {
  /** Every application, with every score (admins and viewers). */
  readsAll: boolean;
  /** The staff member's own assignment to this application, if any. */
  assignment: { id: string; conflicted: boolean; scored: boolean } | null;
}

type Db = Prisma.TransactionClient | typeof prisma;

export async function reviewStanding(staff: StaffSession, applicationId: string, db: Db = prisma): Promise<ReviewStanding> {
  const readsAll = staffCan(staff, "applications.read");
  if (!staffCan(staff, "applications.review")) return { readsAll, assignment: null };
  const row = await db.reviewAssignment.findUnique({
    where: { applicationId_reviewerId: { applicationId, reviewerId: staff.id } },
    select: { id: true, conflictDeclaredAt: true, scoredAt: true },
  });
  return { readsAll, assignment: row ? { id: row.id, conflicted: row.conflictDeclaredAt !== null, scored: row.scoredAt !== null } : null };
}

/** May open the application's page at all: reads everything, or is assigned (even when conflicted, to see that). */
export const canOpen = (s: ReviewStanding) => s.readsAll || s.assignment !== null;

/** May read the answers and download the files: a conflicted reviewer may not. */
export const canReadContent = (s: ReviewStanding) => s.readsAll || (s.assignment !== null && !s.assignment.conflicted);

/**
 * May read other reviewers' scores and comments and the averages. A reviewer sees them only once they have
 * scored themselves, so that their own judgement is not anchored by the others' (as HotCRP does by default).
 */
export const canReadScores = (s: ReviewStanding) => s.readsAll || (s.assignment !== null && !s.assignment.conflicted && s.assignment.scored);
