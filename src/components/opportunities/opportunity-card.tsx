import { getFormatter, getTranslations } from "next-intl/server";
import { opportunityPath } from "@/lib/site";
import { DemonstrationLabel } from "@/components/calls/demonstration-notice";
import { LocalizedText } from "@/components/ui/localized-text";
import { StatusBadge } from "@/components/ui/status-badge";
import { Link } from "@/i18n/link";
import type { FigureKey, OpportunitySummary } from "@/lib/validation/public-data";
import { CallDates } from "./call-dates";

// The figures a visitor looks for first on each kind of opportunity.
const keyFigures: FigureKey[] = [
  "APPLICATIONS_RECEIVED",
  "PROPOSALS_RECEIVED",
  "INSTITUTIONS_ACCEPTED",
  "PROJECTS_SELECTED",
  "AGREEMENTS_SIGNED",
  "CAPACITY_OFFERED_KG",
];

export async function OpportunityCard({ opportunity: o, locale }: { opportunity: OpportunitySummary; locale: string }) {
  const [figure, carrier, kind, home, format] = await Promise.all([
    getTranslations("Figure"),
    getTranslations("Carrier"),
    getTranslations("Kind"),
    getTranslations("Home"),
    getFormatter(),
  ]);
  const figures = keyFigures.flatMap((key) => o.figures.filter((f) => f.key === key)).slice(0, 3);
  const nextStep = `nextStep.${o.slug}` as const;
  return (
    <article className="flex w-full flex-col rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
      <div className="flex flex-wrap items-center gap-2">
        <StatusBadge status={o.status} />
        {o.demonstration && <DemonstrationLabel />}
        <span className="text-sm text-slate-700">{kind(o.kind)}</span>
      </div>
      <h3 className="mt-3 text-xl font-bold">
        <LocalizedText value={o.title} locale={locale} />
      </h3>
      <div className="mt-2">
        <CallDates opportunity={o} locale={locale} />
      </div>
      <dl className="mt-4 grid grid-cols-3 gap-2">
        {figures.map((f) => (
          <div key={f.key} className="flex flex-col">
            <dt className="text-xs text-slate-700">{figure(f.key)}</dt>
            <dd className="order-first text-2xl font-bold text-navy">
              {f.outOf === null ? format.number(f.value) : figure("outOf", { value: f.value, outOf: f.outOf })}
            </dd>
          </div>
        ))}
      </dl>
      {o.status === "OPEN" &&
        o.capacities.map((c) => (
          <p key={c.carrier} className="mt-2 text-sm text-slate-800">
            <span className="font-semibold">{carrier(c.carrier)}: </span>
            {home("capacityLeft", { remaining: c.remainingKg, total: c.massKg })}
          </p>
        ))}
      <p className="mt-auto pt-5">
        <Link
          href={opportunityPath(o.slug)}
          className="inline-block rounded bg-navy px-4 py-2 font-semibold text-white no-underline hover:bg-sky"
        >
          {home.has(nextStep) ? home(nextStep) : <LocalizedText value={o.title} locale={locale} />}
        </Link>
      </p>
    </article>
  );
}
