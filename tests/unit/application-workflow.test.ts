import { describe, expect, it } from "vitest";
import {
  APPLICATION_STATUSES,
  canTransition,
  decisionOutcomes,
  isOpenForReview,
  type Mover,
  reviewSteps,
  staffTransitions,
} from "@/lib/application-workflow";

// The whole table written out: every pair not listed here must be refused, for staff and applicants alike.
const LEGAL: [from: string, to: string, mover: Mover][] = [
  ["DRAFT", "SUBMITTED", "applicant"],
  ["SUBMITTED", "UNDER_REVIEW", "staff"],
  ["SUBMITTED", "WITHDRAWN", "applicant"],
  ["UNDER_REVIEW", "SHORTLISTED", "staff"],
  ["UNDER_REVIEW", "DECLINED", "staff"],
  ["UNDER_REVIEW", "WITHDRAWN", "applicant"],
  ["SHORTLISTED", "ACCEPTED", "staff"],
  ["SHORTLISTED", "DECLINED", "staff"],
  ["SHORTLISTED", "WITHDRAWN", "applicant"],
];

const pairs = APPLICATION_STATUSES.flatMap((from) =>
  APPLICATION_STATUSES.flatMap((to) => (["staff", "applicant"] as const).map((mover) => [from, to, mover] as const)),
);
const isLegal = (from: string, to: string, mover: Mover) => LEGAL.some(([f, t, m]) => f === from && t === to && m === mover);

describe("the application workflow", () => {
  it.each(pairs.filter(([f, t, m]) => isLegal(f, t, m)))("lets %s → %s be done by %s", (from, to, mover) => {
    expect(canTransition(from, to, mover)).toBe(true);
  });

  it.each(pairs.filter(([f, t, m]) => !isLegal(f, t, m)))("refuses %s → %s by %s", (from, to, mover) => {
    expect(canTransition(from, to, mover)).toBe(false);
  });

  it("covers all 98 pairs of statuses and movers", () => {
    expect(pairs).toHaveLength(7 * 7 * 2);
    expect(pairs.filter(([f, t, m]) => canTransition(f, t, m))).toHaveLength(LEGAL.length);
  });

  it("never lets staff touch a draft, withdraw an application or move a decided one", () => {
    for (const status of APPLICATION_STATUSES) {
      expect(canTransition("DRAFT", status, "staff")).toBe(false);
      expect(canTransition(status, "DRAFT", "staff")).toBe(false);
      expect(canTransition(status, "WITHDRAWN", "staff")).toBe(false);
      for (const final of ["ACCEPTED", "DECLINED", "WITHDRAWN"] as const) expect(canTransition(final, status, "staff")).toBe(false);
    }
  });

  it("offers single review steps on the application's page and keeps outcomes for the decision batch", () => {
    expect(reviewSteps("SUBMITTED")).toEqual(["UNDER_REVIEW"]);
    expect(reviewSteps("UNDER_REVIEW")).toEqual(["SHORTLISTED"]);
    expect(reviewSteps("SHORTLISTED")).toEqual([]);
    expect(staffTransitions("SHORTLISTED")).toEqual(["ACCEPTED", "DECLINED"]);
    expect(decisionOutcomes("SHORTLISTED")).toEqual(["ACCEPTED", "DECLINED"]);
    expect(decisionOutcomes("UNDER_REVIEW")).toEqual(["DECLINED"]);
    expect(decisionOutcomes("SUBMITTED")).toEqual([]);
    expect(decisionOutcomes("ACCEPTED")).toEqual([]);
  });

  it("keeps the review open until the outcome is known", () => {
    expect(APPLICATION_STATUSES.filter(isOpenForReview)).toEqual(["SUBMITTED", "UNDER_REVIEW", "SHORTLISTED"]);
  });
});
