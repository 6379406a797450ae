import { getTranslations } from "next-intl/server";
import { ContentHeading, localName } from "@/components/admin/content/page-parts";
import { Link } from "@/i18n/link";
import { stageQuestions } from "@/lib/calls/definition";
import type { CallBuilderView } from "@/server/calls/builder";
import { builderHref, localText } from "./outline";
import { FormPagePreview } from "./preview";

// The preview's frame: which page of which stage, in which content language, and the way between pages.

export async function CallFormPreview({ view, stage, page, lang, locale }: { view: CallBuilderView; stage?: string; page?: string; lang: string; locale: string }) {
  const t = await getTranslations("CallBuilder");
  const definition = view.form!.definition;
  const shownStage = definition.stages.find((s) => s.key === stage) ?? definition.stages[0]!;
  const pages = shownStage.form.pages;
  const index = Math.max(0, pages.findIndex((p) => p.key === page));
  const shown = pages[index]!;
  const language = lang === "zh" ? "zh" : "en";
  const href = (query: { stage?: string; page?: string; lang?: string }) =>
    builderHref(view.call.id, { stage: shownStage.key, page: shown.key, lang: language, ...query }, "/preview");
  const tab = (current: boolean) => `rounded px-3 py-1 font-semibold ${current ? "bg-navy text-white no-underline" : "border-2 border-navy text-navy"}`;
  return (
    <>
      <ContentHeading
        title={t("previewTitle", { title: localText(shown.title, locale) })}
        intro={t("previewIntro", { version: view.form!.version })}
        back={{ href: builderHref(view.call.id), label: t("backToForm", { name: localName(view.call.titleEn, view.call.titleZh, locale) }) }}
      >
        <p className="mt-3">
          <span className="inline-block rounded-full bg-amber-100 px-3 py-0.5 text-sm font-bold tracking-wide text-amber-900 uppercase">{t("previewBadge")}</span>
        </p>
      </ContentHeading>
      <nav aria-label={t("previewLanguages")} className="mb-4 flex flex-wrap items-center gap-2">
        <span className="font-semibold">{t("previewLanguages")}:</span>
        <Link href={href({ lang: "en" })} aria-current={language === "en" ? "page" : undefined} className={tab(language === "en")} lang="en">
          English
        </Link>
        <Link href={href({ lang: "zh" })} aria-current={language === "zh" ? "page" : undefined} className={tab(language === "zh")} lang="zh-Hans">
          中文
        </Link>
      </nav>
      {definition.stages.length > 1 && (
        <nav aria-label={t("previewStages")} className="mb-4 flex flex-wrap items-center gap-2">
          <span className="font-semibold">{t("previewStages")}:</span>
          {definition.stages.map((s) => (
            <Link key={s.key} href={href({ stage: s.key, page: s.form.pages[0]!.key })} aria-current={s.key === shownStage.key ? "page" : undefined} className={tab(s.key === shownStage.key)}>
              {s.key}
            </Link>
          ))}
        </nav>
      )}
      <nav aria-label={t("previewPages")} className="mb-6">
        <ol className="flex flex-wrap gap-2">
          {pages.map((p, i) => (
            <li key={p.key}>
              <Link href={href({ page: p.key })} aria-current={i === index ? "page" : undefined} className={tab(i === index)}>
                {i + 1}. {localText(p.title, locale)}
              </Link>
            </li>
          ))}
        </ol>
      </nav>
      <FormPagePreview page={shown} pools={definition.pools} asked={stageQuestions(shownStage)} lang={language} />
      <p className="mt-6 flex flex-wrap justify-between gap-4">
        {index > 0 ? <Link href={href({ page: pages[index - 1]!.key })}>{t("previousPage")}</Link> : <span />}
        {index < pages.length - 1 && <Link href={href({ page: pages[index + 1]!.key })}>{t("nextPage")}</Link>}
      </p>
    </>
  );
}
