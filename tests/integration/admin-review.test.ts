import { NextRequest } from "next/server";
import { poolOfCarrier } from "@/lib/calls/pools";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { GET as downloadAttachment } from "@/app/api/admin/applications/[id]/attachments/[attachmentId]/route";
import { GET as exportApplicationsCsv } from "@/app/api/admin/exports/applications/route";
import { parseListQuery } from "@/lib/admin-list";
import { type FormState, initialFormState } from "@/lib/form-state";
import { applicationListSpec } from "@/lib/validation/admin/review";
import type { StaffSession } from "@/server/authz";
import {
  assignReviewerAction,
  changeStatusAction,
  declareConflictAction,
  saveScoresAction,
  unassignReviewerAction,
} from "@/server/actions/admin/review";
import { applyDecisionBatchAction, prepareDecisionAction, removePreparedDecisionAction } from "@/server/actions/admin/review-decisions";
import { releaseMailAction } from "@/server/actions/admin/review-outbox";
import { createServer, type AddressInfo } from "node:net";
import { applyDecision, getDecisionBatch } from "@/server/review/decisions";
import { getOutbox, releaseHeldMail } from "@/server/review/outbox";
import { getApplicationDetail, listApplications } from "@/server/review/queries";
import { uniqueName } from "../factories";
import { createApplication, createAssignment, createPayloadOffer, prepareDecisionRow, tianwen3Scores } from "../factories/review";
import { testPrisma } from "../support/database";
import { revalidatedTags } from "../support/next-cache";
import { startSmtpSink, type SmtpSink } from "../support/smtp-sink";
import { actAs, createStaff, refusalOf, signOutTestStaff } from "../support/staff";


// The staff side of Tianwen-3 applications, as admins, reviewers and viewers use it, against this file's own database.

let admin: StaffSession;
let viewer: StaffSession;
let sink: SmtpSink;

beforeAll(async () => {
  sink = await startSmtpSink();
});
beforeEach(async () => {
  admin = await createStaff("ADMIN");
  viewer = await createStaff("VIEWER");
  actAs(admin);
  revalidatedTags.length = 0;
});
// The batch applies every prepared decision: none may outlive its test.
afterEach(() => testPrisma().preparedDecision.deleteMany());
afterAll(async () => {
  signOutTestStaff();
  await sink?.close();
});

function form(fields: Record<string, string | string[]>): FormData {
  const data = new FormData();
  data.set("locale", "en");
  for (const [name, value] of Object.entries(fields)) for (const v of [value].flat()) data.append(name, v);
  return data;
}

type FormAction<S extends FormState = FormState> = (prev: S, data: FormData) => Promise<S>;
const submit = <S extends FormState>(action: FormAction<S>, fields: Record<string, string | string[]>) => action(initialFormState as S, form(fields));

async function refusal(call: Promise<unknown>) {
  return refusalOf(await call.then(() => null, (error: unknown) => error));
}

const auditFor = (entityId: string, action?: string) =>
  testPrisma().auditEntry.findMany({ where: { entityId, ...(action ? { action } : {}) }, orderBy: { at: "asc" } });
const applicationRow = (id: string) => testPrisma().application.findUniqueOrThrow({ where: { id }, include: { events: { orderBy: { at: "asc" } } } });
/** What accepted applications have reserved from a carrier's pool, in kilograms. */
const capacityOf = async (opportunityId: string, carrier: "ORBITER" | "SERVICE_MODULE") =>
  (await testPrisma().resourcePool.findUniqueOrThrow({ where: { opportunityId_key: { opportunityId, key: poolOfCarrier(carrier) } } })).reserved.toNumber();

async function detailAs(staff: StaffSession, id: string) {
  const found = await getApplicationDetail(staff, id);
  if (found.kind !== "ok") throw new Error(`expected to see ${id}, got ${found.kind}`);
  return found.detail;
}

/** The score form of a Tianwen-3 application, as its rubric names the fields. */
const scoreFields = (applicationId: string, s: [number, number, number], comment = "Sound instrument with clear objectives.") => ({
  applicationId,
  "scores.scientificValue": String(s[0]),
  "scores.technicalFeasibility": String(s[1]),
  "scores.cooperationDiversity": String(s[2]),
  comment,
});

