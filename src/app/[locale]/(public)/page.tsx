import type { Metadata } from "next";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { OpportunityCard } from "@/components/opportunities/opportunity-card";
import { LastUpdated } from "@/components/ui/last-updated";
import { LocalizedText } from "@/components/ui/localized-text";
import { Link } from "@/i18n/link";
import { latestOf } from "@/lib/dates";
import { pageMetadata } from "@/lib/site";
import { listMissions } from "@/server/queries/missions";
import { listOpportunities } from "@/server/queries/opportunities";

type Props = { params: Promise<{ locale: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale } = await params;
  const t = await getTranslations({ locale, namespace: "Home" });
  const site = await getTranslations({ locale, namespace: "Site" });
  return pageMetadata({ locale, path: "/", title: t("title"), description: t("description"), siteName: site("name") });
}

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
      <section aria-labelledby="opportunities-heading" className="mt-10">
        <h2 id="opportunities-heading" className="text-2xl font-bold">
          {t("heading")}
        </h2>
        <p className="mt-2 max-w-3xl text-slate-800">{t("intro")}</p>
        <ul className="mt-6 grid gap-6 lg:grid-cols-3">
          {opportunities.map((o) => (
            <li key={o.slug} className="flex">
              <OpportunityCard opportunity={o} locale={locale} />
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="missions-heading" className="mt-12">
        <h2 id="missions-heading" className="text-2xl font-bold">
          {t("missionsHeading")}
        </h2>
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
      </section>
      <LastUpdated at={latestOf([...opportunities, ...missions])} />
    </>
  );
}
