import { z } from "zod";
import { countryFieldSchema, emailSchema } from "../validation/application";
import { blankToUndefined, text, trimmed } from "../validation/fields";
import { isRealDay, stageOf, stageQuestions, type AttachmentQuestion, type CallDefinition, type FieldQuestion, type Question, type Rule, type ShowIf } from "./definition";

// The answers a call's stage asks for, as Zod schemas generated from its definition: the same schema serves the
// browser form, the server action and the API. Messages are keys under "Errors".

export interface AnswerOptions {
  /** The interface language the answers were typed in: it decides how a decimal number may be written. */
  locale?: string;
  /** For one page: the answers already saved on the stage's other pages, which this page's conditions may name. */
  saved?: Record<string, unknown>;
}

type Answerable = Exclude<Question, AttachmentQuestion>;
type Shown = boolean | "unknown";

/** What a list of questions answered together (a stage, a page, a group's row) resolves its references against. */
interface Scope {
  locale: string;
  pools: CallDefinition["pools"];
  rules: Rule[];
  /** Every question a condition or a pool choice in the list may name (the whole stage, or the group's row). */
  known: (Question | FieldQuestion)[];
  saved?: Record<string, unknown>;
}

// Building a schema walks every question, and Zod compiles an object schema on its first parse: a form's schemas
// are built once per definition (a parsed version, kept by src/server/calls/definitions.ts), language and, for a
// page, the saved answers its conditions name, then reused.
const built = new WeakMap<CallDefinition, Map<string, z.ZodType>>();
const MAX_SCHEMAS_PER_DEFINITION = 512;

/** The schema built for this definition under this key, built now if it was not. */
export function memoized<T extends z.ZodType>(definition: CallDefinition, key: string, build: () => T): T {
  let schemas = built.get(definition);
  if (!schemas) built.set(definition, (schemas = new Map()));
  const found = schemas.get(key);
  if (found) return found as T;
  const schema = build();
  if (schemas.size >= MAX_SCHEMAS_PER_DEFINITION) schemas.clear();
  schemas.set(key, schema);
  return schema;
}

/** All answers of a stage, keyed by question (pages only present them); conditions and rules checked across pages. */
export function stageAnswersSchema(definition: CallDefinition, stageKey: string, options: AnswerOptions = {}) {
  const locale = options.locale ?? "en";
  return memoized(definition, `stage|${stageKey}|${locale}`, () => {
    const stage = stageOf(definition, stageKey);
    const questions = stageQuestions(stage);
    return answersObject(questions, { locale, pools: definition.pools, rules: stage.form.rules, known: questions });
  });
}

/**
 * The answers of one page, as saved in a draft. A condition naming a question on another page is read from
 * `saved`; without it the condition is undecided, and the question is optional here and checked with the stage.
 */
export function pageAnswersSchema(definition: CallDefinition, stageKey: string, pageKey: string, options: AnswerOptions = {}) {
  const stage = stageOf(definition, stageKey);
  const page = stage.form.pages.find((p) => p.key === pageKey);
  if (!page) throw new Error(`The stage "${stageKey}" has no page "${pageKey}"`);
  const locale = options.locale ?? "en";
  // Only the saved answers this page's conditions name (on other pages) change what its schema does.
  const here = new Set(page.questions.map((q) => q.key));
  const named = page.questions.flatMap((q) => (q.showIf && !here.has(q.showIf.question) ? [q.showIf.question] : []));
  const saved = options.saved ? JSON.stringify(named.map((key) => options.saved![key] ?? null)) : "";
  return memoized(definition, `page|${stageKey}|${pageKey}|${locale}|${saved}`, () =>
    answersObject(page.questions, { locale, pools: definition.pools, rules: stage.form.rules, known: stageQuestions(stage), saved: options.saved }),
  );
}

/** A stage's file questions: their files are uploaded and stored apart from the answers. */
export const attachmentQuestions = (definition: CallDefinition, stageKey: string): AttachmentQuestion[] =>
  stageQuestions(stageOf(definition, stageKey)).filter((q): q is AttachmentQuestion => q.type === "attachment");

