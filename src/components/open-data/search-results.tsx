import { getTranslations } from "next-intl/server";
import { LocalizedText } from "@/components/ui/localized-text";
import { Section } from "@/components/ui/section";
import { Link } from "@/i18n/link";
import { localeInfo } from "@/i18n/locales";
import { countryName, pick } from "@/lib/localize";
import type { Localized } from "@/lib/validation/public-data";
import type { SearchResults as Results } from "@/lib/validation/search";

/** The name in the other content language, when it was published and differs from the one shown. */
function otherName(value: Localized, locale: string): { text: string; lang: string } | null {
  const shown = pick(value, locale);
  const other = shown.lang === "zh" ? { text: value.en, lang: "en" } : value.zh ? { text: value.zh, lang: "zh" } : null;
  return other && other.text !== shown.text ? { text: other.text, lang: localeInfo(other.lang).tag } : null;
}

/** The count (announced to screen readers), the hits grouped by kind, or help when nothing matched. */
export async function SearchResults({ results, locale }: { results: Results; locale: string }) {
  const t = await getTranslations("Search");
  return (
    <>
      <p role="status" className="mt-6 text-lg font-semibold" data-total={results.total}>
        {t("summary", { count: results.total, query: results.query })}
      </p>
      {results.total === 0 ? (
        <Section
          headingId="no-results-heading"
          heading={t("noResults.heading")}
          intro={t("noResults.intro", { query: results.query })}
          size="small"
          className="mt-4 max-w-3xl"
        >
          <ul className="mt-2 list-disc space-y-1 ps-6">
            <li>{t("noResults.spelling")}</li>
            <li>{t("noResults.language")}</li>
            <li>{t("noResults.country")}</li>
            <li>
              {t.rich("noResults.browse", {
                opportunities: (chunks) => <Link href="/">{chunks}</Link>,
                missions: (chunks) => <Link href="/missions">{chunks}</Link>,
              })}
            </li>
          </ul>
        </Section>
      ) : (
        results.groups.map((group) => {
          const headingId = `results-${group.kind}`;
          return (
            <Section
              key={group.kind}
              headingId={headingId}
              heading={
                <>
                  {t(`kinds.${group.kind}`)} <span className="text-base font-normal text-slate-700">({t("groupCount", { count: group.total })})</span>
                </>
              }
              data-kind={group.kind}
            >
              {group.hits.length < group.total && <p className="mt-1 text-sm text-slate-700">{t("showing", { shown: group.hits.length, total: group.total })}</p>}
              <ol className="mt-3 space-y-3">
                {group.hits.map((hit) => {
                  const other = otherName(hit.title, locale);
                  return (
                    <li key={hit.slug} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
                      <Link href={hit.path} className="text-lg font-semibold">
                        <LocalizedText value={hit.title} locale={locale} />
                      </Link>
                      {other && (
                        <p className="mt-1 text-sm text-slate-700">
                          {t.rich("otherName", { name: () => <span lang={other.lang}>{other.text}</span> })}
                        </p>
                      )}
                      {(hit.parent || hit.countryCode) && (
                        <p className="mt-1 text-sm text-slate-700">
                          {hit.parent && t.rich("partOf", { parent: () => <LocalizedText value={hit.parent!} locale={locale} /> })}
                          {hit.parent && hit.countryCode && " · "}
                          {hit.countryCode && countryName(hit.countryCode, locale)}
                        </p>
                      )}
                    </li>
                  );
                })}
              </ol>
            </Section>
          );
        })
      )}
    </>
  );
}

/** Why nothing was searched this time; the query stays in the form above, ready to send again. */
export async function SearchRefused({ reason }: { reason: "busy" | "limited" }) {
  const t = await getTranslations("Search.refused");
  return (
    <p role="status" className="mt-6 max-w-3xl text-lg font-semibold" data-refused={reason}>
      {t(reason)}
    </p>
  );
}
