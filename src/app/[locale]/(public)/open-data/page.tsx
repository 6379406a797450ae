import type { Metadata } from "next";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { DatasetDownloads } from "@/components/open-data/dataset-downloads";
import { VerifySteps } from "@/components/open-data/verify-steps";
import { LastUpdated } from "@/components/ui/last-updated";
import { LocalizedText } from "@/components/ui/localized-text";
import { PageHeading } from "@/components/ui/page-heading";
import { env } from "@/env";
import { Link } from "@/i18n/link";
import { latest } from "@/lib/dates";
import { pageMetadata } from "@/lib/site";
import { CALENDAR_PATH, feedPath } from "@/lib/validation/open-data";
import { callsWithoutDeadline } from "@/server/open-data/calendar";
import { listDatasets } from "@/server/open-data/files";
import { getSigningKey } from "@/server/open-data/signing-key";
import { listOpportunities } from "@/server/queries/opportunities";

type Props = { params: Promise<{ locale: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale } = await params;
  const t = await getTranslations({ locale, namespace: "OpenData" });
  const site = await getTranslations({ locale, namespace: "Site" });
  return pageMetadata({ locale, path: "/open-data", title: t("title"), description: t("description"), siteName: site("name") });
}

export default async function OpenDataPage({ params }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const [datasets, opportunities, t] = await Promise.all([listDatasets(), listOpportunities(), getTranslations("OpenData")]);
  const key = getSigningKey();
  const withoutDeadline = callsWithoutDeadline(opportunities);
  const updatedAt = latest(...datasets.flatMap((d) => (d.updatedAt ? [d.updatedAt] : [])), ...opportunities.map((o) => o.updatedAt));

  return (
    <>
      <PageHeading title={t("title")} lead={t("description")} />

      <section aria-labelledby="why-heading" className="mt-8 max-w-3xl rounded-xl border-s-4 border-sky bg-white p-5 shadow-sm">
        <h2 id="why-heading" className="text-xl font-bold">
          {t("why.heading")}
        </h2>
        <p className="mt-2">{t("why.fraud")}</p>
        <p className="mt-2">{t("why.trust")}</p>
      </section>

      <section aria-labelledby="datasets-heading" className="mt-10">
        <h2 id="datasets-heading" className="text-2xl font-bold">
          {t("datasets.heading")}
        </h2>
        <p className="mt-2 max-w-3xl text-slate-800">{t("datasets.intro")}</p>
        <DatasetDownloads datasets={datasets} locale={locale} />
      </section>

      <section aria-labelledby="feeds-heading" className="mt-12">
        <h2 id="feeds-heading" className="text-2xl font-bold">
          {t("feeds.heading")}
        </h2>
        <ul className="mt-3 list-disc space-y-2 ps-6">
          <li>
            {t.rich("feeds.feed", {
              link: () => (
                <a href={feedPath(locale)} type="application/atom+xml" className="font-mono">
                  {feedPath(locale).slice(1)}
                </a>
              ),
            })}
          </li>
          <li>
            {t.rich("feeds.calendar", {
              link: () => (
                <a href={CALENDAR_PATH} type="text/calendar" className="font-mono">
                  {CALENDAR_PATH.slice(1)}
                </a>
              ),
            })}
          </li>
        </ul>
        <p className="mt-3 max-w-3xl text-slate-800" data-calls-without-deadline={withoutDeadline.length}>
          {withoutDeadline.length === 0
            ? t("feeds.allDated")
            : t.rich("feeds.absent", {
                calls: () =>
                  withoutDeadline.map((o, i) => (
                    <span key={o.slug}>
                      {i > 0 && t("feeds.separator")}
                      <Link href={`/opportunities/${o.slug}`}>
                        <LocalizedText value={o.title} locale={locale} />
                      </Link>
                    </span>
                  )),
              })}
        </p>
      </section>

      <section aria-labelledby="api-heading" className="mt-12">
        <h2 id="api-heading" className="text-2xl font-bold">
          {t("api.heading")}
        </h2>
        <p className="mt-2 max-w-3xl">{t("api.intro")}</p>
        <ul className="mt-3 list-disc space-y-1 ps-6">
          <li>
            <a href="/api/v1/missions" className="font-mono">
              api/v1/missions
            </a>
          </li>
          <li>
            <a href="/api/v1/openapi.json">{t("api.openapi")}</a> (<span className="font-mono">api/v1/openapi.json</span>)
          </li>
        </ul>
      </section>

      <VerifySteps origin={env.SITE_URL} fingerprint={key.fingerprint} configuredKey={key.source === "environment"} />

      <LastUpdated at={updatedAt} />
    </>
  );
}
