import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  callStageSchema,
  capacitySchema,
  completeObligationSchema,
  deleteSchema,
  figureSchema,
  moveStageSchema,
  obligationSchema,
  publishSchema,
} from "@/lib/validation/admin/content";
import { STAGE_PRECISIONS } from "@/lib/calls/stage-window";
import { CONTENT_KIND_SLUGS, PUBLISHABLE_KINDS } from "@/lib/content-kinds";
import { carrierSchema, figureKeySchema } from "@/lib/validation/public-data";
import type { StaffSession } from "@/server/authz";
import { createOpportunity } from "../factories";
import { type ContentRecords, createContentRecords, type RecordRef, refreshContentRecords } from "../factories/content-records";
import { createApplication } from "../factories/review";
import { testPrisma } from "../support/database";
import {
  badChoice,
  badDay,
  badIdField,
  badNumber,
  badText,
  callAction,
  CONTENT_RECORD_ACTIONS,
  driveAction,
  expectAcceptedAndWritten,
  missingId,
  nastyString,
  PROPERTY_TIMEOUT,
  refusedActors,
  refusedWith,
  RUNS,
  someVersion,
  staffActionCases,
  staffActionsOf,
  tooLong,
  toFormData,
  type ActionCase,
  type AnswerCheck,
  type Fields,
  type FormValue,
  type Outcome,
  type Refusal,
  type Table,
} from "../support/property";
import { actAs, createStaff, signOutTestStaff } from "../support/staff";

// The content actions beyond the record forms (capacities, figures, a call's stages, obligations, deleting,
// publishing), posted by an administrator with generated bad forms aimed at real records: each is refused for its
// fault (the bad field's error, staleEdit, recordGone, inUse, belowReserved, firstStageInvited, stageAtEnd, 403 for
// other roles; publishing, a button without form state, goes back to a list as documented), never throws, and leaves
// the records and the audit trail as they were.

const actions = Object.fromEntries(Object.entries(await staffActionsOf("property-actions-content")).filter(([key]) => !CONTENT_RECORD_ACTIONS.includes(key)));
const covered = new Set<string>();

/** A call's stages by what makes each refusal reachable: an application entered the first; the other two take only those invited. */
interface StagedCall extends RecordRef {
  stages: Record<"entered" | "invited" | "last" | "otherCalls", string>;
}
type Records = ContentRecords & { call: StagedCall };

const DAY_MS = 86_400_000;
/** A call with three stages and an application in the first, and a stage of another call. */
async function createStagedCall(): Promise<StagedCall> {
  const stage = (position: number, entry: "ANYONE" | "INVITED") => ({
    position,
    titleEn: `Stage ${position + 1}`,
    titleZh: `第${position + 1}阶段`,
    closesAt: new Date(Date.UTC(2027, 2 + position, 1) - DAY_MS),
    closesPrecision: "DAY" as const,
    entry,
  });
  const call = await createOpportunity({ status: "CLOSED", timeZone: "Asia/Shanghai", stages: { create: [stage(0, "ANYONE"), stage(1, "INVITED"), stage(2, "INVITED")] } });
  const other = await createOpportunity({ status: "CLOSED", stages: { create: [stage(0, "ANYONE")] } });
  const [entered, invited, last] = await testPrisma().callStage.findMany({ where: { opportunityId: call.id }, orderBy: { position: "asc" } });
  const otherCalls = await testPrisma().callStage.findFirstOrThrow({ where: { opportunityId: other.id } });
  await createApplication({ opportunityId: call.id, status: "DRAFT" });
  return refreshCall({ id: call.id, version: "", stages: { entered: entered!.id, invited: invited!.id, last: last!.id, otherCalls: otherCalls.id } });
}
/** The call at the version it is at now; its stages keep their ids whatever their places. */
const refreshCall = async (call: StagedCall): Promise<StagedCall> => ({
  ...call,
  version: (await testPrisma().opportunity.findUniqueOrThrow({ where: { id: call.id } })).updatedAt.toISOString(),
});
const refreshRecords = async (r: Records): Promise<Records> => ({ ...(await refreshContentRecords(r)), call: await refreshCall(r.call) });

