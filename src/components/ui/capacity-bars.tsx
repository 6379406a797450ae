import { getTranslations } from "next-intl/server";
import type { CapacityDto } from "@/lib/validation/public-data";

/** One bar per carrier: how much of the offered mass is still available. */
export async function CapacityBars({ capacities }: { capacities: CapacityDto[] }) {
  const t = await getTranslations("Tianwen");
  const carrier = await getTranslations("Carrier");
  return (
    <ul className="mt-4 space-y-4">
      {capacities.map((c) => {
        const share = c.massKg > 0 ? Math.round((c.remainingKg / c.massKg) * 100) : 0;
        return (
          <li key={c.carrier} data-carrier={c.carrier}>
            <div className="flex justify-between gap-4 font-semibold">
              <span>{carrier(c.carrier)}</span>
              <span>{t("capacityBar", { remaining: c.remainingKg, total: c.massKg })}</span>
            </div>
            <div
              role="meter"
              aria-label={carrier(c.carrier)}
              aria-valuemin={0}
              aria-valuemax={c.massKg}
              aria-valuenow={c.remainingKg}
              aria-valuetext={t("capacityBar", { remaining: c.remainingKg, total: c.massKg })}
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
