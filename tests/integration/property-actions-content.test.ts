import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONTENT_KIND_SLUGS, type ContentKind } from "@/lib/content-kinds";
import {
  agreementSchema,
  awardSchema,
  institutionSchema,
  missionSchema,
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
import type { StaffSession } from "@/server/authz";
import { type ContentRecords, createContentRecords, type RecordRef, refreshContentRecords } from "../factories/content-records";
import { findAdminActionModules } from "../support/admin-access";
import {
  badChoice,
  badDay,
  badIdField,
  badNumber,
  badText,
  CONTENT_RECORD_ACTIONS,
  CONTENT_RECORD_FORMS,
  contentFormKey,
  driveAction,
  expectAcceptedAndWritten,
  missingId,
  PROPERTY_TIMEOUT,
  refusedActors,
  refusedWith,
  RUNS,
  someVersion,
  STAFF_ACTION_TESTS,
  staffActionCases,
  staffActionsOf,
  tooLong,
  unknownCountry,
  type ActionCase,
  type Fields,
  type FormValue,
  type Refusal,
  type Table,
} from "../support/property";
import { actAs, createStaff, signOutTestStaff } from "../support/staff";

// The content record forms of the staff panel, posted by an administrator with generated bad edits of real records
// (and bad new records): each is refused for its fault (the bad field's error, staleEdit, recordGone, a slug or
// reference taken, a related record that does not exist or does not fit, a kind that does not exist, 403 for other
// roles), never throws, and leaves the records, their links and the audit trail as they were. Every kind's form posts
// to the one save action with the kind in its hidden field "contentKind": one property per kind. The other content
// actions are in property-actions-content-parts.

const actions = Object.fromEntries(Object.entries(await staffActionsOf("property-actions-content")).filter(([key]) => CONTENT_RECORD_ACTIONS.includes(key)));
/** The kind a property's forms post, for a kind's record form ("content#saveContentAction:<kind>"). */
const kindOf = (key: string) => key.split(":")[1] as ContentKind | undefined;
/** The action a property posts to. */
const actionOf = (key: string) => actions[key.split(":")[0]!]!;
const covered = new Set<string>();

let admin: StaffSession;
let records: ContentRecords;
const unauthorised: Record<string, (StaffSession | null)[]> = {};
beforeAll(async () => {
  admin = await createStaff("ADMIN");
  records = await createContentRecords();
  for (const key of CONTENT_RECORD_FORMS) unauthorised[key] = await refusedActors(key);
  actAs(admin);
});
afterAll(() => signOutTestStaff());

/** What each kind's record form starts from: an edit of a real record that an administrator may save. */
const recordEdits = (r: ContentRecords): Record<ContentKind, { record: RecordRef; fields: Fields }> => ({
  missions: {
    record: r.mission,
    fields: { nameEn: "Mission Property Renamed", nameZh: "任务", body: "MOON", status: "PLANNED", slug: "", sourceIds: [r.citedSource.id] },
  },
  opportunities: {
    record: r.offer,
    fields: { missionId: r.mission.id, kind: "PAYLOAD_OFFER", status: "OPEN", titleEn: "Opportunity Property Renamed", titleZh: "机会", opensOn: "2026-01-01", closesOn: "", slug: "" },
  },
  institutions: { record: r.institution, fields: { nameEn: "Institute Property Renamed", nameZh: "", type: "UNIVERSITY", countryCode: "FR", slug: "" } },
  projects: {
    record: r.project,
    fields: {
      opportunityId: r.selection.id,
      position: "1",
      titleEn: "Project Property Renamed",
      titleZh: "项目",
      kind: "SCIENCE_INSTRUMENT",
      slug: "",
      "partners.0.institutionId": r.institution.id,
      "partners.0.role": "LEAD",
    },
  },
  awards: { record: r.award, fields: { opportunityId: r.loans.id, institutionId: r.spareInstitution.id } },
  sources: { record: r.source, fields: { reference: "Reference Property Renamed", label: "Label", url: "" } },
  agreements: { record: r.agreement, fields: { status: "SIGNED", signedOn: "2025-02-01", expiresOn: "" } },
});

/** What each property starts from: a kind's record form (the kind in its hidden field), or the facts form. */
const editForms = (r: ContentRecords): Record<string, { record: RecordRef; fields: Fields }> => {
  const edits = recordEdits(r);
  return {
    ...Object.fromEntries(CONTENT_KIND_SLUGS.map((kind) => [contentFormKey(kind), { record: edits[kind].record, fields: { contentKind: kind, ...edits[kind].fields } }])),
    "content#saveFactsAction": { record: r.mission, fields: { owner: "mission", "facts.0.textEn": "A fact", "facts.0.textZh": "事实", "facts.0.position": "0" } },
  };
};
const editOf = (key: string, r = records) => {
  const { record, fields } = editForms(r)[key]!;
  return { ...fields, id: record.id, version: record.version };
};

const badSlug = fc.oneof(tooLong(120), fc.constantFrom("upper case", "-x", "x-", "a--b", "a_b", "é", "a/b", "<script>"));
// An id the action cannot look up, a version no row was read at, and a kind that does not exist: a bad request.
const badRef = { id: tooLong(64), version: fc.oneof(fc.constantFrom<FormValue>(undefined, ""), tooLong(100)), contentKind: badChoice(CONTENT_KIND_SLUGS) };
const naming = { hidden: ["id", "version", "contentKind"] };

function drive(key: string, tables: Table[], cases: () => fc.Arbitrary<ActionCase>) {
  it(`${key}: ${RUNS} bad edits of real records are refused for their fault and change nothing`, async () => {
    covered.add(key);
    await driveAction(key, actionOf(key), cases(), {}, { actor: admin, tables });
  });
}

/** Refusals every edit form shares: a version the record is no longer at, and a record that is gone. */
function editRefusals(valid: Fields, record: RecordRef): fc.Arbitrary<Refusal>[] {
  return [
    someVersion.filter((v) => v !== record.version).map((version) => ({ fields: { ...valid, version }, label: "stale version", expect: refusedWith("staleEdit") })),
    missingId.map((id) => ({ fields: { ...valid, id }, label: "record gone", expect: refusedWith("recordGone") })),
  ];
}

const fieldRefusal = (label: string, fields: Fields, field: string, message: string): fc.Arbitrary<Refusal> =>
  fc.constant({ fields, label, expect: refusedWith("summaryTitle", { [field]: message }) });

/** A kind's record form: invalid edits of a real record (schema-checked), and well-formed edits it must refuse. */
function recordCases(
  kind: ContentKind,
  bad: Record<string, fc.Arbitrary<FormValue>>,
  schema: { safeParse: (v: unknown) => { success: boolean } },
  refusals: (edit: Fields) => fc.Arbitrary<Refusal>[],
  options: { arrays?: string[]; related?: Record<string, string[]> } = {},
) {
  const key = contentFormKey(kind);
  const edit = editOf(key);
  return staffActionCases({
    valid: edit,
    bad: { ...bad, ...badRef },
    schema,
    arrays: options.arrays,
    naming: { ...naming, related: options.related },
    refusals: fc.oneof(...editRefusals(edit, editForms(records)[key]!.record), ...refusals(edit)),
    unauthorised: unauthorised[key],
  });
}

/** The tables each kind's record form writes. */
const WRITES: Record<ContentKind, Table[]> = {
  missions: ["Mission", "_MissionToSource", "AuditEntry"],
  opportunities: ["Opportunity", "_OpportunityToSource", "AuditEntry"],
  institutions: ["Institution", "AuditEntry"],
  projects: ["CooperationProject", "ProjectPartner", "AuditEntry"],
  awards: ["SampleLoanAward", "LoanAgreement", "AuditEntry"],
  sources: ["Source", "AuditEntry"],
  agreements: ["LoanAgreement", "AuditEntry"],
};
const FACTS: Table[] = ["Mission", "MissionFact", "Opportunity", "OpportunityFact", "AuditEntry"];

describe("the content record forms under generated bad edits of real records, as an administrator", { timeout: PROPERTY_TIMEOUT }, () => {
  drive(contentFormKey("missions"), WRITES.missions, () =>
    recordCases(
      "missions",
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
      (edit) => [
        fieldRefusal("slug taken", { ...edit, slug: records.otherMission.slug }, "slug", "taken"),
        missingId.map((id) => ({ fields: { ...edit, sourceIds: [records.citedSource.id, id] }, label: "unknown source", expect: refusedWith("summaryTitle", { sourceIds: "chooseOne" }) })),
      ],
      // A Chinese landing site needs the English one.
      { arrays: ["sourceIds"], related: { landingSiteZh: ["landingSiteEn"] } },
    ),
  );

  drive(contentFormKey("opportunities"), WRITES.opportunities, () =>
    recordCases(
      "opportunities",
      {
        missionId: badIdField,
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
      (edit) => [
        fieldRefusal("slug taken", { ...edit, slug: records.otherOffer.slug }, "slug", "taken"),
        missingId.map((missionId) => ({ fields: { ...edit, missionId }, label: "unknown mission", expect: refusedWith("summaryTitle", { missionId: "chooseOne" }) })),
      ],
      { arrays: ["sourceIds"] },
    ),
  );

  drive(contentFormKey("institutions"), WRITES.institutions, () =>
    recordCases(
      "institutions",
      { nameEn: badText(2, 200), nameZh: tooLong(200), type: badChoice(institutionTypeSchema.options), countryCode: fc.oneof(unknownCountry, fc.constant(undefined)), slug: badSlug },
      institutionSchema,
      (edit) => [fieldRefusal("slug taken", { ...edit, slug: records.otherInstitution.slug }, "slug", "taken")],
    ),
  );

  drive(contentFormKey("projects"), WRITES.projects, () =>
    recordCases(
      "projects",
      {
        opportunityId: badIdField,
        position: badNumber({ max: 999, int: true }),
        titleEn: badText(2, 300),
        titleZh: badText(1, 300),
        kind: badChoice(projectKindSchema.options),
        "partners.0.institutionId": tooLong(64),
        // The same institution twice, or a second lead.
        "partners.1.institutionId": fc.constant(records.institution.id),
        "partners.0.position": badNumber({ max: 999, int: true, required: false }),
      },
      projectSchema,
      (edit) => [
        fieldRefusal("slug taken", { ...edit, slug: records.otherProject.slug }, "slug", "taken"),
        fieldRefusal("not a payload selection", { ...edit, opportunityId: records.offer.id }, "opportunityId", "chooseOne"),
        missingId.map((id) => ({ fields: { ...edit, "partners.1.institutionId": id }, label: "unknown partner", expect: refusedWith("summaryTitle", { partners: "chooseOne" }) })),
      ],
    ),
  );

  drive(contentFormKey("awards"), WRITES.awards, () =>
    recordCases("awards", { opportunityId: badIdField, institutionId: badIdField }, awardSchema, (edit) => [
      fieldRefusal("institution holds an award of this call", { ...edit, institutionId: records.otherInstitution.id }, "institutionId", "taken"),
      fieldRefusal("not a sample-loan call", { ...edit, opportunityId: records.offer.id }, "opportunityId", "chooseOne"),
      missingId.map((institutionId) => ({ fields: { ...edit, institutionId }, label: "unknown institution", expect: refusedWith("summaryTitle", { institutionId: "chooseOne" }) })),
    ]),
  );

  drive(contentFormKey("sources"), WRITES.sources, () =>
    recordCases(
      "sources",
      {
        reference: badText(1, 500),
        label: badText(1, 300),
        url: fc.oneof(
          fc.constantFrom("javascript:alert(1)", "ftp://example.org/x", "not a url", "http://", "https://exa mple.org", "data:text/html,<script>alert(1)</script>"),
          tooLong(2000).map((s) => `https://example.org/${s.replace(/\s/g, "x")}`),
        ),
      },
      sourceSchema,
      (edit) => [fieldRefusal("reference taken", { ...edit, reference: records.citedSource.reference }, "reference", "taken")],
    ),
  );

  drive(contentFormKey("agreements"), WRITES.agreements, () => {
    const newAgreement = { contentKind: "agreements", status: "SIGNED", signedOn: "2025-01-01", expiresOn: "" };
    return recordCases(
      "agreements",
      { status: badChoice(agreementStatusSchema.options), signedOn: badDay, expiresOn: fc.oneof(badDay, fc.constant("2024-12-31")) },
      agreementSchema,
      () => [
        // A new agreement for an award that has one, or for no award.
        fieldRefusal("award has an agreement", { ...newAgreement, awardId: records.award.id }, "awardId", "taken"),
        missingId.map((awardId) => ({ fields: { ...newAgreement, awardId }, label: "unknown award", expect: refusedWith("summaryTitle", { awardId: "chooseOne" }) })),
      ],
    );
  });

  drive("content#saveFactsAction", FACTS, () =>
    fc.constantFrom("mission" as const, "opportunity" as const).chain((owner) => {
      const record = owner === "mission" ? records.mission : records.offer;
      const edit = { ...editOf("content#saveFactsAction"), owner, id: record.id, version: record.version };
      return staffActionCases({
        valid: edit,
        bad: {
          owner: badChoice(["mission", "opportunity"]),
          // An id of spaces is well formed: it names no record, and is answered recordGone.
          id: fc.oneof(tooLong(64), fc.constantFrom<FormValue>(undefined, "")),
          "facts.0.textEn": fc.oneof(tooLong(2000), fc.constant(undefined)),
          "facts.0.position": badNumber({ max: 999, int: true, required: false }),
          "facts.60.textEn": fc.constant("The sixty-first fact"),
        },
        naming: { hidden: ["owner", "id"] },
        refusals: fc.oneof(...editRefusals(edit, record)),
        unauthorised: unauthorised["content#saveFactsAction"],
      });
    }),
  );

  it("starts from edits an administrator may save, each of which changes the record", async () => {
    for (const key of CONTENT_RECORD_FORMS) {
      const kind = kindOf(key);
      // Each save moves its record's version: read them again, as a form opened now would.
      await expectAcceptedAndWritten(key, actionOf(key), editOf(key, await refreshContentRecords(records)), kind ? WRITES[kind] : FACTS);
    }
  });

  it("drove every kind's record form and the facts form (property-actions-content-parts drives the rest of the content actions)", () => {
    expect(Object.keys(STAFF_ACTION_TESTS).sort(), "action modules missing from STAFF_ACTION_TESTS").toEqual(findAdminActionModules().map((m) => m.name).sort());
    expect(Object.keys(actions).sort(), "the record forms' actions").toEqual([...CONTENT_RECORD_ACTIONS].sort());
    expect([...covered].sort()).toEqual([...CONTENT_KIND_SLUGS.map(contentFormKey), "content#saveFactsAction"].sort());
  });
});
