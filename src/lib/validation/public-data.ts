import { z } from "zod";

// The shapes of public data, shared by the pages, the JSON API and its OpenAPI document.
export const localizedSchema = z
  .object({ en: z.string(), zh: z.string().nullable().meta({ description: "Null where no Chinese text was published" }) })
  .meta({ id: "Localized" });

export const missionStatusSchema = z.enum(["PLANNED", "IN_PROGRESS", "COMPLETED"]);
export const targetBodySchema = z.enum(["MOON", "MARS"]);
export const opportunityKindSchema = z.enum(["SAMPLE_LOAN", "PAYLOAD_SELECTION", "PAYLOAD_OFFER", "PAYLOAD_PARTICIPATION"]);
/** What staff record; a call with stages is upcoming, open or closed by its dates unless results are published. */
export const recordedStatusSchema = z.enum(["OPEN", "CLOSED", "RESULTS_PUBLISHED"]);
export const opportunityStatusSchema = z
  .enum(["UPCOMING", "OPEN", "CLOSED", "RESULTS_PUBLISHED"])
  .meta({ description: "Follows the stages' windows at the time of the request, unless results are published" });
export const institutionTypeSchema = z.enum(["UNIVERSITY", "AGENCY", "RESEARCH_INSTITUTE", "INTERNATIONAL_ORGANISATION"]);
export const agreementStatusSchema = z.enum(["SIGNED", "PENDING", "UNCONFIRMED", "EXPIRED"]);
export const projectKindSchema = z.enum(["SCIENCE_INSTRUMENT", "ROBOTICS_AND_MOBILITY"]);
export const carrierSchema = z.enum(["ORBITER", "SERVICE_MODULE", "LANDER"]);
export const figureKeySchema = z.enum([
  "APPLICATIONS_RECEIVED",
  "PROPOSALS_RECEIVED",
  "PROPOSALS_CONSOLIDATED",
  "COUNTRIES_AND_ORGANISATIONS",
  "COUNTRIES_AND_REGIONS",
  "INTERNATIONAL_ORGANISATIONS",
  "SAMPLE_SETS_REQUESTED",
  "INSTITUTIONS_ACCEPTED",
  "COUNTRIES_ACCEPTED",
  "AGREEMENTS_SIGNED",
  "PROJECTS_SELECTED",
  "CAPACITY_OFFERED_KG",
  "MAX_PAYLOAD_KG",
]);
export const countryCodeSchema = z
  .string()
  .regex(/^[A-Z]{2}$/, "A two-letter ISO 3166 code such as FR")
  .meta({ description: "ISO 3166-1 alpha-2 code of a country or region" });

export const partialDateSchema = z
  .object({
    date: z.iso.date(),
    precision: z.enum(["DAY", "MONTH", "YEAR"]).meta({ description: "How much of the date was published" }),
  })
  .meta({ id: "PartialDate" });

export const sourceSchema = z
  .object({ url: z.string().nullable(), label: z.string() })
  .meta({ id: "Source", description: "Where a published fact comes from; url is null for a document with no public address" });

export const figureSchema = z
  .object({ key: figureKeySchema, value: z.number().int(), outOf: z.number().int().nullable() })
  .meta({ id: "Figure" });

export const capacitySchema = z
  .object({
    carrier: carrierSchema,
    massKg: z.number(),
    reservedKg: z.number(),
    remainingKg: z.number(),
    maxPerPayloadKg: z.number().nullable(),
  })
  .meta({ id: "PayloadCapacity" });

export const poolSchema = z
  .object({
    key: z.string(),
    capacity: z.number(),
    reserved: z.number(),
    remaining: z.number(),
    maxPerRequest: z.number().nullable(),
  })
  .meta({ id: "ResourcePool", description: "A pool a call shares out, in the unit its form names (kilograms on a carrier, grams of a sample category)" });

