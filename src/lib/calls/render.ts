import { localeInfo } from "../../i18n/locales";
import { countryName, formatDay, pickText } from "../localize";
import type { Bilingual, ChoiceOption, FieldQuestion, Page, Pool, Question, ResourceQuestion } from "./definition";
import { answersByQuestion, shownQuestions } from "./show-if";

// An application's answers read against the version of the form it answered, for everything that shows them: the
// check page, the staff page, the receipt and the staff CSV. Choices by their labels, amounts with their pool's
// unit, countries by name, a group's rows and the files as lists. Pages draw the result; receipts and CSV cells
// take it as text (answerLines).

/** One answer as a reader sees it; the words around amounts, yes/no and a row's parts are the reader's catalogue's. */
export type AnswerValue =
  | { kind: "text"; text: string }
  /** An option's or a pool's label, in the reader's language where it was published in it. */
  | { kind: "label"; label: Bilingual }
  | { kind: "yesNo"; yes: boolean }
  | { kind: "amount"; number: string; unit?: string }
  | { kind: "list"; items: AnswerValue[] }
  /** A group's row: its first answer, then the others (shown in brackets). */
  | { kind: "row"; first: AnswerValue; rest: AnswerValue[] };

export interface AnsweredQuestion {
  key: string;
  label: Bilingual;
  /** Null when the question was asked and left unanswered. */
  value: AnswerValue | null;
}

export interface AnsweredPage {
  key: string;
  title: Bilingual;
  /** The questions the applicant was asked (those whose conditions held), in the form's order. */
  questions: AnsweredQuestion[];
}

/** The form an application answered: its stage's pages and the call's pools, in that version. */
export interface AnsweredForm {
  pages: Page[];
  pools: Pool[];
}

export interface AnsweredFile {
  kind: string;
  fileName: string;
}

/** The pool a resource question draws on, given the choice that picks it. */
export function poolOf(question: ResourceQuestion, pools: Pool[], choiceOptions: { value: string; pool?: string }[], chosen: unknown): Pool | undefined {
  const key = question.pool ?? choiceOptions.find((o) => o.value === chosen)?.pool;
  return pools.find((p) => p.key === key);
}

/** A pool's unit after a number: Chinese writes the unit's name (千克), other languages its symbol (kg). */
export const unitOf = (pool: Pool, locale: string) => (locale === "zh" ? pool.unit.zh : pool.unit.symbol);

interface Reader {
  locale: string;
  pools: Pool[];
  /** Each single choice's options, by question key: a resource question's pool follows the one chosen. */
  choices: Map<string, ChoiceOption[]>;
  files: AnsweredFile[];
  numbers: Intl.NumberFormat;
}

/** Every page of the form with the questions asked on it and their answers (answers are stored by page, then question). */
export function readAnswers(form: AnsweredForm, answers: Record<string, unknown>, files: AnsweredFile[], locale: string): AnsweredPage[] {
  const values = answersByQuestion(answers);
  const shown = shownQuestions(form.pages, values);
  const choices = new Map(
    form.pages
      .flatMap((page) => page.questions)
      .flatMap((q): (Question | FieldQuestion)[] => (q.type === "group" ? q.questions : [q]))
      .flatMap((q) => (q.type === "singleChoice" ? [[q.key, q.options] as const] : [])),
  );
  const reader: Reader = { locale, pools: form.pools, choices, files, numbers: new Intl.NumberFormat(localeInfo(locale).intl, { maximumFractionDigits: 6 }) };
  return form.pages.map((page) => ({
    key: page.key,
    title: page.title,
    questions: page.questions
      .filter((q) => shown.has(q.key))
      .map((q) => ({ key: q.key, label: q.label, value: answerOf(q, values[q.key], values, reader) })),
  }));
}

const isBlank = (value: unknown) => value === undefined || value === null || value === "" || (Array.isArray(value) && value.length === 0);

