import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DECISION_OUTCOMES, SUBMITTED_STATUSES } from "@/lib/application-workflow";
import { tianwen3Definition } from "@/lib/calls/tianwen-3";
import {
  assignReviewerSchema,
  changeStatusSchema,
  deadlineExtensionSchema,
  declareConflictSchema,
  prepareDecisionSchema,
  releaseMailSchema,
  removeDecisionSchema,
  scoreSchema,
  unassignReviewerSchema,
} from "@/lib/validation/admin/review";
import { resendMailSchema } from "@/lib/validation/admin/mail";
import type { StaffSession } from "@/server/authz";
import { createApplication, createAssignment, createHeldMail, prepareDecisionRow, tianwen3Scores } from "../factories/review";
import { testPrisma } from "../support/database";
import { findAdminActionModules } from "../support/admin-access";
import {
  badChoice,
  badDate,
  badEmailField,
  badText,
  driveAction,
  expectAcceptedAndWritten,
  expectRefusedState,
  missingId,
  nastyString,
  PROPERTY_TIMEOUT,
  refusedActors,
  refusedWith,
  RUNS,
  STAFF_ACTION_TESTS,
  staffActionCases,
  staffActionsOf,
  tooLong,
  type ActionCase,
  type AnswerCheck,
  type FormValue,
  type Outcome,
  type Refusal,
  type Table,
} from "../support/property";
import { actAs, createStaff, signOutTestStaff } from "../support/staff";

// The review, decision, deadline and outbox forms, posted by the staff allowed to use them with generated bad forms
// aimed at real applications (open, conflicted, unassigned, decided, draft), real assignments, a real prepared
// decision and a real held notice: each is refused for its fault (the bad field, applicationNotFound, notAssigned,
// conflicted, reviewClosed, alreadyAssigned, notAReviewer, illegalTransition, decisionInBatch, decisionNotFound,
// extensionInPast, noDraftForEmail, 403 for other roles), never throws, and leaves those records as they were.
// Applying an empty batch and releasing no held mail are answered as the no-ops they are.

const actions = await staffActionsOf("property-actions-review");
const covered = new Set<string>();

type Actor = "ADMIN" | "REVIEWER";
const staff = {} as Record<Actor, StaffSession> & { otherReviewer: StaffSession; editor: StaffSession };
const apps = {} as Record<"open" | "conflicted" | "unassigned" | "closed" | "shortlisted" | "draft", string>;
const assignments = {} as Record<"open" | "closed", string>;
let heldMailId: string;
/** A call with a draft to give a later deadline, and the emails of applicants who have no draft in it. */
const deadline = {} as { callId: string; draftEmail: string; submittedEmail: string; otherCallsEmail: string };
/** The form each property starts from: one its staff member may post, which would change the real records. */
let valid: Record<string, Record<string, FormValue>>;
const unauthorised: Record<string, (StaffSession | null)[]> = {};

beforeAll(async () => {
  staff.ADMIN = await createStaff("ADMIN");
  // Declaring a conflict and scoring are a reviewer's own work, which no other role may do.
  staff.REVIEWER = await createStaff("REVIEWER");
  staff.otherReviewer = await createStaff("REVIEWER");
  staff.editor = await createStaff("EDITOR");
  for (const [name, status] of [["open", "UNDER_REVIEW"], ["conflicted", "UNDER_REVIEW"], ["unassigned", "UNDER_REVIEW"], ["closed", "DECLINED"], ["shortlisted", "SHORTLISTED"], ["draft", "DRAFT"]] as const) {
    apps[name] = (await createApplication({ status })).id;
  }
  assignments.open = (await createAssignment(apps.open, staff.REVIEWER.id)).id;
  assignments.closed = (await createAssignment(apps.closed, staff.REVIEWER.id, { scores: tianwen3Scores(3, 3, 3) })).id;
  await createAssignment(apps.conflicted, staff.REVIEWER.id, { conflictReason: "I co-authored the proposal." });
  heldMailId = (await createHeldMail(apps.closed)).id;
  const late = await createApplication({ status: "DRAFT" });
  const submitted = await createApplication({ opportunityId: late.opportunityId, status: "SUBMITTED" });
  const otherCalls = await testPrisma().application.findUniqueOrThrow({ where: { id: apps.draft } });
  Object.assign(deadline, { callId: late.opportunityId, draftEmail: late.email, submittedEmail: submitted.email, otherCallsEmail: otherCalls.email });
  valid = {
    "review#assignReviewerAction": { applicationId: apps.open, reviewerId: staff.otherReviewer.id },
    "review#saveScoresAction": {
      applicationId: apps.open,
      "scores.scientificValue": "4",
      "scores.technicalFeasibility": "3",
      "scores.cooperationDiversity": "5",
      comment: "Sound and feasible.",
    },
    "review#declareConflictAction": { applicationId: apps.open, reason: "I co-authored the proposal." },
    "review#unassignReviewerAction": { applicationId: apps.open, assignmentId: assignments.open },
    "review#changeStatusAction": { applicationId: apps.open, status: "SHORTLISTED" },
    "review-decisions#prepareDecisionAction": { applicationId: apps.open, outcome: "DECLINED", note: "" },
    "review-outbox#releaseMailAction": { mode: "selected", ids: [heldMailId] },
    "deadlines#extendDeadlineAction": { id: deadline.callId, email: deadline.draftEmail, until: "2099-01-01T12:00", reason: "Mail server outage on the closing day" },
    "mail#resendMailAction": { id: heldMailId },
  };
  for (const key of Object.keys(actions)) unauthorised[key] = await refusedActors(key);
});
afterAll(() => signOutTestStaff());

