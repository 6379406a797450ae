import { getTranslations, setRequestLocale } from "next-intl/server";
import { periodEnd } from "@/components/explore/timeline-dates";
import { TimelineList } from "@/components/explore/timeline-list";
import { LastUpdated } from "@/components/ui/last-updated";
import { LocalizedText } from "@/components/ui/localized-text";
import { NoteList } from "@/components/ui/note-list";
import { PageHeading } from "@/components/ui/page-heading";
import { Section } from "@/components/ui/section";
import { Link } from "@/i18n/link";
import { formatPartialDate } from "@/lib/localize";
import { getTimeline } from "@/server/queries/timeline";
import { metadataFromMessages } from "../page-metadata";

// Rendered again every hour, so the "Today" mark moves with the date; the entries revalidate by tag.
export const revalidate = 3600;

type Props = { params: Promise<{ locale: string }> };

export const generateMetadata = metadataFromMessages("Explore.timeline", "/timeline");

export default async function TimelinePage({ params }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const [timeline, t] = await Promise.all([getTimeline(), getTranslations("Explore.timeline")]);
  const today = new Date().toISOString().slice(0, 10);
  return (
    <>
      <PageHeading title={t("title")} lead={t("lead")} />
      <Section headingId="timeline-heading" heading={t("listHeading")}>
        <TimelineList entries={timeline.entries} today={today} locale={locale} />
      </Section>
      {timeline.incompleteCalls.length > 0 && (
        <Section headingId="undated-heading" heading={t("undatedHeading")} intro={t("undatedIntro")} size="small" className="mt-6">
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
        </Section>
      )}
      <Section headingId="dates-heading" heading={t("notesHeading")} size="small">
        <NoteList notes={[t("notePrecision"), t("noteStages"), t("noteApproximate")]} />
      </Section>
      <LastUpdated at={timeline.updatedAt} />
    </>
  );
}
