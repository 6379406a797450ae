import { z } from "zod";
import { PUBLISHABLE_KINDS, type PublishableKind } from "../../content-kinds";
import { isKnownCountryCode } from "../../localize";
import { slugify } from "../../slug";
import { blankToUndefined, checkbox, number, optionalDate, optionalText, text, trimmed } from "../fields";
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
} from "../public-data";

// One schema per shape of public record that staff edit, shared by the panel's forms and their server actions.
// Messages are keys under "Errors".

export const datePrecisionSchema = z.enum(["DAY", "MONTH", "YEAR"]);
export const partnerRoleSchema = z.enum(["LEAD", "PARTNER"]);
export const obligationKindSchema = z.enum(["ANNUAL_REPORT", "SAMPLE_RETURN", "PUBLICATIONS"]);

/** A radio group or select: blank means nothing was chosen. */
const choice = <Values extends Readonly<Record<string, string>>>(values: Values) =>
  z.preprocess(blankToUndefined, z.enum(values, { error: "chooseOne" }));
const optionalChoice = <Values extends Readonly<Record<string, string>>>(values: Values) =>
  z.preprocess(blankToUndefined, z.enum(values, { error: "chooseOne" }).optional());

/** The id of a related row, chosen in a select. */
const relation = z.preprocess(blankToUndefined, z.string({ error: "chooseOne" }).min(1, "chooseOne").max(64, "chooseOne"));

/** Blank slugs are made from the English name when the record is saved. */
const optionalSlug = z.preprocess(
  (v) => blankToUndefined(typeof v === "string" ? v.trim().toLowerCase() : v),
  z.string().max(120, "tooLong").regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "slug").optional(),
);

function withSlug<T extends { slug?: string }>(record: T, from: string, ctx: z.RefinementCtx): T & { slug: string } {
  const slug = record.slug ?? slugify(from).slice(0, 120).replace(/-+$/, "");
  if (!slug) ctx.addIssue({ code: "custom", path: ["slug"], message: "required" });
  return { ...record, slug };
}

/** Checkbox lists and multiple selects: absent means none, one value means a list of one. */
const idList = z.preprocess(
  (v) => (v === undefined || v === "" ? [] : Array.isArray(v) ? v.filter((x) => x !== "") : [v]),
  z.array(z.string().min(1, "chooseOne").max(64, "chooseOne")).max(100, "tooLong"),
);

const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "date")
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)), "date")
  .transform((v) => new Date(`${v}T00:00:00Z`));

/** A yyyy-mm-dd date from a date input that must be given. */
export const requiredDate = z.preprocess(blankToUndefined, z.string({ error: "required" }).pipe(isoDay));

/** Kilograms as the database keeps them: up to 999,999.99 with at most two decimals. */
const kilograms = number({ min: 0, max: 999_999.99 }).refine((n) => Math.abs(Math.round(n * 100) - n * 100) < 1e-6, "twoDecimals");
const optionalKilograms = z.preprocess(blankToUndefined, kilograms.optional());

// Ordered bilingual text items (a mission's or an opportunity's facts), edited as one list. Rows left blank are
// new rows nobody filled in; rows ticked "remove" go.
export const factRowSchema = z
  .object({
    position: z.preprocess(blankToUndefined, number({ min: 0, max: 999, int: true }).optional()),
    textEn: optionalText(2000),
    textZh: optionalText(2000),
    remove: checkbox.optional(),
  })
  .superRefine((row, ctx) => {
    if (!row.remove && !row.textEn && row.textZh) ctx.addIssue({ code: "custom", path: ["textEn"], message: "required" });
  });

export const factsSchema = z
  .object({
    facts: z.preprocess((v) => (Array.isArray(v) ? Array.from(v, (row) => row ?? {}) : []), z.array(factRowSchema).max(60, "tooLong")),
  })
  .transform(({ facts }) => ({
    facts: facts
      .map((row, index) => ({ ...row, index }))
      .filter((row) => !row.remove && row.textEn)
      .sort((a, b) => (a.position ?? a.index) - (b.position ?? b.index) || a.index - b.index)
      .map((row, position) => ({ position, textEn: row.textEn!, textZh: row.textZh ?? null })),
  }));
export type FactsInput = z.infer<typeof factsSchema>;