// What each action can write; every other table is compared once per property.
const ASSIGNMENTS: Table[] = ["ReviewAssignment", "AuditEntry"];
const STATUS: Table[] = ["Application", "ApplicationEvent", "OutboxEmail", "AuditEntry"];
const DECISIONS: Table[] = ["PreparedDecision", "AuditEntry"];
const BATCH: Table[] = ["Application", "ApplicationEvent", "PreparedDecision", "ResourcePool", "OutboxEmail", "AuditEntry"];
const OUTBOX: Table[] = ["OutboxEmail", "AuditEntry"];
const DEADLINES: Table[] = ["Application", "AuditEntry"];

function drive(key: string, role: Actor, tables: Table[], cases: () => fc.Arbitrary<ActionCase> | Promise<fc.Arbitrary<ActionCase>>, title = "bad forms are refused for their fault") {
  it(`${key}: ${RUNS} ${title} and change nothing, as ${role.toLowerCase()}`, async () => {
    covered.add(key);
    actAs(staff[role]);
    await driveAction(key, actions[key]!, await cases(), {}, { actor: staff[role], tables });
  });
}

const badId = fc.oneof(tooLong(64), fc.constantFrom<FormValue>(undefined, "", "   "));
const score = fc.constantFrom("1", "2", "3", "4", "5");
const badScore = fc.oneof(badChoice(["1", "2", "3", "4", "5"]), fc.constantFrom("0", "6", "3.5", "-1", "1e0"));
// A tampered hidden field is answered as a bad request, not field by field.
const naming = { hidden: ["applicationId", "assignmentId", "status", "decisionId"] };

const refusal = (label: string, message: string, fields: fc.Arbitrary<Record<string, FormValue>>) =>
  fields.map((f): Refusal => ({ fields: f, label, expect: refusedWith(message) }));
/** An application that does not exist, or a draft, which staff never see. */
const unknownApplication = fc.oneof(missingId, fc.constant(null).map(() => apps.draft));

