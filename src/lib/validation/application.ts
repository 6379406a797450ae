import { z } from "zod";
import { isKnownCountryCode } from "../localize";
import { MAX_ATTACHMENT_BYTES } from "../files";
import { blankToUndefined, number, optionalText, text } from "./fields";
import { institutionTypeSchema } from "./public-data";

// One schema per step of the Tianwen-3 application, shared by the browser form, the server action and the API.
// Messages are keys under "Errors" in the i18n messages, so one schema serves every language.

export const APPLICATION_STEPS = ["lead", "payload", "science", "attachments"] as const;
export type ApplicationStep = (typeof APPLICATION_STEPS)[number];
/** The pages of the flow, in order: the four steps, then check your answers. */
export const STEP_PAGES = [...APPLICATION_STEPS, "check"] as const;

export const MAX_ENTITIES = 5; // the lead institution and up to four participating entities
export { MAX_ATTACHMENT_BYTES };
export const MAX_LETTERS_OF_SUPPORT = 5;

export const countryFieldSchema = z.preprocess(
  (v) => (typeof v === "string" ? v.trim().toUpperCase() : v),
  z.string({ error: "required" }).min(1, "required").refine(isKnownCountryCode, "country"),
);

export const emailSchema = z.preprocess(
  (v) => (typeof v === "string" ? v.trim().toLowerCase() : v),
  z.email({ error: (issue) => (issue.input === undefined || issue.input === "" ? "required" : "email") }).max(254, "tooLong"),
);

const yesNo = z.enum(["yes", "no"], { error: "chooseOne" });

/** A call's eligibility questions, as its form declares them: a key, the question, and why a "no" refuses. */
type EligibilityQuestion = { key: string; refusal: { en: string; zh: string } };

/** The start of an application: a yes or no to each of the call's eligibility questions, and the applicant's email. */
export const startApplicationSchema = (eligibility: EligibilityQuestion[]) =>
  z.object({
    ...Object.fromEntries(eligibility.map((e) => [e.key, yesNo])),
    email: emailSchema,
    // A field people never see; bots fill it.
    website: z.string().max(0, "bot").optional(),
  });

/** Why someone is not eligible: the call's reason for each question answered no, in Chinese or else English. */
export function ineligibilityReasons(eligibility: EligibilityQuestion[], answers: Record<string, unknown>, locale: "en" | "zh"): string[] {
  return eligibility.filter((e) => answers[e.key] === "no").map((e) => e.refusal[locale]);
}

export const participantSchema = z.object({ name: text(2, 200), country: countryFieldSchema });

export const leadStepSchema = z
  .object({
    institutionName: text(2, 200),
    institutionType: z.preprocess(blankToUndefined, z.enum(institutionTypeSchema.options, { error: "chooseOne" })),
    country: z.preprocess(blankToUndefined, countryFieldSchema.optional()),
    contactName: text(2, 120),
    contactEmail: emailSchema,
    contactPhone: optionalText(40),
    // Rows left blank in the form are not entities.
    participants: z.preprocess(
      // Only strings are read as text: String() on a crafted object (a toString that is not a function) throws.
      (v) => (Array.isArray(v) ? v.filter((p) => p && Object.values(p).some((x) => (typeof x === "string" ? x.trim() !== "" : x != null))) : v),
      z.array(participantSchema).max(MAX_ENTITIES - 1, "tooManyEntities").default([]),
    ),
  })
  .superRefine(
    (lead, ctx) => {
      if (lead.institutionType !== "INTERNATIONAL_ORGANISATION" && !lead.country) {
        ctx.addIssue({ code: "custom", path: ["country"], message: "required" });
      }
    },
    // Reported together with the other fields' errors, as one list.
    { when: (payload) => typeof payload.value === "object" && payload.value !== null },
  )
  .transform((lead) => ({ ...lead, country: lead.institutionType === "INTERNATIONAL_ORGANISATION" ? undefined : lead.country }));
export type LeadStep = z.infer<typeof leadStepSchema>;

export const payloadKindSchema = z.enum(["INSTRUMENT", "TECHNOLOGY_DEMONSTRATION", "OTHER"]);
export const applicationCarrierSchema = z.enum(["ORBITER", "SERVICE_MODULE"]);

export const payloadStepSchema = z
  .object({
    payloadName: text(2, 120),
    payloadKind: z.preprocess(blankToUndefined, z.enum(payloadKindSchema.options, { error: "chooseOne" })),
    carrier: z.preprocess(blankToUndefined, z.enum(applicationCarrierSchema.options, { error: "chooseOne" })),
    massKg: number({ positive: true, max: 15 }).refine((n) => Math.abs(Math.round(n * 1000) - n * 1000) < 1e-6, "tooPrecise"),
    peakPowerW: number({ min: 0, max: 10_000 }),
    averagePowerW: number({ min: 0, max: 10_000 }),
    lengthMm: number({ positive: true, max: 5000, int: true }),
    widthMm: number({ positive: true, max: 5000, int: true }),
    heightMm: number({ positive: true, max: 5000, int: true }),
    dataVolumeMbPerDay: number({ min: 0, max: 1_000_000 }),
    pointingNeeds: text(2, 1000),
    thermalNeeds: text(2, 1000),
    trl: number({ min: 1, max: 9, int: true }),
    heritage: text(2, 2000),
  })
  .superRefine(
    (p, ctx) => {
      if (typeof p.averagePowerW === "number" && p.averagePowerW > p.peakPowerW) {
        ctx.addIssue({ code: "custom", path: ["averagePowerW"], message: "averageAbovePeak" });
      }
    },
    { when: (payload) => typeof payload.value === "object" && payload.value !== null },
  );
export type PayloadStep = z.infer<typeof payloadStepSchema>;

// A message key like every other field's: the form shows it, and Zod's own English would not translate.
export const scienceObjectiveSchema = z.enum(["SIGNS_OF_LIFE", "CLIMATE_HISTORY", "GEOLOGY", "INTERNAL_STRUCTURE", "OTHER"], { error: "chooseOne" });

export const scienceStepSchema = z
  .object({
    objectives: z.array(scienceObjectiveSchema, { error: "chooseAtLeastOne" }).min(1, "chooseAtLeastOne"),
    otherObjective: optionalText(500),
    expectedResults: text(20, 4000),
    dataSharing: text(20, 2000),
  })
  .superRefine(
    (s, ctx) => {
      if (Array.isArray(s.objectives) && s.objectives.includes("OTHER") && !s.otherObjective) {
        ctx.addIssue({ code: "custom", path: ["otherObjective"], message: "required" });
      }
    },
    { when: (payload) => typeof payload.value === "object" && payload.value !== null },
  );
export type ScienceStep = z.infer<typeof scienceStepSchema>;

export { attachmentKindSchema } from "@/lib/calls/definition";

export const submitApplicationSchema = z.object({
  declaration: z.literal(["on", "true", true], { error: "declarationRequired" }),
  idempotencyKey: z.uuid({ error: "invalidRequest" }),
});

export const applicationAnswersSchema = z.object({
  lead: leadStepSchema,
  payload: payloadStepSchema,
  science: scienceStepSchema,
});
export type ApplicationAnswers = z.infer<typeof applicationAnswersSchema>;

export const stepSchemas = { lead: leadStepSchema, payload: payloadStepSchema, science: scienceStepSchema } as const;