describe("assigning reviewers", () => {
  it("assigns an active reviewer, who then finds the application in their inbox, and audits it", async () => {
    const app = await createApplication();
    const reviewer = await createStaff("REVIEWER");
    const other = await createStaff("REVIEWER");

    expect(await submit(assignReviewerAction, { applicationId: app.id, reviewerId: reviewer.id })).toMatchObject({ ok: true, message: "assigned" });

    const assignment = await testPrisma().reviewAssignment.findFirstOrThrow({ where: { applicationId: app.id } });
    expect(assignment.reviewerId).toBe(reviewer.id);
    const [entry, ...more] = await auditFor(assignment.id, "assign");
    expect(more).toEqual([]);
    expect(entry).toMatchObject({ actorId: admin.id, entity: "ReviewAssignment", after: { applicationId: app.id, reviewerId: reviewer.id, reviewerEmail: reviewer.email } });

    const query = parseListQuery({ q: app.reference! }, applicationListSpec);
    expect((await listApplications(reviewer, query)).rows.map((r) => [r.reference, r.ownReview])).toEqual([[app.reference, "todo"]]);
    expect((await listApplications(other, query)).rows).toEqual([]);
  });

  it("refuses someone who is not an active reviewer, and a second assignment of the same reviewer", async () => {
    const app = await createApplication();
    const editor = await createStaff("EDITOR");
    const disabled = await createStaff("REVIEWER");
    await testPrisma().staffUser.update({ where: { id: disabled.id }, data: { disabledAt: new Date() } });
    const reviewer = await createStaff("REVIEWER");

    expect(await submit(assignReviewerAction, { applicationId: app.id, reviewerId: editor.id })).toMatchObject({ ok: false, message: "notAReviewer" });
    expect(await submit(assignReviewerAction, { applicationId: app.id, reviewerId: disabled.id })).toMatchObject({ ok: false, message: "notAReviewer" });
    expect(await submit(assignReviewerAction, { applicationId: app.id, reviewerId: "" })).toMatchObject({ ok: false, fieldErrors: { reviewerId: "chooseOne" } });
    expect(await submit(assignReviewerAction, { applicationId: app.id, reviewerId: reviewer.id })).toMatchObject({ ok: true });
    expect(await submit(assignReviewerAction, { applicationId: app.id, reviewerId: reviewer.id })).toMatchObject({ ok: false, message: "alreadyAssigned" });
    expect(await testPrisma().reviewAssignment.count({ where: { applicationId: app.id } })).toBe(1);
  });

  it("lets only administrators assign", async () => {
    const app = await createApplication();
    const reviewer = await createStaff("REVIEWER");
    for (const role of ["VIEWER", "REVIEWER", "EDITOR"] as const) {
      actAs(await createStaff(role));
      expect(await refusal(submit(assignReviewerAction, { applicationId: app.id, reviewerId: reviewer.id }))).toBe("forbidden");
    }
    actAs(null);
    expect(await refusal(submit(assignReviewerAction, { applicationId: app.id, reviewerId: reviewer.id }))).toBe("sign-in");
    expect(await testPrisma().reviewAssignment.count({ where: { applicationId: app.id } })).toBe(0);
  });

  it("unassigns, keeping the removed scores in the audit entry", async () => {
    const app = await createApplication();
    const reviewer = await createStaff("REVIEWER");
    const assignment = await createAssignment(app.id, reviewer.id, { scores: tianwen3Scores(4, 3, 5), comment: "Strong." });

    expect(await submit(unassignReviewerAction, { applicationId: app.id, assignmentId: assignment.id })).toMatchObject({ ok: true, message: "unassigned" });

    expect(await testPrisma().reviewAssignment.count({ where: { applicationId: app.id } })).toBe(0);
    const [entry] = await auditFor(assignment.id, "unassign");
    expect(entry?.before).toMatchObject({ reviewerId: reviewer.id, scores: { scientificValue: 4, technicalFeasibility: 3, cooperationDiversity: 5 }, comment: "Strong." });
    expect(entry?.after).toBeNull();
    expect((await listApplications(reviewer, parseListQuery({ q: app.reference! }, applicationListSpec))).total).toBe(0);
  });
});