export const missionSchema = z
  .object({
    slug: optionalSlug,
    nameEn: text(2, 200),
    nameZh: text(1, 200),
    body: choice(targetBodySchema.enum),
    status: choice(missionStatusSchema.enum),
    launchWindowEn: optionalText(200),
    launchWindowZh: optionalText(200),
    landingSiteEn: optionalText(300),
    landingSiteZh: optionalText(300),
    sourceIds: idList,
  })
  .superRefine((m, ctx) => {
    if (m.launchWindowZh && !m.launchWindowEn) ctx.addIssue({ code: "custom", path: ["launchWindowEn"], message: "required" });
    if (m.landingSiteZh && !m.landingSiteEn) ctx.addIssue({ code: "custom", path: ["landingSiteEn"], message: "required" });
  })
  .transform((m, ctx) => ({
    ...withSlug(m, m.nameEn, ctx),
    launchWindowEn: m.launchWindowEn ?? null,
    launchWindowZh: m.launchWindowZh ?? null,
    landingSiteEn: m.landingSiteEn ?? null,
    landingSiteZh: m.landingSiteZh ?? null,
  }));
export type MissionInput = z.infer<typeof missionSchema>;

export const opportunitySchema = z
  .object({
    slug: optionalSlug,
    missionId: relation,
    kind: choice(opportunityKindSchema.enum),
    status: choice(opportunityStatusSchema.enum),
    titleEn: text(2, 300),
    titleZh: text(1, 300),
    opensOn: optionalDate,
    opensPrecision: optionalChoice(datePrecisionSchema.enum),
    closesOn: optionalDate,
    closesPrecision: optionalChoice(datePrecisionSchema.enum),
    sourceIds: idList,
  })
  .superRefine((o, ctx) => {
    if (o.opensOn && o.closesOn && o.closesOn < o.opensOn) ctx.addIssue({ code: "custom", path: ["closesOn"], message: "closesBeforeOpens" });
  })
  .transform((o, ctx) => ({
    ...withSlug(o, o.titleEn, ctx),
    // A date without a stated precision is a full date; no date, no precision.
    opensOn: o.opensOn ?? null,
    opensPrecision: o.opensOn ? (o.opensPrecision ?? "DAY") : null,
    closesOn: o.closesOn ?? null,
    closesPrecision: o.closesOn ? (o.closesPrecision ?? "DAY") : null,
  }));
export type OpportunityInput = z.infer<typeof opportunitySchema>;

export const capacitySchema = z.object({
  carrier: choice(carrierSchema.enum),
  massKg: kilograms,
  maxPerPayloadKg: optionalKilograms,
});
export type CapacityInput = z.infer<typeof capacitySchema>;

export const figureSchema = z
  .object({
    key: choice(figureKeySchema.enum),
    value: number({ min: 0, max: 1_000_000_000, int: true }),
    outOf: z.preprocess(blankToUndefined, number({ min: 0, max: 1_000_000_000, int: true }).optional()),
  })
  .superRefine((f, ctx) => {
    if (f.outOf !== undefined && f.outOf < f.value) ctx.addIssue({ code: "custom", path: ["outOf"], message: "outOfBelowValue" });
  })
  .transform((f) => ({ ...f, outOf: f.outOf ?? null }));
export type FigureInput = z.infer<typeof figureSchema>;

const countryCode = z.preprocess(
  (v) => blankToUndefined(typeof v === "string" ? v.trim().toUpperCase() : v),
  z.string().refine(isKnownCountryCode, "country").optional(),
);

export const institutionSchema = z
  .object({
    slug: optionalSlug,
    nameEn: text(2, 200),
    nameZh: optionalText(200),
    type: choice(institutionTypeSchema.enum),
    countryCode,
  })
  .superRefine((i, ctx) => {
    if (i.type !== "INTERNATIONAL_ORGANISATION" && !i.countryCode) ctx.addIssue({ code: "custom", path: ["countryCode"], message: "required" });
  })
  .transform((i, ctx) => ({
    ...withSlug(i, i.nameEn, ctx),
    nameZh: i.nameZh ?? null,
    // An international organisation has no country.
    countryCode: i.type === "INTERNATIONAL_ORGANISATION" ? null : (i.countryCode ?? null),
  }));
export type InstitutionInput = z.infer<typeof institutionSchema>;

// Partner rows whose institution is left blank are rows nobody filled in.
const partnerRowSchema = z.object({
  institutionId: z.preprocess(blankToUndefined, z.string().max(64, "chooseOne").optional()),
  role: z.preprocess(blankToUndefined, partnerRoleSchema.catch("PARTNER").default("PARTNER")),
  position: z.preprocess(blankToUndefined, number({ min: 0, max: 999, int: true }).optional()),
});

