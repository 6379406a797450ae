import { getTranslations } from "next-intl/server";
import { formatPartialDate } from "@/lib/localize";
import type { OpportunitySummary } from "@/lib/validation/public-data";
import { now } from "@/server/platform/clock";

/** When a call opened and closes, or that it is rolling, or that its dates were not published. */
export async function CallDates({ opportunity, locale }: { opportunity: OpportunitySummary; locale: string }) {
  const [t, calls] = await Promise.all([getTranslations("Dates"), getTranslations("Calls")]);
  const { opensOn, closesOn, status } = opportunity;
  const today = now().toISOString().slice(0, 10);
  // Only a call still to open or open now can close in the future; a closed one says so whatever its dates.
  const running = status === "OPEN" || status === "UPCOMING";
  const lines: string[] = [];
  if (opensOn) {
    const future = status === "UPCOMING" || opensOn.date > today;
    lines.push(future ? calls("opensFuture", { date: formatPartialDate(opensOn, locale) }) : t("opens", { date: formatPartialDate(opensOn, locale) }));
  }
  if (closesOn) {
    const future = running && closesOn.date >= today;
    lines.push(t(future ? "closesFuture" : "closes", { date: formatPartialDate(closesOn, locale) }));
  } else if (status === "OPEN") {
    lines.push(t("rolling"));
  }
  if (lines.length === 0) lines.push(t("notPublished"));
  return (
    <ul className="text-sm text-slate-700">
      {lines.map((line) => (
        <li key={line}>{line}</li>
      ))}
    </ul>
  );
}
