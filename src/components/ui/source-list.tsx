import { getTranslations } from "next-intl/server";
import type { SourceDto } from "@/lib/validation/public-data";
import { Section } from "./section";

export async function SourceList({ sources }: { sources: SourceDto[] }) {
  const t = await getTranslations("Sources");
  if (sources.length === 0) return null;
  return (
    <Section headingId="sources-heading" heading={t("heading")} size="small" className="mt-10 border-t border-slate-300 pt-6">
      <p className="mt-1 text-sm text-slate-700">{t("intro")}</p>
      <ol className="mt-3 list-decimal space-y-1 ps-6 text-sm">
        {sources.map((s) => (
          <li key={s.url ?? s.label}>
            {s.url ? (
              <a href={s.url} rel="noopener noreferrer external" className="break-words">
                {s.label}
              </a>
            ) : (
              <span lang="en">
                {s.label} <span className="text-slate-600">({t("document")})</span>
              </span>
            )}
          </li>
        ))}
      </ol>
    </Section>
  );
}