/** The amounts parsed answers ask of each pool, for the capacity check made when the application is submitted. */
export function resourceRequests(definition: CallDefinition, stageKey: string, answers: Record<string, unknown>) {
  /** `field`: where the amount is answered, as the form names it ("massKg", or "requests.1.grams" in a group's row). */
  const requests: { question: string; field: string; pool: string; amount: number }[] = [];
  const collect = (questions: (Question | FieldQuestion)[], values: Record<string, unknown>, prefix: string) => {
    for (const q of questions) {
      const value = values[q.key];
      if (q.type === "group" && Array.isArray(value)) value.forEach((row, i) => row && typeof row === "object" && collect(q.questions, row as Record<string, unknown>, `${prefix}${q.key}.${i}.`));
      // Only a positive amount is a request: the answers schema refuses any other, and none may lower a reservation.
      if (q.type !== "resource" || typeof value !== "number" || !(value > 0)) continue;
      const pool = q.pool ?? poolChoices(q.poolFrom, questions).find((o) => o.value === values[q.poolFrom!])?.pool;
      if (pool) requests.push({ question: q.key, field: `${prefix}${q.key}`, pool, amount: value });
    }
  };
  collect(stageQuestions(stageOf(definition, stageKey)), answers, "");
  return requests;
}

/** The JSON Schema of a stage's answers as the API takes them, for the OpenAPI document's request body. */
export function requestJsonSchema(definition: CallDefinition, stageKey: string) {
  const stage = stageOf(definition, stageKey);
  const questions = stageQuestions(stage);
  const scope = { locale: "en", pools: definition.pools, rules: stage.form.rules, known: questions };
  return z.toJSONSchema(wireObject(questions, scope), { io: "input", unrepresentable: "any" });
}

// ------------------------------------------------------------------ one list of questions

function answersObject(questions: (Question | FieldQuestion)[], scope: Scope) {
  const answerable = questions.filter((q): q is Answerable => q.type !== "attachment");
  const shape = Object.fromEntries(answerable.map((q) => [q.key, answerSchema(q, scope)]));
  return z
    .object(shape, { error: "invalidRequest" })
    .superRefine(
      (values, ctx) => {
        const shown = visibility(answerable, values, scope);
        const failed = new Set(ctx.issues.map((issue) => issue.path?.[0]));
        for (const q of answerable) {
          if (q.required && q.showIf && shown.get(q.key) === true && isEmpty(values[q.key])) {
            ctx.addIssue({ code: "custom", path: [q.key], message: missingKey(q) });
          }
        }
        for (const rule of scope.rules) {
          const [a, b] = [values[rule.question], values[rule.than]];
          const compared = [rule.question, rule.than].every((key) => Object.hasOwn(shape, key) && shown.get(key) !== false && !failed.has(key));
          // Numbers compare as amounts, yyyy-mm-dd dates as text.
          if (compared && typeof a === typeof b && (typeof a === "number" || typeof a === "string") && a > (b as typeof a)) {
            ctx.addIssue({ code: "custom", path: [rule.question], message: rule.error ?? "tooLarge" });
          }
        }
      },
      // Reported together with the other fields' errors, as one list.
      { when: (payload) => typeof payload.value === "object" && payload.value !== null },
    )
    .transform((values) => {
      const shown = visibility(answerable, values, scope);
      return Object.fromEntries(Object.entries(values).filter(([key, value]) => shown.get(key) !== false && value !== undefined));
    });
}

/** Whether each question is shown: conditions read earlier answers; "unknown" when they name one not at hand. */
function visibility(questions: Answerable[], values: Record<string, unknown>, scope: Scope): Map<string, Shown> {
  const shown = new Map<string, Shown>();
  for (const q of questions) {
    if (!q.showIf) {
      shown.set(q.key, true);
      continue;
    }
    const target = scope.known.find((t) => t.key === q.showIf!.question);
    const here = shown.get(q.showIf.question);
    // A follow-up to a question never asked is not asked either.
    if (here !== undefined) shown.set(q.key, here !== false && holds(q.showIf, target, values[q.showIf.question]));
    else if (scope.saved) shown.set(q.key, holds(q.showIf, target, scope.saved[q.showIf.question]));
    else shown.set(q.key, "unknown");
  }
  return shown;
}

