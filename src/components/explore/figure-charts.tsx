import { getFormatter, getTranslations } from "next-intl/server";
import type { CapacityDto } from "@/lib/validation/public-data";
import type { FigureChart } from "./chart-groups";
import { BarChart, type ChartBar } from "./bar-chart";

const tableClass = "mt-3 w-full text-start text-sm";
const cellClass = "px-2 py-2 sm:px-3";

/** One chart of an opportunity's published figures, its data table, and the figures not yet published. */
export async function FigureChartBlock({ chart, idPrefix }: { chart: FigureChart; idPrefix: string }) {
  const [t, format] = await Promise.all([getTranslations("Explore.transparency"), getFormatter()]);
  const heading = t(`chart.${chart.group}`);
  const headingId = `${idPrefix}-${chart.group}`;
  const bars: ChartBar[] = chart.figures.map((f) => ({
    key: f.key,
    label: t(`figure.${f.key}`),
    value: f.value,
    outOf: f.outOf,
    valueText: f.outOf === null ? format.number(f.value) : t("outOf", { value: f.value, outOf: f.outOf }),
  }));
  const values = bars.map((b) => `${b.label} ${b.valueText}`).join(", ");
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-4" data-chart={chart.group}>
      <h3 id={headingId} className="text-lg font-bold">
        {heading}
      </h3>
      {bars.length > 0 && (
        <>
          <BarChart bars={bars} label={t("chartLabel", { chart: heading, values })} testId={`${headingId}-chart`} />
          <table className={tableClass} data-testid={`${headingId}-table`}>
            <caption className="sr-only">{t("tableCaption", { chart: heading })}</caption>
            <thead className="border-b border-slate-300">
              <tr>
                <th scope="col" className={`${cellClass} text-start`}>
                  {t("colFigure")}
                </th>
                <th scope="col" className={`${cellClass} text-end`}>
                  {t("colValue")}
                </th>
              </tr>
            </thead>
            <tbody>
              {bars.map((bar) => (
                <tr key={bar.key} className="border-b border-slate-100 last:border-0">
                  <th scope="row" className={`${cellClass} text-start font-normal`}>
                    {bar.label}
                  </th>
                  <td className={`${cellClass} text-end font-semibold tabular-nums`}>{bar.valueText}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {chart.unpublished.length > 0 && (
        <p className="mt-3 rounded border-s-4 border-amber-500 bg-amber-50 px-3 py-2 text-sm">
          {t("unpublished", { figures: format.list(chart.unpublished.map((key) => t(`figure.${key}`)), { type: "conjunction" }) })}
        </p>
      )}
    </div>
  );
}

/** Offered and reserved mass per carrier of a payload offer, as a chart and a table. */
export async function CapacityChartBlock({ capacities, idPrefix }: { capacities: CapacityDto[]; idPrefix: string }) {
  const [t, carrier, format] = await Promise.all([getTranslations("Explore.transparency"), getTranslations("Carrier"), getFormatter()]);
  const heading = t("capacityHeading");
  const headingId = `${idPrefix}-carriers`;
  const bars: ChartBar[] = capacities.map((c) => ({
    key: c.carrier,
    label: carrier(c.carrier),
    value: c.reservedKg,
    outOf: c.massKg,
    valueText: t("capacityBar", { reserved: format.number(c.reservedKg), offered: format.number(c.massKg) }),
  }));
  const values = bars.map((b) => `${b.label} ${b.valueText}`).join(", ");
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-4" data-chart="carriers">
      <h3 id={headingId} className="text-lg font-bold">
        {heading}
      </h3>
      <BarChart bars={bars} label={t("chartLabel", { chart: heading, values })} testId={`${headingId}-chart`} />
      <table className={tableClass} data-testid={`${headingId}-table`}>
        <caption className="sr-only">{t("tableCaption", { chart: heading })}</caption>
        <thead className="border-b border-slate-300">
          <tr>
            <th scope="col" className={`${cellClass} text-start`}>
              {t("colCarrier")}
            </th>
            <th scope="col" className={`${cellClass} text-end`}>
              {t("colOffered")}
            </th>
            <th scope="col" className={`${cellClass} text-end`}>
              {t("colReserved")}
            </th>
            <th scope="col" className={`${cellClass} text-end`}>
              {t("colRemaining")}
            </th>
          </tr>
        </thead>
        <tbody>
          {capacities.map((c) => (
            <tr key={c.carrier} className="border-b border-slate-100 last:border-0">
              <th scope="row" className={`${cellClass} text-start font-normal`}>
                {carrier(c.carrier)}
              </th>
              <td className={`${cellClass} text-end tabular-nums`}>{format.number(c.massKg)}</td>
              <td className={`${cellClass} text-end tabular-nums`}>{format.number(c.reservedKg)}</td>
              <td className={`${cellClass} text-end font-semibold tabular-nums`}>{format.number(c.remainingKg)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
