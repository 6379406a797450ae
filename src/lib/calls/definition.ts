import { z } from "zod";
import { MAX_ATTACHMENT_BYTES } from "../files";

// A call for cooperation, declared once as data that staff define: its stages and their forms, the pools of
// capacity it shares out, its eligibility questions and its review rubric. Forms, actions and the API derive
// from it (see answers.ts). Messages are keys under "Errors", as in every schema of the portal.

/** A question may ask for smaller files than every upload's limit, never larger ones. */
export const MAX_ATTACHMENT_BYTES_LIMIT = MAX_ATTACHMENT_BYTES;

// Names such as "constructor" would be read from Object.prototype when an answer is missing.
const identifier = z.string().regex(/^[a-z][a-zA-Z0-9]{0,63}$/, "key").refine((key) => !(key in Object.prototype), "key");
const slug = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "slug");
// What a form posts for a choice and what stored answers keep: no spaces, no markup.
const optionValue = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "key");
/** Whether a yyyy-mm-dd text names a day of the calendar (not 2026-02-30). */
export function isRealDay(value: string): boolean {
  const day = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().startsWith(value);
}
const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "date").refine(isRealDay, "date");
const wording = z.string({ error: "required" }).trim().min(1, "required").max(2000, "tooLong");
const amount = z.number({ error: "number" });
const positive = amount.positive("positive");
const count = (min: number, max: number) => amount.int("wholeNumber").min(min, "tooSmall").max(max, "tooLarge");

/** What a file question's files are, as uploads and attachments name them: TECHNICAL_DESCRIPTION, SAMPLE_PLAN… */
export const attachmentKindSchema = z.string().regex(/^[A-Z][A-Z0-9_]{0,63}$/, "key");

export const bilingualSchema = z.object({ en: wording, zh: wording });
export type Bilingual = z.infer<typeof bilingualSchema>;

const optionSchema = z.object({
  value: optionValue,
  label: bilingualSchema,
  // A choice that decides which pool a resource question draws on.
  pool: slug.optional(),
});

const showIfSchema = z
  .object({
    question: identifier,
    equals: z.union([optionValue, z.array(optionValue).min(1, "tooShort")]).optional(),
    notEquals: z.union([optionValue, z.array(optionValue).min(1, "tooShort")]).optional(),
  })
  .refine((s) => (s.equals === undefined) !== (s.notEquals === undefined), { message: "oneOf", path: ["equals"] });
export type ShowIf = z.infer<typeof showIfSchema>;

const base = {
  key: identifier,
  label: bilingualSchema,
  help: z.object({ en: wording.optional(), zh: wording.optional() }).optional(),
  required: z.boolean(),
  showIf: showIfSchema.optional(),
};

/** Whether a lower bound is at most its upper bound (either may be absent); reported on the lower one. */
const atMost = (low: number | string | undefined, high: number | string | undefined) => low === undefined || high === undefined || low <= high;
const minAboveMax = (path: string) => ({ message: "minAboveMax", path: [path] });

const uniqueValues = (options: { value: string }[]) => new Set(options.map((o) => o.value)).size === options.length;
const options = z.array(optionSchema).min(2, "tooShort").max(200, "tooLong").refine(uniqueValues, "duplicateKey");

const numberLimits = {
  min: amount.optional(),
  max: amount.optional(),
  step: positive.optional(),
  integer: z.boolean().optional(),
  // Greater than zero, as a mass or a length is; reported as "positive" rather than "tooSmall".
  positive: z.boolean().optional(),
};

const shortTextSchema = z
  .object({ ...base, type: z.literal("shortText"), maxLength: count(1, 500), minLength: count(0, 500).optional() })
  .refine((q) => atMost(q.minLength, q.maxLength), minAboveMax("minLength"));

const longTextSchema = z
  .object({
    ...base,
    type: z.literal("longText"),
    limit: z.object({ unit: z.enum(["words", "characters"], { error: "chooseOne" }), max: count(1, 100_000) }),
    min: count(0, 100_000).optional(),
  })
  .refine((q) => atMost(q.min, q.limit.max), minAboveMax("min"));

