import "server-only";
import { Prisma } from "@/generated/prisma/client";
import type { ApplicationStatus } from "@/generated/prisma/enums";
import { isOpenForReview } from "@/lib/application-workflow";
import type { Rubric } from "@/lib/calls/definition";
import { rubricScoresSchema } from "@/lib/calls/rubric";
import type { AssignReviewerInput, DeclareConflictInput, ScoreInput } from "@/lib/validation/admin/review";
import { recordAudit } from "../audit";
import type { StaffSession } from "../authz";
import { definitionOf } from "../calls/definitions";
import { prisma } from "../db";
import { refuse, type ReviewResult } from "./result";

// Assigning reviewers, their conflict declarations and their rubric scores. Each write and its audit entry share
// a transaction; the rules (who, while the review is open, and on which rubric) are checked here, whatever page
// sent the request.

type Tx = Prisma.TransactionClient;

/**
 * The application's status, read under a share lock: a decision being applied to it (which takes the row for update)
 * finishes first, so nobody scores or is assigned after the outcome is known.
 */
async function lockedStatus(tx: Tx, applicationId: string) {
  const rows = await tx.$queryRaw<{ status: ApplicationStatus; reference: string | null; opportunityId: string; definitionId: string | null }[]>`
    SELECT "status"::text AS "status", "reference", "opportunityId", "definitionId" FROM "Application" WHERE "id" = ${applicationId} FOR SHARE`;
  const row = rows[0];
  return row && row.status !== "DRAFT" ? row : null;
}

const isUniqueViolation = (error: unknown) => error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";

export async function assignReviewer(staff: StaffSession, input: AssignReviewerInput): Promise<ReviewResult<{ assignmentId: string }>> {
  try {
    return await prisma.$transaction(async (tx) => {
      const app = await lockedStatus(tx, input.applicationId);
      if (!app) return refuse("applicationNotFound");
      if (!isOpenForReview(app.status)) return refuse("reviewClosed");
      const reviewer = await tx.staffUser.findUnique({ where: { id: input.reviewerId }, select: { id: true, email: true, role: true, disabledAt: true } });
      if (!reviewer || reviewer.role !== "REVIEWER" || reviewer.disabledAt) return refuse("notAReviewer");
      const existing = await tx.reviewAssignment.findUnique({
        where: { applicationId_reviewerId: { applicationId: input.applicationId, reviewerId: reviewer.id } },
        select: { id: true },
      });
      if (existing) return refuse("alreadyAssigned");
      const assignment = await tx.reviewAssignment.create({ data: { applicationId: input.applicationId, reviewerId: reviewer.id } });
      await recordAudit(tx, staff, {
        action: "assign",
        entity: "ReviewAssignment",
        entityId: assignment.id,
        summary: `${app.reference} to ${reviewer.email}`,
        after: { applicationId: input.applicationId, reviewerId: reviewer.id, reviewerEmail: reviewer.email },
      });
      return { ok: true as const, assignmentId: assignment.id };
    });
  } catch (error) {
    // Two admins assigning the same reviewer at once: the second meets the unique index.
    if (isUniqueViolation(error)) return refuse("alreadyAssigned");
    throw error;
  }
}

export async function unassignReviewer(staff: StaffSession, input: { applicationId: string; assignmentId: string }): Promise<ReviewResult> {
  return prisma.$transaction(async (tx) => {
    const app = await lockedStatus(tx, input.applicationId);
    if (!app) return refuse("applicationNotFound");
    if (!isOpenForReview(app.status)) return refuse("reviewClosed");
    const assignment = await tx.reviewAssignment.findFirst({
      where: { id: input.assignmentId, applicationId: input.applicationId },
      include: { reviewer: { select: { email: true } } },
    });
    if (!assignment) return refuse("notAssigned");
    await tx.reviewAssignment.delete({ where: { id: assignment.id } });
    const { reviewer, ...before } = assignment;
    await recordAudit(tx, staff, {
      action: "unassign",
      entity: "ReviewAssignment",
      entityId: assignment.id,
      summary: `${app.reference} from ${reviewer.email}`,
      before: { ...before, reviewerEmail: reviewer.email },
    });
    return { ok: true as const };
  });
}

