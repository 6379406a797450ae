import { getTranslations, setRequestLocale } from "next-intl/server";
import { OpportunityCard } from "@/components/opportunities/opportunity-card";
import { LastUpdated } from "@/components/ui/last-updated";
import { LocalizedText } from "@/components/ui/localized-text";
import { Section } from "@/components/ui/section";
import { Link } from "@/i18n/link";
import { latestOf } from "@/lib/dates";
import { listMissions } from "@/server/queries/missions";
import { listOpportunities } from "@/server/queries/opportunities";
import { metadataFromMessages } from "./page-metadata";

type Props = { params: Promise<{ locale: string }> };

export const generateMetadata = metadataFromMessages("Home", "/");

// Calls' status follows the clock: the page is built again at least every minute.
export const revalidate = 60;

export default async function HomePage({ params }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const [opportunities, missions, t, body] = await Promise.all([
    listOpportunities(),
    listMissions(),
    getTranslations("Home"),
    getTranslations("Body"),
  ]);
  const site = await getTranslations("Site");
  return (
    <>
      <section className="rounded-xl bg-gradient-to-br from-navy to-sky px-6 py-10 text-white sm:px-10">
        <h1 className="text-3xl font-bold text-white sm:text-4xl">{t("title")}</h1>
        <p className="mt-3 max-w-3xl text-lg text-white">{site("tagline")}</p>
      </section>
      <Section headingId="opportunities-heading" heading={t("heading")} intro={t("intro")} className="mt-10">
        <ul className="mt-6 grid gap-6 lg:grid-cols-3">
          {opportunities.map((o) => (
            <li key={o.slug} className="flex">
              <OpportunityCard opportunity={o} locale={locale} />
            </li>
          ))}
        </ul>
      </Section>
      <Section headingId="missions-heading" heading={t("missionsHeading")} className="mt-12">
        <ul className="mt-4 grid grid-cols-2 gap-3 sm:grid-cols-4">
          {missions.map((m) => (
            <li key={m.slug}>
              <Link
                href={`/missions/${m.slug}`}
                className="block rounded-lg border border-slate-200 bg-white p-4 font-semibold no-underline shadow-sm hover:border-sky"
              >
                <LocalizedText value={m.name} locale={locale} />
                <span className="block text-sm font-normal text-slate-700">{body(m.body)}</span>
              </Link>
            </li>
          ))}
        </ul>
      </Section>
      <LastUpdated at={latestOf([...opportunities, ...missions])} />
    </>
  );
}
