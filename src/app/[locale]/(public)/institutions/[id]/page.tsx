import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { InstitutionRecord } from "@/components/opportunities/institution-record";
import { LastUpdated } from "@/components/ui/last-updated";
import { LocalizedText } from "@/components/ui/localized-text";
import { PageHeading } from "@/components/ui/page-heading";
import { SourceList } from "@/components/ui/source-list";
import { Link } from "@/i18n/link";
import { countryName, pick, pickText } from "@/lib/localize";
import { pageMetadata } from "@/lib/site";
import { getInstitution } from "@/server/queries/institutions";
import { getInstitutionSources } from "@/server/queries/record-sources";

type Props = { params: Promise<{ locale: string; id: string }> };

export async function generateStaticParams() {
  return [];
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale, id } = await params;
  const [institution, t, site] = await Promise.all([
    getInstitution(id),
    getTranslations({ locale, namespace: "Institution" }),
    getTranslations({ locale, namespace: "Site" }),
  ]);
  if (!institution) return {};
  const name = pickText(institution.name, locale);
  return pageMetadata({ locale, path: `/institutions/${institution.slug}`, title: name, description: t("description", { name }), siteName: site("name") });
}

export default async function InstitutionPage({ params }: Props) {
  const { locale, id } = await params;
  setRequestLocale(locale);
  const [institution, sources] = await Promise.all([getInstitution(id), getInstitutionSources(id)]);
  if (!institution) notFound();
  const [t, type, site] = await Promise.all([getTranslations("Institution"), getTranslations("InstitutionType"), getTranslations("Site")]);
  const name = pick(institution.name, locale);
  return (
    <>
      <PageHeading title={<LocalizedText value={institution.name} locale={locale} />}>
        {name.fallback && <p className="mt-1 text-sm text-slate-700">{site("englishOnly")}</p>}
        <p className="mt-3 text-lg">
          {type(institution.type)}
          {institution.countryCode && (
            <>
              {" · "}
              <Link href={`/countries/${institution.countryCode.toLowerCase()}`}>{countryName(institution.countryCode, locale)}</Link>
            </>
          )}
        </p>
      </PageHeading>
      <InstitutionRecord institution={institution} locale={locale} />
      {institution.countryCode && (
        <p className="mt-8">
          <Link href={`/countries/${institution.countryCode.toLowerCase()}`}>
            {t("countryLink", { country: countryName(institution.countryCode, locale) })}
          </Link>
        </p>
      )}
      <SourceList sources={sources} />
      <LastUpdated at={institution.updatedAt} />
    </>
  );
}
