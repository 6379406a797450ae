import { describe, expect, it } from "vitest";
import { tianwen3Definition } from "@/lib/calls/tianwen-3";
import { fieldErrorsOf } from "@/lib/form-state";
import {
  ineligibilityReasons,
  leadStepSchema,
  payloadStepSchema,
  scienceStepSchema,
  startApplicationSchema,
  submitApplicationSchema,
} from "@/lib/validation/application";

const errorsOf = (schema: { safeParse: (v: unknown) => { success: boolean; error?: unknown } }, input: unknown) => {
  const result = schema.safeParse(input);
  return result.success ? {} : fieldErrorsOf(result.error as never);
};

const validLead = { institutionName: "Université de Test", institutionType: "UNIVERSITY", country: "fr", contactName: "Ada Lovelace", contactEmail: "Ada@Example.org " };
const validPayload = {
  payloadName: "Dust counter", payloadKind: "INSTRUMENT", carrier: "ORBITER", massKg: "2.5", peakPowerW: "10", averagePowerW: "5",
  lengthMm: "100", widthMm: "100", heightMm: "80", dataVolumeMbPerDay: "20", pointingNeeds: "Nadir", thermalNeeds: "-20 to 40 C", trl: "6", heritage: "Cubesat",
};
const validScience = { objectives: ["GEOLOGY"], expectedResults: "Dust size distribution over two Martian years.", dataSharing: "All calibrated data within six months." };

describe("eligibility, as the call's form asks it", () => {
  const { eligibility } = tianwen3Definition;
  it("explains each answer that rules an applicant out, in the call's own words, in Chinese or else English", () => {
    expect(ineligibilityReasons(eligibility, { outsideChina: "no", fundsDevelopment: "yes", sharesData: "no" }, "en")).toEqual([
      "The offer is for international partners: the lead institution must be based outside China or be an international organisation.",
      "Partners share the data their payload returns with China; this is a condition of the offer.",
    ]);
    expect(ineligibilityReasons(eligibility, { outsideChina: "yes", fundsDevelopment: "no", sharesData: "yes" }, "zh")).toEqual(["载荷免费搭载，但各合作伙伴须自行承担载荷研制经费。"]);
    expect(ineligibilityReasons(eligibility, { outsideChina: "yes", fundsDevelopment: "yes", sharesData: "yes" }, "en")).toEqual([]);
  });
  it("requires every answer and a valid email, and refuses a filled honeypot", () => {
    const schema = startApplicationSchema(eligibility);
    expect(errorsOf(schema, { email: "nope" })).toEqual({ outsideChina: "chooseOne", fundsDevelopment: "chooseOne", sharesData: "chooseOne", email: "email" });
    expect(errorsOf(schema, { outsideChina: "yes", fundsDevelopment: "yes", sharesData: "yes", email: "a@b.org", website: "http://spam" })).toEqual({ website: "bot" });
  });
  it("asks only the email of a call without eligibility questions", () => {
    expect(errorsOf(startApplicationSchema([]), { email: "" })).toEqual({ email: "required" });
  });
});

describe("lead step", () => {
  it("normalises a valid answer", () => {
    const parsed = leadStepSchema.parse({ ...validLead, participants: [{ name: "Osaka University", country: "jp" }, { name: "", country: "" }] });
    expect(parsed).toMatchObject({ country: "FR", contactEmail: "ada@example.org", participants: [{ name: "Osaka University", country: "JP" }] });
  });
  it("reports every missing answer at once, in one list", () => {
    expect(errorsOf(leadStepSchema, {})).toEqual({
      institutionName: "required", institutionType: "chooseOne", contactName: "required", contactEmail: "required", country: "required",
    });
  });
  it("an international organisation has no country; anyone else needs a real one", () => {
    expect(leadStepSchema.parse({ ...validLead, institutionType: "INTERNATIONAL_ORGANISATION", country: "" }).country).toBeUndefined();
    expect(errorsOf(leadStepSchema, { ...validLead, country: "ZZ" })).toEqual({ country: "country" });
    expect(errorsOf(leadStepSchema, { ...validLead, country: "France" })).toEqual({ country: "country" });
  });
  it("allows at most five entities in total and limits every field's size", () => {
    const five = Array.from({ length: 5 }, (_, i) => ({ name: `Partner ${i}`, country: "DE" }));
    expect(errorsOf(leadStepSchema, { ...validLead, participants: five })).toEqual({ participants: "tooManyEntities" });
    expect(errorsOf(leadStepSchema, { ...validLead, institutionName: "x".repeat(201) })).toEqual({ institutionName: "tooLong" });
    expect(errorsOf(leadStepSchema, { ...validLead, contactPhone: "1".repeat(41) })).toEqual({ contactPhone: "tooLong" });
  });
});