describe("conflicts of interest", () => {
  it("hides every score, the answers and the files from a reviewer who declared one, and refuses their scores", async () => {
    const app = await createApplication({ withAttachment: true });
    const [conflicted, colleague] = [await createStaff("REVIEWER"), await createStaff("REVIEWER")];
    await createAssignment(app.id, colleague.id, { scores: tianwen3Scores(5, 4, 3), comment: "The colleague's confidential comment." });
    const own = await createAssignment(app.id, conflicted.id);
    actAs(conflicted);

    expect(await submit(declareConflictAction, { applicationId: app.id, reason: "I co-authored with the lead scientist last year." })).toMatchObject({ ok: true });

    const [entry] = await auditFor(own.id, "conflict");
    expect(entry).toMatchObject({
      actorId: conflicted.id,
      before: { conflictDeclaredAt: null, conflictReason: null },
      after: { conflictReason: "I co-authored with the lead scientist last year." },
    });

    const refused = await submit(saveScoresAction, scoreFields(app.id, [1, 1, 1]));
    expect(refused).toMatchObject({ ok: false, message: "conflicted" });
    expect(await testPrisma().reviewAssignment.findUniqueOrThrow({ where: { id: own.id } })).toMatchObject({ scores: null, scoredAt: null });
    expect(await auditFor(own.id, "score")).toEqual([]);

    const seen = await detailAs(conflicted, app.id);
    expect(seen.viewer).toMatchObject({ conflicted: true, canReadScores: false, canReadContent: false, canScore: false });
    expect(seen.averages).toBeNull();
    expect(seen.answers).toBeNull();
    expect(seen.attachments).toEqual([]);
    expect(seen.reviews.map((r) => [r.own, r.scores])).toEqual([[true, null]]);
    expect(JSON.stringify(seen)).not.toContain("confidential comment");

    const download = await downloadAttachment(new Request("http://portal.test"), { params: Promise.resolve({ id: app.id, attachmentId: app.attachmentId! }) });
    expect(download.status).toBe(403);
    // The inbox says where the review stands, and never shows the average.
    const [row] = (await listApplications(conflicted, parseListQuery({ q: app.reference! }, applicationListSpec))).rows;
    expect(row).toMatchObject({ ownReview: "conflict", averageScore: null });
  });

  it("is declared only by the assigned reviewer, with a reason", async () => {
    const app = await createApplication();
    const stranger = await createStaff("REVIEWER");
    actAs(stranger);
    expect(await submit(declareConflictAction, { applicationId: app.id, reason: "Some reason given." })).toMatchObject({ ok: false, message: "notAssigned" });
    await createAssignment(app.id, stranger.id);
    expect(await submit(declareConflictAction, { applicationId: app.id, reason: "" })).toMatchObject({ ok: false, fieldErrors: { reason: "required" } });
    actAs(admin);
    expect(await refusal(submit(declareConflictAction, { applicationId: app.id, reason: "Some reason given." }))).toBe("forbidden");
    expect(await testPrisma().reviewAssignment.count({ where: { applicationId: app.id, conflictDeclaredAt: { not: null } } })).toBe(0);
  });
});

describe("rubric scores", () => {
  it("averages each criterion and overall from the reviewers who scored without a conflict", async () => {
    const app = await createApplication();
    const [a, b, c, d] = [await createStaff("REVIEWER"), await createStaff("REVIEWER"), await createStaff("REVIEWER"), await createStaff("REVIEWER")];
    for (const reviewer of [a, b, c, d]) await createAssignment(app.id, reviewer.id);

    actAs(a);
    expect(await submit(saveScoresAction, scoreFields(app.id, [5, 4, 3]))).toMatchObject({ ok: true, message: "scored" });
    actAs(b);
    // Before scoring, a reviewer sees no one else's scores, so as not to be anchored by them.
    const unscored = await detailAs(b, app.id);
    expect(unscored.viewer.canReadScores).toBe(false);
    expect(unscored.averages).toBeNull();
    expect(unscored.reviews.filter((r) => !r.own)).toEqual([]);
    expect(await submit(saveScoresAction, scoreFields(app.id, [3, 2, 4]))).toMatchObject({ ok: true });
    // A conflicted reviewer's earlier scores do not count.
    actAs(c);
    expect(await submit(saveScoresAction, scoreFields(app.id, [1, 1, 1]))).toMatchObject({ ok: true });
    expect(await submit(declareConflictAction, { applicationId: app.id, reason: "Former student of the lead scientist." })).toMatchObject({ ok: true });

    const expected = { criteria: { scientificValue: 4, technicalFeasibility: 3, cooperationDiversity: 3.5 }, overall: 3.5, count: 2 };
    expect((await detailAs(admin, app.id)).averages).toEqual(expected);
    expect((await detailAs(viewer, app.id)).averages).toEqual(expected);
    const asB = await detailAs(b, app.id);
    expect(asB.averages).toEqual(expected);
    expect(asB.reviews.map((r) => r.reviewerId).sort()).toEqual([a.id, b.id].sort());
    // d has not scored yet: no averages for them.
    expect((await detailAs(d, app.id)).averages).toBeNull();

    const [row] = (await listApplications(admin, parseListQuery({ q: app.reference! }, applicationListSpec))).rows;
    expect(row).toMatchObject({ averageScore: 3.5, scoredCount: 2 });
  });

  it("lets a reviewer revise their scores until the decision is applied, auditing before and after", async () => {
    const offer = await createPayloadOffer();
    const app = await createApplication({ opportunityId: offer.id, status: "SHORTLISTED" });
    const reviewer = await createStaff("REVIEWER");
    const assignment = await createAssignment(app.id, reviewer.id);
    actAs(reviewer);

    await submit(saveScoresAction, scoreFields(app.id, [2, 2, 2], "First reading."));
    expect(await submit(saveScoresAction, scoreFields(app.id, [4, 5, 3], "After the technical description."))).toMatchObject({ ok: true });

    const entries = await auditFor(assignment.id, "score");
    expect(entries).toHaveLength(2);
    expect(entries[1]).toMatchObject({
      before: { scores: { scientificValue: 2, technicalFeasibility: 2, cooperationDiversity: 2 }, comment: "First reading." },
      after: { scores: { scientificValue: 4, technicalFeasibility: 5, cooperationDiversity: 3 }, comment: "After the technical description." },
    });

    const decision = await prepareDecisionRow(app.id, "ACCEPTED", admin.id);
    // A prepared decision does not close the review; an applied one does.
    expect(await submit(saveScoresAction, scoreFields(app.id, [4, 4, 4]))).toMatchObject({ ok: true });
    expect(await applyDecision(admin, decision.id)).toMatchObject({ ok: true });
    expect(await submit(saveScoresAction, scoreFields(app.id, [1, 1, 1]))).toMatchObject({ ok: false, message: "reviewClosed" });
    expect(await testPrisma().reviewAssignment.findUniqueOrThrow({ where: { id: assignment.id } })).toMatchObject({ scores: { scientificValue: 4, technicalFeasibility: 4, cooperationDiversity: 4 } });
  });

  it("takes whole scores from 1 to 5 only, with a comment, from assigned reviewers only", async () => {
    const app = await createApplication();
    const reviewer = await createStaff("REVIEWER");
    actAs(reviewer);
    expect(await submit(saveScoresAction, scoreFields(app.id, [4, 4, 4]))).toMatchObject({ ok: false, message: "notAssigned" });
    await createAssignment(app.id, reviewer.id);
    const invalid = await submit(saveScoresAction, { applicationId: app.id, "scores.scientificValue": "6", "scores.technicalFeasibility": "2.5", comment: "" });
    expect(invalid.fieldErrors).toEqual({
      "scores.scientificValue": "chooseOne",
      "scores.technicalFeasibility": "chooseOne",
      "scores.cooperationDiversity": "chooseOne",
      comment: "required",
    });
    actAs(admin);
    expect(await refusal(submit(saveScoresAction, scoreFields(app.id, [4, 4, 4])))).toBe("forbidden");
    expect(await testPrisma().reviewAssignment.count({ where: { applicationId: app.id, scoredAt: { not: null } } })).toBe(0);
  });
});

