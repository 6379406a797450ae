import { getFormatter, getTranslations } from "next-intl/server";
import { LocalizedText } from "@/components/ui/localized-text";
import { Section } from "@/components/ui/section";
import { cellClass, TableBox } from "@/components/ui/table-box";
import { Link } from "@/i18n/link";
import { type CountryInvolvement, hasCountryPage } from "@/lib/geo/involvement";
import { countryName } from "@/lib/localize";
import type { OrganisationInvolvement } from "@/server/queries/map";

/** The map's figures as a table, for screen readers and anyone who would rather read than look. */
export async function CountryTable({ countries, locale }: { countries: CountryInvolvement[]; locale: string }) {
  const [t, format] = await Promise.all([getTranslations("Explore.map"), getFormatter()]);
  return (
    <Section headingId="countries-heading" heading={t("tableHeading")} className="mt-10">
      {countries.length === 0 ? (
        <p className="mt-3">{t("noCountries")}</p>
      ) : (
        <TableBox
          columns={[
            { label: t("colCountry") },
            { label: t("colSampleLoans"), numeric: true },
            { label: t("colProjects"), numeric: true },
            { label: t("colInterest"), numeric: true },
          ]}
          caption={t("tableCaption")}
          data-testid="country-table"
        >
          {countries.map((c) => (
            <tr key={c.code} className="border-t border-slate-200" data-country={c.code}>
              <th scope="row" className={`${cellClass} text-start font-semibold`}>
                {hasCountryPage(c) ? (
                  <Link href={`/countries/${c.code.toLowerCase()}`}>{countryName(c.code, locale)}</Link>
                ) : (
                  <>
                    {countryName(c.code, locale)}
                    <span className="block text-xs font-normal text-slate-700">{t("noPage")}</span>
                  </>
                )}
              </th>
              <td className={`${cellClass} text-end tabular-nums`}>{format.number(c.sampleLoans)}</td>
              <td className={`${cellClass} text-end tabular-nums`}>{format.number(c.projects)}</td>
              <td className={`${cellClass} text-end tabular-nums`}>{format.number(c.interest)}</td>
            </tr>
          ))}
        </TableBox>
      )}
    </Section>
  );
}

/** International organisations: they take part, but belong to no country on the map. */
export async function OrganisationList({
  organisations,
  describe,
  locale,
}: {
  organisations: OrganisationInvolvement[];
  describe: (o: { sampleLoans: number; projects: number }) => string;
  locale: string;
}) {
  if (organisations.length === 0) return null;
  const t = await getTranslations("Explore.map");
  return (
    <Section headingId="organisations-heading" heading={t("organisationsHeading")} intro={t("organisationsIntro")} size="small">
      <ul className="mt-3 space-y-1" data-testid="organisation-list">
        {organisations.map((o) => (
          <li key={o.institution.slug}>
            <Link href={`/institutions/${o.institution.slug}`} className="font-semibold">
              <LocalizedText value={o.institution.name} locale={locale} />
            </Link>
            <span className="block text-sm text-slate-700">{describe(o)}</span>
          </li>
        ))}
      </ul>
    </Section>
  );
}
