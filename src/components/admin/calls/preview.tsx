import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { localeInfo } from "@/i18n/locales";
import type { FieldQuestion, Page, Pool, Question } from "@/lib/calls/definition";
import { fixedAnswers } from "@/lib/calls/edit";

// One page of a call's form as an applicant meets it, read-only, in the content language chosen (English or
// Chinese): each question's label, help, whether it must be answered, and what it takes. Staff notes (type, key,
// condition) are in the panel's language.

type Lang = "en" | "zh";

/** `asked`: the stage's questions, where a pool choice on another page is found. */
export async function FormPagePreview({ page, pools, asked, lang }: { page: Page; pools: Pool[]; asked: Question[]; lang: Lang }) {
  const [t, ui] = await Promise.all([getTranslations("CallBuilder"), getLocale().then((locale) => localeInfo(locale).tag)]);
  return (
    <div lang={lang === "zh" ? "zh-Hans" : "en"} className="rounded border-2 border-dashed border-slate-400 bg-white p-4 sm:p-6">
      <h2 className="mb-4 text-2xl font-bold">{page.title[lang]}</h2>
      {page.questions.length === 0 ? (
        <p lang={ui}>{t("noQuestions")}</p>
      ) : (
        <ol className="space-y-6">
          {page.questions.map((question) => (
            <li key={question.key}>
              <QuestionPreview question={question} pools={pools} asked={asked} lang={lang} ui={ui} />
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

async function QuestionPreview({ question, pools, asked, lang, ui }: { question: Question | FieldQuestion; pools: Pool[]; asked: (Question | FieldQuestion)[]; lang: Lang; ui: string }) {
  // What the applicant reads is in the preview's language; the notes for staff are in the panel's.
  const [t, tl, format] = await Promise.all([getTranslations("CallBuilder"), getTranslations({ locale: lang, namespace: "CallBuilder" }), getFormatter({ locale: lang })]);
  const answers = fixedAnswers(question);
  const optionLabel = (value: string) =>
    question.type === "singleChoice" || question.type === "multipleChoice" ? (question.options.find((o) => o.value === value)?.label[lang] ?? value) : tl(value === "yes" ? "previewYes" : "previewNo");
  const box = "mt-2 block min-h-10 w-full max-w-xl rounded border-2 border-slate-300 bg-slate-100";
  return (
    <div className="border-s-4 border-slate-200 ps-3">
      <p className="font-semibold">
        {question.label[lang]}
        {!question.required && <span className="font-normal text-slate-700"> ({tl("previewOptional")})</span>}
      </p>
      {question.help?.[lang] && <p className="text-sm text-slate-700">{question.help[lang]}</p>}
      <p lang={ui} className="text-xs text-slate-600">
        {t(`types.${question.type}`)} · <code>{question.key}</code>
        {question.showIf && <> · {t(question.showIf.equals !== undefined ? "shownWhen" : "shownUnless", { question: question.showIf.question, values: [question.showIf.equals ?? question.showIf.notEquals ?? []].flat().join(", ") })}</>}
      </p>
      {answers ? (
        <ul className="mt-2 space-y-1">
          {answers.map((value) => (
            <li key={value} className="flex items-center gap-2">
              <span aria-hidden="true" className={`inline-block h-4 w-4 border-2 border-slate-500 ${question.type === "multipleChoice" ? "rounded-sm" : "rounded-full"}`} />
              {optionLabel(value)}
            </li>
          ))}
        </ul>
      ) : question.type === "group" ? (
        <div className="mt-2 rounded border border-slate-300 p-3">
          <p className="mb-2 text-sm text-slate-700">
            {tl("previewRows", { max: question.maxItems })}
          </p>
          <ol className="space-y-4">
            {question.questions.map((member) => (
              <li key={member.key}>
                <QuestionPreview question={member} pools={pools} asked={question.questions} lang={lang} ui={ui} />
              </li>
            ))}
          </ol>
        </div>
      ) : (
        <>
          <span aria-hidden="true" className={`${box} ${question.type === "longText" ? "h-24" : ""}`} />
          <p className="mt-1 text-sm text-slate-700">
            {limitNote(question, pools, asked, lang, tl, format)}
          </p>
        </>
      )}
    </div>
  );
}

type Translate = Awaited<ReturnType<typeof getTranslations<"CallBuilder">>>;
type Format = Awaited<ReturnType<typeof getFormatter>>;

/** What a free answer is held to, in a line. */
function limitNote(question: Question | FieldQuestion, pools: Pool[], asked: (Question | FieldQuestion)[], lang: Lang, t: Translate, format: Format): string | null {
  const n = (value: number) => format.number(value);
  switch (question.type) {
    case "shortText":
      return t("previewCharacters", { max: n(question.maxLength) });
    case "longText":
      return t(question.limit.unit === "words" ? "previewWords" : "previewCharacters", { max: n(question.limit.max) });
    case "number": {
      const range = [question.min, question.max].every((v) => v !== undefined) ? t("previewRange", { min: n(question.min!), max: n(question.max!) }) : "";
      return [range, question.unit?.[lang]].filter(Boolean).join(" · ") || null;
    }
    case "resource": {
      const named = pools.find((p) => p.key === question.pool);
      return named ? t("previewPool", { pool: named.label[lang], capacity: n(named.maxPerRequest ?? named.capacity), unit: named.unit.symbol }) : t("previewPoolFrom", { question: asked.find((q) => q.key === question.poolFrom)?.label[lang] ?? question.poolFrom ?? "" });
    }
    case "attachment":
      return t("previewFiles", { files: question.maxFiles, size: n(Math.round((question.maxBytes / (1024 * 1024)) * 10) / 10) });
    case "date":
      return question.min || question.max ? t("previewDates", { min: question.min ?? "—", max: question.max ?? "—" }) : null;
    default:
      return null;
  }
}
