import { getFormatter, getTranslations } from "next-intl/server";
import { LocalizedText } from "@/components/ui/localized-text";
import { Link } from "@/i18n/link";
import { type CountryInvolvement, hasCountryPage } from "@/lib/geo/involvement";
import { countryName } from "@/lib/localize";
import type { OrganisationInvolvement } from "@/server/queries/map";

const cell = "px-2 py-3 sm:px-4";

/** The map's figures as a table, for screen readers and anyone who would rather read than look. */
export async function CountryTable({ countries, locale }: { countries: CountryInvolvement[]; locale: string }) {
  const [t, format] = await Promise.all([getTranslations("Explore.map"), getFormatter()]);
  return (
    <section aria-labelledby="countries-heading" className="mt-10">
      <h2 id="countries-heading" className="text-2xl font-bold">
        {t("tableHeading")}
      </h2>
      {countries.length === 0 ? (
        <p className="mt-3">{t("noCountries")}</p>
      ) : (
        <div className="mt-4 overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-start text-sm" data-testid="country-table">
            <caption className="sr-only">{t("tableCaption")}</caption>
            <thead className="bg-slate-100">
              <tr>
                <th scope="col" className={`${cell} text-start`}>
                  {t("colCountry")}
                </th>
                <th scope="col" className={`${cell} text-end`}>
                  {t("colSampleLoans")}
                </th>
                <th scope="col" className={`${cell} text-end`}>
                  {t("colProjects")}
                </th>
                <th scope="col" className={`${cell} text-end`}>
                  {t("colInterest")}
                </th>
              </tr>
            </thead>
            <tbody>
              {countries.map((c) => (
                <tr key={c.code} className="border-t border-slate-200" data-country={c.code}>
                  <th scope="row" className={`${cell} text-start font-semibold`}>
                    {hasCountryPage(c) ? (
                      <Link href={`/countries/${c.code.toLowerCase()}`}>{countryName(c.code, locale)}</Link>
                    ) : (
                      <>
                        {countryName(c.code, locale)}
                        <span className="block text-xs font-normal text-slate-700">{t("noPage")}</span>
                      </>
                    )}
                  </th>
                  <td className={`${cell} text-end tabular-nums`}>{format.number(c.sampleLoans)}</td>
                  <td className={`${cell} text-end tabular-nums`}>{format.number(c.projects)}</td>
                  <td className={`${cell} text-end tabular-nums`}>{format.number(c.interest)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
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
    <section aria-labelledby="organisations-heading" className="mt-8">
      <h2 id="organisations-heading" className="text-xl font-bold">
        {t("organisationsHeading")}
      </h2>
      <p className="mt-1 text-slate-800">{t("organisationsIntro")}</p>
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
    </section>
  );
}
