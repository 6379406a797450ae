import { getTranslations } from "next-intl/server";
import { staffDay } from "@/lib/staff-dates";
import { Details, localName, RecordHeading, type RecordProps } from "../page-parts";
import { Link } from "@/i18n/link";
import { PanelSection } from "../../record-table";
import { openContentRecord } from "@/server/content/repository";

export async function SourceRecord({ id, locale, done }: RecordProps) {
  const { record: s, canWrite } = await openContentRecord("sources", id);
  const [t, tc] = await Promise.all([getTranslations("Content.sources"), getTranslations("Content")]);
  return (
    <>
      <RecordHeading done={done} kind="sources" id={s.id} canWrite={canWrite} name={s.label} />
      <PanelSection id="details" title={tc("common.details")}>
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
            { label: tc("common.created"), value: staffDay(s.createdAt, locale) },
          ]}
        />
      </PanelSection>
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
