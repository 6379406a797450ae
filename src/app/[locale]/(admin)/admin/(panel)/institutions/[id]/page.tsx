import { notFound } from "next/navigation";
import { getFormatter, getTranslations, setRequestLocale } from "next-intl/server";
import { ContentHeading, Details, doneOf, localName, RecordControls, type SearchParams } from "@/components/admin/content/page-parts";
import { Link } from "@/i18n/link";
import { countryName } from "@/lib/localize";
import { requirePermission, staffCan } from "@/server/authz";
import { getInstitutionForStaff } from "@/server/content/institutions";

export const dynamic = "force-dynamic";

export default async function InstitutionPage({ params, searchParams }: { params: Promise<{ locale: string; id: string }>; searchParams: SearchParams }) {
  const { locale, id } = await params;
  setRequestLocale(locale);
  const staff = await requirePermission("content.read");
  const [raw, i] = await Promise.all([searchParams, getInstitutionForStaff(id)]);
  if (!i) notFound();
  const [t, tc, tl, type, format] = await Promise.all([
    getTranslations("Content.institutions"),
    getTranslations("Content"),
    getTranslations("AdminList"),
    getTranslations("InstitutionType"),
    getFormatter(),
  ]);
  const name = localName(i.nameEn, i.nameZh, locale);
  return (
    <>
      <ContentHeading title={name} back={{ href: "/admin/institutions", label: tl("back") }} done={doneOf(raw)} />
      <RecordControls kind="institutions" id={i.id} canWrite={staffCan(staff, "content.write")} published={i.published} publicHref={`/institutions/${i.slug}`} name={name} />
      <section aria-labelledby="details-heading" className="mb-8">
        <h2 id="details-heading" className="mb-3 text-xl font-bold">{tc("common.details")}</h2>
        <Details
          items={[
            { label: tc("fields.nameEn"), value: <span lang="en">{i.nameEn}</span> },
            { label: tc("fields.nameZh"), value: i.nameZh ? <span lang="zh-Hans">{i.nameZh}</span> : tc("common.notRecorded") },
            { label: tc("fields.slug"), value: <code>{i.slug}</code> },
            { label: tc("fields.institutionType"), value: type(i.type) },
            { label: t("country"), value: i.countryCode ? `${countryName(i.countryCode, locale)} (${i.countryCode})` : t("international") },
            { label: tc("common.updated"), value: format.dateTime(new Date(i.updatedAt), { dateStyle: "medium", timeStyle: "short" }) },
          ]}
        />
      </section>
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
