import { getTranslations } from "next-intl/server";
import { LocalizedText } from "@/components/ui/localized-text";
import { Section } from "@/components/ui/section";
import { cellClass, TableBox } from "@/components/ui/table-box";
import { Link } from "@/i18n/link";
import { formatDay } from "@/lib/localize";
import { OPPORTUNITY_PATHS, opportunityPath } from "@/lib/site";
import type { InstitutionDetail, InstitutionSummary } from "@/lib/validation/public-data";
import { CountryLink, InstitutionLink } from "./institution-name";

const projectPath = (slug: string) => `${OPPORTUNITY_PATHS["chang-e-8-cooperation-projects"]}/${slug}`;

/** Everything the portal publishes about one institution: who it is, its loans and their agreements, its projects and partners. */
export async function InstitutionRecord({ institution, locale }: { institution: InstitutionDetail; locale: string }) {
  const [t, type, agreement, kind, projects] = await Promise.all([
    getTranslations("InstitutionPage"),
    getTranslations("InstitutionType"),
    getTranslations("Agreement"),
    getTranslations("ProjectKind"),
    getTranslations("Projects"),
  ]);
  const partners = new Map<string, InstitutionSummary>();
  for (const p of institution.projects) {
    for (const { institution: other } of p.partners) if (other.slug !== institution.slug) partners.set(other.slug, other);
  }
  const day = (iso: string | null) => (iso ? formatDay(iso, locale) : t("notPublished"));

  return (
    <>
      <Section headingId="glance-heading" heading={t("glanceHeading")} data-testid="institution-glance">
        <dl className="mt-3 grid max-w-3xl gap-x-6 gap-y-2 sm:grid-cols-[auto_1fr]">
          <dt className="font-semibold">{t("type")}</dt>
          <dd>{type(institution.type)}</dd>
          <dt className="font-semibold">{t("country")}</dt>
          <dd>
            <CountryLink code={institution.countryCode} locale={locale} fallback={t("noCountry")} />
          </dd>
          <dt className="font-semibold">{t("takesPart")}</dt>
          <dd>{t("summary", { awards: institution.awards.length, projects: institution.projects.length })}</dd>
        </dl>
      </Section>

      {institution.awards.length > 0 && (
        <Section headingId="loans-heading" heading={t("loansHeading")} intro={t("loansIntro")} className="mt-10" data-testid="institution-loans">
          <TableBox
            columns={[{ label: t("colCall") }, { label: t("colMission") }, { label: t("colAgreement") }, { label: t("colSigned") }, { label: t("colExpires") }]}
            className="min-w-[40rem]"
          >
            {institution.awards.map((a) => (
              <tr key={a.opportunity.slug} className="border-t border-slate-200">
                <th scope="row" className={`${cellClass} text-start font-semibold`}>
                  <Link href={opportunityPath(a.opportunity.slug)}>
                    <LocalizedText value={a.opportunity.title} locale={locale} />
                  </Link>
                </th>
                <td className={cellClass}>
                  <Link href={`/missions/${a.opportunity.mission.slug}`}>
                    <LocalizedText value={a.opportunity.mission.name} locale={locale} />
                  </Link>
                </td>
                <td className={cellClass} data-agreement={a.agreement?.status ?? "none"}>
                  {agreement(a.agreement?.status ?? "none")}
                </td>
                <td className={cellClass}>{a.agreement ? day(a.agreement.signedOn) : "—"}</td>
                <td className={cellClass}>{a.agreement ? day(a.agreement.expiresOn) : "—"}</td>
              </tr>
            ))}
          </TableBox>
        </Section>
      )}

      {institution.projects.length > 0 && (
        <Section headingId="projects-heading" heading={t("projectsHeading")} className="mt-10" data-testid="institution-projects">
          <ul className="mt-4 grid gap-4 sm:grid-cols-2">
            {institution.projects.map((p) => {
              const own = p.partners.find((x) => x.institution.slug === institution.slug);
              const others = p.partners.filter((x) => x.institution.slug !== institution.slug);
              return (
                <li key={p.slug} className="rounded-lg border border-slate-200 bg-white p-5">
                  <p className="text-lg font-semibold">
                    <Link href={projectPath(p.slug)}>
                      <LocalizedText value={p.title} locale={locale} />
                    </Link>
                  </p>
                  <p className="mt-1 text-sm text-slate-700">
                    {kind(p.kind)}
                    {own && <> · {t("role", { role: projects(`role.${own.role}`) })}</>}
                  </p>
                  {others.length > 0 && (
                    <p className="mt-2 text-sm">
                      {t("with")}{" "}
                      {others.map((x, i) => (
                        <span key={x.institution.slug}>
                          {i > 0 && t("listSeparator")}
                          <InstitutionLink institution={x.institution} locale={locale} />
                        </span>
                      ))}
                    </p>
                  )}
                </li>
              );
            })}
          </ul>
        </Section>
      )}

      {partners.size > 0 && (
        <Section headingId="partners-heading" heading={t("partnersHeading")} intro={t("partnersIntro")} className="mt-10" data-testid="institution-partners">
          <ul className="mt-3 space-y-1">
            {[...partners.values()].map((p) => (
              <li key={p.slug}>
                <InstitutionLink institution={p} locale={locale} />
                <span className="text-slate-700">
                  {" · "}
                  <CountryLink code={p.countryCode} locale={locale} fallback={type("INTERNATIONAL_ORGANISATION")} />
                </span>
              </li>
            ))}
          </ul>
        </Section>
      )}
    </>
  );
}
