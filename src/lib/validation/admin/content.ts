import { z } from "zod";
import { edgeInstant, readEdge, STAGE_PRECISIONS, type AnnouncedEdge, type StagePrecision } from "../../calls/stage-window";
import { MAX_GRACE_MINUTES } from "../../calls/status";
import { PUBLISHABLE_KINDS, type PublishableKind } from "../../content-kinds";
import { isKnownCountryCode } from "../../localize";
import { slugify } from "../../slug";
import { emailSchema } from "../application";
import { blankToUndefined, checkbox, number, optionalDate, optionalText, text, trimmed } from "../fields";
import {
  agreementStatusSchema,
  carrierSchema,
  figureKeySchema,
  institutionTypeSchema,
  missionStatusSchema,
  opportunityKindSchema,
  recordedStatusSchema,
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

/** Where the agency announces its calls; a call's zone when staff leave it blank, as the database does. */
export const DEFAULT_CALL_TIME_ZONE = "Asia/Shanghai";

// Intl also takes "+08:00" and lower-case names; an IANA name is stored, spelled as Intl lists it.
const IANA_ZONE = /^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/;
function ianaZone(name: string): string | null {
  if (!IANA_ZONE.test(name)) return null;
  try {
    new Intl.DateTimeFormat("en", { timeZone: name });
  } catch {
    return null;
  }
  return Intl.supportedValuesOf("timeZone").find((zone) => zone.toLowerCase() === name.toLowerCase()) ?? name;
}

/** A call's time zone: an IANA name (Asia/Shanghai, Europe/Paris); blank: Beijing time. */
const timeZoneField = z.preprocess(
  (v) => blankToUndefined(trimmed(v)) ?? DEFAULT_CALL_TIME_ZONE,
  z
    .string()
    .max(64, "timeZone")
    .transform((name, ctx) => ianaZone(name) ?? (ctx.addIssue({ code: "custom", message: "timeZone" }), z.NEVER)),
);

export const opportunitySchema = z
  .object({
    slug: optionalSlug,
    missionId: relation,
    kind: choice(opportunityKindSchema.enum),
    status: choice(recordedStatusSchema.enum),
    titleEn: text(2, 300),
    titleZh: text(1, 300),
    opensOn: optionalDate,
    opensPrecision: optionalChoice(datePrecisionSchema.enum),
    closesOn: optionalDate,
    closesPrecision: optionalChoice(datePrecisionSchema.enum),
    timeZone: timeZoneField,
    contactEmail: z.preprocess((v) => blankToUndefined(trimmed(v)), emailSchema.optional()),
    // Set: the call takes applications here, and their references start with it (TW3-2026-000123).
    referencePrefix: z.preprocess(
      (v) => blankToUndefined(typeof v === "string" ? v.trim().toUpperCase() : v),
      z.string().regex(/^[A-Z0-9]{2,6}$/, "referencePrefix").optional(),
    ),
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
    contactEmail: o.contactEmail ?? null,
    referencePrefix: o.referencePrefix ?? null,
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

export const stageEntrySchema = z.enum(["ANYONE", "INVITED"]);

// A stage's opening and closing each come as a precision (a select: exact, day only, month only, or blank for not
// announced) and one text box, read at that precision: a datetime-local or date input cannot hold a month alone, and
// without JavaScript an input cannot change with the select.
const stagePrecision = z.preprocess(blankToUndefined, z.enum(STAGE_PRECISIONS, { error: "chooseOne" }).optional());
const STAGE_FORMAT_ERRORS: Record<StagePrecision, string> = { EXACT: "stageExact", DAY: "stageDay", MONTH: "stageMonth" };

/** One edge as announced, or the error key for the field at fault; also given fields that failed their own schema. */
function announcedEdge(precision: unknown, text: unknown): AnnouncedEdge | { field: "precision" | "text"; error: string } | null {
  if (typeof text !== "string") text = undefined;
  if (precision === undefined) return text ? { field: "precision", error: "stagePrecision" } : null;
  if (!STAGE_PRECISIONS.includes(precision as StagePrecision)) return null;
  if (!text) return { field: "text", error: "required" };
  const local = readEdge(precision as StagePrecision, text as string);
  return local ? { precision: precision as StagePrecision, local } : { field: "text", error: STAGE_FORMAT_ERRORS[precision as StagePrecision] };
}
const isAnnounced = (edge: ReturnType<typeof announcedEdge>): edge is AnnouncedEdge => edge !== null && "local" in edge;

/**
 * A stage of a call: its titles, its window as announced, the grace after its closing and who may enter it. The
 * window becomes instants only when saved, in the call's zone (src/lib/calls/stage-window.ts); that the first stage
 * takes anyone depends on the other stages, so the service checks it.
 */
export const callStageSchema = z
  .object({
    titleEn: text(2, 120),
    titleZh: text(2, 120),
    opens: optionalText(40),
    opensPrecision: stagePrecision,
    closes: optionalText(40),
    closesPrecision: stagePrecision,
    graceMinutes: number({ min: 0, max: MAX_GRACE_MINUTES, int: true }),
    entry: choice(stageEntrySchema.enum),
  })
  // Run also when another field failed, so that one answer names every problem with the dates.
  .superRefine((s, ctx) => {
    const opens = announcedEdge(s.opensPrecision, s.opens);
    const closes = announcedEdge(s.closesPrecision, s.closes);
    for (const [name, edge] of [["opens", opens], ["closes", closes]] as const) {
      if (edge && !isAnnounced(edge)) ctx.addIssue({ code: "custom", path: [edge.field === "text" ? name : `${name}Precision`], message: edge.error });
    }
    // On the wall clock: the call's zone, known only when saving, can change the order only across a DST shift.
    if (isAnnounced(opens) && isAnnounced(closes) && edgeInstant("closes", closes, "UTC") <= edgeInstant("opens", opens, "UTC")) {
      ctx.addIssue({ code: "custom", path: ["closes"], message: "closesNotAfterOpens" });
    }
  }, { when: (payload) => typeof payload.value === "object" && payload.value !== null })
  .transform((s) => {
    const opens = announcedEdge(s.opensPrecision, s.opens);
    const closes = announcedEdge(s.closesPrecision, s.closes);
    return {
      titleEn: s.titleEn,
      titleZh: s.titleZh,
      opens: isAnnounced(opens) ? opens : null,
      closes: isAnnounced(closes) ? closes : null,
      graceMinutes: s.graceMinutes,
      entry: s.entry,
    };
  });
export type CallStageInput = z.infer<typeof callStageSchema>;

/** Moving a stage one place earlier or later in its call. */
export const moveStageSchema = z.object({ direction: z.enum(["up", "down"], { error: "chooseOne" }) });
