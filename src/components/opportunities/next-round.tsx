import { getTranslations } from "next-intl/server";
import { Section } from "@/components/ui/section";
import { Link } from "@/i18n/link";
import { formatDay } from "@/lib/localize";
import { opportunityPath } from "@/lib/site";
import { getNextRounds } from "@/server/queries/next-rounds";
import { FactList } from "./fact-list";
import { LocalizedText } from "@/components/ui/localized-text";

/** What follows this call: a later round (open, or announced and not yet detailed here), or that none is announced. */
export async function NextRound({ slug, locale }: { slug: string; locale: string }) {
  const [next, t] = await Promise.all([getNextRounds(slug), getTranslations("NextRound")]);
  if (!next) return null;
  const asOf = (
    <p className="mt-3 text-sm text-slate-700">
      <time dateTime={next.asOf}>{t("asOf", { date: formatDay(next.asOf, locale) })}</time>
    </p>
  );
  return (
    <Section headingId="next-round-heading" heading={t("heading")} className="mt-10" data-testid="next-round">
      {next.rounds.length === 0 ? (
        <p className="mt-3 max-w-3xl" data-state="none">
          {t("none")}
        </p>
      ) : (
        next.rounds.map((round) =>
          round.published ? (
            <p key={round.slug} className="mt-3 max-w-3xl" data-state="published">
              {t("published")}{" "}
              <Link href={opportunityPath(round.slug)} className="font-semibold">
                <LocalizedText value={round.title} locale={locale} />
              </Link>
            </p>
          ) : (
            <div key={round.slug} className="mt-3 max-w-3xl rounded-lg border-s-4 border-navy bg-slate-50 p-4" data-state="announced">
              <p className="font-semibold">{t("announced")}</p>
              <FactList facts={round.facts} locale={locale} />
              <p className="mt-3">{t("notYetHere")}</p>
              {round.sources.length > 0 && (
                <p className="mt-2 text-sm text-slate-700">
                  {t("source")}{" "}
                  {round.sources.map((s, i) => (
                    <span key={s.url ?? s.label}>
                      {i > 0 && "; "}
                      {s.url ? (
                        <a href={s.url} rel="noopener noreferrer external" className="break-words" lang="en">
                          {s.label}
                        </a>
                      ) : (
                        <span lang="en">{s.label}</span>
                      )}
                    </span>
                  ))}
                </p>
              )}
            </div>
          ),
        )
      )}
      {asOf}
    </Section>
  );
}
