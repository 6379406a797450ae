import { useFormatter, useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { ChoiceGroup, FieldsetFrame, TextArea, TextField } from "@/components/forms/fields";
import { LocalizedText } from "@/components/ui/localized-text";
import type { FieldQuestion, GroupQuestion, Pool, Question, QuestionOf, ResourceQuestion } from "@/lib/calls/definition";
import type { FieldErrors } from "@/lib/form-state";
import { pickText } from "@/lib/localize";
import { poolOf, unitOf } from "@/lib/calls/render";

// One control per question type, each a plain form control that posts without JavaScript under the question's key
// (a group's rows as key.N.field); the page's form adds the error summary, the browser check and the live parts.

/** What every field of a page reads: its error, what it shows (just posted, else saved) and the page's language. */
export interface FieldContext {
  locale: string;
  errors: FieldErrors;
  text: (name: string) => string | undefined;
  choices: (name: string) => string[];
  /** A field's value as the form holds it now: what the live capacity hint reads. */
  current: (name: string) => string | undefined;
  /** The options of a choice question, by key: a resource question's pool follows the one chosen. */
  choiceOptions: (key: string) => { value: string; pool?: string }[];
  pools: Pool[];
  /** What each pool can still take, by pool key. */
  remaining: Record<string, number>;
}

/** A question's label as a field shows it (node) and as the error summary names it (text). */
export interface FieldLabel {
  node: ReactNode;
  text: string;
}

type ApplyTranslator = ReturnType<typeof useTranslations>;

/** The label in the page's language (English, marked as such, where the call has no translation), "(optional)" when not required. */
export function questionLabel(t: ApplyTranslator, question: Question | FieldQuestion, locale: string, row?: number): FieldLabel {
  let label: FieldLabel = { node: <LocalizedText value={question.label} locale={locale} />, text: pickText(question.label, locale) };
  const wrap = (key: "optionalQuestion" | "rowQuestion", values: Record<string, number> = {}) => {
    const inner = label;
    label = { node: t.rich(key, { ...values, question: () => inner.node }), text: t.markup(key, { ...values, question: () => inner.text }) };
  };
  if (!question.required) wrap("optionalQuestion");
  if (row !== undefined) wrap("rowQuestion", { n: row + 1 });
  return label;
}

const localized = (value: { en?: string; zh?: string } | undefined, locale: string) =>
  value?.en ? <LocalizedText value={{ en: value.en, zh: value.zh ?? null }} locale={locale} /> : undefined;

const options = (question: QuestionOf<"singleChoice"> | QuestionOf<"multipleChoice">, locale: string) =>
  question.options.map((o) => ({ value: o.value, label: <LocalizedText value={o.label} locale={locale} /> }));

/** A box about as tall as the longest answer allowed needs (a word taken as six characters). */
function textRows(limit: { unit: "words" | "characters"; max: number }) {
  const characters = limit.unit === "words" ? limit.max * 6 : limit.max;
  return characters > 2000 ? 6 : characters > 1000 ? 4 : 3;
}

/** The keyboard a phone offers: digits alone for whole amounts, a decimal separator for others, all keys where a minus may be typed. */
function numberInputMode(limits: { integer?: boolean; positive?: boolean; min?: number }) {
  if (!limits.positive && (limits.min === undefined || limits.min < 0)) return "text";
  return limits.integer ? "numeric" : "decimal";
}

export function QuestionField({ question, ctx, name = question.key, label }: { question: Question | FieldQuestion; ctx: FieldContext; name?: string; label?: FieldLabel }) {
  const t = useTranslations("Apply");
  const shown = label ?? questionLabel(t, question, ctx.locale);
  const hint = localized(question.help, ctx.locale);
  const common = { name, label: shown.node, hint, error: ctx.errors[name], defaultValue: ctx.text(name) };
  switch (question.type) {
    case "shortText":
      return <TextField {...common} />;
    case "longText":
      return (
        <TextArea
          {...common}
          // A count of words is a rule nobody can guess from the box; a cap on characters rarely binds and the error says it.
          hint={question.limit.unit === "words" ? <>{hint && <>{hint} </>}{t("wordLimit", { max: question.limit.max })}</> : hint}
          rows={textRows(question.limit)}
        />
      );
    case "number":
      // Text, not type="number": "2,5" is typed in French and read in the page's language by the server.
      return <TextField {...common} inputMode={numberInputMode(question)} width="short" />;
    case "resource":
      return <ResourceField question={question} ctx={ctx} common={common} />;
    case "singleChoice":
      return <ChoiceGroup name={name} legend={shown.node} hint={hint} error={common.error} defaultValue={common.defaultValue} options={options(question, ctx.locale)} />;
    case "multipleChoice":
      return <ChoiceGroup name={name} type="checkbox" legend={shown.node} hint={hint} error={common.error} defaultValue={ctx.choices(name)} options={options(question, ctx.locale)} />;
    case "yesNo":
      return (
        <ChoiceGroup
          name={name}
          legend={shown.node}
          hint={hint}
          error={common.error}
          defaultValue={common.defaultValue}
          inline
          options={[
            { value: "yes", label: t("yes") },
            { value: "no", label: t("no") },
          ]}
        />
      );
    case "country":
      return <TextField {...common} width="short" autoComplete={name === question.key ? "country" : undefined} />;
    case "email":
      return <TextField {...common} type="email" inputMode="email" />;
    case "url":
      return <TextField {...common} type="url" />;
    case "date":
      return <TextField {...common} type="date" width="short" />;
    case "group":
      return <GroupField question={question} ctx={ctx} label={shown} hint={hint} />;
    case "attachment":
      // Files are uploaded apart from the answers (the page's file section).
      return null;
  }
}

/** Reads a typed amount with the page's decimal separator (2,5 in French), as the server does. */
function typedAmount(value: string | undefined, locale: string): number {
  if (!value?.trim()) return Number.NaN;
  const separator = new Intl.NumberFormat(locale).formatToParts(1.5).find((p) => p.type === "decimal")?.value ?? ".";
  return Number(separator === "." || value.includes(".") ? value.trim() : value.trim().replace(separator, "."));
}

function ResourceField({
  question,
  ctx,
  common,
}: {
  question: ResourceQuestion;
  ctx: FieldContext;
  common: { name: string; label: ReactNode; hint?: ReactNode; error?: string; defaultValue?: string };
}) {
  const t = useTranslations("Apply");
  const format = useFormatter();
  const figure = (n: number) => format.number(n, { maximumFractionDigits: 3 });
  // The choice that picks the pool sits beside the amount: in the page, or in the same row of a group.
  const chooser = question.poolFrom && common.name.replace(/[^.]+$/, question.poolFrom);
  const pool = poolOf(question, ctx.pools, question.poolFrom ? ctx.choiceOptions(question.poolFrom) : [], chooser ? ctx.current(chooser) : undefined);
  const free = pool ? ctx.remaining[pool.key] : undefined;
  const amount = typedAmount(ctx.current(common.name), ctx.locale);
  const over = free !== undefined && amount > free ? amount - free : 0;
  const values = pool && { unit: unitOf(pool, ctx.locale), pool: () => <LocalizedText value={pool.label} locale={ctx.locale} /> };
  return (
    <>
      <TextField {...common} inputMode="decimal" width="short" />
      <p aria-live="polite" data-testid="capacity-feedback" className={`-mt-3 mb-5 text-sm font-semibold ${over > 0 ? "text-accent" : "text-emerald-800"}`}>
        {values && free !== undefined && (
          <>
            {t.rich("poolRemaining", { ...values, remaining: figure(free) })}
            {Number.isFinite(amount) && amount > 0 && (
              <>
                {" · "}
                {over > 0 ? t.rich("poolOverBy", { ...values, over: figure(over) }) : t("poolRemainingAfter", { unit: values.unit, left: figure(free - amount) })}
              </>
            )}
          </>
        )}
      </p>
    </>
  );
}

/** Rows as numbered copies of the group's questions; every row is in the page, so that it works without JavaScript. */
function GroupField({ question, ctx, label, hint }: { question: GroupQuestion; ctx: FieldContext; label: FieldLabel; hint?: ReactNode }) {
  const t = useTranslations("Apply");
  return (
    <FieldsetFrame name={question.key} legend={label.node} hint={hint} error={ctx.errors[question.key]}>
      {Array.from({ length: groupRows(question, ctx) }, (_, row) => (
        <div key={row} className={`gap-x-4 sm:flex ${row > 0 ? "border-t border-slate-300 pt-3" : "mt-2"}`}>
          {question.questions.map((member) => {
            const name = `${question.key}.${row}.${member.key}`;
            return (
              <div key={member.key} className={SHORT_TYPES.has(member.type) ? "sm:w-48 sm:shrink-0" : "min-w-0 sm:flex-1"}>
                <QuestionField question={member} ctx={ctx} name={name} label={questionLabel(t, member, ctx.locale, row)} />
              </div>
            );
          })}
        </div>
      ))}
    </FieldsetFrame>
  );
}

const SHORT_TYPES = new Set<FieldQuestion["type"]>(["country", "number", "date", "resource", "yesNo"]);

/** Up to ten rows at once, and five more than are filled once saved: a long list grows without JavaScript. */
export function groupRows(question: GroupQuestion, ctx: Pick<FieldContext, "text">): number {
  let filled = 0;
  while (filled < question.maxItems && question.questions.some((m) => ctx.text(`${question.key}.${filled}.${m.key}`))) filled++;
  return Math.min(question.maxItems, Math.max(10, filled + 5));
}