describe("status changes", () => {
  it("moves an application through review, with a history event and an audit entry for each step", async () => {
    const app = await createApplication();

    expect(await submit(changeStatusAction, { applicationId: app.id, status: "UNDER_REVIEW" })).toMatchObject({ ok: true, message: "statusChanged" });
    expect(await submit(changeStatusAction, { applicationId: app.id, status: "SHORTLISTED" })).toMatchObject({ ok: true });

    const row = await applicationRow(app.id);
    expect(row.status).toBe("SHORTLISTED");
    expect(row.events.map((e) => e.status)).toEqual(["DRAFT", "SUBMITTED", "UNDER_REVIEW", "SHORTLISTED"]);
    expect((await auditFor(app.id, "status")).map((e) => [e.before, e.after])).toEqual([
      [{ status: "SUBMITTED" }, { status: "UNDER_REVIEW" }],
      [{ status: "UNDER_REVIEW" }, { status: "SHORTLISTED" }],
    ]);
  });

  it.each([
    ["SUBMITTED", "SHORTLISTED", "illegalTransition"],
    ["SUBMITTED", "ACCEPTED", "illegalTransition"],
    ["SUBMITTED", "SUBMITTED", "illegalTransition"],
    ["UNDER_REVIEW", "SUBMITTED", "illegalTransition"],
    ["SUBMITTED", "WITHDRAWN", "illegalTransition"],
    ["WITHDRAWN", "UNDER_REVIEW", "illegalTransition"],
    ["ACCEPTED", "DECLINED", "illegalTransition"],
    ["DECLINED", "SHORTLISTED", "illegalTransition"],
    ["SHORTLISTED", "ACCEPTED", "decisionInBatch"],
    ["UNDER_REVIEW", "DECLINED", "decisionInBatch"],
    ["DRAFT", "SUBMITTED", "applicationNotFound"],
  ] as const)("refuses %s → %s (%s) and writes nothing", async (from, to, message) => {
    const app = await createApplication({ status: from });
    const auditBefore = await testPrisma().auditEntry.count();

    expect(await submit(changeStatusAction, { applicationId: app.id, status: to })).toMatchObject({ ok: false, message });

    const row = await applicationRow(app.id);
    expect(row.status).toBe(from);
    expect(row.events.at(-1)?.status).toBe(from);
    expect(await testPrisma().auditEntry.count()).toBe(auditBefore);
  });

  it("refuses a move back to draft as a malformed request, and staff without the decide permission", async () => {
    const app = await createApplication();
    expect(await submit(changeStatusAction, { applicationId: app.id, status: "DRAFT" })).toMatchObject({ ok: false, message: "invalidRequest" });
    for (const role of ["VIEWER", "REVIEWER", "EDITOR"] as const) {
      actAs(await createStaff(role));
      expect(await refusal(submit(changeStatusAction, { applicationId: app.id, status: "UNDER_REVIEW" }))).toBe("forbidden");
    }
    expect((await applicationRow(app.id)).status).toBe("SUBMITTED");
  });
});