/** The reviewer's own assignment to an open application, or why they may not act on it. */
async function ownOpenAssignment(tx: Tx, staff: StaffSession, applicationId: string) {
  const app = await lockedStatus(tx, applicationId);
  if (!app) return refuse("applicationNotFound");
  const assignment = await tx.reviewAssignment.findUnique({ where: { applicationId_reviewerId: { applicationId, reviewerId: staff.id } } });
  if (!assignment) return refuse("notAssigned");
  if (assignment.conflictDeclaredAt) return refuse("conflicted");
  if (!isOpenForReview(app.status)) return refuse("reviewClosed");
  return { ok: true as const, app, assignment };
}

/** A reviewer declares a conflict of interest: from then on they neither see nor give scores for this application. */
export async function declareConflict(staff: StaffSession, input: DeclareConflictInput): Promise<ReviewResult> {
  return prisma.$transaction(async (tx) => {
    const own = await ownOpenAssignment(tx, staff, input.applicationId);
    if (!own.ok) return own;
    const at = new Date();
    await tx.reviewAssignment.update({ where: { id: own.assignment.id }, data: { conflictDeclaredAt: at, conflictReason: input.reason } });
    await recordAudit(tx, staff, {
      action: "conflict",
      entity: "ReviewAssignment",
      entityId: own.assignment.id,
      summary: `${own.app.reference}: conflict declared`,
      before: { applicationId: input.applicationId, conflictDeclaredAt: null, conflictReason: null },
      after: { applicationId: input.applicationId, conflictDeclaredAt: at, conflictReason: input.reason },
    });
    return { ok: true as const };
  });
}

/** The rubric of the version of the call the application answered: the one its reviewers score on. */
const rubricOf = async (tx: Tx, app: { opportunityId: string; definitionId: string | null }): Promise<Rubric | null> =>
  (await definitionOf(app, tx))?.definition.rubric ?? null;

/** The rubric this reviewer scores the application on, or why they may not score it now. */
export async function rubricToScore(staff: StaffSession, applicationId: string): Promise<ReviewResult<{ rubric: Rubric }>> {
  return prisma.$transaction(async (tx) => {
    const own = await ownOpenAssignment(tx, staff, applicationId);
    if (!own.ok) return own;
    const rubric = await rubricOf(tx, own.app);
    return rubric ? { ok: true as const, rubric } : refuse("noRubric");
  });
}

/** A reviewer's scores and comment, new or revised; refused once conflicted, once the outcome is known, or off the rubric. */
export async function saveScores(staff: StaffSession, input: ScoreInput): Promise<ReviewResult> {
  return prisma.$transaction(async (tx) => {
    const own = await ownOpenAssignment(tx, staff, input.applicationId);
    if (!own.ok) return own;
    const rubric = await rubricOf(tx, own.app);
    if (!rubric) return refuse("noRubric");
    // Whatever parsed the scores before, only the application's own rubric decides what is kept.
    const checked = rubricScoresSchema(rubric).safeParse(input.scores);
    if (!checked.success) return refuse("invalidRequest");
    const scores = Object.fromEntries(rubric.criteria.map((c) => [c.key, checked.data[c.key]!]));
    const { comment } = input;
    const scoredAt = new Date();
    await tx.reviewAssignment.update({ where: { id: own.assignment.id }, data: { scores, comment, scoredAt } });
    const a = own.assignment;
    await recordAudit(tx, staff, {
      action: "score",
      entity: "ReviewAssignment",
      entityId: a.id,
      summary: `${own.app.reference}: ${rubric.criteria.map((c) => scores[c.key]).join("/")}`,
      before: { applicationId: input.applicationId, scores: a.scores, comment: a.comment, scoredAt: a.scoredAt },
      after: { applicationId: input.applicationId, scores, comment, scoredAt },
    });
    return { ok: true as const };
  });
}
