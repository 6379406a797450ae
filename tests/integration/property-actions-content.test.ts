import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  awardSchema,
  institutionSchema,
  missionSchema,
  newAgreementSchema,
  opportunitySchema,
  projectSchema,
  sourceSchema,
} from "@/lib/validation/admin/content";
import {
  agreementStatusSchema,
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
  badDay,
  badIdField,
  badNumber,
  badText,
  driveAction,
  staffActionsOf,
  CONTENT_RECORD_ACTIONS,
  missingRef,
  STAFF_ACTION_TESTS,
  staffActionCases,
  tooLong,
  unknownCountry,
  PROPERTY_TIMEOUT,
  RUNS,
  type ActionCase,
  type Fields,
  type FormValue,
} from "../support/property";
import { actAs, createStaff, signOutTestStaff } from "../support/staff";

// The content record forms of the staff panel, posted by an administrator with generated bad forms: each is
// answered with { ok: false } and message keys, never throws, and writes nothing, neither the record nor an
// audit entry. The other content actions are in property-actions-content-parts.

const FILE = "property-actions-content";
const actions = Object.fromEntries(Object.entries(await staffActionsOf(FILE)).filter(([key]) => CONTENT_RECORD_ACTIONS.includes(key)));
const covered = new Set<string>();

beforeAll(async () => actAs(await createStaff("ADMIN")));
afterAll(() => signOutTestStaff());

const badRelation = badIdField;
const badSlug = fc.oneof(tooLong(120), fc.constantFrom("upper case", "-x", "x-", "a--b", "a_b", "é", "a/b", "<script>"));

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

describe("the content actions under generated bad forms, as an administrator", { timeout: PROPERTY_TIMEOUT }, () => {
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
          id: badIdField,
          "facts.0.textEn": fc.oneof(tooLong(2000), fc.constant(undefined)),
          "facts.0.position": badNumber({ max: 999, int: true, required: false }),
          "facts.60.textEn": fc.constant("The sixty-first fact"),
        },
      }),
    ),
  );

  it("drove every record form (property-actions-content-parts drives the rest of the content actions)", () => {
    expect(Object.keys(STAFF_ACTION_TESTS).sort(), "action modules missing from STAFF_ACTION_TESTS").toEqual(findAdminActionModules().map((m) => m.name).sort());
    expect([...covered].sort()).toEqual([...CONTENT_RECORD_ACTIONS].sort());
  });
});