function answerOf(q: Question | FieldQuestion, value: unknown, answers: Record<string, unknown>, reader: Reader): AnswerValue | null {
  const { locale } = reader;
  if (q.type === "attachment") {
    const files = reader.files.filter((f) => f.kind === q.attachmentKind);
    return files.length === 0 ? null : { kind: "list", items: files.map((f) => ({ kind: "text", text: f.fileName })) };
  }
  if (isBlank(value)) return null;
  switch (q.type) {
    case "group": {
      const rows = (Array.isArray(value) ? value : []).flatMap((row: Record<string, unknown>): AnswerValue[] => {
        const parts = q.questions.filter((m) => !isBlank(row?.[m.key])).flatMap((m) => answerOf(m, row[m.key], row, reader) ?? []);
        const [first, ...rest] = parts;
        if (!first) return [];
        return [rest.length === 0 ? first : { kind: "row", first, rest }];
      });
      return rows.length === 0 ? null : { kind: "list", items: rows };
    }
    case "singleChoice": {
      const option = q.options.find((o) => o.value === value);
      // An option that picks a pool is that pool: its label may describe the offer ("15 kg offered"), which is no part of the answer.
      const pool = option?.pool && reader.pools.find((p) => p.key === option.pool);
      return option ? { kind: "label", label: pool ? pool.label : option.label } : { kind: "text", text: String(value) };
    }
    case "multipleChoice": {
      const chosen = q.options.filter((o) => [value].flat().includes(o.value));
      const labels = chosen.map((o): AnswerValue => ({ kind: "label", label: o.label }));
      return labels.length === 1 ? labels[0]! : { kind: "list", items: labels };
    }
    case "yesNo":
      return { kind: "yesNo", yes: value === "yes" };
    case "country":
      return { kind: "text", text: countryName(String(value), locale) };
    case "date":
      return { kind: "text", text: formatDay(String(value), locale) };
    case "number":
      return { kind: "amount", number: reader.numbers.format(Number(value)), unit: q.unit && pickText(q.unit, locale) };
    case "resource": {
      const pool = poolOf(q, reader.pools, q.poolFrom ? (reader.choices.get(q.poolFrom) ?? []) : [], q.poolFrom ? answers[q.poolFrom] : undefined);
      return { kind: "amount", number: reader.numbers.format(Number(value)), unit: pool && unitOf(pool, locale) };
    }
    default:
      return { kind: "text", text: String(value) };
  }
}

/** The wording plain text needs around answers, from the reader's catalogue. */
export interface AnswerWords {
  yes: string;
  no: string;
  /** An amount and its unit ("4.25 kg", "4.25千克"). */
  amount: (number: string, unit: string) => string;
  /** A group's row: its first answer and the others ("Istituto di Roma (Italy)"). */
  row: (first: string, rest: string) => string;
}

/** An answer as lines of text: one per item of a list (a group's rows, several choices, files), else one. */
export function answerLines(value: AnswerValue, locale: string, words: AnswerWords): string[] {
  const line = (v: AnswerValue): string => answerLines(v, locale, words).join(", ");
  switch (value.kind) {
    case "text":
      return [value.text];
    case "label":
      return [pickText(value.label, locale)];
    case "yesNo":
      return [value.yes ? words.yes : words.no];
    case "amount":
      return [value.unit ? words.amount(value.number, value.unit) : value.number];
    case "list":
      return value.items.map(line);
    case "row":
      return [words.row(line(value.first), value.rest.map(line).join(", "))];
  }
}

/** The answers as text in the reader's language: page titles, question labels, and each answer's lines (empty when unanswered). */
export function answersAsText(pages: AnsweredPage[], locale: string, words: AnswerWords) {
  return pages.map((page) => ({
    key: page.key,
    title: pickText(page.title, locale),
    questions: page.questions.map((q) => ({ key: q.key, label: pickText(q.label, locale), lines: q.value ? answerLines(q.value, locale, words) : [] })),
  }));
}
