import type { ApplicationStatus } from "@/generated/prisma/enums";

// The life of a Tianwen-3 application, as one table: who may move it from which status to which.
// Pure, so that the pages (which buttons to offer), the services (what to refuse) and the tests read the same rules.

export const APPLICATION_STATUSES = [
  "DRAFT",
  "SUBMITTED",
  "UNDER_REVIEW",
  "SHORTLISTED",
  "ACCEPTED",
  "DECLINED",
  "WITHDRAWN",
] as const satisfies readonly ApplicationStatus[];

/** The statuses staff see in the inbox: everything but drafts, which belong to the applicant alone. */
export const SUBMITTED_STATUSES = ["SUBMITTED", "UNDER_REVIEW", "SHORTLISTED", "ACCEPTED", "DECLINED", "WITHDRAWN"] as const satisfies readonly ApplicationStatus[];

export type Mover = "applicant" | "staff";

/** The outcomes staff take through the decision batch (capacity reserved, applicant notified), never one by one. */
export const DECISION_OUTCOMES = ["ACCEPTED", "DECLINED"] as const satisfies readonly ApplicationStatus[];
export type DecisionOutcome = (typeof DECISION_OUTCOMES)[number];

const TRANSITIONS: Record<ApplicationStatus, Partial<Record<ApplicationStatus, Mover>>> = {
  DRAFT: { SUBMITTED: "applicant" },
  SUBMITTED: { UNDER_REVIEW: "staff", WITHDRAWN: "applicant" },
  // A decline may follow review directly: an application need not be shortlisted only to be turned down.
  UNDER_REVIEW: { SHORTLISTED: "staff", DECLINED: "staff", WITHDRAWN: "applicant" },
  SHORTLISTED: { ACCEPTED: "staff", DECLINED: "staff", WITHDRAWN: "applicant" },
  ACCEPTED: {},
  DECLINED: {},
  WITHDRAWN: {},
};

/** Whether `mover` may take an application from `from` to `to`. */
export function canTransition(from: ApplicationStatus, to: ApplicationStatus, mover: Mover): boolean {
  return TRANSITIONS[from][to] === mover;
}

export const isDecisionOutcome = (status: ApplicationStatus): status is DecisionOutcome =>
  (DECISION_OUTCOMES as readonly ApplicationStatus[]).includes(status);

/** Every status staff may move an application to from `from`, in the table's order. */
export function staffTransitions(from: ApplicationStatus): ApplicationStatus[] {
  return APPLICATION_STATUSES.filter((to) => canTransition(from, to, "staff"));
}

/** The review steps staff take one application at a time, from its page: everything but the decision outcomes. */
export function reviewSteps(from: ApplicationStatus): ApplicationStatus[] {
  return staffTransitions(from).filter((to) => !isDecisionOutcome(to));
}

/** The outcomes a decision may be prepared with for an application in this status. */
export function decisionOutcomes(from: ApplicationStatus): DecisionOutcome[] {
  return DECISION_OUTCOMES.filter((to) => canTransition(from, to, "staff"));
}

/** Reviewers may be assigned, declare conflicts and revise their scores until the application's outcome is known. */
export function isOpenForReview(status: ApplicationStatus): boolean {
  return status === "SUBMITTED" || status === "UNDER_REVIEW" || status === "SHORTLISTED";
}
