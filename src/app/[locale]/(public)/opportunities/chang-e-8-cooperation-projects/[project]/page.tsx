import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { FactList } from "@/components/opportunities/fact-list";
import { CountryLink, InstitutionLink } from "@/components/opportunities/institution-name";
import { NextRound } from "@/components/opportunities/next-round";
import { BackLink } from "@/components/ui/back-link";
import { LastUpdated } from "@/components/ui/last-updated";
import { LocalizedText } from "@/components/ui/localized-text";
import { PageHeading } from "@/components/ui/page-heading";
import { Section } from "@/components/ui/section";
import { SourceList } from "@/components/ui/source-list";
import { Link } from "@/i18n/link";
import { pickText } from "@/lib/localize";
import { OPPORTUNITY_PATHS, pageMetadata } from "@/lib/site";
import { getMission } from "@/server/queries/missions";
import { getOpportunity } from "@/server/queries/opportunities";
import { getProject } from "@/server/queries/projects";

type Props = { params: Promise<{ locale: string; project: string }> };
const LIST_PATH = OPPORTUNITY_PATHS["chang-e-8-cooperation-projects"];

export async function generateStaticParams() {
  return [];
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale, project: slug } = await params;
  const [project, t, site] = await Promise.all([
    getProject(slug),
    getTranslations({ locale, namespace: "Projects" }),
    getTranslations({ locale, namespace: "Site" }),
  ]);
  if (!project) return {};
  const title = pickText(project.title, locale);
  return pageMetadata({
    locale,
    path: `${LIST_PATH}/${project.slug}`,
    title,
    description: t("projectDescription", { title }),
    siteName: site("name"),
  });
}

export default async function ProjectPage({ params }: Props) {
  const { locale, project: slug } = await params;
  setRequestLocale(locale);
  const [project, opportunity] = await Promise.all([getProject(slug), getOpportunity("chang-e-8-cooperation-projects")]);
  if (!project || !opportunity || project.opportunitySlug !== opportunity.slug) notFound();
  const mission = await getMission(opportunity.mission.slug);
  // The selection's facts are the mission's and the call's; each source is listed once.
  const facts = [...(mission?.facts ?? []), ...opportunity.facts];
  const sources = [...(mission?.sources ?? []), ...opportunity.sources].filter(
    (source, i, all) => all.findIndex((other) => (other.url ?? other.label) === (source.url ?? source.label)) === i,
  );
  const [t, kind, type, page] = await Promise.all([
    getTranslations("Projects"),
    getTranslations("ProjectKind"),
    getTranslations("InstitutionType"),
    getTranslations("ProjectPage"),
  ]);
  const lead = project.partners.find((p) => p.role === "LEAD");
  return (
    <>
      <p className="mb-3 text-sm">
        <BackLink href={LIST_PATH}>{t("backToList")}</BackLink>
      </p>
      <PageHeading
        title={<LocalizedText value={project.title} locale={locale} />}
        trail={[{ href: LIST_PATH, label: <LocalizedText value={opportunity.title} locale={locale} /> }]}
      >
        <p className="mt-2 font-semibold text-sky">{kind(project.kind)}</p>
      </PageHeading>
      <Section headingId="about-heading" heading={page("aboutHeading")} data-testid="project-about">
        <dl className="mt-3 grid max-w-3xl gap-x-6 gap-y-2 sm:grid-cols-[auto_1fr]">
          <dt className="font-semibold">{page("selectedUnder")}</dt>
          <dd>
            <Link href={LIST_PATH}>
              <LocalizedText value={opportunity.title} locale={locale} />
            </Link>
          </dd>
          <dt className="font-semibold">{page("mission")}</dt>
          <dd>
            <Link href={`/missions/${opportunity.mission.slug}`}>
              <LocalizedText value={opportunity.mission.name} locale={locale} />
            </Link>
          </dd>
          <dt className="font-semibold">{page("kind")}</dt>
          <dd>{kind(project.kind)}</dd>
          {lead && (
            <>
              <dt className="font-semibold">{page("lead")}</dt>
              <dd>
                <InstitutionLink institution={lead.institution} locale={locale} />
              </dd>
            </>
          )}
          <dt className="font-semibold">{page("countries")}</dt>
          <dd>
            {project.countryCodes.length === 0
              ? type("INTERNATIONAL_ORGANISATION")
              : project.countryCodes.map((code, i) => (
                  <span key={code}>
                    {i > 0 && page("listSeparator")}
                    <CountryLink code={code} locale={locale} fallback="" />
                  </span>
                ))}
          </dd>
        </dl>
      </Section>
      <Section headingId="partners-heading" heading={t("partners")} className="mt-10" data-testid="project-partners">
        <ul className="mt-4 grid gap-4 sm:grid-cols-2">
          {project.partners.map(({ institution, role }) => (
            <li key={institution.slug} className="rounded-lg border border-slate-200 bg-white p-5">
              <p className="text-lg font-semibold">
                <InstitutionLink institution={institution} locale={locale} />
              </p>
              <p className="mt-1 text-sm">
                <CountryLink code={institution.countryCode} locale={locale} fallback={type("INTERNATIONAL_ORGANISATION")} />
                {" · "}
                {type(institution.type)} · {t(`role.${role}`)}
              </p>
            </li>
          ))}
        </ul>
      </Section>
      {facts.length > 0 && (
        <Section headingId="selection-heading" heading={page("selectionHeading")} className="mt-10" data-testid="project-selection">
          <FactList facts={facts} locale={locale} />
        </Section>
      )}
      <NextRound slug={opportunity.slug} locale={locale} />
      <SourceList sources={sources} />
      <LastUpdated at={project.updatedAt} />
    </>
  );
}
