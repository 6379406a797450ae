import { LocalizedText } from "@/components/ui/localized-text";
import { Link } from "@/i18n/link";
import { countryName } from "@/lib/localize";
import type { InstitutionSummary } from "@/lib/validation/public-data";

export function InstitutionLink({ institution, locale }: { institution: InstitutionSummary; locale: string }) {
  return (
    <Link href={`/institutions/${institution.slug}`}>
      <LocalizedText value={institution.name} locale={locale} />
    </Link>
  );
}

/** The country or region as a link to its page; an international organisation has none. */
export function CountryLink({ code, locale, fallback }: { code: string | null; locale: string; fallback: string }) {
  if (!code) return <>{fallback}</>;
  return <Link href={`/countries/${code.toLowerCase()}`}>{countryName(code, locale)}</Link>;
}
