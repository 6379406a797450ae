import { notFound } from "next/navigation";
import { getFormatter, getTranslations, setRequestLocale } from "next-intl/server";
import { ContentHeading, Details, doneOf, localName, RecordControls, type SearchParams } from "@/components/admin/content/page-parts";
import { Link } from "@/i18n/link";
import { requirePermission, staffCan } from "@/server/authz";
import { getSourceForStaff } from "@/server/content/sources";

export const dynamic = "force-dynamic";

export default async function SourcePage({ params, searchParams }: { params: Promise<{ locale: string; id: string }>; searchParams: SearchParams }) {
  const { locale, id } = await params;
  setRequestLocale(locale);
  const staff = await requirePermission("content.read");
  const [raw, s] = await Promise.all([searchParams, getSourceForStaff(id)]);
  if (!s) notFound();
  const [t, tc, tl, format] = await Promise.all([getTranslations("Content.sources"), getTranslations("Content"), getTranslations("AdminList"), getFormatter()]);
  return (
    <>
      <ContentHeading title={s.label} back={{ href: "/admin/sources", label: tl("back") }} done={doneOf(raw)} />
      <RecordControls kind="sources" id={s.id} canWrite={staffCan(staff, "content.write")} name={s.label} />
      <section aria-labelledby="details-heading" className="mb-8">
        <h2 id="details-heading" className="mb-3 text-xl font-bold">{tc("common.details")}</h2>
        <Details
          items={[
            { label: tc("fields.label"), value: s.label },
            { label: tc("fields.reference"), value: <span className="break-all">{s.reference}</span> },
            {
              label: tc("fields.url"),
              value: s.url ? (
                <a href={s.url} rel="noopener noreferrer" className="break-all">
                  {s.url}
                </a>
              ) : (
                t("document")
              ),
            },
            { label: tc("common.created"), value: format.dateTime(new Date(s.createdAt), { dateStyle: "medium" }) },
          ]}
        />
      </section>
      <section aria-labelledby="cited-heading">
        <h2 id="cited-heading" className="mb-3 text-xl font-bold">{t("citedBy")}</h2>
        {s.missions.length + s.opportunities.length === 0 ? (
          <p>{t("notCited")}</p>
        ) : (
          <ul className="list-disc pl-6">
            {s.missions.map((m) => (
              <li key={m.id}>
                <Link href={`/admin/missions/${m.id}`}>{localName(m.nameEn, m.nameZh, locale)}</Link> ({tc("fields.mission")})
              </li>
            ))}
            {s.opportunities.map((o) => (
              <li key={o.id}>
                <Link href={`/admin/opportunities/${o.id}`}>{localName(o.titleEn, o.titleZh, locale)}</Link> ({tc("fields.opportunity")})
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
