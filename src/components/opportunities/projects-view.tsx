import { getTranslations } from "next-intl/server";
import { FactList } from "@/components/opportunities/fact-list";
import { CountryLink, InstitutionLink } from "@/components/opportunities/institution-name";
import { OpportunityHeading } from "@/components/opportunities/opportunity-heading";
import { FigureGrid } from "@/components/ui/figure-grid";
import { LastUpdated } from "@/components/ui/last-updated";
import { NextRound } from "./next-round";
import { LocalizedText } from "@/components/ui/localized-text";
import { Section } from "@/components/ui/section";
import { SourceList } from "@/components/ui/source-list";
import { Link } from "@/i18n/link";
import { countryName } from "@/lib/localize";
import { filterProjects, projectCountries, type ProjectFilter } from "@/lib/project-filters";
import { OPPORTUNITY_PATHS } from "@/lib/site";
import { projectKindSchema, type MissionDetail, type OpportunityDetail } from "@/lib/validation/public-data";

/** The Chang'e-8 page: mission facts, figures, and the selected projects narrowed by a filter. */
export async function ProjectsView({
  opportunity,
  mission,
  filter,
  invalidFilter,
  locale,
}: {
  opportunity: OpportunityDetail;
  mission: MissionDetail;
  filter: ProjectFilter;
  invalidFilter: boolean;
  locale: string;
}) {
  const [t, m, kindT, type] = await Promise.all([
    getTranslations("Projects"),
    getTranslations("Missions"),
    getTranslations("ProjectKind"),
    getTranslations("InstitutionType"),
  ]);
  const countries = projectCountries(opportunity.projects).sort((a, b) =>
    countryName(a, locale).localeCompare(countryName(b, locale), locale),
  );
  const projects = filterProjects(opportunity.projects, filter);
  const path = OPPORTUNITY_PATHS["chang-e-8-cooperation-projects"];
  const active = Boolean(filter.country || filter.kind);

  return (
    <>
      <OpportunityHeading opportunity={opportunity} lead={t("description")} locale={locale} />

      <Section
        headingId="mission-heading"
        heading={
          <>
            {t("missionHeading")}: <LocalizedText value={mission.name} locale={locale} />
          </>
        }
        className="mt-8 rounded-xl border border-slate-200 bg-white p-6"
      >
        <dl className="mt-3 grid gap-3 sm:grid-cols-2">
          <div>
            <dt className="text-sm text-slate-700">{m("launch")}</dt>
            <dd className="font-semibold">{mission.launchWindow ? <LocalizedText value={mission.launchWindow} locale={locale} /> : m("unknown")}</dd>
          </div>
          <div>
            <dt className="text-sm text-slate-700">{m("landingSite")}</dt>
            <dd className="font-semibold">{mission.landingSite ? <LocalizedText value={mission.landingSite} locale={locale} /> : m("unknown")}</dd>
          </div>
        </dl>
        <FactList facts={mission.facts} locale={locale} />
      </Section>

      <FigureGrid figures={opportunity.figures} heading={t("figuresHeading")} />

      <Section headingId="projects-heading" heading={t("listHeading")} className="mt-10">
        <form method="get" action={`/${locale}${path}`} className="mt-4 flex flex-wrap items-end gap-4 rounded-lg bg-slate-100 p-4">
          <fieldset className="contents">
            <legend className="sr-only">{t("filterHeading")}</legend>
            <label className="flex flex-col text-sm font-semibold">
              {t("country")}
              <select name="country" defaultValue={filter.country ?? ""} className="mt-1 min-w-48 rounded border border-slate-400 bg-white px-2 py-2 font-normal">
                <option value="">{t("all")}</option>
                {countries.map((c) => (
                  <option key={c} value={c}>
                    {countryName(c, locale)}
                  </option>
                ))}
              </select>
            </label>
            <label className="flex flex-col text-sm font-semibold">
              {t("kind")}
              <select name="kind" defaultValue={filter.kind ?? ""} className="mt-1 min-w-48 rounded border border-slate-400 bg-white px-2 py-2 font-normal">
                <option value="">{t("all")}</option>
                {projectKindSchema.options.map((k) => (
                  <option key={k} value={k}>
                    {kindT(k)}
                  </option>
                ))}
              </select>
            </label>
          </fieldset>
          <button type="submit" className="rounded bg-navy px-4 py-2 font-semibold text-white">
            {t("apply")}
          </button>
          {active && <Link href={path}>{t("clear")}</Link>}
        </form>
        {invalidFilter && (
          <p role="alert" className="mt-3 rounded border-s-4 border-amber-500 bg-amber-50 p-3">
            {t("invalidFilter")}
          </p>
        )}
        <p className="mt-4 font-semibold" role="status" data-testid="project-count">
          {t("results", { count: projects.length })}
        </p>
        <ul className="mt-4 grid gap-4 md:grid-cols-2">
          {projects.map((project) => (
            <li key={project.slug} className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm" data-testid="project">
              <p className="text-sm font-semibold text-sky">{kindT(project.kind)}</p>
              <h3 className="mt-1 text-lg font-bold">
                <Link href={`${path}/${project.slug}`}>
                  <LocalizedText value={project.title} locale={locale} />
                </Link>
              </h3>
              <p className="mt-2 text-sm text-slate-700">{t("partners")}</p>
              <ul className="mt-1 space-y-1 text-sm">
                {project.partners.map(({ institution }) => (
                  <li key={institution.slug}>
                    <InstitutionLink institution={institution} locale={locale} />
                    {" · "}
                    <CountryLink code={institution.countryCode} locale={locale} fallback={type("INTERNATIONAL_ORGANISATION")} />
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      </Section>

      <NextRound slug={opportunity.slug} locale={locale} />
      <SourceList sources={opportunity.sources} />
      <LastUpdated at={opportunity.updatedAt > mission.updatedAt ? opportunity.updatedAt : mission.updatedAt} />
    </>
  );
}
