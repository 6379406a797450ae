import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  awardSchema,
  CONTENT_KINDS,
  institutionSchema,
  missionSchema,
  newAgreementSchema,
  opportunitySchema,
  projectSchema,
  PUBLISHABLE_KINDS,
  sourceSchema,
} from "@/lib/validation/admin/content";
import {
  agreementStatusSchema,
  carrierSchema,
  figureKeySchema,
  institutionTypeSchema,
  missionStatusSchema,
  opportunityKindSchema,
  opportunityStatusSchema,
  projectKindSchema,
  targetBodySchema,
} from "@/lib/validation/public-data";
import { findAdminActionModules } from "../support/admin-access";
import {
  badChoice,
  badCountry,
  badDate,
  badNumber,
  badText,
  driveAction,
  missingId,
  nastyString,
  someVersion,
  STAFF_ACTION_TESTS,
  staffActionCases,
  tooLong,
  RUNS,
  type ActionCase,
  type Fields,
  type FormValue,
  type Outcome,
} from "../support/property";
import { actAs, createStaff, signOutTestStaff } from "../support/staff";

// The content forms of the staff panel, posted by an administrator with generated bad forms: each is answered
// with { ok: false } and message keys (publishing, which has no form state, goes back to a list), never throws,
// and writes nothing, neither the record nor an audit entry.

type Action = (...args: never[]) => Promise<unknown>;
const FILE = "property-actions-content";
const modules = findAdminActionModules().filter((m) => STAFF_ACTION_TESTS[m.name] === FILE);
const actions: Record<string, Action> = {};
for (const { name, file } of modules) {
  for (const [exportName, fn] of Object.entries((await import(/* @vite-ignore */ file)) as Record<string, unknown>)) {
    if (typeof fn === "function") actions[`${name}#${exportName}`] = fn as Action;
  }
}
const covered = new Set<string>();

beforeAll(async () => actAs(await createStaff("ADMIN")));
afterAll(() => signOutTestStaff());

const nonBlank = (arb: fc.Arbitrary<string>) => arb.filter((s) => s.trim() !== "");
const badDay = nonBlank(badDate);
const badId = fc.oneof(tooLong(64), fc.constantFrom<FormValue>(undefined, "", "  "));
const badRelation = fc.oneof(tooLong(64), fc.constantFrom<FormValue>(undefined, "", "  "));
const unknownCountry = nonBlank(badCountry).filter((c) => !/^[A-Za-z]{2}$/.test(c.trim()) || ["ZZ", "XX", "QQ", "AA", "EU", "UK"].includes(c.trim().toUpperCase()));
const badSlug = fc.oneof(tooLong(120), fc.constantFrom("upper case", "-x", "x-", "a--b", "a_b", "é", "a/b", "<script>"));

/** An existing-looking reference to a record that is not there. */
const missingRef = fc.record({ id: missingId, version: someVersion });
/** A reference that is not even well formed. */
const badRef = fc.oneof(
  fc.record({ id: fc.constantFrom<FormValue>(undefined, ""), version: someVersion }),
  fc.record({ id: missingId, version: fc.constantFrom<FormValue>(undefined, "") }),
  fc.record({ id: tooLong(64), version: someVersion }),
  fc.record({ id: missingId, version: tooLong(100) }),
);

function drive(key: string, cases: fc.Arbitrary<ActionCase>) {
  it(`${key}: ${RUNS} bad forms are refused and write nothing`, async () => {
    covered.add(key);
    await driveAction(key, actions[key]!, cases);
  });
}

/** A record form: invalid new records (schema-checked), and valid edits of records that do not exist. */
function recordCases(valid: Fields, bad: Record<string, fc.Arbitrary<FormValue>>, schema: { safeParse: (v: unknown) => { success: boolean } }, arrays?: string[]) {
  return staffActionCases({ valid, bad, schema, arrays, semantic: missingRef.map((ref) => ({ ...valid, ...ref })) });
}