describe("the decision batch", () => {
  it("applies each decision on its own: an acceptance over capacity is reported and stays prepared", async () => {
    const offer = await createPayloadOffer();
    const first = await createApplication({ opportunityId: offer.id, status: "SHORTLISTED", carrier: "SERVICE_MODULE", massKg: 3, locale: "en" });
    const second = await createApplication({ opportunityId: offer.id, status: "SHORTLISTED", carrier: "SERVICE_MODULE", massKg: 2.5 });
    const declined = await createApplication({ opportunityId: offer.id, status: "SHORTLISTED", locale: "zh", payloadName: "火星尘埃计数器" });

    expect(await submit(prepareDecisionAction, { applicationId: first.id, outcome: "ACCEPTED", note: "Congratulations <b>team</b> & partners." })).toMatchObject({
      ok: true,
      message: "acceptPrepared",
    });
    expect(await submit(prepareDecisionAction, { applicationId: second.id, outcome: "ACCEPTED" })).toMatchObject({ ok: true });
    expect(await submit(prepareDecisionAction, { applicationId: declined.id, outcome: "DECLINED" })).toMatchObject({ ok: true, message: "declinePrepared" });

    const { batch, loads } = await getDecisionBatch();
    expect(batch.map((d) => d.applicationId)).toEqual([first.id, second.id, declined.id]);
    expect(loads.find((l) => l.pool.key === "service-module" && l.capacity === 5 && l.accepting === 5.5)).toMatchObject({ remainingAfter: -0.5 });

    const state = await submit(applyDecisionBatchAction, {});

    expect(state.result).toEqual({
      applied: [
        { reference: first.reference, outcome: "ACCEPTED" },
        { reference: declined.reference, outcome: "DECLINED" },
      ],
      refused: [{ reference: second.reference, outcome: "ACCEPTED", reason: "capacityExceeded" }],
    });
    expect(state.ok).toBe(false);
    expect(await capacityOf(offer.id, "SERVICE_MODULE")).toBe(3);
    expect((await applicationRow(first.id)).events.at(-1)?.status).toBe("ACCEPTED");
    expect((await applicationRow(declined.id)).status).toBe("DECLINED");
    expect((await applicationRow(second.id)).status).toBe("SHORTLISTED");
    expect(await testPrisma().preparedDecision.findMany({ where: { applicationId: { in: [first.id, second.id, declined.id] } }, select: { applicationId: true } })).toEqual([
      { applicationId: second.id },
    ]);
    expect(revalidatedTags).toContain("opportunities");

    const [accepted] = await auditFor(first.id, "decision");
    expect(accepted).toMatchObject({
      actorId: admin.id,
      before: { status: "SHORTLISTED", reserved: { "service-module": "0.000" } },
      after: { status: "ACCEPTED", reserved: { "service-module": "3.000" }, note: "Congratulations <b>team</b> & partners." },
    });
    expect((await auditFor(declined.id, "decision"))[0]).toMatchObject({ before: { status: "SHORTLISTED" }, after: { status: "DECLINED" } });
    expect(await auditFor(second.id, "decision")).toEqual([]);

    // Each notice is held, in the applicant's language, with what staff wrote escaped in the HTML.
    const notices = await testPrisma().outboxEmail.findMany({ where: { applicationId: { in: [first.id, second.id, declined.id] } } });
    expect(notices).toHaveLength(2);
    const toFirst = notices.find((m) => m.applicationId === first.id)!;
    expect(toFirst).toMatchObject({ heldForReview: true, to: first.email, releasedAt: null, sentAt: null, subject: `Your application is accepted: ${first.reference}` });
    expect(toFirst.text).toContain("Congratulations <b>team</b> & partners.");
    expect(toFirst.html).toContain("Congratulations &lt;b&gt;team&lt;/b&gt; &amp; partners.");
    const toDeclined = notices.find((m) => m.applicationId === declined.id)!;
    expect(toDeclined.subject).toBe(`关于您申请的决定：${declined.reference}`);
    expect(toDeclined.text).toContain("火星尘埃计数器");
    expect(toDeclined.html).toContain('lang="zh-Hans"');
  });

  it("rounds each reservation up to the thousandth of its unit that a pool is kept in", async () => {
    const offer = await createPayloadOffer([{ carrier: "ORBITER", massKg: 0.002 }]);
    const tiny = await Promise.all([1, 2, 3].map(() => createApplication({ opportunityId: offer.id, status: "SHORTLISTED", massKg: 0.0004 })));
    for (const app of tiny) await prepareDecisionRow(app.id, "ACCEPTED", admin.id);

    const state = await submit(applyDecisionBatchAction, {});

    expect(state.result?.applied).toHaveLength(2);
    expect(state.result?.refused.map((r) => r.reason)).toEqual(["capacityExceeded"]);
    expect(await capacityOf(offer.id, "ORBITER")).toBe(0.002);
  });

  it("prepares acceptances only for shortlisted applications and declines after review, and can take one back", async () => {
    const submitted = await createApplication();
    const underReview = await createApplication({ status: "UNDER_REVIEW" });
    expect(await submit(prepareDecisionAction, { applicationId: submitted.id, outcome: "DECLINED" })).toMatchObject({ ok: false, message: "illegalTransition" });
    expect(await submit(prepareDecisionAction, { applicationId: underReview.id, outcome: "ACCEPTED" })).toMatchObject({ ok: false, message: "illegalTransition" });
    expect(await submit(prepareDecisionAction, { applicationId: underReview.id, outcome: "" })).toMatchObject({ ok: false, fieldErrors: { outcome: "chooseOne" } });
    expect(await submit(prepareDecisionAction, { applicationId: underReview.id, outcome: "DECLINED" })).toMatchObject({ ok: true });
    const decision = await testPrisma().preparedDecision.findUniqueOrThrow({ where: { applicationId: underReview.id } });
    expect((await auditFor(decision.id, "create"))[0]).toMatchObject({ entity: "PreparedDecision", after: { outcome: "DECLINED" } });

    expect(await submit(removePreparedDecisionAction, { decisionId: decision.id })).toMatchObject({ ok: true, message: "decisionRemoved" });
    expect(await submit(removePreparedDecisionAction, { decisionId: decision.id })).toMatchObject({ ok: false, message: "decisionNotFound" });
    expect(await testPrisma().preparedDecision.count({ where: { applicationId: underReview.id } })).toBe(0);
    expect((await applicationRow(underReview.id)).status).toBe("UNDER_REVIEW");
  });

  it("leaves a decision prepared when the applicant withdrew in the meantime", async () => {
    const app = await createApplication({ status: "SHORTLISTED" });
    const decision = await prepareDecisionRow(app.id, "ACCEPTED", admin.id);
    await testPrisma().application.update({ where: { id: app.id }, data: { status: "WITHDRAWN" } });

    expect(await applyDecision(admin, decision.id)).toEqual({ ok: false, error: "illegalTransition", reference: app.reference, outcome: "ACCEPTED" });
    expect(await testPrisma().preparedDecision.count({ where: { id: decision.id } })).toBe(1);
    expect(await testPrisma().outboxEmail.count({ where: { applicationId: app.id } })).toBe(0);
  });

  it("is for administrators only", async () => {
    const app = await createApplication({ status: "SHORTLISTED" });
    await prepareDecisionRow(app.id, "ACCEPTED", admin.id);
    for (const role of ["VIEWER", "REVIEWER", "EDITOR"] as const) {
      actAs(await createStaff(role));
      expect(await refusal(submit(applyDecisionBatchAction, {}))).toBe("forbidden");
      expect(await refusal(submit(prepareDecisionAction, { applicationId: app.id, outcome: "DECLINED" }))).toBe("forbidden");
    }
    expect((await applicationRow(app.id)).status).toBe("SHORTLISTED");
  });
});