describe("payload step", () => {
  it("accepts decimal masses above zero up to the orbiter's 15 kg", () => {
    expect(payloadStepSchema.parse(validPayload)).toMatchObject({ massKg: 2.5, trl: 6, carrier: "ORBITER" });
    expect(errorsOf(payloadStepSchema, { ...validPayload, massKg: "0" })).toEqual({ massKg: "positive" });
    expect(errorsOf(payloadStepSchema, { ...validPayload, massKg: "-1" })).toEqual({ massKg: "positive" });
    expect(errorsOf(payloadStepSchema, { ...validPayload, massKg: "15.5" })).toEqual({ massKg: "tooLarge" });
    expect(errorsOf(payloadStepSchema, { ...validPayload, massKg: "1.2345" })).toEqual({ massKg: "tooPrecise" });
    expect(errorsOf(payloadStepSchema, { ...validPayload, massKg: "two" })).toEqual({ massKg: "number" });
  });
  it("checks readiness level, dimensions, power and choices", () => {
    expect(errorsOf(payloadStepSchema, { ...validPayload, trl: "10" })).toEqual({ trl: "tooLarge" });
    expect(errorsOf(payloadStepSchema, { ...validPayload, trl: "0" })).toEqual({ trl: "tooSmall" });
    expect(errorsOf(payloadStepSchema, { ...validPayload, trl: "6.5" })).toEqual({ trl: "wholeNumber" });
    expect(errorsOf(payloadStepSchema, { ...validPayload, lengthMm: "" })).toEqual({ lengthMm: "required" });
    expect(errorsOf(payloadStepSchema, { ...validPayload, averagePowerW: "20" })).toEqual({ averagePowerW: "averageAbovePeak" });
    expect(errorsOf(payloadStepSchema, { ...validPayload, carrier: "LANDER" })).toEqual({ carrier: "chooseOne" });
    expect(errorsOf(payloadStepSchema, { ...validPayload, payloadKind: undefined })).toEqual({ payloadKind: "chooseOne" });
  });
});

describe("science step", () => {
  it("needs at least one objective, and a description for 'other'", () => {
    expect(scienceStepSchema.parse(validScience).objectives).toEqual(["GEOLOGY"]);
    expect(errorsOf(scienceStepSchema, { ...validScience, objectives: [] })).toEqual({ objectives: "chooseAtLeastOne" });
    expect(errorsOf(scienceStepSchema, { ...validScience, objectives: ["OTHER"] })).toEqual({ otherObjective: "required" });
    expect(errorsOf(scienceStepSchema, { ...validScience, expectedResults: "short" })).toEqual({ expectedResults: "tooShort" });
  });
});

describe("submission", () => {
  it("needs the declaration and an idempotency key", () => {
    expect(errorsOf(submitApplicationSchema, { idempotencyKey: "not-a-uuid" })).toEqual({ declaration: "declarationRequired", idempotencyKey: "invalidRequest" });
    expect(submitApplicationSchema.safeParse({ declaration: "on", idempotencyKey: "6f1c2d9e-8f0a-4c3b-9d2e-1a2b3c4d5e6f" }).success).toBe(true);
  });
});