export const missionRefSchema = z.object({ slug: z.string(), name: localizedSchema });

export const missionSummarySchema = z
  .object({
    slug: z.string(),
    name: localizedSchema,
    body: targetBodySchema,
    status: missionStatusSchema,
    launchWindow: localizedSchema.nullable(),
    landingSite: localizedSchema.nullable(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: "MissionSummary" });

export const institutionSummarySchema = z
  .object({
    slug: z.string(),
    name: localizedSchema,
    type: institutionTypeSchema,
    countryCode: countryCodeSchema.nullable().meta({ description: "Null for an international organisation" }),
  })
  .meta({ id: "InstitutionSummary" });

export const projectSummarySchema = z
  .object({
    slug: z.string(),
    title: localizedSchema,
    kind: projectKindSchema,
    opportunitySlug: z.string(),
    partners: z.array(z.object({ institution: institutionSummarySchema, role: z.enum(["LEAD", "PARTNER"]) })),
    countryCodes: z.array(countryCodeSchema),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: "Project" });

export const agreementSchema = z
  .object({ status: agreementStatusSchema, signedOn: z.iso.date().nullable(), expiresOn: z.iso.date().nullable() })
  .meta({ id: "LoanAgreement" });

export const awardSchema = z
  .object({ institution: institutionSummarySchema, agreement: agreementSchema.nullable() })
  .meta({ id: "SampleLoanAward" });

export const callStageSchema = z
  .object({
    position: z.number().int(),
    title: localizedSchema,
    opensAt: z.iso.datetime().nullable().meta({ description: "UTC instant; null when not announced" }),
    opensPrecision: z.enum(["DAY", "MONTH", "YEAR"]).nullable().meta({ description: "Set when only the day or month was announced" }),
    closesAt: z.iso.datetime().nullable().meta({ description: "UTC instant; null when no closing is set" }),
    closesPrecision: z.enum(["DAY", "MONTH", "YEAR"]).nullable(),
    graceMinutes: z.number().int().min(0).max(15),
    entry: z.enum(["ANYONE", "INVITED"]).meta({ description: "INVITED: only those invited from the previous stage" }),
    state: z.enum(["upcoming", "open", "closed"]),
  })
  .meta({ id: "CallStage" });

export const opportunitySummarySchema = z
  .object({
    slug: z.string(),
    kind: opportunityKindSchema,
    status: opportunityStatusSchema,
    title: localizedSchema,
    mission: missionRefSchema,
    timeZone: z.string().meta({ description: "IANA zone the call announces its instants in" }),
    contactEmail: z.string().nullable(),
    demonstration: z.boolean().meta({ description: "A practice call, never a real one" }),
    acceptsApplications: z.boolean().meta({ description: "Whether this portal takes the call's applications" }),
    stages: z.array(callStageSchema),
    opensOn: partialDateSchema.nullable().meta({ description: "Null when not published" }),
    closesOn: partialDateSchema.nullable().meta({ description: "Null for a rolling call or when not published" }),
    figures: z.array(figureSchema),
    capacities: z.array(capacitySchema).meta({ description: "A payload offer's carriers in kilograms; every pool is in `pools`" }),
    pools: z.array(poolSchema),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: "OpportunitySummary" });

export const opportunityDetailSchema = opportunitySummarySchema
  .extend({
    facts: z.array(localizedSchema),
    sources: z.array(sourceSchema),
    awards: z.array(awardSchema),
    projects: z.array(projectSummarySchema),
  })
  .meta({ id: "OpportunityDetail" });

export const missionDetailSchema = missionSummarySchema
  .extend({
    facts: z.array(localizedSchema),
    sources: z.array(sourceSchema),
    opportunities: z.array(z.object({ slug: z.string(), title: localizedSchema, status: opportunityStatusSchema })),
  })
  .meta({ id: "MissionDetail" });

export const institutionDetailSchema = institutionSummarySchema
  .extend({
    awards: z.array(
      z.object({
        opportunity: z.object({ slug: z.string(), title: localizedSchema, mission: missionRefSchema }),
        agreement: agreementSchema.nullable(),
      }),
    ),
    projects: z.array(projectSummarySchema),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: "InstitutionDetail" });

export type Localized = z.infer<typeof localizedSchema>;
export type PartialDate = z.infer<typeof partialDateSchema>;
export type SourceDto = z.infer<typeof sourceSchema>;
export type FigureDto = z.infer<typeof figureSchema>;
export type CapacityDto = z.infer<typeof capacitySchema>;
export type PoolDto = z.infer<typeof poolSchema>;
export type MissionSummary = z.infer<typeof missionSummarySchema>;
export type MissionDetail = z.infer<typeof missionDetailSchema>;
export type InstitutionSummary = z.infer<typeof institutionSummarySchema>;
export type InstitutionDetail = z.infer<typeof institutionDetailSchema>;
export type ProjectSummary = z.infer<typeof projectSummarySchema>;
export type AwardDto = z.infer<typeof awardSchema>;
export type OpportunitySummary = z.infer<typeof opportunitySummarySchema>;
export type OpportunityDetail = z.infer<typeof opportunityDetailSchema>;
export type FigureKey = z.infer<typeof figureKeySchema>;
export type ProjectKind = z.infer<typeof projectKindSchema>;
export type InstitutionType = z.infer<typeof institutionTypeSchema>;
export type CallStageDto = z.infer<typeof callStageSchema>;
export type OpportunityStatus = z.infer<typeof opportunityStatusSchema>;
export type RecordedStatus = z.infer<typeof recordedStatusSchema>;

// GET /api/v1/calls and /api/v1/calls/{slug}: the opportunities seen as calls, filtered by their live status.

const callStatusFilterValues = z.enum(["open", "upcoming", "closed", "results-published"]);
const statusOfFilter: Record<z.infer<typeof callStatusFilterValues>, OpportunityStatus> = {
  open: "OPEN",
  upcoming: "UPCOMING",
  closed: "CLOSED",
  "results-published": "RESULTS_PUBLISHED",
};

/** The ?status= filter, spelt as URLs spell it; parses to the status it selects. */
export const callStatusFilterSchema = callStatusFilterValues
  .transform((value) => statusOfFilter[value])
  .meta({ description: "Only calls with this status at the time of the request" });

export const callFormSchema = z
  .object({
    version: z.number().int().meta({ description: "The form's version; applications keep the version they answered" }),
    stages: z
      .array(z.object({ key: z.string(), pages: z.array(z.record(z.string(), z.unknown())) }))
      .meta({ description: "Each stage's pages of typed questions (label and help in English and Chinese, required, show-if)" }),
    pools: z.array(z.record(z.string(), z.unknown())).meta({ description: "Resources the call offers, with unit and capacity" }),
    eligibility: z.array(z.record(z.string(), z.unknown())).meta({ description: "Yes/no questions; a no refuses with the reason given" }),
    requestSchemas: z
      .record(z.string(), z.record(z.string(), z.unknown()))
      .meta({ description: "JSON Schema of each stage's answers, by stage key, as the form and the API check them" }),
  })
  .meta({ id: "CallForm" });

export const callDetailSchema = opportunityDetailSchema
  .extend({
    form: callFormSchema.nullable().meta({ description: "The published form; null for a call whose applications are not taken here" }),
    applicationsPath: z
      .string()
      .nullable()
      .meta({
        description:
          "Where to POST applications to this call; null when this portal takes none for it. Set while the call is closed too: the POST then answers 409 call_closed.",
        examples: ["/api/v1/calls/practice-call/applications"],
      }),
  })
  .meta({ id: "CallDetail" });

export type CallDetail = z.infer<typeof callDetailSchema>;
export type CallForm = z.infer<typeof callFormSchema>;
