import type { Metadata } from "next";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { periodEnd } from "@/components/explore/timeline-dates";
import { TimelineList } from "@/components/explore/timeline-list";
import { LastUpdated } from "@/components/ui/last-updated";
import { LocalizedText } from "@/components/ui/localized-text";
import { PageHeading } from "@/components/ui/page-heading";
import { Link } from "@/i18n/link";
import { formatPartialDate } from "@/lib/localize";
import { pageMetadata } from "@/lib/site";
import { getTimeline } from "@/server/queries/timeline";

// Rendered again every hour, so the "Today" mark moves with the date; the entries revalidate by tag.
export const revalidate = 3600;

type Props = { params: Promise<{ locale: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale } = await params;
  const [t, site] = await Promise.all([getTranslations({ locale, namespace: "Explore.timeline" }), getTranslations({ locale, namespace: "Site" })]);
  return pageMetadata({ locale, path: "/timeline", title: t("title"), description: t("description"), siteName: site("name") });
}

export default async function TimelinePage({ params }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const [timeline, t] = await Promise.all([getTimeline(), getTranslations("Explore.timeline")]);
  const today = new Date().toISOString().slice(0, 10);
  return (
    <>
      <PageHeading title={t("title")} lead={t("lead")} />
      <section aria-labelledby="timeline-heading" className="mt-8">
        <h2 id="timeline-heading" className="text-2xl font-bold">
          {t("listHeading")}
        </h2>
        <TimelineList entries={timeline.entries} today={today} locale={locale} />
      </section>
      {timeline.incompleteCalls.length > 0 && (
        <section aria-labelledby="undated-heading" className="mt-6">
          <h2 id="undated-heading" className="text-xl font-bold">
            {t("undatedHeading")}
          </h2>
          <p className="mt-1 text-slate-800">{t("undatedIntro")}</p>
          <ul className="mt-3 space-y-3" data-testid="undated-calls">
            {timeline.incompleteCalls.map((call) => (
              <li key={call.opportunity.slug} className="rounded-lg border border-slate-200 bg-white p-4" data-opportunity={call.opportunity.slug}>
                <Link href={`/opportunities/${call.opportunity.slug}`} className="font-semibold">
                  <LocalizedText value={call.opportunity.name} locale={locale} />
                </Link>
                <p className="text-sm text-slate-800">
                  {call.opensOn ? t("opened", { date: formatPartialDate(call.opensOn, locale) }) : t("openingUnknown")}
                </p>
                <p className="text-sm text-slate-800">
                  {call.closesOn
                    ? t(periodEnd(call.closesOn) < today ? "closed" : "closes", { date: formatPartialDate(call.closesOn, locale) })
                    : call.status === "OPEN"
                      ? t("rolling")
                      : t("closingUnknown")}
                </p>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section aria-labelledby="dates-heading" className="mt-8">
        <h2 id="dates-heading" className="text-xl font-bold">
          {t("notesHeading")}
        </h2>
        <ul className="mt-2 max-w-3xl list-disc space-y-1 ps-6 text-slate-800">
          <li>{t("notePrecision")}</li>
          <li>{t("noteApproximate")}</li>
        </ul>
      </section>
      <LastUpdated at={timeline.updatedAt} />
    </>
  );
}