const numberSchema = z
  .object({ ...base, type: z.literal("number"), unit: bilingualSchema.optional(), ...numberLimits })
  .refine((q) => atMost(q.min, q.max), minAboveMax("min"));

const singleChoiceSchema = z.object({ ...base, type: z.literal("singleChoice"), options });

const multipleChoiceSchema = z
  .object({ ...base, type: z.literal("multipleChoice"), options, minChoices: count(0, 200).optional(), maxChoices: count(1, 200).optional() })
  .refine((q) => atMost(q.minChoices, q.maxChoices), minAboveMax("minChoices"))
  .refine((q) => (q.minChoices ?? 0) <= q.options.length, { message: "tooLarge", path: ["minChoices"] })
  .refine((q) => (q.maxChoices ?? 0) <= q.options.length, { message: "tooLarge", path: ["maxChoices"] });

const plain = <T extends string>(type: T) => z.object({ ...base, type: z.literal(type) });

const dateSchema = z
  .object({ ...base, type: z.literal("date"), min: isoDay.optional(), max: isoDay.optional() })
  .refine((q) => atMost(q.min, q.max), minAboveMax("min"));

const attachmentSchema = z.object({
  ...base,
  type: z.literal("attachment"),
  attachmentKind: attachmentKindSchema,
  maxBytes: count(1, MAX_ATTACHMENT_BYTES_LIMIT),
  maxFiles: count(1, 50),
});

// The amount asked of a pool, in the pool's unit: the pool is named, or chosen by an earlier singleChoice whose
// options each name one (so a "carrier" choice decides whether "massKg" draws on the orbiter or the service module).
const resourceSchema = z
  .object({ ...base, type: z.literal("resource"), pool: slug.optional(), poolFrom: identifier.optional(), step: numberLimits.step })
  .refine((q) => (q.pool === undefined) !== (q.poolFrom === undefined), { message: "oneOf", path: ["pool"] });

/** The questions a group's rows may hold: neither a group (rows do not nest) nor an attachment (files are stored apart). */
const fieldQuestionSchema = z.discriminatedUnion(
  "type",
  [
    shortTextSchema,
    longTextSchema,
    numberSchema,
    singleChoiceSchema,
    multipleChoiceSchema,
    plain("country"),
    plain("email"),
    plain("url"),
    dateSchema,
    plain("yesNo"),
    resourceSchema,
  ],
  { error: "questionType" },
);

const groupSchema = z
  .object({
    ...base,
    type: z.literal("group"),
    questions: z.array(fieldQuestionSchema).min(1, "tooShort").max(50, "tooLong"),
    minItems: count(0, 100).optional(),
    maxItems: count(1, 100),
  })
  .refine((q) => atMost(q.minItems, q.maxItems), minAboveMax("minItems"));

export const questionSchema = z.discriminatedUnion("type", [...fieldQuestionSchema.options, attachmentSchema, groupSchema], { error: "questionType" });

// Cross-field checks as data: the first answer may not exceed the second (average power ≤ peak power, start ≤ end).
const ruleSchema = z.discriminatedUnion(
  "type",
  [z.object({ type: z.literal("lte"), question: identifier, than: identifier, error: z.string().regex(/^[a-zA-Z]+$/, "key").optional() })],
  { error: "questionType" },
);

// Keys a page cannot take: the applicant's own pages, and (for a page of answers, which an API submission sends
// under its key) the submission's own fields. A page of files only, such as Tianwen-3's "attachments", may.
const APPLICANT_PAGES = ["check", "confirmation"];
const SUBMISSION_FIELDS = ["email", "locale", "attachments"];

const pageSchema = z
  .object({ key: identifier, title: bilingualSchema, questions: z.array(questionSchema).max(200, "tooLong") })
  .refine((p) => !APPLICANT_PAGES.includes(p.key) && !(SUBMISSION_FIELDS.includes(p.key) && p.questions.some((q) => q.type !== "attachment")), {
    message: "reservedKey",
    path: ["key"],
  });

const stageSchema = z.object({
  key: slug,
  form: z.object({ pages: z.array(pageSchema).min(1, "tooShort").max(50, "tooLong"), rules: z.array(ruleSchema).default([]) }),
});

