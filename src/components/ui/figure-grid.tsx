import { getFormatter, getTranslations } from "next-intl/server";
import type { FigureDto } from "@/lib/validation/public-data";
import { Section } from "./section";

export async function FigureGrid({ figures, heading }: { figures: FigureDto[]; heading: string }) {
  const t = await getTranslations("Figure");
  const format = await getFormatter();
  return (
    <Section headingId="figures-heading" heading={heading}>
      <dl className="mt-4 grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-4">
        {figures.map((f) => (
          <div key={f.key} className="flex flex-col rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
            <dt className="text-sm text-slate-700">{t(f.key)}</dt>
            <dd className="order-first text-3xl font-bold text-navy" data-figure={f.key}>
              {f.outOf === null ? format.number(f.value) : t("outOf", { value: f.value, outOf: f.outOf })}
            </dd>
          </div>
        ))}
      </dl>
    </Section>
  );
}
