import { getTranslations, setRequestLocale } from "next-intl/server";
import { CallCard, stageThatMatters } from "@/components/calls/call-card";
import { LastUpdated } from "@/components/ui/last-updated";
import { PageHeading } from "@/components/ui/page-heading";
import { Section } from "@/components/ui/section";
import { latestOf } from "@/lib/dates";
import type { OpportunityStatus, OpportunitySummary } from "@/lib/validation/public-data";
import { listOpportunities } from "@/server/queries/opportunities";
import { metadataFromMessages } from "../page-metadata";

type Props = { params: Promise<{ locale: string }> };

// A call opens and closes by the clock, not by an edit: the page is built again at most a minute after.
export const revalidate = 60;

export const generateMetadata = metadataFromMessages("Calls", "/calls");

const GROUPS: OpportunityStatus[] = ["OPEN", "UPCOMING", "CLOSED", "RESULTS_PUBLISHED"];

/** The instant a call's card shows, for ordering: soonest first while open or upcoming, latest first once closed. */
function matterTime(call: OpportunitySummary): number | null {
  const matter = stageThatMatters(call);
  const at = matter && (matter.edge === "opens" ? matter.stage.opensAt : matter.stage.closesAt);
  return at ? Date.parse(at) : null;
}

function ordered(calls: OpportunitySummary[], status: OpportunityStatus): OpportunitySummary[] {
  const sign = status === "OPEN" || status === "UPCOMING" ? 1 : -1;
  // Calls with no date keep their listed order after the dated ones.
  return [...calls].sort((a, b) => {
    const [x, y] = [matterTime(a), matterTime(b)];
    if (x === null || y === null) return (x === null ? 1 : 0) - (y === null ? 1 : 0);
    return sign * (x - y);
  });
}

export default async function CallsPage({ params }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const [calls, t] = await Promise.all([listOpportunities(), getTranslations("Calls")]);
  return (
    <>
      <PageHeading title={t("title")} lead={t("lead")} />
      {GROUPS.map((status) => {
        const group = ordered(
          calls.filter((c) => c.status === status),
          status,
        );
        const id = `calls-${status.toLowerCase().replace("_", "-")}`;
        return (
          <Section key={status} headingId={id} heading={t(`groups.${status}`)} className="mt-10" data-calls-group={status}>
            {group.length === 0 ? (
              <p className="mt-2 text-slate-800">{t(`empty.${status}`)}</p>
            ) : (
              <ul className="mt-4 grid gap-5 md:grid-cols-2 lg:grid-cols-3">
                {group.map((call) => (
                  <li key={call.slug} className="flex">
                    <CallCard call={call} locale={locale} />
                  </li>
                ))}
              </ul>
            )}
          </Section>
        );
      })}
      {calls.length > 0 && <LastUpdated at={latestOf(calls)} />}
    </>
  );
}
