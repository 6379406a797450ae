import { getTranslations } from "next-intl/server";
import { staffInstant } from "@/lib/staff-dates";
import { Details, localName, RecordHeading, type RecordProps } from "../page-parts";
import { Link } from "@/i18n/link";
import { PanelSection } from "../../record-table";
import { countryName } from "@/lib/localize";
import { openContentRecord } from "@/server/content/repository";

export async function InstitutionRecord({ id, locale, done }: RecordProps) {
  const { record: i, canWrite } = await openContentRecord("institutions", id);
  const [t, tc, type] = await Promise.all([
    getTranslations("Content.institutions"),
    getTranslations("Content"),
    getTranslations("InstitutionType"),
  ]);
  const name = localName(i.nameEn, i.nameZh, locale);
  return (
    <>
      <RecordHeading done={done} kind="institutions" id={i.id} canWrite={canWrite} published={i.published} publicHref={`/institutions/${i.slug}`} name={name} />
      <PanelSection id="details" title={tc("common.details")}>
        <Details
          items={[
            { label: tc("fields.nameEn"), value: <span lang="en">{i.nameEn}</span> },
            { label: tc("fields.nameZh"), value: i.nameZh ? <span lang="zh-Hans">{i.nameZh}</span> : tc("common.notRecorded") },
            { label: tc("fields.slug"), value: <code>{i.slug}</code> },
            { label: tc("fields.institutionType"), value: type(i.type) },
            { label: t("country"), value: i.countryCode ? `${countryName(i.countryCode, locale)} (${i.countryCode})` : t("international") },
            { label: tc("common.updated"), value: staffInstant(i.updatedAt, locale) },
          ]}
        />
      </PanelSection>
      <section aria-labelledby="awards-heading" className="mb-8">
        <h2 id="awards-heading" className="mb-3 text-xl font-bold">{t("awards")}</h2>
        {i.awards.length === 0 ? (
          <p>{t("noAwards")}</p>
        ) : (
          <ul className="list-disc pl-6">
            {i.awards.map((a) => (
              <li key={a.id}>
                <Link href={`/admin/awards/${a.id}`}>{localName(a.opportunity.titleEn, a.opportunity.titleZh, locale)}</Link>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="projects-heading">
        <h2 id="projects-heading" className="mb-3 text-xl font-bold">{t("projects")}</h2>
        {i.projects.length === 0 ? (
          <p>{t("noProjects")}</p>
        ) : (
          <ul className="list-disc pl-6">
            {i.projects.map((p) => (
              <li key={p.project.id}>
                <Link href={`/admin/projects/${p.project.id}`}>{localName(p.project.titleEn, p.project.titleZh, locale)}</Link> ({tc(`fields.role.${p.role}`)})
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