export const projectSchema = z
  .object({
    slug: optionalSlug,
    opportunityId: relation,
    position: number({ min: 0, max: 999, int: true }),
    titleEn: text(2, 300),
    titleZh: text(1, 300),
    kind: choice(projectKindSchema.enum),
    partners: z.preprocess((v) => (Array.isArray(v) ? Array.from(v, (row) => row ?? {}) : []), z.array(partnerRowSchema).max(40, "tooLong")),
  })
  .superRefine((p, ctx) => {
    const seen = new Set<string>();
    let leads = 0;
    p.partners.forEach((row, index) => {
      if (!row.institutionId) return;
      if (seen.has(row.institutionId)) ctx.addIssue({ code: "custom", path: ["partners", index, "institutionId"], message: "duplicatePartner" });
      seen.add(row.institutionId);
      if (row.role === "LEAD" && ++leads > 1) ctx.addIssue({ code: "custom", path: ["partners", index, "role"], message: "oneLead" });
    });
  })
  .transform((p, ctx) => ({
    ...withSlug(p, p.titleEn, ctx),
    partners: p.partners
      .map((row, index) => ({ ...row, index }))
      .filter((row): row is typeof row & { institutionId: string } => Boolean(row.institutionId))
      .sort((a, b) => (a.position ?? a.index) - (b.position ?? b.index) || a.index - b.index)
      .map((row, position) => ({ institutionId: row.institutionId, role: row.role, position })),
  }));
export type ProjectInput = z.infer<typeof projectSchema>;

export const awardSchema = z.object({ opportunityId: relation, institutionId: relation });
export type AwardInput = z.infer<typeof awardSchema>;

const agreementTerms = z.object({
  status: choice(agreementStatusSchema.enum),
  signedOn: optionalDate,
  expiresOn: optionalDate,
});
const termRuns = (a: z.infer<typeof agreementTerms>, ctx: z.RefinementCtx) => {
  if (a.signedOn && a.expiresOn && a.expiresOn < a.signedOn) ctx.addIssue({ code: "custom", path: ["expiresOn"], message: "expiryBeforeSigning" });
};
const agreementNulls = <T extends z.infer<typeof agreementTerms>>(a: T) => ({ ...a, signedOn: a.signedOn ?? null, expiresOn: a.expiresOn ?? null });

/** Editing an agreement: its award is fixed. */
export const agreementSchema = agreementTerms.superRefine(termRuns).transform(agreementNulls);
/** A new agreement, for an award that has none yet. */
export const newAgreementSchema = agreementTerms.extend({ awardId: relation }).superRefine(termRuns).transform(agreementNulls);
export type AgreementInput = z.infer<typeof agreementSchema>;

// An obligation cannot have been met later than today (UTC, as date columns hold days).
const endOfTodayUtc = () => new Date(new Date().toISOString().slice(0, 10) + "T23:59:59.999Z");
const pastOrToday = optionalDate.refine((d) => d === undefined || d <= endOfTodayUtc(), "notInFuture");

export const obligationSchema = z
  .object({
    kind: choice(obligationKindSchema.enum),
    dueOn: requiredDate,
    completedOn: pastOrToday,
    note: optionalText(500),
  })
  .transform((o) => ({ ...o, completedOn: o.completedOn ?? null, note: o.note ?? null }));
export type ObligationInput = z.infer<typeof obligationSchema>;

/** Marking an obligation done: the day it was met, today unless given. */
export const completeObligationSchema = z.object({ completedOn: pastOrToday });

export const sourceSchema = z
  .object({
    reference: text(1, 500),
    label: text(1, 300),
    url: z.preprocess(
      (v) => blankToUndefined(trimmed(v)),
      z.url({ protocol: /^https?$/, hostname: z.regexes.domain, error: "url" }).max(2000, "tooLong").optional(),
    ),
  })
  .transform((s) => ({ ...s, url: s.url ?? null }));
export type SourceInput = z.infer<typeof sourceSchema>;

/** The row a form edits, and the version it was opened at: a save is refused if the row changed since. */
export const recordRefSchema = z.object({
  id: z.string().min(1).max(64),
  version: z.string().min(1).max(100),
});

/** Deleting asks for a ticked confirmation, so that no single click loses a record. */
export const deleteSchema = z.object({
  confirm: checkbox.refine((ticked) => ticked, "confirmRequired"),
});

export const publishSchema = z.object({
  kind: z.enum(PUBLISHABLE_KINDS as [PublishableKind, ...PublishableKind[]]),
  id: z.string().min(1).max(64),
  publish: z.enum(["true", "false"]).transform((v) => v === "true"),
});