let admin: StaffSession;
let records: Records;
const unauthorised: Record<string, (StaffSession | null)[]> = {};
beforeAll(async () => {
  admin = await createStaff("ADMIN");
  records = { ...(await createContentRecords()), call: await createStagedCall() };
  for (const key of Object.keys(actions)) unauthorised[key] = await refusedActors(key);
  actAs(admin);
});
afterAll(() => signOutTestStaff());

function drive(key: string, tables: Table[], cases: () => fc.Arbitrary<ActionCase>) {
  it(`${key}: ${RUNS} bad forms aimed at real records are refused for their fault and change nothing`, async () => {
    covered.add(key);
    await driveAction(key, actions[key]!, cases(), {}, { actor: admin, tables });
  });
}

// These actions read the record's id and version before the form: a bad one is a bad request.
const naming = { hidden: ["id", "version"] };
const badRefField = fc.constantFrom<FormValue>(undefined, "");

const obligation = { kind: "ANNUAL_REPORT", dueOn: "2027-01-01", completedOn: "", note: "" };
/** A stage closing on a day in the call's zone, its opening not announced, open to anyone. */
const stageForm = { titleEn: "Letter of intent", titleZh: "意向书", opensPrecision: "", opens: "", closesPrecision: "DAY", closes: "2027-03-31", graceMinutes: "0", entry: "ANYONE" };

/** What each property starts from: a form about a real record that an administrator may post, and which writes. */
const partForms = (r: Records): Record<string, { record?: RecordRef; fields: Fields }> => ({
  "content#setCapacityAction": { record: r.offer, fields: { carrier: "ORBITER", massKg: "20" } },
  "content#setFigureAction": { record: r.offer, fields: { key: "PROPOSALS_RECEIVED", value: "10", outOf: "" } },
  "content#removeFigureAction": { record: r.offer, fields: { figureId: r.offer.figureId, confirm: "on" } },
  "content#addStageAction": { record: r.call, fields: stageForm },
  "content#updateStageAction": { record: r.call, fields: { ...stageForm, stageId: r.call.stages.invited, entry: "INVITED", graceMinutes: "15" } },
  "content#moveStageAction": { record: r.call, fields: { stageId: r.call.stages.last, direction: "up" } },
  "content#removeStageAction": { record: r.call, fields: { stageId: r.call.stages.last, confirm: "on" } },
  "content#addObligationAction": { fields: { ...obligation, agreementId: r.agreement.id } },
  "content#updateObligationAction": { record: r.obligation, fields: { ...obligation, kind: "SAMPLE_RETURN" } },
  "content#completeObligationAction": { record: r.obligation, fields: { completedOn: "" } },
  "content#deleteObligationAction": { record: r.obligation, fields: { confirm: "on" } },
  "content#deleteRecordAction": { record: r.source, fields: { kind: "sources", confirm: "on" } },
  "content#publishAction": { fields: { kind: "missions", id: r.mission.id, publish: "false" } },
});
const formOf = (key: string, r = records): Fields => {
  const { record, fields } = partForms(r)[key]!;
  return record ? { ...fields, id: record.id, version: record.version } : fields;
};

/** A stale version and a record that is gone, for a form about `record`. */
function refRefusals(valid: Fields, record: RecordRef): fc.Arbitrary<Refusal>[] {
  return [
    someVersion.filter((v) => v !== record.version).map((version) => ({ fields: { ...valid, version }, label: "stale version", expect: refusedWith("staleEdit") })),
    missingId.map((id) => ({ fields: { ...valid, id }, label: "record gone", expect: refusedWith("recordGone") })),
  ];
}

/** A form about one real record: bad fields (the ref among them), the ref's refusals, others, and other roles. */
function partCases(
  key: string,
  bad: Record<string, fc.Arbitrary<FormValue>>,
  schema: { safeParse: (v: unknown) => { success: boolean } },
  refusals: fc.Arbitrary<Refusal>[] = [],
  hidden: string[] = [],
) {
  const valid = formOf(key);
  const record = partForms(records)[key]!.record!;
  return staffActionCases({
    valid,
    bad: { ...bad, id: badRefField, version: badRefField },
    schema,
    naming: { hidden: [...naming.hidden, ...hidden] },
    refusals: fc.oneof(...refRefusals(valid, record), ...refusals),
    unauthorised: unauthorised[key],
  });
}