const poolSchema = z
  .object({
    key: slug,
    label: bilingualSchema,
    unit: z.object({ en: wording, zh: wording, symbol: z.string().trim().min(1, "required").max(16, "tooLong") }),
    capacity: positive,
    maxPerRequest: positive.optional(),
  })
  .refine((p) => atMost(p.maxPerRequest, p.capacity), { message: "tooLarge", path: ["maxPerRequest"] });

const eligibilitySchema = z.object({ key: identifier, question: bilingualSchema, refusal: bilingualSchema });

const rubricSchema = z.object({
  criteria: z
    .array(z.object({ key: identifier, label: bilingualSchema, help: bilingualSchema.optional(), weight: positive }))
    .min(1, "tooShort"),
  scale: z
    .object({ min: count(-100, 100), max: count(-100, 100) })
    .refine((s) => s.min < s.max, minAboveMax("min")),
  instructions: bilingualSchema,
});

/** Whether the runtime knows an IANA time zone by this name. */
export const isTimeZone = (name: string) => {
  try {
    new Intl.DateTimeFormat("en", { timeZone: name });
    return true;
  } catch {
    return false;
  }
};

// The call's record holds what is not its form (time zone, contact, reference prefix, dates): one place each.
export const callDefinitionSchema = z
  .object({
    stages: z.array(stageSchema).min(1, "tooShort"),
    pools: z.array(poolSchema).default([]),
    eligibility: z.array(eligibilitySchema).default([]),
    rubric: rubricSchema,
    /** How many people one application's team may have, the lead applicant included; absent: the portal's default. */
    team: z.object({ maxMembers: count(1, 50) }).optional(),
  })
  .superRefine((definition, ctx) => {
    const refuse = (path: PropertyKey[], message: string) => ctx.addIssue({ code: "custom", path, message });
    checkUnique(definition.stages, ["stages"], refuse);
    checkUnique(definition.pools, ["pools"], refuse);
    checkUnique(definition.eligibility, ["eligibility"], refuse);
    checkUnique(definition.rubric.criteria, ["rubric", "criteria"], refuse);
    const pools = new Set(definition.pools.map((p) => p.key));
    definition.stages.forEach((stage, s) => checkStage(stage, ["stages", s], pools, refuse));
  });

export type CallDefinition = z.infer<typeof callDefinitionSchema>;
export type CallDefinitionInput = z.input<typeof callDefinitionSchema>;
export type Stage = CallDefinition["stages"][number];
export type Page = Stage["form"]["pages"][number];
export type Rule = Stage["form"]["rules"][number];
export type Pool = CallDefinition["pools"][number];
export type EligibilityQuestion = CallDefinition["eligibility"][number];
export type Rubric = CallDefinition["rubric"];

/** A team's size when the call sets none, the lead applicant included. */
export const DEFAULT_TEAM_MAX_MEMBERS = 10;
/** How many people an application of this call may have on its team, the lead applicant included. */
export const teamMaxMembers = (definition: Pick<CallDefinition, "team"> | null | undefined) => definition?.team?.maxMembers ?? DEFAULT_TEAM_MAX_MEMBERS;
export type Question = z.infer<typeof questionSchema>;
export type FieldQuestion = z.infer<typeof fieldQuestionSchema>;
export type QuestionType = Question["type"];
export type QuestionOf<T extends QuestionType> = Extract<Question, { type: T }>;
export type GroupQuestion = QuestionOf<"group">;
export type AttachmentQuestion = QuestionOf<"attachment">;
export type ResourceQuestion = QuestionOf<"resource">;
export type ChoiceOption = z.infer<typeof optionSchema>;

/** Adds a refusal with a message key at a path of the definition. */
type Refuse = (path: PropertyKey[], message: string) => void;

function checkUnique(items: { key: string }[], path: PropertyKey[], refuse: Refuse) {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (seen.has(item.key)) refuse([...path, i, "key"], "duplicateKey");
    seen.add(item.key);
  });
}

