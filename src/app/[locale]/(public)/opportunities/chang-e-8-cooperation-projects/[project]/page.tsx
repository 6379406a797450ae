import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { CountryLink, InstitutionLink } from "@/components/opportunities/institution-name";
import { LastUpdated } from "@/components/ui/last-updated";
import { LocalizedText } from "@/components/ui/localized-text";
import { PageHeading } from "@/components/ui/page-heading";
import { Section } from "@/components/ui/section";
import { SourceList } from "@/components/ui/source-list";
import { pickText } from "@/lib/localize";
import { OPPORTUNITY_PATHS, pageMetadata } from "@/lib/site";
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
  const [t, kind, type] = await Promise.all([
    getTranslations("Projects"),
    getTranslations("ProjectKind"),
    getTranslations("InstitutionType"),
  ]);
  return (
    <>
      <PageHeading
        title={<LocalizedText value={project.title} locale={locale} />}
        trail={[{ href: LIST_PATH, label: <LocalizedText value={opportunity.title} locale={locale} /> }]}
      >
        <p className="mt-2 font-semibold text-sky">{kind(project.kind)}</p>
      </PageHeading>
      <Section headingId="partners-heading" heading={t("partners")}>
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
      <SourceList sources={opportunity.sources} />
      <LastUpdated at={project.updatedAt} />
    </>
  );
}
