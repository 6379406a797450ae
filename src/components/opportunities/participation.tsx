import { getTranslations } from "next-intl/server";
import { LocalizedText } from "@/components/ui/localized-text";
import { Link } from "@/i18n/link";
import { OPPORTUNITY_PATHS, opportunityPath } from "@/lib/site";
import type { InstitutionDetail } from "@/lib/validation/public-data";

/** What one institution takes part in: its sample loans and its cooperation projects. */
export async function Participation({ institution, locale, headingLevel = 2 }: { institution: InstitutionDetail; locale: string; headingLevel?: 2 | 4 }) {
  const [t, agreement, kind] = await Promise.all([
    getTranslations("Institution"),
    getTranslations("Agreement"),
    getTranslations("ProjectKind"),
  ]);
  const Heading = headingLevel === 2 ? "h2" : "h4";
  const headingClass = headingLevel === 2 ? "mt-8 text-2xl font-bold" : "mt-4 text-lg font-bold";
  if (institution.awards.length === 0 && institution.projects.length === 0) return <p className="mt-4">{t("nothing")}</p>;
  return (
    <>
      {institution.awards.length > 0 && (
        <>
          <Heading className={headingClass}>{t("awardsHeading")}</Heading>
          <ul className="mt-2 space-y-1">
            {institution.awards.map((a) => (
              <li key={a.opportunity.slug}>
                <Link href={opportunityPath(a.opportunity.slug)}>
                  <LocalizedText value={a.opportunity.title} locale={locale} />
                </Link>
                {" · "}
                {agreement(a.agreement?.status ?? "none")}
              </li>
            ))}
          </ul>
        </>
      )}
      {institution.projects.length > 0 && (
        <>
          <Heading className={headingClass}>{t("projectsHeading")}</Heading>
          <ul className="mt-2 space-y-1">
            {institution.projects.map((p) => (
              <li key={p.slug}>
                <Link href={`${OPPORTUNITY_PATHS["chang-e-8-cooperation-projects"]}/${p.slug}`}>
                  <LocalizedText value={p.title} locale={locale} />
                </Link>
                {" · "}
                {kind(p.kind)}
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
