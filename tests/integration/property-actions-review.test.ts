import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DECISION_OUTCOMES, SUBMITTED_STATUSES } from "@/lib/application-workflow";
import { findAdminActionModules } from "../support/admin-access";
import {
  badChoice,
  badText,
  driveAction,
  expectRefusedState,
  missingId,
  nastyString,
  PROPERTY_TIMEOUT,
  RUNS,
  STAFF_ACTION_TESTS,
  staffActionCases,
  tooLong,
  type ActionCase,
  type FormValue,
  type Outcome,
} from "../support/property";
import { actAs, createStaff, signOutTestStaff } from "../support/staff";

// The review, decision and outbox forms, posted by staff allowed to use them with generated bad forms: each is refused
// with { ok: false } and message keys, never throws, and writes nothing. Applying an empty batch and releasing
// no held mail are answered as the no-ops they are, and write nothing either.

type Action = (...args: never[]) => Promise<unknown>;
const FILE = "property-actions-review";
const actions: Record<string, Action> = {};
for (const { name, file } of findAdminActionModules().filter((m) => STAFF_ACTION_TESTS[m.name] === FILE)) {
  for (const [exportName, fn] of Object.entries((await import(/* @vite-ignore */ file)) as Record<string, unknown>)) {
    if (typeof fn === "function") actions[`${name}#${exportName}`] = fn as Action;
  }
}
const covered = new Set<string>();

const staff: Partial<Record<"ADMIN" | "REVIEWER", Awaited<ReturnType<typeof createStaff>>>> = {};
beforeAll(async () => {
  staff.ADMIN = await createStaff("ADMIN");
  // Declaring a conflict and scoring are a reviewer's own work, which no other role may do.
  staff.REVIEWER = await createStaff("REVIEWER");
});
afterAll(() => signOutTestStaff());

const badId = fc.oneof(tooLong(64), fc.constantFrom<FormValue>(undefined, "", "   "));
const score = fc.constantFrom("1", "2", "3", "4", "5");
const badScore = fc.oneof(badChoice(["1", "2", "3", "4", "5"]), fc.constantFrom("0", "6", "3.5", "-1", "1e0"));

function drive(key: string, cases: fc.Arbitrary<ActionCase>, role: "ADMIN" | "REVIEWER" = "ADMIN") {
  it(`${key}: ${RUNS} bad forms are refused and write nothing, as ${role.toLowerCase()}`, async () => {
    covered.add(key);
    actAs(staff[role]!);
    await driveAction(key, actions[key]!, cases);
  });
}

/** Forms about applications (and assignments, decisions) that do not exist, well formed or not. */
const about = (fields: (ids: { applicationId: string; otherId: string }) => Record<string, FormValue>, bad: Record<string, fc.Arbitrary<FormValue>>) =>
  fc.tuple(missingId, missingId).chain(([applicationId, otherId]) => {
    const valid = fields({ applicationId, otherId });
    return staffActionCases({ valid, bad: { applicationId: badId, ...bad }, semantic: fc.constant(valid) });
  });

describe("the review, decision and outbox actions under generated bad forms", { timeout: PROPERTY_TIMEOUT }, () => {
  drive("review#assignReviewerAction", about(({ applicationId, otherId }) => ({ applicationId, reviewerId: otherId }), { reviewerId: fc.oneof(tooLong(64), fc.constant(undefined)) }));
  drive("review#unassignReviewerAction", about(({ applicationId, otherId }) => ({ applicationId, assignmentId: otherId }), { assignmentId: badId }));
  drive("review#declareConflictAction", about(({ applicationId }) => ({ applicationId, reason: "I co-authored the proposal." }), { reason: badText(5, 1000) }), "REVIEWER");
  drive(
    "review#saveScoresAction",
    fc.tuple(score, score, score).chain(([a, b, c]) =>
      about(({ applicationId }) => ({ applicationId, scientificValue: a, technicalFeasibility: b, cooperationDiversity: c, comment: "Sound and feasible." }), {
        scientificValue: badScore,
        technicalFeasibility: badScore,
        cooperationDiversity: badScore,
        comment: badText(2, 4000),
      }),
    ),
    "REVIEWER",
  );
  drive(
    "review#changeStatusAction",
    fc.constantFrom(...SUBMITTED_STATUSES).chain((status) => about(({ applicationId }) => ({ applicationId, status }), { status: badChoice(SUBMITTED_STATUSES) })),
  );
  drive(
    "review-decisions#prepareDecisionAction",
    fc.constantFrom(...DECISION_OUTCOMES).chain((outcome) =>
      about(({ applicationId }) => ({ applicationId, outcome, note: "" }), { outcome: badChoice(DECISION_OUTCOMES), note: tooLong(2000) }),
    ),
  );
  drive(
    "review-decisions#removePreparedDecisionAction",
    missingId.chain((decisionId) => staffActionCases({ valid: { decisionId }, bad: { decisionId: badId }, semantic: fc.constant({ decisionId }) })),
  );

  // No input but the language: with nothing prepared, applying the batch applies nothing and says so.
  drive(
    "review-decisions#applyDecisionBatchAction",
    staffActionCases({
      valid: { locale: "en" },
      bad: { locale: fc.oneof(nastyString, fc.constantFrom<FormValue>(undefined, "../../x")), junk: nastyString },
      expect: (outcome: Outcome, label: string) => {
        expect(outcome, label).toEqual({ kind: "state", state: { ok: true, message: "batchApplied", result: { applied: [], refused: [] } } });
      },
    }),
  );

  // Releasing: a malformed choice is refused; held notices that do not exist release nothing.
  drive(
    "review-outbox#releaseMailAction",
    fc.array(missingId, { minLength: 1, maxLength: 3 }).chain((ids) =>
      staffActionCases({
        valid: { mode: "selected", ids },
        bad: {
          mode: badChoice(["all", "selected"]),
          ids: fc.oneof(fc.constant(undefined), tooLong(64), fc.array(fc.constant("x"), { minLength: 501, maxLength: 505 })),
        },
        semantic: fc.constant({ mode: "selected", ids }),
        expect: (outcome: Outcome, label: string) => {
          if (outcome.kind === "state" && outcome.state.ok) expect(outcome.state, label).toEqual({ ok: true, message: "released", result: { sent: 0, failed: 0 } });
          else expectRefusedState(outcome, label);
        },
      }),
    ),
  );

  it("drove every review, decision and outbox action: a new one without a property test fails here", () => {
    expect(Object.keys(STAFF_ACTION_TESTS).sort(), "action modules missing from STAFF_ACTION_TESTS").toEqual(findAdminActionModules().map((m) => m.name).sort());
    expect(Object.keys(actions).sort()).toEqual([...covered].sort());
  });
});
