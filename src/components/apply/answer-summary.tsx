import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { LocalizedText } from "@/components/ui/localized-text";
import { Link } from "@/i18n/link";
import type { Page } from "@/lib/calls/definition";
import { readAnswers, type AnswerValue } from "@/lib/calls/render";
import type { ApplicantView } from "@/server/applications/service";

type Translator = Awaited<ReturnType<typeof getTranslations<"Apply">>>;

/** GOV.UK's "check your answers": every question asked, page by page, each with a change link while the draft is editable. */
export async function AnswerSummary({ view, token, locale }: { view: ApplicantView; token: string; locale: string }) {
  const t = await getTranslations("Apply");
  if (!view.form) return null;
  const pages = readAnswers(view.form, view.answers, view.attachments, locale);
  const changeHref = (page: Page) =>
    `/applications/${token}/${page.key}${page.questions.some((q) => q.type !== "attachment") ? "?returnTo=check" : ""}`;
  return (
    <>
      {pages.map(({ key, title, questions }, p) => {
        const page = view.form!.pages[p]!;
        return (
          <section key={key} aria-labelledby={`summary-${key}`} className="mb-8 max-w-3xl">
            <h2 id={`summary-${key}`} className="text-xl font-bold">
              <LocalizedText value={title} locale={locale} />
            </h2>
            <dl className="mt-2 divide-y divide-slate-200 border-y border-slate-200">
              {questions.length === 0 && (
                <div className="py-3">
                  <dt className="sr-only">
                    <LocalizedText value={title} locale={locale} />
                  </dt>
                  <dd>{t("notAnswered")}</dd>
                </div>
              )}
              {questions.map((q) => {
                const label = <LocalizedText value={q.label} locale={locale} />;
                const answer = q.value && <Answer value={q.value} t={t} locale={locale} />;
                return (
                  <div key={q.key} className="grid gap-1 py-3 sm:grid-cols-[14rem_1fr_auto] sm:gap-4">
                    <dt className="font-semibold">{label}</dt>
                    <dd className="min-w-0 whitespace-pre-line break-words">
                      {/* Isolated, so that an answer typed in English keeps its punctuation in place on a right-to-left page. */}
                      {!q.value ? <span className="text-slate-700">{t("notAnswered")}</span> : isWords(q.value) ? <bdi>{answer}</bdi> : answer}
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

/** An answer drawn as one piece of text (labels and lists isolate their own parts). */
const isWords = (value: AnswerValue) => value.kind === "text" || value.kind === "yesNo" || value.kind === "amount";

/** An answer as the applicant gave it (src/lib/calls/render.ts reads it): labels in the page's language, rows and files as lists. */
function Answer({ value, t, locale }: { value: AnswerValue; t: Translator; locale: string }): ReactNode {
  switch (value.kind) {
    case "text":
      return value.text;
    case "label":
      return <LocalizedText value={value.label} locale={locale} />;
    case "yesNo":
      return value.yes ? t("yes") : t("no");
    case "amount":
      return value.unit ? t("amount", { value: value.number, unit: value.unit }) : value.number;
    case "row":
      return t.rich("rowSummary", {
        first: () => <Answer value={value.first} t={t} locale={locale} />,
        rest: () =>
          value.rest.map((part, j) => (
            <span key={j}>
              {j > 0 && ", "}
              <Answer value={part} t={t} locale={locale} />
            </span>
          )),
      });
    case "list":
      return (
        <ul className="space-y-1">
          {value.items.map((item, i) => (
            <li key={i}>
              <bdi>
                <Answer value={item} t={t} locale={locale} />
              </bdi>
            </li>
          ))}
        </ul>
      );
  }
}
