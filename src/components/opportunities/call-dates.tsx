import { getTranslations } from "next-intl/server";
import { formatPartialDate } from "@/lib/localize";
import type { OpportunitySummary } from "@/lib/validation/public-data";

/** When a call opened and closes, or that it is rolling, or that its dates were not published. */
export async function CallDates({ opportunity, locale }: { opportunity: OpportunitySummary; locale: string }) {
  const t = await getTranslations("Dates");
  const { opensOn, closesOn, status } = opportunity;
  const lines: string[] = [];
  if (opensOn) lines.push(t("opens", { date: formatPartialDate(opensOn, locale) }));
  if (closesOn) {
    const future = closesOn.date >= new Date().toISOString().slice(0, 10);
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
