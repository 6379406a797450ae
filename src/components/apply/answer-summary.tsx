import { getFormatter, getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { LocalizedText } from "@/components/ui/localized-text";
import { Link } from "@/i18n/link";
import type { ChoiceOption, FieldQuestion, Page, Pool, Question } from "@/lib/calls/definition";
import { countryName, formatDay, pickText } from "@/lib/localize";
import type { ApplicantView } from "@/server/applications/service";
import { poolOf, unitOf } from "./question-field";
import { answersByQuestion, shownQuestions } from "./show-if";

type Translator = Awaited<ReturnType<typeof getTranslations<"Apply">>>;
type Formatter = Awaited<ReturnType<typeof getFormatter>>;

interface Reader {
  t: Translator;
  format: Formatter;
  locale: string;
  pools: Pool[];
  /** Each single choice's options, by question key: a resource question's pool follows the one chosen. */
  choices: Map<string, ChoiceOption[]>;
  attachments: ApplicantView["attachments"];
}

/** GOV.UK's "check your answers": every question asked, page by page, each with a change link while the draft is editable. */
export async function AnswerSummary({ view, token, locale }: { view: ApplicantView; token: string; locale: string }) {
  const [t, format] = await Promise.all([getTranslations("Apply"), getFormatter()]);
  if (!view.form) return null;
  const answers = answersByQuestion(view.answers);
  const shown = shownQuestions(view.form.pages, answers);
  const choices = new Map(
    view.form.pages
      .flatMap((page) => page.questions)
      .flatMap((q): (Question | FieldQuestion)[] => (q.type === "group" ? q.questions : [q]))
      .flatMap((q) => (q.type === "singleChoice" ? [[q.key, q.options] as const] : [])),
  );
  const reader: Reader = { t, format, locale, pools: view.form.pools, choices, attachments: view.attachments };
  const changeHref = (page: Page) =>
    `/applications/${token}/${page.key}${page.questions.some((q) => q.type !== "attachment") ? "?returnTo=check" : ""}`;
  return (
    <>
      {view.form.pages.map((page) => {
        const questions = page.questions.filter((q) => shown.has(q.key));
        return (
          <section key={page.key} aria-labelledby={`summary-${page.key}`} className="mb-8 max-w-3xl">
            <h2 id={`summary-${page.key}`} className="text-xl font-bold">
              <LocalizedText value={page.title} locale={locale} />
            </h2>
            <dl className="mt-2 divide-y divide-slate-200 border-y border-slate-200">
              {questions.length === 0 && (
                <div className="py-3">
                  <dt className="sr-only">
                    <LocalizedText value={page.title} locale={locale} />
                  </dt>
                  <dd>{t("notAnswered")}</dd>
                </div>
              )}
              {questions.map((q) => {
                const label = <LocalizedText value={q.label} locale={locale} />;
                const value = answerOf(q, answers[q.key], answers, reader);
                return (
                  <div key={q.key} className="grid gap-1 py-3 sm:grid-cols-[14rem_1fr_auto] sm:gap-4">
                    <dt className="font-semibold">{label}</dt>
                    <dd className="min-w-0 whitespace-pre-line break-words">
                      {/* Isolated, so that an answer typed in English keeps its punctuation in place on a right-to-left page. */}
                      {value === null || value === undefined ? <span className="text-slate-700">{t("notAnswered")}</span> : typeof value === "string" ? <bdi>{value}</bdi> : value}
                    </dd>
                    <dd>
                      {view.editable && (
                        <Link href={changeHref(page)}>
                          {t("change")}
                          <span className="sr-only"> {label}</span>
                        </Link>
                      )}
                    </dd>
                  </div>
                );
              })}
            </dl>
          </section>
        );
      })}
    </>
  );
}

const isBlank = (value: unknown) => value === undefined || value === null || value === "" || (Array.isArray(value) && value.length === 0);

/** An answer as the applicant gave it: choices by their labels, amounts with their units, countries by name, rows and files as lists. */
function answerOf(q: Question | FieldQuestion, value: unknown, answers: Record<string, unknown>, reader: Reader): ReactNode {
  const { t, format, locale } = reader;
  if (q.type === "attachment") {
    const files = reader.attachments.filter((a) => a.kind === q.attachmentKind);
    return files.length === 0 ? null : <List items={files.map((a) => ({ key: a.id, node: a.fileName }))} />;
  }
  if (isBlank(value)) return null;
  switch (q.type) {
    case "group": {
      const rows = (value as Record<string, unknown>[]).map((row, i) => {
        const parts = q.questions.filter((m) => !isBlank(row[m.key])).map((m) => ({ key: m.key, node: answerOf(m, row[m.key], row, reader) }));
        const [first, ...rest] = parts;
        const node =
          rest.length === 0
            ? first?.node
            : t.rich("rowSummary", { first: () => first!.node, rest: () => rest.map((p, j) => <span key={p.key}>{j > 0 && ", "}{p.node}</span>) });
        return { key: String(i), node };
      });
      return <List items={rows} />;
    }
    case "singleChoice": {
      const option = q.options.find((o) => o.value === value);
      // An option that picks a pool is that pool: its label may describe the offer ("15 kg offered"), which is no part of the answer.
      const pool = option?.pool && reader.pools.find((p) => p.key === option.pool);
      return option ? <LocalizedText value={pool ? pool.label : option.label} locale={locale} /> : String(value);
    }
    case "multipleChoice": {
      const chosen = q.options.filter((o) => (value as string[]).includes(o.value));
      return chosen.length === 1 ? <LocalizedText value={chosen[0]!.label} locale={locale} /> : <List items={chosen.map((o) => ({ key: o.value, node: <LocalizedText value={o.label} locale={locale} /> }))} />;
    }
    case "yesNo":
      return value === "yes" ? t("yes") : t("no");
    case "country":
      return countryName(String(value), locale);
    case "date":
      return formatDay(String(value), locale);
    case "number":
      return amount(Number(value), q.unit && pickText(q.unit, locale), reader);
    case "resource": {
      const pool = poolOf(q, reader.pools, q.poolFrom ? (reader.choices.get(q.poolFrom) ?? []) : [], q.poolFrom ? answers[q.poolFrom] : undefined);
      return amount(Number(value), pool && unitOf(pool, locale), reader);
    }
    default:
      return String(value);
  }
}

function amount(value: number, unit: string | undefined, { t, format }: Reader) {
  const number = format.number(value);
  return unit ? t("amount", { value: number, unit }) : number;
}

function List({ items }: { items: { key: string; node: ReactNode }[] }) {
  return (
    <ul className="space-y-1">
      {items.map((item) => (
        <li key={item.key}>
          <bdi>{item.node}</bdi>
        </li>
      ))}
    </ul>
  );
}
