import { getTranslations } from "next-intl/server";

/** One pool as a bar shows it: its name, what is left of its capacity, and its unit as the reader's language writes it. */
export interface PoolBar {
  key: string;
  name: string;
  remaining: number;
  total: number;
  unit: string;
}

/** One bar per pool (a carrier's kilograms, a sample category's grams): how much of what is offered is still available. */
export async function CapacityBars({ bars }: { bars: PoolBar[] }) {
  const t = await getTranslations("Tianwen");
  return (
    <ul className="mt-4 space-y-4">
      {bars.map((c) => {
        const share = c.total > 0 ? Math.round((c.remaining / c.total) * 100) : 0;
        const text = t("capacityBar", { remaining: c.remaining, total: c.total, unit: c.unit });
        return (
          <li key={c.key} data-pool={c.key}>
            <div className="flex justify-between gap-4 font-semibold">
              <span>{c.name}</span>
              <span>{text}</span>
            </div>
            <div
              role="meter"
              aria-label={c.name}
              aria-valuemin={0}
              aria-valuemax={c.total}
              aria-valuenow={c.remaining}
              aria-valuetext={text}
              className="mt-1 h-4 w-full overflow-hidden rounded bg-slate-200"
            >
              <div className="h-full bg-emerald-600" style={{ width: `${share}%` }} />
            </div>
          </li>
        );
      })}
    </ul>
  );
}
