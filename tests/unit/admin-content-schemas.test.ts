import { describe, expect, it } from "vitest";
import { formDataToObject, fieldErrorsOf } from "@/lib/form-state";
import {
  capacitySchema,
  deleteSchema,
  factsSchema,
  figureSchema,
  institutionSchema,
  missionSchema,
  newAgreementSchema,
  obligationSchema,
  opportunitySchema,
  projectSchema,
  sourceSchema,
} from "@/lib/validation/admin/content";

// The content forms' shared schemas, as the browser's form data reaches them.

const form = (fields: Record<string, string | string[]>) => {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) for (const v of Array.isArray(value) ? value : [value]) data.append(name, v);
  return formDataToObject(data, ["sourceIds"]);
};

const errorsOf = <T>(schema: { safeParse: (v: unknown) => { success: boolean; error?: unknown; data?: T } }, input: unknown) => {
  const parsed = schema.safeParse(input);
  return parsed.success ? {} : fieldErrorsOf(parsed.error as never);
};

describe("a mission", () => {
  const valid = { nameEn: "Chang'e-9", nameZh: "嫦娥九号", body: "MOON", status: "PLANNED", slug: "", sourceIds: ["s1", "s2"] };

  it("makes its address from the English name when none is given, and keeps blank optional text as null", () => {
    expect(missionSchema.parse(form(valid))).toMatchObject({ slug: "chang-e-9", launchWindowEn: null, landingSiteZh: null, sourceIds: ["s1", "s2"] });
  });

  it("reports each missing answer on its own field", () => {
    expect(errorsOf(missionSchema, form({ nameEn: " ", nameZh: "", body: "", status: "SOMEDAY" }))).toEqual({
      nameEn: "required",
      nameZh: "required",
      body: "chooseOne",
      status: "chooseOne",
    });
  });

  it("refuses an address with capitals or spaces, and Chinese launch text without the English", () => {
    expect(errorsOf(missionSchema, form({ ...valid, slug: "Chang e 9", launchWindowZh: "2030年" }))).toEqual({ slug: "slug", launchWindowEn: "required" });
  });

  it("accepts no sources at all", () => {
    const { sourceIds: _none, ...withoutSources } = valid;
    expect(missionSchema.parse(form(withoutSources)).sourceIds).toEqual([]);
  });
});

describe("an opportunity", () => {
  const valid = { titleEn: "Tianwen-4 offer", titleZh: "天问四号", missionId: "m1", kind: "PAYLOAD_OFFER", status: "OPEN" };

  it("reads a date without a precision as an exact day, and drops a precision without a date", () => {
    expect(opportunitySchema.parse(form({ ...valid, opensOn: "2026-03-01", closesPrecision: "MONTH" }))).toMatchObject({
      opensOn: new Date("2026-03-01T00:00:00Z"),
      opensPrecision: "DAY",
      closesOn: null,
      closesPrecision: null,
    });
  });

  it("refuses a closing date before the opening date, and a date that is not one", () => {
    expect(errorsOf(opportunitySchema, form({ ...valid, opensOn: "2026-03-01", closesOn: "2026-02-01" }))).toEqual({ closesOn: "closesBeforeOpens" });
    expect(errorsOf(opportunitySchema, form({ ...valid, opensOn: "1 March" }))).toEqual({ opensOn: "date" });
  });
});

describe("capacities and figures", () => {
  it("takes kilograms with at most two decimals, and no negative mass", () => {
    expect(capacitySchema.parse({ carrier: "ORBITER", massKg: "15.25", maxPerPayloadKg: "" })).toEqual({ carrier: "ORBITER", massKg: 15.25, maxPerPayloadKg: undefined });
    expect(errorsOf(capacitySchema, { carrier: "ORBITER", massKg: "1.005" })).toEqual({ massKg: "twoDecimals" });
    expect(errorsOf(capacitySchema, { carrier: "ROCKET", massKg: "-1" })).toEqual({ carrier: "chooseOne", massKg: "tooSmall" });
  });

  it("refuses an 'n of m' figure whose m is below its n", () => {
    expect(figureSchema.parse({ key: "AGREEMENTS_SIGNED", value: "5", outOf: "7" })).toEqual({ key: "AGREEMENTS_SIGNED", value: 5, outOf: 7 });
    expect(errorsOf(figureSchema, { key: "AGREEMENTS_SIGNED", value: "7", outOf: "5" })).toEqual({ outOf: "outOfBelowValue" });
    expect(errorsOf(figureSchema, { key: "AGREEMENTS_SIGNED", value: "2.5" })).toEqual({ value: "wholeNumber" });
  });
});

