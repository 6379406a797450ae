import type { ReactNode } from "react";
import { CallDates } from "@/components/opportunities/call-dates";
import { LocalizedText } from "@/components/ui/localized-text";
import { PageHeading } from "@/components/ui/page-heading";
import { StatusBadge } from "@/components/ui/status-badge";
import type { OpportunitySummary } from "@/lib/validation/public-data";

/** An opportunity page's heading: the call's title and status, with `dates` also when it opened and closes. */
export function OpportunityHeading({
  opportunity,
  lead,
  locale,
  dates = false,
}: {
  opportunity: OpportunitySummary;
  lead: ReactNode;
  locale: string;
  dates?: boolean;
}) {
  return (
    <PageHeading title={<LocalizedText value={opportunity.title} locale={locale} />} lead={lead}>
      <div className="mt-3 flex flex-wrap items-center gap-3">
        <StatusBadge status={opportunity.status} />
        {dates && <CallDates opportunity={opportunity} locale={locale} />}
      </div>
    </PageHeading>
  );
}