function holds(showIf: ShowIf, target: Question | FieldQuestion | undefined, value: unknown): boolean {
  const wanted = [showIf.equals ?? showIf.notEquals ?? []].flat() as unknown[];
  const chosen = target?.type === "multipleChoice" ? Array.isArray(value) && value.some((v) => wanted.includes(v)) : typeof value === "string" && wanted.includes(value);
  return showIf.equals !== undefined ? chosen : !chosen;
}

const isEmpty = (value: unknown) => value === undefined || value === "" || (Array.isArray(value) && value.length === 0);

const missingKey = (q: Answerable) => (q.type === "singleChoice" || q.type === "yesNo" ? "chooseOne" : q.type === "multipleChoice" ? "chooseAtLeastOne" : "required");

// ------------------------------------------------------------------ one question

/** A question's schema; a conditional question is optional here, and required by its list when shown. */
function answerSchema(q: Answerable, scope: Scope): z.ZodType {
  const required = q.required && !q.showIf;
  switch (q.type) {
    case "shortText":
      return textAnswer(q.minLength, q.maxLength, required);
    case "longText":
      return q.limit.unit === "characters" ? textAnswer(q.min, q.limit.max, required) : wordsAnswer(q.min ?? 0, q.limit.max, required);
    case "number":
      return numberAnswer(q, scope.locale, required);
    case "resource":
      return numberAnswer({ positive: true, max: resourceCap(q, scope), step: q.step }, scope.locale, required);
    case "singleChoice":
      return choiceAnswer(q.options.map((o) => o.value), required);
    case "yesNo":
      return choiceAnswer(["yes", "no"], required);
    case "multipleChoice":
      return choicesAnswer(q, required);
    case "country":
      return required ? z.preprocess(blankToUndefined, countryFieldSchema) : z.preprocess(blankToUndefined, countryFieldSchema.optional());
    case "email":
      return required ? emailSchema : z.preprocess(blankToUndefined, emailSchema.optional());
    case "url":
      return optionalUnless(required, urlAnswer);
    case "date":
      return optionalUnless(required, dateAnswer(q.min, q.max));
    case "group":
      return rowsAnswer(q, scope, required);
  }
}

const requiredOr = (key: string) => (issue: { input?: unknown }) => (issue.input === undefined ? "required" : key);
const optionalUnless = (required: boolean, schema: z.ZodType) => z.preprocess(blankToUndefined, required ? schema : schema.optional());

function textAnswer(min: number | undefined, max: number, required: boolean) {
  if (required) return text(min ?? 1, max);
  // Not fields.ts's optionalText: that answers a value of another type in Zod's English, which no form can translate.
  return z.preprocess((v) => blankToUndefined(trimmed(v)), z.string({ error: "invalidRequest" }).min(min ?? 0, "tooShort").max(max, "tooLong").optional());
}

const wordSegmenter = typeof Intl.Segmenter === "function" ? new Intl.Segmenter("en", { granularity: "word" }) : undefined;
/** Words as a reader counts them, Chinese included (split by the dictionary, not by spaces). */
export const countWords = (value: string) =>
  wordSegmenter ? [...wordSegmenter.segment(value)].filter((s) => s.isWordLike).length : value.split(/\s+/).filter(Boolean).length;

function wordsAnswer(min: number, max: number, required: boolean) {
  // A bound on characters too, so that counting never runs over megabytes.
  const schema = z
    .string({ error: "required" })
    .max(max * 40, "tooLong")
    .refine((v) => countWords(v) <= max, "tooLong")
    .refine((v) => countWords(v) >= min, "tooShort");
  return z.preprocess((v) => blankToUndefined(trimmed(v)), required ? schema : schema.optional());
}

interface NumberLimits {
  min?: number;
  max?: number;
  step?: number;
  integer?: boolean;
  positive?: boolean;
}

// Languages whose people write 2,5 for two and a half; a number input always sends 2.5, which every language takes.
const DECIMAL_COMMA = new Set(["fr", "es", "ru", "de"]);