const CAPACITY: Table[] = ["ResourcePool", "Opportunity", "AuditEntry"];
const FIGURES: Table[] = ["OpportunityFigure", "Opportunity", "AuditEntry"];
const STAGES: Table[] = ["CallStage", "Opportunity", "AuditEntry"];
const OBLIGATIONS: Table[] = ["AgreementObligation", "LoanAgreement", "AuditEntry"];
// Deleting cascades to a record's facts, capacities, figures, links and children.
const EVERY_CONTENT_TABLE: Table[] = [
  "Mission",
  "MissionFact",
  "_MissionToSource",
  "Milestone",
  "Opportunity",
  "OpportunityFact",
  "OpportunityFigure",
  "ResourcePool",
  "_OpportunityToSource",
  "Institution",
  "CooperationProject",
  "ProjectPartner",
  "SampleLoanAward",
  "LoanAgreement",
  "AgreementObligation",
  "Source",
  "AuditEntry",
];
const PUBLISHING: Table[] = ["Mission", "Opportunity", "Institution", "CooperationProject", "SampleLoanAward", "AuditEntry"];

describe("the other content actions under generated bad forms aimed at real records, as an administrator", { timeout: PROPERTY_TIMEOUT }, () => {
  drive("content#setCapacityAction", CAPACITY, () =>
    partCases(
      "content#setCapacityAction",
      {
        carrier: badChoice(carrierSchema.options),
        massKg: fc.oneof(badNumber({ max: 999_999.99 }), fc.constant("1.234")),
        maxPerPayloadKg: fc.oneof(badNumber({ max: 999_999.99, required: false }), fc.constant("0.001")),
      },
      capacitySchema,
      // 5 kg of the orbiter's 15 are reserved by applications.
      [fc.constantFrom("0", "1", "4.99").map((massKg) => ({ fields: { ...formOf("content#setCapacityAction"), massKg }, label: "below reserved", expect: refusedWith("summaryTitle", { massKg: "belowReserved" }) }))],
    ),
  );

  drive("content#setFigureAction", FIGURES, () =>
    partCases(
      "content#setFigureAction",
      {
        key: badChoice(figureKeySchema.options),
        value: badNumber({ max: 1_000_000_000, int: true }),
        outOf: fc.oneof(badNumber({ max: 1_000_000_000, int: true, required: false }), fc.constant("9")),
      },
      figureSchema,
    ),
  );

  drive("content#removeFigureAction", FIGURES, () => {
    const valid = formOf("content#removeFigureAction");
    return partCases(
      "content#removeFigureAction",
      { figureId: badRefField, confirm: fc.oneof(fc.constant(undefined), nastyString) },
      deleteSchema,
      [missingId.map((figureId) => ({ fields: { ...valid, figureId }, label: "another opportunity's figure", expect: refusedWith("recordGone") }))],
      ["figureId"],
    );
  });

  // A stage's form: its precisions decide how its dates read, so a bad one may be named on the date it reads, and the
  // opening on the closing it would come after.
  const stageBad = {
    titleEn: badText(2, 120),
    titleZh: badText(2, 120),
    opensPrecision: fc.oneof(badChoice(STAGE_PRECISIONS, false), fc.constantFrom(...STAGE_PRECISIONS)),
    opens: fc.oneof(badDay, tooLong(40)),
    closesPrecision: fc.oneof(badChoice(STAGE_PRECISIONS), fc.constantFrom("EXACT", "MONTH")),
    closes: fc.oneof(badDay, tooLong(40), fc.constantFrom<FormValue>(undefined, "", "2027-02-30", "2027-03", "2027-03-31 24:01")),
    graceMinutes: badNumber({ max: 15, int: true }),
    entry: badChoice(["ANYONE", "INVITED"]),
  };
  const stageRelated = { opens: ["opensPrecision", "closes"], opensPrecision: ["opens", "closes"], closes: ["closesPrecision"], closesPrecision: ["closes"] };
  /** A stage that is not the call's: one that does not exist, however its id looks, or another call's. */
  const stageGone = (valid: Fields) =>
    fc.oneof(missingId, tooLong(64), fc.constant(records.call.stages.otherCalls)).map((stageId): Refusal => ({ fields: { ...valid, stageId }, label: "stage not the call's", expect: refusedWith("recordGone") }));
  /** A form about one of the call's stages, the valid form's with `changes`. */
  const stageRefusal = (key: string, label: string, changes: Fields, expected: AnswerCheck): Refusal => ({ fields: { ...formOf(key), ...changes }, label, expect: expected });

  drive("content#addStageAction", STAGES, () =>
    staffActionCases({
      valid: formOf("content#addStageAction"),
      bad: { ...stageBad, id: badRefField, version: badRefField },
      schema: callStageSchema,
      naming: { ...naming, related: stageRelated },
      refusals: fc.oneof(...refRefusals(formOf("content#addStageAction"), records.call)),
      unauthorised: unauthorised["content#addStageAction"],
    }),
  );

  drive("content#updateStageAction", STAGES, () => {
    const key = "content#updateStageAction";
    return staffActionCases({
      valid: formOf(key),
      bad: { ...stageBad, id: badRefField, version: badRefField, stageId: badRefField },
      schema: callStageSchema,
      naming: { hidden: [...naming.hidden, "stageId"], related: stageRelated },
      refusals: fc.oneof(
        ...refRefusals(formOf(key), records.call),
        stageGone(formOf(key)),
        // Applicants enter through the first stage.
        fc.constant(stageRefusal(key, "first stage for the invited", { stageId: records.call.stages.entered, entry: "INVITED" }, refusedWith("summaryTitle", { entry: "firstStageInvited" }))),
      ),
      unauthorised: unauthorised[key],
    });
  });

  drive("content#moveStageAction", STAGES, () => {
    const key = "content#moveStageAction";
    const { entered, invited, last } = records.call.stages;
    return partCases(
      key,
      { direction: badChoice(["up", "down"]), stageId: badRefField },
      moveStageSchema,
      [
        stageGone(formOf(key)),
        fc.constantFrom(
          stageRefusal(key, "first stage up", { stageId: entered, direction: "up" }, refusedWith("summaryTitle", { direction: "stageAtEnd" })),
          stageRefusal(key, "last stage down", { stageId: last, direction: "down" }, refusedWith("summaryTitle", { direction: "stageAtEnd" })),
          stageRefusal(key, "invited stage first", { stageId: invited, direction: "up" }, refusedWith("summaryTitle", { entry: "firstStageInvited" })),
          stageRefusal(key, "entered stage after an invited one", { stageId: entered, direction: "down" }, refusedWith("summaryTitle", { entry: "firstStageInvited" })),
        ),
      ],
      ["stageId"],
    );
  });

  drive("content#removeStageAction", STAGES, () => {
    const key = "content#removeStageAction";
    return partCases(
      key,
      { confirm: fc.oneof(fc.constant(undefined), nastyString), stageId: badRefField },
      deleteSchema,
      [
        stageGone(formOf(key)),
        // An application entered through it (and without it, a stage for the invited would come first).
        fc.constant(stageRefusal(key, "stage with an application", { stageId: records.call.stages.entered }, refusedWith("inUse"))),
      ],
      ["stageId"],
    );
  });

  const obligationBad = {
    kind: badChoice(["ANNUAL_REPORT", "SAMPLE_RETURN", "PUBLICATIONS"]),
    dueOn: fc.oneof(badDay, fc.constant(undefined)),
    completedOn: fc.oneof(badDay, fc.constant("2999-01-01")),
    note: tooLong(500),
  };
  drive("content#addObligationAction", OBLIGATIONS, () =>
    staffActionCases({
      valid: formOf("content#addObligationAction"),
      bad: { ...obligationBad, agreementId: badRefField },
      schema: obligationSchema,
      naming: { hidden: ["agreementId"] },
      // An agreement that does not exist, however its id looks.
      refusals: fc.oneof(missingId, tooLong(64), fc.constant("   ")).map((agreementId) => ({ fields: { ...obligation, agreementId }, label: "unknown agreement", expect: refusedWith("recordGone") })),
      unauthorised: unauthorised["content#addObligationAction"],
    }),
  );
  drive("content#updateObligationAction", OBLIGATIONS, () =>
    partCases("content#updateObligationAction", obligationBad, obligationSchema),
  );
  drive("content#completeObligationAction", OBLIGATIONS, () =>
    partCases("content#completeObligationAction", { completedOn: fc.oneof(badDay, fc.constant("2999-01-01")) }, completeObligationSchema),
  );
  drive("content#deleteObligationAction", OBLIGATIONS, () =>
    partCases("content#deleteObligationAction", { confirm: fc.oneof(fc.constant(undefined), nastyString) }, deleteSchema),
  );

  drive("content#deleteRecordAction", EVERY_CONTENT_TABLE, () => {
    const inUse = (kind: string, record: RecordRef) => ({ fields: { kind, id: record.id, version: record.version, confirm: "on" }, label: `${kind} in use`, expect: refusedWith("inUse") });
    return partCases(
      "content#deleteRecordAction",
      { kind: badChoice(CONTENT_KIND_SLUGS), confirm: fc.oneof(fc.constant(undefined), nastyString) },
      deleteSchema,
      [
        // Each has records that depend on it: opportunities, projects, awards, an agreement, a citing mission.
        fc.constantFrom(
          inUse("missions", records.mission),
          inUse("opportunities", records.selection),
          inUse("institutions", records.institution),
          inUse("awards", records.award),
          inUse("sources", records.citedSource),
        ),
      ],
      ["kind"],
    );
  });

  // Publishing is a button, not a form with state: a bad request goes back to the dashboard, an unknown record to its
  // list with done=notFound, and publishing what is already published to the record, changing nothing.
  drive("content#publishAction", PUBLISHING, () =>
    fc.constantFrom(...PUBLISHABLE_KINDS).chain((kind) =>
      staffActionCases({
        valid: formOf("content#publishAction"),
        bad: { kind: badChoice(PUBLISHABLE_KINDS), id: badIdField, publish: badChoice(["true", "false"]) },
        schema: publishSchema,
        refusals: fc.oneof(
          missingId.map((id) => ({
            fields: { kind, id, publish: "true" },
            label: "unknown record",
            expect: (outcome: Outcome, label: string) => expect(outcome, label).toEqual({ kind: "redirect", to: `/en/admin/${kind}?done=notFound` }),
          })),
          fc.constant<Refusal>({
            fields: { kind: "missions", id: records.mission.id, publish: "true" },
            label: "already published",
            expect: (outcome, label) => expect(outcome, label).toEqual({ kind: "redirect", to: `/en/admin/missions/${records.mission.id}?done=published` }),
          }),
        ),
        unauthorised: unauthorised["content#publishAction"],
        expect: (outcome: Outcome, label: string) => expect(outcome, label).toEqual({ kind: "redirect", to: "/en/admin" }),
      }),
    ),
  );

  it("starts from forms an administrator may post, each of which changes the records", async () => {
    const tables: Record<string, Table[]> = {
      "content#setCapacityAction": CAPACITY,
      "content#setFigureAction": FIGURES,
      "content#removeFigureAction": FIGURES,
      "content#addStageAction": STAGES,
      "content#updateStageAction": STAGES,
      "content#moveStageAction": STAGES,
      "content#removeStageAction": STAGES,
      "content#addObligationAction": OBLIGATIONS,
      "content#updateObligationAction": OBLIGATIONS,
      "content#completeObligationAction": OBLIGATIONS,
      "content#deleteObligationAction": OBLIGATIONS,
      "content#deleteRecordAction": EVERY_CONTENT_TABLE,
      "content#publishAction": PUBLISHING,
    };
    for (const [key, written] of Object.entries(tables)) {
      // Each write moves its record's version: read them again, as a form opened now would.
      await expectAcceptedAndWritten(key, actions[key]!, formOf(key, await refreshRecords(records)), written);
    }
  });

  it("drove every content action that is not a record form: a new one without a property test fails here", () => {
    expect(Object.keys(actions).length).toBeGreaterThan(0);
    expect(Object.keys(actions).sort()).toEqual([...covered].sort());
  });
});

it("refuses an obligation for an agreement id holding U+0000 without reaching the database with it", async () => {
  const form = toFormData({ locale: "en", kind: "ANNUAL_REPORT", dueOn: "2027-01-01", completedOn: "", note: "", agreementId: `a\u0000${"x".repeat(60)}a` });
  const outcome = await callAction(actions["content#addObligationAction"]!, form);
  expect(outcome.kind, JSON.stringify(outcome)).toBe("state");
  expect((outcome as Extract<Outcome, { kind: "state" }>).state.ok).toBe(false);
});