describe("held decision notices", () => {
  async function heldNoticeFor(options: Parameters<typeof createApplication>[0] = {}) {
    const app = await createApplication({ status: "SHORTLISTED", ...options });
    const decision = await prepareDecisionRow(app.id, "ACCEPTED", admin.id);
    const applied = await applyDecision(admin, decision.id);
    if (!applied.ok) throw new Error(`could not apply: ${applied.error}`);
    return { app, mailId: applied.outboxEmailId };
  }

  it("are not sent until released, then are sent once, with the release audited", async () => {
    const { app, mailId } = await heldNoticeFor();
    const mailer = { mailer: { smtpUrl: sink.url, from: "Portal <no-reply@portal.test>" } };
    // Nothing sends held mail on its own: a release of other notices leaves this one alone.
    const other = await heldNoticeFor();
    expect(await releaseHeldMail(admin, { mode: "selected", ids: [other.mailId] }, mailer)).toEqual({ sent: 1, failed: 0, queued: 0 });
    await sink.waitFor((m) => m.to.includes(other.app.email));
    expect(sink.messages.some((m) => m.to.includes(app.email))).toBe(false);
    expect((await getOutbox()).held.map((m) => m.id)).toContain(mailId);

    expect(await releaseHeldMail(admin, { mode: "selected", ids: [mailId] }, mailer)).toEqual({ sent: 1, failed: 0, queued: 0 });

    const received = await sink.waitFor((m) => m.to.includes(app.email));
    expect(received.subject).toBe(`Your application is accepted: ${app.reference}`);
    expect(received.text).toContain(app.payloadName!);
    const row = await testPrisma().outboxEmail.findUniqueOrThrow({ where: { id: mailId } });
    expect(row).toMatchObject({ releasedById: admin.id, error: null });
    expect(row.releasedAt).not.toBeNull();
    expect(row.sentAt).not.toBeNull();
    const [entry, ...more] = await auditFor(mailId, "release");
    expect(more).toEqual([]);
    expect(entry).toMatchObject({ entity: "OutboxEmail", before: { releasedAt: null, applicationId: app.id }, after: { releasedById: admin.id } });

    // Released once: a second release sends nothing.
    expect(await releaseHeldMail(admin, { mode: "selected", ids: [mailId] }, mailer)).toEqual({ sent: 0, failed: 0, queued: 0 });
    expect(sink.messages.filter((m) => m.to.includes(app.email))).toHaveLength(1);
    expect((await getOutbox()).held.map((m) => m.id)).not.toContain(mailId);
  });

  it("are releasable again once the runner gives up on them after the mail server refused every attempt", async () => {
    const { mailId } = await heldNoticeFor();
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    vi.spyOn(console, "error").mockImplementation(() => {});
    const refusing = { mailer: { smtpUrl: `smtp://127.0.0.1:${port}`, from: "Portal <no-reply@portal.test>" }, policy: { baseMs: 1000, capMs: 1000, maxAttempts: 1 } };

    expect(await releaseHeldMail(admin, { mode: "selected", ids: [mailId] }, refusing)).toEqual({ sent: 0, failed: 1, queued: 0 });

    const row = await testPrisma().outboxEmail.findUniqueOrThrow({ where: { id: mailId } });
    expect(row.sentAt).toBeNull();
    expect(row.gaveUpAt).not.toBeNull();
    expect(row.error).toMatch(/ECONNREFUSED/);
    expect((await getOutbox()).held.find((m) => m.id === mailId)?.failed).toMatchObject({ error: row.error });
    const mailer = { mailer: { smtpUrl: sink.url, from: "Portal <no-reply@portal.test>" } };
    expect(await releaseHeldMail(admin, { mode: "selected", ids: [mailId] }, mailer)).toEqual({ sent: 1, failed: 0, queued: 0 });
    expect(await testPrisma().outboxEmail.findUniqueOrThrow({ where: { id: mailId } })).toMatchObject({ gaveUpAt: null, error: null, attempts: 1 });
    expect(await auditFor(mailId, "release")).toHaveLength(2);
  });

  it("are released only by administrators, who must choose at least one", async () => {
    const { mailId } = await heldNoticeFor();
    expect(await submit(releaseMailAction, { mode: "selected" })).toMatchObject({ ok: false, fieldErrors: { ids: "chooseAtLeastOne" } });
    for (const role of ["VIEWER", "REVIEWER", "EDITOR"] as const) {
      actAs(await createStaff(role));
      expect(await refusal(submit(releaseMailAction, { mode: "all" }))).toBe("forbidden");
    }
    expect(await testPrisma().outboxEmail.findUniqueOrThrow({ where: { id: mailId } })).toMatchObject({ releasedAt: null, sentAt: null });
  });
});