/** Reads a number as typed in the locale's language: "2,5" is 2.5 in French and no number in English (1,000 there is a thousand). */
function readNumber(value: unknown, locale: string): number {
  if (typeof value === "number") return value;
  if (typeof value !== "string") return Number.NaN;
  const language = locale.split("-")[0]!;
  let typed = value.trim();
  if (language === "ar") {
    // Arabic-Indic and Eastern Arabic-Indic digits (U+0660..9, U+06F0..9) end in their value; U+066B is the decimal separator.
    typed = typed.replace(/[\u0660-\u0669\u06F0-\u06F9]/g, (d) => String(d.charCodeAt(0) & 0xf)).replace("\u066B", ".");
  }
  if (DECIMAL_COMMA.has(language)) {
    // Digits grouped by spaces (1 234,5) as these languages print them.
    typed = typed.replace(/(?<=\d)[ \u00A0\u202F](?=\d{3}(?!\d))/g, "");
    if (!typed.includes(".")) typed = typed.replace(",", ".");
  }
  return Number(typed);
}

// A step of 0.1, 0.01, ... is a number of decimal places, which the applicant is told as such.
const isDecimalPlaces = (step: number) => /^0\.0*1$/.test(String(step));

function numberAnswer(limits: NumberLimits, locale: string, required: boolean) {
  return z.preprocess(blankToUndefined, z.unknown()).transform((value, ctx): number | undefined => {
    const fail = (message: string) => {
      ctx.addIssue({ code: "custom", message });
      return z.NEVER;
    };
    if (value === undefined || value === null) return required ? fail("required") : undefined;
    const n = readNumber(value, locale);
    if (!Number.isFinite(n)) return fail("number");
    if (limits.integer && !Number.isInteger(n)) return fail("wholeNumber");
    if (limits.positive && n <= 0) return fail("positive");
    if (limits.min !== undefined && n < limits.min) return fail("tooSmall");
    if (limits.max !== undefined && n > limits.max) return fail("tooLarge");
    if (limits.step !== undefined) {
      const steps = (n - (limits.min ?? 0)) * (1 / limits.step);
      if (Math.abs(Math.round(steps) - steps) >= 1e-6) return fail(isDecimalPlaces(limits.step) ? "tooPrecise" : "notOnStep");
    }
    return n;
  });
}

/** The singleChoice options a resource question's pool is chosen by. */
const poolChoices = (poolFrom: string | undefined, known: (Question | FieldQuestion)[]) => {
  const from = known.find((q) => q.key === poolFrom);
  return from?.type === "singleChoice" ? from.options : [];
};

/**
 * The most one request may ask: the pool's limit per request, or its capacity. Where an earlier choice picks the
 * pool, the largest of the pools it offers: what the chosen pool can still take is the submission's capacity check.
 */
function resourceCap(q: Extract<FieldQuestion, { type: "resource" }>, scope: Scope): number {
  const keys = q.pool !== undefined ? [q.pool] : poolChoices(q.poolFrom, scope.known).map((o) => o.pool);
  const caps = scope.pools.filter((p) => keys.includes(p.key)).map((p) => p.maxPerRequest ?? p.capacity);
  return caps.length > 0 ? Math.max(...caps) : 0;
}

function choiceAnswer(values: string[], required: boolean) {
  const choice = z.enum(values as [string, ...string[]], { error: "chooseOne" });
  return z.preprocess(blankToUndefined, required ? choice : choice.optional());
}

function choicesAnswer(q: Extract<Question, { type: "multipleChoice" }>, required: boolean) {
  const least = Math.max(required ? 1 : 0, q.minChoices ?? 0);
  const distinct = (list: string[]) => new Set(list).size;
  const list = z
    .array(z.enum(q.options.map((o) => o.value) as [string, ...string[]], { error: "chooseOne" }), { error: "chooseAtLeastOne" })
    .refine((l) => distinct(l) >= least, least > 1 ? "tooFewChoices" : "chooseAtLeastOne")
    .refine((l) => distinct(l) <= (q.maxChoices ?? q.options.length), "tooManyChoices")
    .transform((l) => [...new Set(l)]);
  // Nothing ticked is no answer.
  return z.preprocess((v) => (Array.isArray(v) && v.length === 0 ? undefined : blankToUndefined(v)), required ? list : list.optional());
}