function checkStage(stage: Stage, path: PropertyKey[], pools: Set<string>, refuse: Refuse) {
  checkUnique(stage.form.pages, [...path, "form", "pages"], refuse);
  const located = stage.form.pages.flatMap((page, p) =>
    page.questions.map((question, q) => ({ question, path: [...path, "form", "pages", p, "questions", q] as PropertyKey[] })),
  );
  checkQuestions(located, pools, refuse);
  const byKey = new Map(located.map(({ question }) => [question.key, question]));
  stage.form.rules.forEach((rule, r) => {
    const kinds = [rule.question, rule.than].map((key) => comparable(byKey.get(key)));
    (["question", "than"] as const).forEach((side, i) => {
      if (!byKey.has(rule[side])) refuse([...path, "form", "rules", r, side], "unknownQuestion");
      else if (!kinds[i]) refuse([...path, "form", "rules", r, side], "notComparable");
    });
    if (kinds[0] && kinds[1] && kinds[0] !== kinds[1]) refuse([...path, "form", "rules", r, "than"], "notComparable");
  });
}

/** What a rule may compare: amounts with amounts, dates with dates. */
const comparable = (q: Question | undefined) => (q?.type === "number" || q?.type === "resource" ? "amount" : q?.type === "date" ? "date" : undefined);

/** One list of questions answered together (a stage's form, or a group's row), in the order the applicant meets them. */
function checkQuestions(located: { question: Question | FieldQuestion; path: PropertyKey[] }[], pools: Set<string>, refuse: Refuse) {
  const all = new Map(located.map(({ question }) => [question.key, question]));
  const earlier = new Map<string, Question | FieldQuestion>();
  for (const { question, path } of located) {
    if (earlier.has(question.key)) refuse([...path, "key"], "duplicateKey");
    const reference = (key: string, at: PropertyKey[]) => {
      const target = earlier.get(key);
      if (!target) refuse(at, all.has(key) ? "laterQuestion" : "unknownQuestion");
      return target;
    };
    if (question.showIf) checkShowIf(question.showIf, reference(question.showIf.question, [...path, "showIf", "question"]), [...path, "showIf"], refuse);
    if (question.type === "singleChoice") {
      question.options.forEach((o, i) => o.pool !== undefined && !pools.has(o.pool) && refuse([...path, "options", i, "pool"], "unknownPool"));
    }
    if (question.type === "resource") {
      if (question.pool !== undefined && !pools.has(question.pool)) refuse([...path, "pool"], "unknownPool");
      if (question.poolFrom !== undefined) {
        const from = reference(question.poolFrom, [...path, "poolFrom"]);
        if (from && from.type !== "singleChoice") refuse([...path, "poolFrom"], "notAChoice");
        else if (from?.type === "singleChoice" && from.options.some((o) => o.pool === undefined)) refuse([...path, "poolFrom"], "unknownPool");
      }
    }
    if (question.type === "group") {
      checkQuestions(question.questions.map((member, m) => ({ question: member, path: [...path, "questions", m] })), pools, refuse);
    }
    earlier.set(question.key, question);
  }
}

function checkShowIf(showIf: ShowIf, target: Question | FieldQuestion | undefined, path: PropertyKey[], refuse: Refuse) {
  if (!target) return;
  const offered = target.type === "yesNo" ? ["yes", "no"] : target.type === "singleChoice" || target.type === "multipleChoice" ? target.options.map((o) => o.value) : undefined;
  if (!offered) return refuse([...path, "question"], "notAChoice");
  const side = showIf.equals !== undefined ? "equals" : "notEquals";
  const values = [showIf[side] ?? []].flat();
  if (values.some((v) => !offered.includes(v))) refuse([...path, side], "unknownOption");
}

/** The stage a key names, or an error: a definition names its stages, and a caller asking for another is a fault. */
export function stageOf(definition: CallDefinition, stageKey: string): Stage {
  const stage = definition.stages.find((s) => s.key === stageKey);
  if (!stage) throw new Error(`The call has no stage "${stageKey}"`);
  return stage;
}

/** A stage's questions in the order its pages ask them. */
export const stageQuestions = (stage: Stage): Question[] => stage.form.pages.flatMap((page) => page.questions);
