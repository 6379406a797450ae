import { LocalizedText } from "@/components/ui/localized-text";
import type { Localized } from "@/lib/validation/public-data";

export function FactList({ facts, locale }: { facts: Localized[]; locale: string }) {
  return (
    <ul className="mt-3 list-disc space-y-2 ps-6 text-slate-800">
      {facts.map((f) => (
        <li key={f.en}>
          <LocalizedText value={f} locale={locale} />
        </li>
      ))}
    </ul>
  );
}