const urlAnswer = z.preprocess(trimmed, z.url({ protocol: /^https?$/, hostname: z.regexes.domain, error: requiredOr("url") }).max(2000, "tooLong"));

function dateAnswer(min: string | undefined, max: string | undefined) {
  return z
    .string({ error: requiredOr("date") })
    .regex(/^\d{4}-\d{2}-\d{2}$/, "date")
    .refine(isRealDay, "date")
    .refine((v) => min === undefined || v >= min, "tooEarly")
    .refine((v) => max === undefined || v <= max, "tooLate");
}

/** A value a form leaves empty: nothing, blank text, or a list of at most one such value (as String() reads it). */
const isBlank = (x: unknown): boolean =>
  x === undefined || x === null || (typeof x === "string" && x.trim() === "") || (Array.isArray(x) && (x.length === 0 || (x.length === 1 && isBlank(x[0]))));

function rowsAnswer(q: Extract<Question, { type: "group" }>, scope: Scope, required: boolean) {
  const row = answersObject(q.questions, { locale: scope.locale, pools: scope.pools, rules: [], known: q.questions });
  const least = Math.max(required ? 1 : 0, q.minItems ?? 0);
  return z.preprocess(
    // Rows left blank in the form are not rows, and no rows at all is none: a required group left out is refused too.
    (v) => (v === undefined ? [] : Array.isArray(v) ? v.filter((r) => r && Object.values(r).some((x) => !isBlank(x))) : v),
    z.array(row, { error: "invalidRequest" }).max(q.maxItems, "tooManyItems").min(least, least > 1 ? "tooFewItems" : "required"),
  );
}

// ------------------------------------------------------------------ the API's request body

function wireObject(questions: (Question | FieldQuestion)[], scope: Scope): z.ZodObject {
  const answerable = questions.filter((q): q is Answerable => q.type !== "attachment");
  return z.object(
    Object.fromEntries(
      answerable.map((q) => {
        const required = q.required && !q.showIf;
        const schema = wireSchema(q, scope, required).meta({ title: q.label.en, ...(q.help?.en ? { description: q.help.en } : {}) });
        return [q.key, required ? schema : schema.optional()];
      }),
    ),
  );
}

/** What the API takes for a question; a required one may not be empty (blank text, no choice ticked, no row). */
function wireSchema(q: Answerable, scope: Scope, required: boolean): z.ZodType {
  const least = (min: number | undefined) => Math.max(required ? 1 : 0, min ?? 0);
  const text = (min: number, max?: number) => {
    const string = min > 0 ? z.string().min(min) : z.string();
    return max === undefined ? string : string.max(max);
  };
  const list = (item: z.ZodType, min: number, max: number) => (min > 0 ? z.array(item).min(min) : z.array(item)).max(max);
  switch (q.type) {
    case "shortText":
      return text(least(q.minLength), q.maxLength);
    case "longText":
      return q.limit.unit === "characters" ? text(least(q.min), q.limit.max) : text(least(undefined));
    case "number":
    case "resource": {
      const limits: NumberLimits = q.type === "number" ? q : { positive: true, max: resourceCap(q, scope) };
      let amount = limits.integer ? z.number().int() : z.number();
      if (limits.positive) amount = amount.positive();
      if (limits.min !== undefined) amount = amount.min(limits.min);
      if (limits.max !== undefined) amount = amount.max(limits.max);
      // Or as a form sends it, as text (with a decimal comma in the languages that write one).
      return z.union([amount, z.string()]);
    }
    case "singleChoice":
    case "multipleChoice": {
      const values = z.enum(q.options.map((o) => o.value) as [string, ...string[]]);
      return q.type === "singleChoice" ? values : list(values, least(q.minChoices), q.maxChoices ?? q.options.length);
    }
    case "yesNo":
      return z.enum(["yes", "no"]);
    case "country":
      return z.string().regex(/^[A-Za-z]{2}$/);
    case "email":
      return z.email();
    case "url":
      return z.url();
    case "date":
      return z.iso.date();
    case "group":
      return list(wireObject(q.questions, { ...scope, known: q.questions }), least(q.minItems), q.maxItems);
  }
}
