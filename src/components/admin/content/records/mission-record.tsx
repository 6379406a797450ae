import { getTranslations } from "next-intl/server";
import { staffInstant } from "@/lib/staff-dates";
import { FactsSection } from "../facts-section";
import { Bilingual, CONTENT_FORM_MESSAGES, Details, localName, RecordHeading, type RecordProps } from "../page-parts";
import { ClientMessages } from "@/i18n/client-messages";
import { Link } from "@/i18n/link";
import { PanelSection } from "../../record-table";
import { openContentRecord } from "@/server/content/repository";

export async function MissionRecord({ id, locale, done }: RecordProps) {
  const { record: mission, canWrite } = await openContentRecord("missions", id);
  const [t, tc, tl, body, status] = await Promise.all([
    getTranslations("Content.missions"),
    getTranslations("Content"),
    getTranslations("AdminList"),
    getTranslations("Body"),
    getTranslations("MissionStatus"),
  ]);
  const name = localName(mission.nameEn, mission.nameZh, locale);
  return (
    <>
      <RecordHeading done={done} kind="missions" id={mission.id} canWrite={canWrite} published={mission.published} publicHref={`/missions/${mission.slug}`} name={name} />
      <PanelSection id="details" title={tc("common.details")}>
        <Details
          items={[
            { label: tc("fields.nameEn"), value: <span lang="en">{mission.nameEn}</span> },
            { label: tc("fields.nameZh"), value: <span lang="zh-Hans">{mission.nameZh}</span> },
            { label: tc("fields.slug"), value: <code>{mission.slug}</code> },
            { label: tc("fields.body"), value: body(mission.body) },
            { label: tc("fields.missionStatus"), value: status(mission.status) },
            { label: tc("fields.launchWindow"), value: <Bilingual en={mission.launchWindowEn} zh={mission.launchWindowZh} /> },
            { label: tc("fields.landingSite"), value: <Bilingual en={mission.landingSiteEn} zh={mission.landingSiteZh} /> },
            {
              label: tc("fields.sources"),
              value: mission.sources.length ? (
                <ul className="list-disc pl-5">
                  {mission.sources.map((s) => (
                    <li key={s.id}>
                      <Link href={`/admin/sources/${s.id}`}>{s.label}</Link>
                    </li>
                  ))}
                </ul>
              ) : (
                tc("common.none")
              ),
            },
            { label: tc("common.updated"), value: staffInstant(mission.updatedAt, locale) },
          ]}
        />
      </PanelSection>
      <FactsSection owner="mission" record={mission} canWrite={canWrite} />
      <section aria-labelledby="opportunities-heading">
        <h2 id="opportunities-heading" className="mb-3 text-xl font-bold">{t("opportunities")}</h2>
        {mission.opportunities.length === 0 ? (
          <p>{t("noOpportunities")}</p>
        ) : (
          <ul className="list-disc pl-6">
            {mission.opportunities.map((o) => (
              <li key={o.id}>
                <Link href={`/admin/opportunities/${o.id}`}>{localName(o.titleEn, o.titleZh, locale)}</Link>
                {!o.published && <> ({tl("draft")})</>}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