describe("the review, decision and outbox actions under generated bad forms aimed at real records", { timeout: PROPERTY_TIMEOUT }, () => {
  drive("review#assignReviewerAction", "ADMIN", ASSIGNMENTS, () =>
    staffActionCases({
      valid: valid["review#assignReviewerAction"]!,
      bad: { applicationId: badId, reviewerId: fc.oneof(tooLong(64), fc.constant(undefined)) },
      schema: assignReviewerSchema,
      naming,
      refusals: fc.oneof(
        refusal("already assigned", "alreadyAssigned", fc.constant({ applicationId: apps.open, reviewerId: staff.REVIEWER.id })),
        refusal("not a reviewer", "notAReviewer", fc.constantFrom(staff.editor.id, staff.ADMIN.id, "missing-reviewer").map((reviewerId) => ({ applicationId: apps.open, reviewerId }))),
        refusal("review closed", "reviewClosed", fc.constant({ applicationId: apps.closed, reviewerId: staff.otherReviewer.id })),
        refusal("unknown application", "applicationNotFound", unknownApplication.map((applicationId) => ({ applicationId, reviewerId: staff.otherReviewer.id }))),
      ),
      unauthorised: unauthorised["review#assignReviewerAction"],
    }),
  );

  drive("review#unassignReviewerAction", "ADMIN", ASSIGNMENTS, () =>
    staffActionCases({
      valid: valid["review#unassignReviewerAction"]!,
      bad: { applicationId: badId, assignmentId: badId },
      schema: unassignReviewerSchema,
      naming,
      refusals: fc.oneof(
        refusal("another application's assignment", "notAssigned", fc.oneof(missingId, fc.constant(null).map(() => assignments.closed)).map((assignmentId) => ({ applicationId: apps.open, assignmentId }))),
        refusal("review closed", "reviewClosed", fc.constant({ applicationId: apps.closed, assignmentId: assignments.closed })),
        refusal("unknown application", "applicationNotFound", unknownApplication.map((applicationId) => ({ applicationId, assignmentId: assignments.open }))),
      ),
      unauthorised: unauthorised["review#unassignReviewerAction"],
    }),
  );

  /** The reviewer's own refusals: not assigned, conflicted, closed, or an application staff do not see. */
  const reviewerRefusals = (fields: Record<string, FormValue>) =>
    fc.oneof(
      refusal("not assigned", "notAssigned", fc.constant({ ...fields, applicationId: apps.unassigned })),
      refusal("conflicted", "conflicted", fc.constant({ ...fields, applicationId: apps.conflicted })),
      refusal("review closed", "reviewClosed", fc.constant({ ...fields, applicationId: apps.closed })),
      refusal("unknown application", "applicationNotFound", unknownApplication.map((applicationId) => ({ ...fields, applicationId }))),
    );

  const conflict = { reason: "I co-authored the proposal." };
  drive("review#declareConflictAction", "REVIEWER", ASSIGNMENTS, () =>
    staffActionCases({
      valid: valid["review#declareConflictAction"]!,
      bad: { applicationId: badId, reason: badText(5, 1000) },
      schema: declareConflictSchema,
      naming,
      refusals: reviewerRefusals(conflict),
      unauthorised: unauthorised["review#declareConflictAction"],
    }),
  );

  // The form is the Tianwen-3 rubric's (the applications answered its form); a score for a criterion it does not name
  // is a tampered request, refused as a whole.
  drive("review#saveScoresAction", "REVIEWER", ASSIGNMENTS, () =>
    fc.tuple(score, score, score).chain(([a, b, c]) => {
      const scores = { "scores.scientificValue": a, "scores.technicalFeasibility": b, "scores.cooperationDiversity": c, comment: "Sound and feasible." };
      return staffActionCases({
        valid: { applicationId: apps.open, ...scores },
        bad: {
          applicationId: badId,
          "scores.scientificValue": badScore,
          "scores.technicalFeasibility": badScore,
          "scores.cooperationDiversity": badScore,
          "scores.novelty": score,
          comment: badText(2, 4000),
        },
        schema: scoreSchema(tianwen3Definition.rubric),
        naming: { hidden: [...naming.hidden, "scores.novelty"] },
        refusals: reviewerRefusals(scores),
        unauthorised: unauthorised["review#saveScoresAction"],
      });
    }),
  );

  drive("review#changeStatusAction", "ADMIN", STATUS, () =>
    staffActionCases({
      valid: valid["review#changeStatusAction"]!,
      bad: { applicationId: badId, status: badChoice(SUBMITTED_STATUSES) },
      schema: changeStatusSchema,
      naming,
      refusals: fc.oneof(
        refusal("not a step from under review", "illegalTransition", fc.constantFrom("SUBMITTED", "UNDER_REVIEW", "ACCEPTED", "WITHDRAWN").map((status) => ({ applicationId: apps.open, status }))),
        refusal("decided already", "illegalTransition", fc.constantFrom(...SUBMITTED_STATUSES).map((status) => ({ applicationId: apps.closed, status }))),
        // Declining is a decision: it goes through the batch, never one application at a time.
        refusal("a decision", "decisionInBatch", fc.constant({ applicationId: apps.open, status: "DECLINED" })),
        refusal("unknown application", "applicationNotFound", unknownApplication.map((applicationId) => ({ applicationId, status: "SHORTLISTED" }))),
      ),
      unauthorised: unauthorised["review#changeStatusAction"],
    }),
  );

  drive("review-decisions#prepareDecisionAction", "ADMIN", DECISIONS, () =>
    staffActionCases({
      valid: valid["review-decisions#prepareDecisionAction"]!,
      bad: { applicationId: badId, outcome: badChoice(DECISION_OUTCOMES), note: tooLong(2000) },
      schema: prepareDecisionSchema,
      naming,
      refusals: fc.oneof(
        refusal("not shortlisted", "illegalTransition", fc.constant({ applicationId: apps.open, outcome: "ACCEPTED", note: "" })),
        refusal("decided already", "illegalTransition", fc.constantFrom(...DECISION_OUTCOMES).map((outcome) => ({ applicationId: apps.closed, outcome, note: "" }))),
        refusal("unknown application", "applicationNotFound", unknownApplication.map((applicationId) => ({ applicationId, outcome: "DECLINED", note: "" }))),
      ),
      unauthorised: unauthorised["review-decisions#prepareDecisionAction"],
    }),
  );

  // A real prepared decision, taken out again afterwards: the empty batch below must stay empty.
  it(`review-decisions#removePreparedDecisionAction: ${RUNS} bad forms are refused for their fault and change nothing, as admin`, async () => {
    const key = "review-decisions#removePreparedDecisionAction";
    covered.add(key);
    actAs(staff.ADMIN);
    const decision = await prepareDecisionRow(apps.shortlisted, "ACCEPTED", staff.ADMIN.id);
    try {
      const cases = staffActionCases({
        valid: { decisionId: decision.id },
        bad: { decisionId: badId },
        schema: removeDecisionSchema,
        naming,
        refusals: refusal("unknown decision", "decisionNotFound", missingId.map((decisionId) => ({ decisionId }))),
        unauthorised: unauthorised[key],
      });
      await driveAction(key, actions[key]!, cases, {}, { actor: staff.ADMIN, tables: DECISIONS });
      // Applying the batch is refused to every other role while a decision waits in it.
      await driveAction(
        "review-decisions#applyDecisionBatchAction",
        actions["review-decisions#applyDecisionBatchAction"]!,
        staffActionCases({ valid: {}, bad: {}, unauthorised: unauthorised["review-decisions#applyDecisionBatchAction"] }),
        {},
        { actor: staff.ADMIN, tables: BATCH },
      );
      await expectAcceptedAndWritten(key, actions[key]!, { decisionId: decision.id }, DECISIONS);
    } finally {
      await testPrisma().preparedDecision.deleteMany({ where: { id: decision.id } });
    }
  });

  // No input but the language: with nothing prepared, applying the batch applies nothing and says so.
  drive(
    "review-decisions#applyDecisionBatchAction",
    "ADMIN",
    BATCH,
    () =>
      staffActionCases({
        valid: { locale: "en" },
        bad: { locale: fc.oneof(nastyString, fc.constantFrom<FormValue>(undefined, "../../x")), junk: nastyString },
        expect: (outcome: Outcome, label: string) => {
          expect(outcome, label).toEqual({ kind: "state", state: { ok: true, message: "batchApplied", result: { applied: [], refused: [] } } });
        },
      }),
    "forms with nothing prepared apply nothing",
  );

  // Releasing: a malformed choice is refused; held notices that do not exist release nothing; the real held notice
  // stays held through all of it, and through every other role's attempt to release it.
  drive("review-outbox#releaseMailAction", "ADMIN", OUTBOX, () =>
    fc.array(missingId, { minLength: 1, maxLength: 3 }).chain((ids) =>
      staffActionCases({
        valid: valid["review-outbox#releaseMailAction"]!,
        bad: {
          mode: badChoice(["all", "selected"]),
          ids: fc.oneof(fc.constant(undefined), tooLong(64), fc.array(fc.constant("x"), { minLength: 501, maxLength: 505 })),
        },
        schema: releaseMailSchema,
        arrays: ["ids"],
        naming: { related: { mode: ["ids"] } },
        refusals: fc.constant({
          fields: { mode: "selected", ids },
          label: "unknown notices",
          expect: (outcome: Outcome, label: string) => expect(outcome, label).toEqual({ kind: "state", state: { ok: true, message: "released", result: { sent: 0, failed: 0, queued: 0 } } }),
        }),
        unauthorised: unauthorised["review-outbox#releaseMailAction"],
      }),
    ),
  );

  // Sending again: a malformed or unknown id is refused as missing; the real held notice is not given-up mail and is
  // refused as one to release from the outbox, and it stays held through every role's attempt.
  drive("mail#resendMailAction", "ADMIN", OUTBOX, () =>
    staffActionCases({
      valid: valid["mail#resendMailAction"]!,
      bad: { id: badId },
      schema: resendMailSchema,
      semantic: missingId.map((id) => ({ id })),
      refusals: fc.constant({
        fields: { id: heldMailId },
        label: "a held notice",
        expect: (outcome: Outcome, label: string) => expect(outcome, label).toEqual({ kind: "state", state: { ok: false, refused: "held" } }),
      }),
      unauthorised: unauthorised["mail#resendMailAction"],
      expect: (outcome: Outcome, label: string) => expect(outcome, label).toEqual({ kind: "state", state: { ok: false, refused: "missing" } }),
    }),
  );

  drive("deadlines#extendDeadlineAction", "ADMIN", DEADLINES, () => {
    const key = "deadlines#extendDeadlineAction";
    const form = valid[key]!;
    const refusedUntil = (keys: string[]): AnswerCheck => (outcome, label) => {
      const state = expectRefusedState(outcome, label);
      expect(state.message, label).toBe("summaryTitle");
      expect(Object.keys(state.fieldErrors ?? {}), `${label} answered ${JSON.stringify(state)}`).toEqual(["until"]);
      expect(keys, `${label} answered ${JSON.stringify(state)}`).toContain(state.fieldErrors!.until);
    };
    return staffActionCases({
      valid: form,
      bad: {
        id: badId,
        email: badEmailField,
        until: fc.oneof(badDate, fc.constantFrom<FormValue>(undefined, "", "2099-01-01", "2099-01-01 12:00", "2099-01-01T12:00:00", "2099-1-1T12:00", "12:00")),
        reason: badText(2, 500),
      },
      schema: deadlineExtensionSchema,
      naming: { hidden: ["id"] },
      refusals: fc.oneof(
        refusal("unknown call", "invalidRequest", missingId.map((id) => ({ ...form, id }))),
        fc.constantFrom("2020-01-01T12:00", "1970-01-01T00:00", "0000-01-01T00:00").map((until): Refusal => ({
          fields: { ...form, until },
          label: "not later than now",
          expect: refusedWith("summaryTitle", { until: "extensionInPast" }),
        })),
        // The shape of a date and time, but no such time: refused as one, never read as an instant.
        fc.constantFrom("2099-13-01T12:00", "2099-01-32T12:00", "2099-01-01T25:00", "2099-01-01T23:60", "9999-99-99T99:99").map((until): Refusal => ({
          fields: { ...form, until },
          label: "no such time",
          expect: refusedUntil(["dateTime", "extensionInPast"]),
        })),
        // A submitted application's applicant, one whose draft is in another call, and someone who never applied.
        fc
          .oneof(fc.constantFrom(deadline.submittedEmail, deadline.otherCallsEmail), fc.stringMatching(/^[a-z]{1,12}$/).map((name) => `${name}@nobody.example.org`))
          .map((email): Refusal => ({ fields: { ...form, email }, label: "no draft in the call", expect: refusedWith("summaryTitle", { email: "noDraftForEmail" }) })),
      ),
      unauthorised: unauthorised[key],
    });
  });

  it("kept the real records as they were made", async () => {
    expect(await testPrisma().outboxEmail.findUniqueOrThrow({ where: { id: heldMailId } })).toMatchObject({ releasedAt: null, sentAt: null });
    expect((await testPrisma().application.findUniqueOrThrow({ where: { id: apps.open } })).status).toBe("UNDER_REVIEW");
    expect(await testPrisma().reviewAssignment.count({ where: { applicationId: apps.open } })).toBe(1);
    expect(await testPrisma().preparedDecision.count()).toBe(0);
    expect(await testPrisma().application.count({ where: { email: { in: [deadline.draftEmail, deadline.submittedEmail, deadline.otherCallsEmail] }, deadlineExtendedTo: { not: null } } })).toBe(0);
  });

  it("starts from forms their staff may post, each of which changes the real records", async () => {
    const post = async (key: string, role: Actor, tables: Table[]) => {
      actAs(staff[role]);
      await expectAcceptedAndWritten(key, actions[key]!, valid[key]!, tables);
    };
    await post("review#assignReviewerAction", "ADMIN", ASSIGNMENTS);
    await post("review#saveScoresAction", "REVIEWER", ASSIGNMENTS);
    await post("review#declareConflictAction", "REVIEWER", ASSIGNMENTS);
    await post("review#unassignReviewerAction", "ADMIN", ASSIGNMENTS);
    await post("review#changeStatusAction", "ADMIN", STATUS);
    await post("review-decisions#prepareDecisionAction", "ADMIN", DECISIONS);
    await post("deadlines#extendDeadlineAction", "ADMIN", DEADLINES);
  });

  it("drove every review, decision, deadline and outbox action: a new one without a property test fails here", () => {
    expect(Object.keys(STAFF_ACTION_TESTS).sort(), "action modules missing from STAFF_ACTION_TESTS").toEqual(findAdminActionModules().map((m) => m.name).sort());
    expect(Object.keys(actions).sort()).toEqual([...covered].sort());
  });
});
