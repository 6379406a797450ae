import type { FieldErrors } from "../form-state";
import { pickText } from "../localize";
import type { FieldQuestion, Pool, Question } from "./definition";
import { unitOf } from "./render";

// The answers schemas (answers.ts) report a code per field ("number", "tooLarge"), the same for every form and the
// API. A form shows each as a sentence that names the question, its unit and limits, and says what to enter instead.

/** A message under "Errors" and its values, or null for a code that names no rule of the question (left as it is). */
export interface AnswerErrorMessage {
  key: string;
  values: Record<string, string | number>;
}

type Translate = (key: string, values?: Record<string, string | number>) => string;
type Any = Question | FieldQuestion;

const TEXT_CODES = new Set(["required", "tooShort", "tooLong"]);

/** The unit a number is answered in: the question's own, or its pool's (the first candidate's, when all share it). */
export function unitOfQuestion(q: Any, locale: string, pools: Pool[] = [], known: Any[] = []): string | undefined {
  if (q.type === "number") return q.unit ? pickText(q.unit, locale) : undefined;
  if (q.type !== "resource") return undefined;
  const from = known.find((k) => k.key === q.poolFrom);
  const keys = q.pool !== undefined ? [q.pool] : from?.type === "singleChoice" ? from.options.map((o) => o.pool) : [];
  const units = [...new Set(pools.filter((p) => keys.includes(p.key)).map((p) => unitOf(p, locale)))];
  return units.length === 1 ? units[0] : undefined;
}

/** The largest amount a resource question takes, as answers.ts caps it. */
function resourceMax(q: Extract<Any, { type: "resource" }>, pools: Pool[], known: Any[]): number | undefined {
  const from = known.find((k) => k.key === q.poolFrom);
  const keys = q.pool !== undefined ? [q.pool] : from?.type === "singleChoice" ? from.options.map((o) => o.pool) : [];
  const caps = pools.filter((p) => keys.includes(p.key)).map((p) => p.maxPerRequest ?? p.capacity);
  return caps.length > 0 ? Math.max(...caps) : undefined;
}

const decimalPlaces = (step: number) => (/^0\.(0*)1$/.exec(String(step))?.[1]?.length ?? -1) + 1;

/**
 * The message for one error code on one question: its label (and row), its unit and limits, and the fix.
 * `label` is the question's name as the page shows it (in a group's row, with the row's number).
 */
