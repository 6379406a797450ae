import { getFormatter, getTranslations } from "next-intl/server";
import { staffInstant } from "@/lib/staff-dates";
import { Details, localName, RecordHeading, type RecordProps } from "../page-parts";
import { Link } from "@/i18n/link";
import { PanelSection } from "../../record-table";
import { countryName } from "@/lib/localize";
import { OPPORTUNITY_PATHS } from "@/lib/site";
import { openContentRecord } from "@/server/content/repository";

export async function ProjectRecord({ id, locale, done }: RecordProps) {
  const { record: p, canWrite } = await openContentRecord("projects", id);
  const [t, tc, kind, format] = await Promise.all([
    getTranslations("Content.projects"),
    getTranslations("Content"),
    getTranslations("ProjectKind"),
    getFormatter(),
  ]);
  const name = localName(p.titleEn, p.titleZh, locale);
  return (
    <>
      <RecordHeading done={done}
        kind="projects"
        id={p.id}
        canWrite={canWrite}
        published={p.published}
        publicHref={`${OPPORTUNITY_PATHS["chang-e-8-cooperation-projects"]}/${p.slug}`}
        name={name}
      />
      <PanelSection id="details" title={tc("common.details")}>
        <Details
          items={[
            { label: tc("fields.titleEn"), value: <span lang="en">{p.titleEn}</span> },
            { label: tc("fields.titleZh"), value: <span lang="zh-Hans">{p.titleZh}</span> },
            { label: tc("fields.slug"), value: <code>{p.slug}</code> },
            { label: tc("fields.opportunity"), value: <Link href={`/admin/opportunities/${p.opportunity.id}`}>{localName(p.opportunity.titleEn, p.opportunity.titleZh, locale)}</Link> },
            { label: tc("fields.projectKind"), value: kind(p.kind) },
            { label: tc("fields.position"), value: format.number(p.position) },
            { label: tc("common.updated"), value: staffInstant(p.updatedAt, locale) },
          ]}
        />
      </PanelSection>
      <section aria-labelledby="partners-heading">
        <h2 id="partners-heading" className="mb-3 text-xl font-bold">{t("partners")}</h2>
        {p.partners.length === 0 ? (
          <p>{t("noPartners")}</p>
        ) : (
          <ol className="list-decimal space-y-1 pl-6">
            {p.partners.map((x) => (
              <li key={x.institutionId}>
                <Link href={`/admin/institutions/${x.institutionId}`}>{localName(x.institution.nameEn, x.institution.nameZh, locale)}</Link>
                {x.institution.countryCode && <> · {countryName(x.institution.countryCode, locale)}</>} · {tc(`fields.role.${x.role}`)}
                {!x.institution.published && <span className="font-semibold text-amber-900"> ({t("draftInstitution")})</span>}
              </li>
            ))}
          </ol>
        )}
      </section>
    </>
  );
}
