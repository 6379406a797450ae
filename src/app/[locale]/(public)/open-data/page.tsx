import { getTranslations, setRequestLocale } from "next-intl/server";
import { DatasetDownloads } from "@/components/open-data/dataset-downloads";
import { VerifySteps } from "@/components/open-data/verify-steps";
import { LastUpdated } from "@/components/ui/last-updated";
import { LocalizedText } from "@/components/ui/localized-text";
import { PageHeading } from "@/components/ui/page-heading";
import { Section } from "@/components/ui/section";
import { env } from "@/env";
import { Link } from "@/i18n/link";
import { latest } from "@/lib/dates";
import { CALENDAR_PATH, feedPath } from "@/lib/validation/open-data";
import { callsWithoutDeadline } from "@/server/open-data/calendar";
import { listDatasets } from "@/server/open-data/files";
import { getSigningKey } from "@/server/open-data/signing-key";
import { listOpportunities } from "@/server/queries/opportunities";
import { metadataFromMessages } from "../page-metadata";

type Props = { params: Promise<{ locale: string }> };

export const generateMetadata = metadataFromMessages("OpenData", "/open-data");

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

      <Section
        headingId="why-heading"
        heading={t("why.heading")}
        size="small"
        className="mt-8 max-w-3xl rounded-xl border-s-4 border-sky bg-white p-5 shadow-sm"
      >
        <p className="mt-2">{t("why.fraud")}</p>
        <p className="mt-2">{t("why.trust")}</p>
      </Section>

      <Section headingId="datasets-heading" heading={t("datasets.heading")} intro={t("datasets.intro")} className="mt-10">
        <DatasetDownloads datasets={datasets} locale={locale} />
      </Section>

      <Section headingId="feeds-heading" heading={t("feeds.heading")} className="mt-12">
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
      </Section>

      <Section headingId="api-heading" heading={t("api.heading")} intro={t("api.intro")} className="mt-12">
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
      </Section>

      <VerifySteps origin={env.SITE_URL} fingerprint={key.fingerprint} configuredKey={key.source === "environment"} />

      <LastUpdated at={updatedAt} />
    </>
  );
}
