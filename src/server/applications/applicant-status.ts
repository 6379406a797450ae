import "server-only";
import type { ApplicationStatus } from "@/generated/prisma/enums";
import { prisma } from "../db";

// What the applicant may know of their application's progress. Staff's review stages are their own working steps,
// and a decision is the applicant's only once its notice is released: until then the application reads "Submitted".

const REVIEW_STAGES: ApplicationStatus[] = ["UNDER_REVIEW", "SHORTLISTED"];
const DECISIONS: ApplicationStatus[] = ["ACCEPTED", "DECLINED"];

/** Whether staff have released the notice of the decision applied to this application. */
export async function decisionReleased(applicationId: string): Promise<boolean> {
  const released = await prisma.outboxEmail.count({ where: { applicationId, heldForReview: true, releasedAt: { not: null } } });
  return released > 0;
}

/** A status as the applicant may see it. */
export function statusForApplicant(status: ApplicationStatus, released: boolean): ApplicationStatus {
  if (REVIEW_STAGES.includes(status)) return "SUBMITTED";
  if (DECISIONS.includes(status) && !released) return "SUBMITTED";
  return status;
}

/** An application's status and history as the applicant may see them: review stages and unreleased decisions left out. */
export async function applicantProgress<E extends { status: ApplicationStatus }>(
  application: { id: string; status: ApplicationStatus; events: E[] },
): Promise<{ status: ApplicationStatus; events: E[] }> {
  const released = DECISIONS.includes(application.status) && (await decisionReleased(application.id));
  return {
    status: statusForApplicant(application.status, released),
    events: application.events.filter((event) => !REVIEW_STAGES.includes(event.status) && (released || !DECISIONS.includes(event.status))),
  };
}