describe("the inbox", () => {
  it("searches, filters and sorts every submitted application, drafts excepted", async () => {
    const tag = uniqueName("Inbox").split(" ")[1]!;
    const offer = await createPayloadOffer();
    const make = (payloadName: string, options: Parameters<typeof createApplication>[0]) =>
      createApplication({ opportunityId: offer.id, leadInstitution: `Institute ${tag} ${payloadName}`, payloadName, ...options });
    const alpha = await make("Alpha", { carrier: "ORBITER", massKg: 4, leadCountry: "BR" });
    const beta = await make("Beta", { carrier: "SERVICE_MODULE", massKg: 1, leadCountry: "FR", status: "SHORTLISTED" });
    const gamma = await make("Gamma", { carrier: "ORBITER", massKg: 2, leadCountry: "FR" });
    await make("Draft", { status: "DRAFT" });
    const reviewer = await createStaff("REVIEWER");
    await createAssignment(beta.id, reviewer.id, { scores: tianwen3Scores(5, 5, 5) });
    await createAssignment(gamma.id, (await createStaff("REVIEWER")).id, { scores: tianwen3Scores(2, 2, 2) });

    const list = async (raw: Record<string, string>, as = admin) =>
      (await listApplications(as, parseListQuery({ q: tag, ...raw }, applicationListSpec))).rows.map((r) => r.payloadName);

    expect(await list({ sort: "mass", dir: "asc" })).toEqual(["Beta", "Gamma", "Alpha"]);
    expect(await list({ sort: "score", dir: "desc" })).toEqual(["Beta", "Gamma", "Alpha"]);
    expect(await list({ sort: "country", dir: "asc", carrier: "ORBITER" })).toEqual(["Alpha", "Gamma"]);
    expect(await list({ country: "FR", status: "SHORTLISTED" })).toEqual(["Beta"]);
    expect(await list({ q: gamma.reference! })).toEqual(["Gamma"]);
    expect(await list({ q: "Beta" }, viewer)).toContain("Beta");
    // A reviewer sees only their own, and no averages.
    expect(await list({}, reviewer)).toEqual(["Beta"]);
    const [own] = (await listApplications(reviewer, parseListQuery({ q: tag }, applicationListSpec))).rows;
    expect(own).toMatchObject({ averageScore: null, ownReview: "scored" });
    // Wildcards in the search are taken literally.
    expect(await list({ q: `${tag}%` })).toEqual([]);
    expect(alpha.id).toBeTruthy();
  });

  it("exports exactly the filtered applications as CSV, without any token, to those who may read them all", async () => {
    const tag = uniqueName("Export").split(" ")[1]!;
    const offer = await createPayloadOffer();
    await createApplication({ opportunityId: offer.id, payloadName: `${tag} one`, carrier: "ORBITER", leadInstitution: "=HYPERLINK(\"x\")" });
    await createApplication({ opportunityId: offer.id, payloadName: `${tag} two`, carrier: "SERVICE_MODULE" });
    const request = () => new NextRequest(`http://portal.test/api/admin/exports/applications?q=${tag}&carrier=ORBITER`);

    const response = await exportApplicationsCsv(request());

    expect(response.status).toBe(200);
    const csv = await response.text();
    const lines = csv.trim().split(/\r?\n/);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain("reference,status,submittedAt");
    expect(csv).toContain(`${tag} one`);
    expect(csv).not.toContain(`${tag} two`);
    expect(csv).toContain(`'=HYPERLINK`);
    expect(csv).not.toMatch(/token|hash/i);

    for (const [role, status] of [["EDITOR", 403], ["REVIEWER", 403]] as const) {
      actAs(await createStaff(role));
      expect((await exportApplicationsCsv(request())).status).toBe(status);
    }
    actAs(null);
    expect((await exportApplicationsCsv(request())).status).toBe(401);
  });
});