describe("facts", () => {
  it("orders by the order given, drops removed and blank rows, and numbers from 0", () => {
    const parsed = factsSchema.parse(
      form({
        "facts.0.position": "5",
        "facts.0.textEn": "Last",
        "facts.1.position": "1",
        "facts.1.textEn": "First",
        "facts.1.textZh": "第一",
        "facts.2.position": "2",
        "facts.2.textEn": "Gone",
        "facts.2.remove": "on",
        "facts.3.position": "",
        "facts.3.textEn": "",
      }),
    );
    expect(parsed.facts).toEqual([
      { position: 0, textEn: "First", textZh: "第一" },
      { position: 1, textEn: "Last", textZh: null },
    ]);
  });

  it("reports Chinese text without English on the row's English field", () => {
    expect(errorsOf(factsSchema, form({ "facts.0.textEn": "", "facts.0.textZh": "只有中文" }))).toEqual({ "facts.0.textEn": "required" });
  });
});

describe("an institution", () => {
  it("needs a real country unless it is an international organisation, which has none", () => {
    expect(errorsOf(institutionSchema, { nameEn: "Test University", type: "UNIVERSITY", countryCode: "" })).toEqual({ countryCode: "required" });
    expect(errorsOf(institutionSchema, { nameEn: "Test University", type: "UNIVERSITY", countryCode: "QQ" })).toEqual({ countryCode: "country" });
    expect(institutionSchema.parse({ nameEn: "Test University", type: "UNIVERSITY", countryCode: " fr " })).toMatchObject({ countryCode: "FR", nameZh: null });
    expect(institutionSchema.parse({ nameEn: "Space Union", type: "INTERNATIONAL_ORGANISATION", countryCode: "FR" }).countryCode).toBeNull();
  });
});

describe("a project's partners", () => {
  const base = { titleEn: "Lunar rover", titleZh: "月球车", opportunityId: "o1", position: "3", kind: "ROBOTICS_AND_MOBILITY" };

  it("keeps the chosen rows in the order given and ignores rows left on None", () => {
    const parsed = projectSchema.parse(
      form({
        ...base,
        "partners.0.institutionId": "b",
        "partners.0.role": "PARTNER",
        "partners.0.position": "2",
        "partners.1.institutionId": "",
        "partners.1.role": "LEAD",
        "partners.2.institutionId": "a",
        "partners.2.role": "LEAD",
        "partners.2.position": "0",
      }),
    );
    expect(parsed.partners).toEqual([
      { institutionId: "a", role: "LEAD", position: 0 },
      { institutionId: "b", role: "PARTNER", position: 1 },
    ]);
  });

  it("refuses the same institution twice and a second lead, on the rows where they are", () => {
    expect(
      errorsOf(
        projectSchema,
        form({
          ...base,
          "partners.0.institutionId": "a",
          "partners.0.role": "LEAD",
          "partners.1.institutionId": "a",
          "partners.2.institutionId": "b",
          "partners.2.role": "LEAD",
        }),
      ),
    ).toEqual({ "partners.1.institutionId": "duplicatePartner", "partners.2.role": "oneLead" });
  });
});

describe("agreements and obligations", () => {
  it("refuses an expiry before the signing date", () => {
    expect(errorsOf(newAgreementSchema, { awardId: "a1", status: "SIGNED", signedOn: "2025-05-01", expiresOn: "2024-05-01" })).toEqual({
      expiresOn: "expiryBeforeSigning",
    });
  });

  it("needs a due date, and a completion date no later than today", () => {
    expect(errorsOf(obligationSchema, { kind: "ANNUAL_REPORT", dueOn: "" })).toEqual({ dueOn: "required" });
    const tomorrow = new Date(Date.now() + 86_400_000 * 2).toISOString().slice(0, 10);
    expect(errorsOf(obligationSchema, { kind: "ANNUAL_REPORT", dueOn: "2026-01-31", completedOn: tomorrow })).toEqual({ completedOn: "notInFuture" });
  });
});

describe("sources and deleting", () => {
  it("takes a web address only over http(s), and none for a document", () => {
    expect(sourceSchema.parse({ reference: "doc-1", label: "Announcement", url: "" }).url).toBeNull();
    expect(errorsOf(sourceSchema, { reference: "x", label: "y", url: "javascript:alert(1)" })).toEqual({ url: "url" });
    expect(errorsOf(sourceSchema, { reference: "x", label: "y", url: "https://" })).toEqual({ url: "url" });
  });

  it("needs the confirmation box ticked", () => {
    expect(errorsOf(deleteSchema, {})).toEqual({ confirm: "confirmRequired" });
    expect(deleteSchema.parse({ confirm: "on" })).toEqual({ confirm: true });
  });
});
