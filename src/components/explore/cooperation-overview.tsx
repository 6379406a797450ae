import { getFormatter, getTranslations } from "next-intl/server";
import { localeInfo } from "@/i18n/locales";
import { countryName } from "@/lib/localize";
import type { CooperationMap as CooperationMapData } from "@/server/queries/map";
import { CooperationMap, MapLegend } from "./cooperation-map";
import { CountryTable, OrganisationList } from "./country-table";

/** The map, its key, and the same figures as a table, with each country named the same way in all three. */
export async function CooperationOverview({ data, locale }: { data: CooperationMapData; locale: string }) {
  const [counts, format] = await Promise.all([getTranslations("Explore.counts"), getFormatter()]);
  const collator = new Intl.Collator(localeInfo(locale).intl);
  const countries = [...data.countries].sort((a, b) => collator.compare(countryName(a.code, locale), countryName(b.code, locale)));
  const describe = (c: { sampleLoans: number; projects: number; interest?: number }) =>
    format.list(
      [
        c.sampleLoans > 0 && counts("sampleLoans", { count: c.sampleLoans }),
        c.projects > 0 && counts("projects", { count: c.projects }),
        (c.interest ?? 0) > 0 && counts("interest", { count: c.interest ?? 0 }),
      ].filter((part): part is string => Boolean(part)),
      { type: "unit" },
    );
  const names = new Map(countries.map((c) => [c.code, counts("named", { name: countryName(c.code, locale), details: describe(c) })]));
  return (
    <>
      <CooperationMap countries={countries} names={names} locale={locale} />
      <MapLegend />
      <CountryTable countries={countries} locale={locale} />
      <OrganisationList organisations={data.organisations} describe={describe} locale={locale} />
    </>
  );
}