export function answerErrorMessage(q: Any, code: string, options: { locale: string; label: string; pools?: Pool[]; known?: Any[] }): AnswerErrorMessage | null {
  const { locale, label } = options;
  const pools = options.pools ?? [];
  const number = (n: number) => new Intl.NumberFormat(locale, { maximumFractionDigits: 6 }).format(n);
  const day = (iso: string) => new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: "UTC" }).format(new Date(`${iso}T00:00:00Z`));
  const m = (key: string, values: Record<string, string | number> = {}): AnswerErrorMessage => ({ key: `answer.${key}`, values: { label, ...values } });
  switch (q.type) {
    case "shortText":
    case "longText": {
      if (!TEXT_CODES.has(code)) return code === "invalidRequest" ? m("text") : null;
      const words = q.type === "longText" && q.limit.unit === "words";
      const min = q.type === "shortText" ? q.minLength : q.min;
      const max = q.type === "shortText" ? q.maxLength : q.limit.max;
      if (code === "required") return m("required");
      if (code === "tooShort") return m(words ? "tooFewWords" : "tooFewCharacters", { min: min ?? 1 });
      return m(words ? "tooManyWords" : "tooManyCharacters", { max });
    }
    case "number":
    case "resource": {
      const unit = unitOfQuestion(q, locale, pools, options.known);
      const u = unit ? "Unit" : "";
      const values: Record<string, string> = unit ? { unit } : {};
      const min = q.type === "number" ? q.min : undefined;
      const max = q.type === "number" ? q.max : resourceMax(q, pools, options.known ?? []);
      const positive = q.type === "resource" || q.positive;
      const range = () => {
        if (min !== undefined && max !== undefined) return m(`between${u}`, { ...values, min: number(min), max: number(max) });
        if (max !== undefined) return m(positive ? `aboveZeroAtMost${u}` : `atMost${u}`, { ...values, max: number(max) });
        if (min !== undefined) return m(`atLeast${u}`, { ...values, min: number(min) });
        return m(`number${u}`, values);
      };
      switch (code) {
        case "required":
        case "number":
          return q.type === "number" && q.integer ? m(`wholeNumber${u}`, values) : m(`number${u}`, values);
        case "wholeNumber":
          return m(`wholeNumber${u}`, values);
        case "positive":
        case "tooSmall":
          return range();
        case "tooLarge":
          // Without a maximum of its own, "too large" comes from a rule comparing it with another answer.
          return max !== undefined ? range() : m("tooLargeRule");
        case "tooPrecise":
          return m("tooPrecise", { places: decimalPlaces(q.step ?? 0.001) });
        case "notOnStep":
          return m(`notOnStep${u}`, { ...values, step: number(q.step ?? 1) });
        default:
          return null;
      }
    }
    case "singleChoice":
    case "yesNo":
      return code === "required" || code === "chooseOne" ? m("chooseOne") : null;
    case "multipleChoice":
      if (code === "required" || code === "chooseAtLeastOne" || code === "chooseOne") return m("chooseAtLeastOne");
      if (code === "tooFewChoices") return m("tooFewChoices", { min: q.minChoices ?? 1 });
      if (code === "tooManyChoices") return m("tooManyChoices", { max: q.maxChoices ?? q.options.length });
      return null;
    case "country":
      return code === "required" || code === "country" ? m("country") : null;
    case "email":
      return code === "required" || code === "email" ? m("email") : null;
    case "url":
      return code === "required" || code === "url" || code === "tooLong" ? m("url") : null;
    case "date":
      if (code === "required" || code === "date") return m("date");
      if (code === "tooEarly") return q.max ? m("dateBetween", { min: day(q.min!), max: day(q.max) }) : m("dateFrom", { min: day(q.min!) });
      if (code === "tooLate") return q.min ? m("dateBetween", { min: day(q.min), max: day(q.max!) }) : m("dateUntil", { max: day(q.max!) });
      return null;
    case "group": {
      const least = Math.max(q.required ? 1 : 0, q.minItems ?? 0);
      if (code === "required" || code === "tooFewItems") return m("tooFewItems", { min: Math.max(least, 1) });
      if (code === "tooManyItems") return m("tooManyItems", { max: q.maxItems });
      return null;
    }
    case "attachment":
      if (code === "fileMissing" || code === "required" || code === "incomplete") return m("fileMissing");
      if (code === "fileTooLarge" || code === "fileTooLargeForQuestion") return m("fileTooLarge", { size: Math.max(1, Math.floor(q.maxBytes / (1024 * 1024))) });
      if (code === "tooManyFiles") return m("tooManyFiles", { max: q.maxFiles });
      return null;
  }
}

/** The question a field's name answers: "massKg", or a group's member as "participants.0.country". */
function questionAt(questions: Any[], name: string): { question: Any; row?: number; group?: Any } | undefined {
  const [key, row, member] = name.split(".");
  const question = questions.find((q) => q.key === key);
  if (!question) return undefined;
  if (row === undefined) return { question };
  if (question.type !== "group" || member === undefined || !/^\d+$/.test(row)) return undefined;
  const inner = question.questions.find((q) => q.key === member);
  return inner && { question: inner, row: Number(row), group: question };
}

/**
 * A page's field errors as sentences in the page's language, each naming its question; an error code the question's
 * rules do not explain (a capacity check, a rule's own message) stays a code for the form to show as before.
 */
export function describeFieldErrors(errors: FieldErrors, questions: Any[], t: Translate, options: { locale: string; pools?: Pool[] }): FieldErrors {
  const described: FieldErrors = {};
  for (const [name, code] of Object.entries(errors)) {
    const at = questionAt(questions, name);
    if (!at) {
      described[name] = code;
      continue;
    }
    const own = pickText(at.question.label, options.locale);
    const label = at.row === undefined ? own : t("answer.rowLabel", { label: own, n: at.row + 1 });
    const known = at.group?.type === "group" ? at.group.questions : questions;
    const message = answerErrorMessage(at.question, code, { locale: options.locale, label, pools: options.pools, known });
    described[name] = message ? t(message.key, message.values) : code;
  }
  return described;
}
