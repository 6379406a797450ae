import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { Participation } from "@/components/opportunities/participation";
import { InstitutionLink } from "@/components/opportunities/institution-name";
import { LastUpdated } from "@/components/ui/last-updated";
import { PageHeading } from "@/components/ui/page-heading";
import { latestOf } from "@/lib/dates";
import { countryName } from "@/lib/localize";
import { pageMetadata } from "@/lib/site";
import { getCountryInstitutions } from "@/server/queries/institutions";

type Props = { params: Promise<{ locale: string; code: string }> };

export async function generateStaticParams() {
  return [];
}

async function load(code: string) {
  if (!/^[a-z]{2}$/.test(code)) return null;
  const institutions = await getCountryInstitutions(code.toUpperCase());
  return institutions.length > 0 ? institutions : null;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale, code } = await params;
  const [institutions, t, site] = await Promise.all([
    load(code),
    getTranslations({ locale, namespace: "Country" }),
    getTranslations({ locale, namespace: "Site" }),
  ]);
  if (!institutions) return {};
  const country = countryName(code, locale);
  return pageMetadata({ locale, path: `/countries/${code}`, title: t("title", { country }), description: t("description", { country }), siteName: site("name") });
}

export default async function CountryPage({ params }: Props) {
  const { locale, code } = await params;
  setRequestLocale(locale);
  const institutions = await load(code);
  if (!institutions) notFound();
  const [t, type] = await Promise.all([getTranslations("Country"), getTranslations("InstitutionType")]);
  const country = countryName(code, locale);
  const projects = new Set(institutions.flatMap((i) => i.projects.map((p) => p.slug)));
  return (
    <>
      <PageHeading title={t("title", { country })}>
        <p className="mt-3 text-lg" data-testid="country-summary">
          {t("summary", {
            institutions: institutions.length,
            awards: institutions.reduce((n, i) => n + i.awards.length, 0),
            projects: projects.size,
          })}
        </p>
      </PageHeading>
      <h2 className="mt-8 text-2xl font-bold">{t("institutionsHeading")}</h2>
      <ul className="mt-4 grid gap-4 md:grid-cols-2">
        {institutions.map((institution) => (
          <li key={institution.slug} className="rounded-lg border border-slate-200 bg-white p-5">
            <h3 className="text-xl font-bold">
              <InstitutionLink institution={institution} locale={locale} />
            </h3>
            <p className="text-sm text-slate-700">{type(institution.type)}</p>
            <Participation institution={institution} locale={locale} headingLevel={4} />
          </li>
        ))}
      </ul>
      <LastUpdated at={latestOf(institutions)} />
    </>
  );
}
