import type { Metadata } from "next";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { CooperationOverview } from "@/components/explore/cooperation-overview";
import { LastUpdated } from "@/components/ui/last-updated";
import { PageHeading } from "@/components/ui/page-heading";
import { pageMetadata } from "@/lib/site";
import { cacheHour, getCooperationMap } from "@/server/queries/map";

// Expressions of interest are counted hourly (see cacheHour); everything else revalidates by tag.
export const revalidate = 3600;

type Props = { params: Promise<{ locale: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale } = await params;
  const [t, site] = await Promise.all([getTranslations({ locale, namespace: "Explore.map" }), getTranslations({ locale, namespace: "Site" })]);
  return pageMetadata({ locale, path: "/map", title: t("title"), description: t("description"), siteName: site("name") });
}

export default async function MapPage({ params }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const [data, t] = await Promise.all([getCooperationMap(cacheHour()), getTranslations("Explore.map")]);
  return (
    <>
      <PageHeading title={t("title")} lead={t("lead")} />
      <CooperationOverview data={data} locale={locale} />
      <section aria-labelledby="map-notes-heading" className="mt-10">
        <h2 id="map-notes-heading" className="text-xl font-bold">
          {t("notesHeading")}
        </h2>
        <ul className="mt-2 max-w-3xl list-disc space-y-1 ps-6 text-slate-800">
          <li>{t("noteApplicants")}</li>
          <li>{t("noteInterest")}</li>
          <li>{t("noteData")}</li>
        </ul>
      </section>
      <LastUpdated at={data.updatedAt} />
    </>
  );
}
