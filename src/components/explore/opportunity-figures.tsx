import { getTranslations } from "next-intl/server";
import { LocalizedText } from "@/components/ui/localized-text";
import { StatusBadge } from "@/components/ui/status-badge";
import { Link } from "@/i18n/link";
import type { OpportunityTransparency } from "@/server/queries/transparency";
import { chartFigures } from "./chart-groups";
import { CapacityChartBlock, FigureChartBlock } from "./figure-charts";

/** One call on the transparency dashboard: its published figures as charts with tables, capacity and interest counts. */
export async function OpportunityFigures({ opportunity: o, locale }: { opportunity: OpportunityTransparency; locale: string }) {
  const t = await getTranslations("Explore.transparency");
  const charts = chartFigures(o.kind, o.figures);
  return (
    <section aria-labelledby={`${o.slug}-heading`} className="mt-10" data-opportunity={o.slug}>
      <div className="flex flex-wrap items-center gap-3">
        <h2 id={`${o.slug}-heading`} className="text-2xl font-bold">
          <LocalizedText value={o.title} locale={locale} />
        </h2>
        <StatusBadge status={o.status} />
      </div>
      <p className="mt-1 text-sm">
        <Link href={`/opportunities/${o.slug}`}>{t("details")}</Link>
      </p>
      {charts.length === 0 && o.capacities.length === 0 && <p className="mt-3">{t("noFigures")}</p>}
      <div className="mt-4 grid gap-4 md:grid-cols-2">
        {charts.map((chart) => (
          <FigureChartBlock key={chart.group} chart={chart} idPrefix={o.slug} />
        ))}
        {o.capacities.length > 0 && <CapacityChartBlock capacities={o.capacities} idPrefix={o.slug} />}
        {o.interest && (
          <div className="rounded-lg border border-slate-200 bg-white p-4">
            <h3 id={`${o.slug}-interest`} className="text-lg font-bold">
              {t("interestHeading")}
            </h3>
            <p className="mt-2" data-testid={`${o.slug}-interest`}>
              {t("interestSummary", o.interest)}
            </p>
            <p className="mt-2 text-sm text-slate-700">{t("interestNote")}</p>
          </div>
        )}
      </div>
    </section>
  );
}
