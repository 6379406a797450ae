import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { FactList } from "@/components/opportunities/fact-list";
import { LastUpdated } from "@/components/ui/last-updated";
import { LocalizedText } from "@/components/ui/localized-text";
import { PageHeading } from "@/components/ui/page-heading";
import { Section } from "@/components/ui/section";
import { SourceList } from "@/components/ui/source-list";
import { StatusBadge } from "@/components/ui/status-badge";
import { Link } from "@/i18n/link";
import { pickText } from "@/lib/localize";
import { opportunityPath, pageMetadata } from "@/lib/site";
import { getMission } from "@/server/queries/missions";

type Props = { params: Promise<{ locale: string; slug: string }> };

export async function generateStaticParams() {
  return [];
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale, slug } = await params;
  const [mission, site] = await Promise.all([getMission(slug), getTranslations({ locale, namespace: "Site" })]);
  if (!mission) return {};
  const name = pickText(mission.name, locale);
  const description = mission.facts[0] ? pickText(mission.facts[0], locale) : name;
  return pageMetadata({ locale, path: `/missions/${mission.slug}`, title: name, description, siteName: site("name") });
}

// Calls' status follows the clock: the page is built again at least every minute.
export const revalidate = 60;

export default async function MissionPage({ params }: Props) {
  const { locale, slug } = await params;
  setRequestLocale(locale);
  const mission = await getMission(slug);
  if (!mission) notFound();
  const [t, body, status] = await Promise.all([
    getTranslations("Missions"),
    getTranslations("Body"),
    getTranslations("MissionStatus"),
  ]);
  const rows = [
    { label: t("target"), value: body(mission.body) },
    { label: t("status"), value: status(mission.status) },
    { label: t("launch"), value: mission.launchWindow ? <LocalizedText value={mission.launchWindow} locale={locale} /> : t("unknown") },
    { label: t("landingSite"), value: mission.landingSite ? <LocalizedText value={mission.landingSite} locale={locale} /> : t("unknown") },
  ];
  return (
    <>
      <PageHeading title={<LocalizedText value={mission.name} locale={locale} />} trail={[{ href: "/missions", label: t("title") }]} />
      <dl className="mt-6 grid gap-3 sm:grid-cols-4">
        {rows.map((row) => (
          <div key={row.label} className="rounded-lg border border-slate-200 bg-white p-4">
            <dt className="text-sm text-slate-700">{row.label}</dt>
            <dd className="mt-1 font-semibold">{row.value}</dd>
          </div>
        ))}
      </dl>
      <Section headingId="facts-heading" heading={t("facts")}>
        <FactList facts={mission.facts} locale={locale} />
      </Section>
      <Section headingId="opportunities-heading" heading={t("opportunities")}>
        {mission.opportunities.length === 0 ? (
          <p className="mt-2">{t("none")}</p>
        ) : (
          <ul className="mt-3 space-y-2">
            {mission.opportunities.map((o) => (
              <li key={o.slug} className="flex flex-wrap items-center gap-3">
                <Link href={opportunityPath(o.slug)} className="font-semibold">
                  <LocalizedText value={o.title} locale={locale} />
                </Link>
                <StatusBadge status={o.status} />
              </li>
            ))}
          </ul>
        )}
      </Section>
      <SourceList sources={mission.sources} />
      <LastUpdated at={mission.updatedAt} />
    </>
  );
}