describe("one application's page", () => {
  it("shows answers, files, history and reviews to those who read every application, and a 403 to unassigned reviewers", async () => {
    const app = await createApplication({ withAttachment: true, status: "UNDER_REVIEW" });
    const reviewer = await createStaff("REVIEWER");
    await createAssignment(app.id, reviewer.id, { scores: tianwen3Scores(3, 4, 5) });

    const seen = await detailAs(viewer, app.id);
    expect(seen.answers?.answers).toMatchObject({ payload: { payloadName: app.payloadName } });
    expect(seen.attachments.map((a) => a.id)).toEqual([app.attachmentId]);
    expect(seen.events.map((e) => e.status)).toEqual(["DRAFT", "SUBMITTED", "UNDER_REVIEW"]);
    expect(seen.reviews.map((r) => r.reviewerId)).toEqual([reviewer.id]);
    expect(seen.viewer).toMatchObject({ canAssign: false, canDecide: false });
    expect(seen.nextSteps).toEqual([]);
    expect((await detailAs(admin, app.id)).nextSteps).toEqual(["SHORTLISTED"]);
    expect(JSON.stringify(seen)).not.toMatch(/accessTokenHash/);

    expect(await getApplicationDetail(await createStaff("REVIEWER"), app.id)).toEqual({ kind: "forbidden" });
    expect(await getApplicationDetail(admin, "no-such-application")).toEqual({ kind: "not_found" });
    expect(await getApplicationDetail(admin, (await createApplication({ status: "DRAFT" })).id)).toEqual({ kind: "not_found" });
  });

  it("lets staff who may download the attachment have its bytes, and answers 401, 403 and 404 otherwise", async () => {
    const app = await createApplication({ withAttachment: true });
    const reviewer = await createStaff("REVIEWER");
    await createAssignment(app.id, reviewer.id);
    const get = (attachmentId = app.attachmentId!) =>
      downloadAttachment(new Request("http://portal.test"), { params: Promise.resolve({ id: app.id, attachmentId }) });

    for (const staff of [admin, viewer, reviewer]) {
      actAs(staff);
      const response = await get();
      expect(response.status).toBe(200);
      expect(response.headers.get("content-disposition")).toContain("technical%20description.pdf");
      expect(new Uint8Array(await response.arrayBuffer())).toEqual(app.attachmentBytes);
    }
    actAs(admin);
    expect((await get("no-such-file")).status).toBe(404);
    actAs(await createStaff("REVIEWER"));
    expect((await get()).status).toBe(403);
    expect((await get("no-such-file")).status).toBe(403);
    expect((await downloadAttachment(new Request("http://portal.test"), { params: Promise.resolve({ id: "no-such-application", attachmentId: "x" }) })).status).toBe(404);
    actAs(await createStaff("EDITOR"));
    expect((await get()).status).toBe(403);
    actAs(null);
    expect((await get()).status).toBe(401);
  });
});
