import { getFormatter, getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import type { CapacityDto } from "@/lib/validation/public-data";
import type { FigureChart } from "./chart-groups";
import { BarChart, type ChartBar } from "./bar-chart";

const cellClass = "px-2 py-2 sm:px-3";

/**
 * One chart in its card: the heading, the bars, and the same numbers as a table under the given column headings
 * (the first names the row, the rest are numbers). `note` follows the table.
 */
async function ChartCard({
  name,
  heading,
  headingId,
  bars,
  columns,
  rows,
  note,
}: {
  name: string;
  heading: string;
  headingId: string;
  bars: ChartBar[];
  columns: string[];
  rows: ReactNode;
  note?: ReactNode;
}) {
  const t = await getTranslations("Explore.transparency");
  const values = bars.map((b) => `${b.label} ${b.valueText}`).join(", ");
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-4" data-chart={name}>
      <h3 id={headingId} className="text-lg font-bold">
        {heading}
      </h3>
      {bars.length > 0 && (
        <>
          <BarChart bars={bars} label={t("chartLabel", { chart: heading, values })} testId={`${headingId}-chart`} />
          <table className="mt-3 w-full text-start text-sm" data-testid={`${headingId}-table`}>
            <caption className="sr-only">{t("tableCaption", { chart: heading })}</caption>
            <thead className="border-b border-slate-300">
              <tr>
                {columns.map((column, i) => (
                  <th key={column} scope="col" className={`${cellClass} ${i === 0 ? "text-start" : "text-end"}`}>
                    {column}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>{rows}</tbody>
          </table>
        </>
      )}
      {note}
    </div>
  );
}

/** A table row of a chart: its name, then its numbers, the last one in bold. */
function ChartRow({ name, values }: { name: string; values: string[] }) {
  return (
    <tr className="border-b border-slate-100 last:border-0">
      <th scope="row" className={`${cellClass} text-start font-normal`}>
        {name}
      </th>
      {values.map((value, i) => (
        <td key={i} className={`${cellClass} text-end tabular-nums ${i === values.length - 1 ? "font-semibold" : ""}`}>
          {value}
        </td>
      ))}
    </tr>
  );
}

/** One chart of an opportunity's published figures, its data table, and the figures not yet published. */
export async function FigureChartBlock({ chart, idPrefix }: { chart: FigureChart; idPrefix: string }) {
  const [t, format] = await Promise.all([getTranslations("Explore.transparency"), getFormatter()]);
  const bars: ChartBar[] = chart.figures.map((f) => ({
    key: f.key,
    label: t(`figure.${f.key}`),
    value: f.value,
    outOf: f.outOf,
    valueText: f.outOf === null ? format.number(f.value) : t("outOf", { value: f.value, outOf: f.outOf }),
  }));
  return (
    <ChartCard
      name={chart.group}
      heading={t(`chart.${chart.group}`)}
      headingId={`${idPrefix}-${chart.group}`}
      bars={bars}
      columns={[t("colFigure"), t("colValue")]}
      rows={bars.map((bar) => (
        <ChartRow key={bar.key} name={bar.label} values={[bar.valueText]} />
      ))}
      note={
        chart.unpublished.length > 0 && (
          <p className="mt-3 rounded border-s-4 border-amber-500 bg-amber-50 px-3 py-2 text-sm">
            {t("unpublished", { figures: format.list(chart.unpublished.map((key) => t(`figure.${key}`)), { type: "conjunction" }) })}
          </p>
        )
      }
    />
  );
}

/** Offered and reserved mass per carrier of a payload offer, as a chart and a table. */
export async function CapacityChartBlock({ capacities, idPrefix }: { capacities: CapacityDto[]; idPrefix: string }) {
  const [t, carrier, format] = await Promise.all([getTranslations("Explore.transparency"), getTranslations("Carrier"), getFormatter()]);
  const bars: ChartBar[] = capacities.map((c) => ({
    key: c.carrier,
    label: carrier(c.carrier),
    value: c.reservedKg,
    outOf: c.massKg,
    valueText: t("capacityBar", { reserved: format.number(c.reservedKg), offered: format.number(c.massKg) }),
  }));
  return (
    <ChartCard
      name="carriers"
      heading={t("capacityHeading")}
      headingId={`${idPrefix}-carriers`}
      bars={bars}
      columns={[t("colCarrier"), t("colOffered"), t("colReserved"), t("colRemaining")]}
      rows={capacities.map((c) => (
        <ChartRow key={c.carrier} name={carrier(c.carrier)} values={[c.massKg, c.reservedKg, c.remainingKg].map((kg) => format.number(kg))} />
      ))}
    />
  );
}