describe("the content actions under generated bad forms, as an administrator", () => {
  drive(
    "content#saveMissionAction",
    recordCases(
      { nameEn: "Mission Property", nameZh: "任务", body: "MOON", status: "PLANNED", slug: "", sourceIds: [] },
      {
        nameEn: badText(2, 200),
        nameZh: badText(1, 200),
        body: badChoice(targetBodySchema.options),
        status: badChoice(missionStatusSchema.options),
        slug: badSlug,
        launchWindowEn: tooLong(200),
        landingSiteZh: fc.oneof(tooLong(300), fc.constant("着陆点")),
        sourceIds: fc.oneof(tooLong(64), fc.array(fc.constant("s"), { minLength: 101, maxLength: 110 })),
      },
      missionSchema,
      ["sourceIds"],
    ),
  );

  drive(
    "content#saveOpportunityAction",
    recordCases(
      { missionId: "some-mission", kind: "PAYLOAD_OFFER", status: "OPEN", titleEn: "Opportunity Property", titleZh: "机会", opensOn: "2026-01-01", closesOn: "" },
      {
        missionId: badRelation,
        kind: badChoice(opportunityKindSchema.options),
        status: badChoice(opportunityStatusSchema.options),
        titleEn: badText(2, 300),
        titleZh: badText(1, 300),
        opensOn: badDay,
        closesOn: fc.oneof(badDay, fc.constant("2025-12-31")),
        opensPrecision: badChoice(["DAY", "MONTH", "YEAR"], false),
        slug: badSlug,
      },
      opportunitySchema,
      ["sourceIds"],
    ),
  );

  drive(
    "content#saveInstitutionAction",
    recordCases(
      { nameEn: "Institute Property", nameZh: "", type: "UNIVERSITY", countryCode: "FR" },
      { nameEn: badText(2, 200), nameZh: tooLong(200), type: badChoice(institutionTypeSchema.options), countryCode: fc.oneof(unknownCountry, fc.constant(undefined)), slug: badSlug },
      institutionSchema,
    ),
  );

  drive(
    "content#saveProjectAction",
    recordCases(
      { opportunityId: "some-opportunity", position: "1", titleEn: "Project Property", titleZh: "项目", kind: "SCIENCE_INSTRUMENT", "partners.0.institutionId": "inst-1", "partners.0.role": "LEAD" },
      {
        opportunityId: badRelation,
        position: badNumber({ max: 999, int: true }),
        titleEn: badText(2, 300),
        titleZh: badText(1, 300),
        kind: badChoice(projectKindSchema.options),
        "partners.0.institutionId": tooLong(64),
        // The same institution twice, or a second lead.
        "partners.1.institutionId": fc.constant("inst-1"),
        "partners.0.position": badNumber({ max: 999, int: true, required: false }),
      },
      projectSchema,
    ),
  );

  drive(
    "content#saveAwardAction",
    recordCases({ opportunityId: "some-opportunity", institutionId: "some-institution" }, { opportunityId: badRelation, institutionId: badRelation }, awardSchema),
  );

  drive(
    "content#saveSourceAction",
    recordCases(
      { reference: "Reference", label: "Label", url: "" },
      {
        reference: badText(1, 500),
        label: badText(1, 300),
        url: fc.oneof(fc.constantFrom("javascript:alert(1)", "ftp://example.org/x", "not a url", "http://", "https://exa mple.org", "data:text/html,<script>alert(1)</script>"), tooLong(2000).map((s) => `https://example.org/${s.replace(/\s/g, "x")}`)),
      },
      sourceSchema,
    ),
  );

  drive(
    "content#saveAgreementAction",
    staffActionCases({
      valid: { awardId: "some-award", status: "SIGNED", signedOn: "2025-01-01", expiresOn: "" },
      bad: { awardId: badRelation, status: badChoice(agreementStatusSchema.options), signedOn: badDay, expiresOn: fc.oneof(badDay, fc.constant("2024-12-31")) },
      schema: newAgreementSchema,
      semantic: missingRef.map((ref) => ({ ...ref, status: "SIGNED", signedOn: "2025-01-01" })),
    }),
  );

  const factsValid: Fields = { owner: "mission", "facts.0.textEn": "A fact", "facts.0.textZh": "事实", "facts.0.position": "0" };
  drive(
    "content#saveFactsAction",
    fc.tuple(missingRef, fc.constantFrom("mission", "opportunity")).chain(([ref, owner]) =>
      staffActionCases({
        valid: { ...factsValid, ...ref, owner },
        bad: {
          owner: fc.oneof(badChoice(["mission", "opportunity"])),
          id: badId,
          "facts.0.textEn": fc.oneof(tooLong(2000), fc.constant(undefined)),
          "facts.0.position": badNumber({ max: 999, int: true, required: false }),
          "facts.60.textEn": fc.constant("The sixty-first fact"),
        },
      }),
    ),
  );

  const opportunityPart = (key: string, valid: Fields, bad: Record<string, fc.Arbitrary<FormValue>>) =>
    drive(key, missingRef.chain((ref) => staffActionCases({ valid: { ...valid, ...ref }, bad: { ...bad, id: badId } })));

  opportunityPart("content#setCapacityAction", { carrier: "ORBITER", massKg: "15" }, {
    carrier: badChoice(carrierSchema.options),
    massKg: fc.oneof(badNumber({ max: 999_999.99 }), fc.constant("1.234")),
    maxPerPayloadKg: fc.oneof(badNumber({ max: 999_999.99, required: false }), fc.constant("0.001")),
  });
  opportunityPart("content#setFigureAction", { key: "APPLICATIONS_RECEIVED", value: "10", outOf: "" }, {
    key: badChoice(figureKeySchema.options),
    value: badNumber({ max: 1_000_000_000, int: true }),
    outOf: fc.oneof(badNumber({ max: 1_000_000_000, int: true, required: false }), fc.constant("9")),
  });
  opportunityPart("content#removeFigureAction", { figureId: "missing-figure", confirm: "on" }, {
    figureId: fc.constantFrom<FormValue>(undefined, ""),
    confirm: fc.oneof(fc.constant(undefined), nastyString),
  });

  const obligation = { kind: "ANNUAL_REPORT", dueOn: "2027-01-01", completedOn: "", note: "" };
  const obligationBad = {
    kind: badChoice(["ANNUAL_REPORT", "SAMPLE_RETURN", "PUBLICATIONS"]),
    dueOn: fc.oneof(badDay, fc.constant(undefined)),
    completedOn: fc.oneof(badDay, fc.constant("2999-01-01")),
    note: tooLong(500),
  };
  drive("content#addObligationAction", missingId.chain((agreementId) => staffActionCases({ valid: { ...obligation, agreementId }, bad: { ...obligationBad, agreementId: badId } })));
  drive("content#updateObligationAction", missingRef.chain((ref) => staffActionCases({ valid: { ...obligation, ...ref }, bad: { ...obligationBad, id: badId } })));
  drive("content#completeObligationAction", missingRef.chain((ref) => staffActionCases({ valid: { completedOn: "", ...ref }, bad: { completedOn: fc.oneof(badDay, fc.constant("2999-01-01")), id: badId } })));
  drive("content#deleteObligationAction", missingRef.chain((ref) => staffActionCases({ valid: { confirm: "on", ...ref }, bad: { confirm: fc.oneof(fc.constant(undefined), nastyString), id: badId } })));
  drive(
    "content#deleteRecordAction",
    fc.tuple(missingRef, fc.constantFrom(...CONTENT_KINDS)).chain(([ref, kind]) =>
      staffActionCases({ valid: { kind, confirm: "on", ...ref }, bad: { kind: badChoice(CONTENT_KINDS), confirm: fc.oneof(fc.constant(undefined), nastyString), id: badId } }),
    ),
  );

  // Publishing is a button, not a form with state: a bad request goes back to the dashboard, an unknown record
  // to its list with done=notFound.
  drive(
    "content#publishAction",
    fc.tuple(missingId, fc.constantFrom(...PUBLISHABLE_KINDS), fc.constantFrom("true", "false")).chain(([id, kind, publish]) =>
      staffActionCases({
        valid: { kind, id, publish },
        bad: { kind: badChoice(PUBLISHABLE_KINDS), id: badId, publish: badChoice(["true", "false"]) },
        semantic: fc.constant({ kind, id, publish }),
        expect: (outcome: Outcome, label: string) => {
          expect(outcome.kind, `${label}: ${JSON.stringify(outcome)}`).toBe("redirect");
          const to = (outcome as { to: string }).to;
          expect([`/en/admin`, `/en/admin/${kind}?done=notFound`], label).toContain(to);
        },
      }),
    ),
  );

  it("drove every content action: a new one without a property test fails here", () => {
    expect(Object.keys(STAFF_ACTION_TESTS).sort(), "action modules missing from STAFF_ACTION_TESTS").toEqual(findAdminActionModules().map((m) => m.name).sort());
    expect(Object.keys(actions).sort()).toEqual([...covered].sort());
  });
});
