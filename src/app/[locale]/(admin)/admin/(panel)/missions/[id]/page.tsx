import { notFound } from "next/navigation";
import { getFormatter, getTranslations, setRequestLocale } from "next-intl/server";
import { FactsForm } from "@/components/admin/content/facts-form";
import { Bilingual, CONTENT_FORM_MESSAGES, ContentHeading, Details, doneOf, localName, RecordControls, type SearchParams } from "@/components/admin/content/page-parts";
import { ClientMessages } from "@/i18n/client-messages";
import { Link } from "@/i18n/link";
import { requirePermission, staffCan } from "@/server/authz";
import { getMissionForStaff } from "@/server/content/missions";

export const dynamic = "force-dynamic";

export default async function MissionPage({ params, searchParams }: { params: Promise<{ locale: string; id: string }>; searchParams: SearchParams }) {
  const { locale, id } = await params;
  setRequestLocale(locale);
  const staff = await requirePermission("content.read");
  const [raw, mission] = await Promise.all([searchParams, getMissionForStaff(id)]);
  if (!mission) notFound();
  const [t, tc, tl, body, status, format] = await Promise.all([
    getTranslations("Content.missions"),
    getTranslations("Content"),
    getTranslations("AdminList"),
    getTranslations("Body"),
    getTranslations("MissionStatus"),
    getFormatter(),
  ]);
  const canWrite = staffCan(staff, "content.write");
  const name = localName(mission.nameEn, mission.nameZh, locale);
  return (
    <>
      <ContentHeading title={name} back={{ href: "/admin/missions", label: tl("back") }} done={doneOf(raw)} />
      <RecordControls kind="missions" id={mission.id} canWrite={canWrite} published={mission.published} publicHref={`/missions/${mission.slug}`} name={name} />
      <section aria-labelledby="details-heading" className="mb-8">
        <h2 id="details-heading" className="mb-3 text-xl font-bold">{tc("common.details")}</h2>
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
            { label: tc("common.updated"), value: format.dateTime(new Date(mission.updatedAt), { dateStyle: "medium", timeStyle: "short" }) },
          ]}
        />
      </section>
      <section id="facts" aria-labelledby="facts-heading" className="mb-8">
        <h2 id="facts-heading" className="mb-1 text-xl font-bold">{t("facts")}</h2>
        {canWrite ? (
          <>
            <p className="mb-3 text-sm text-slate-700">{t("factsHint")}</p>
            <ClientMessages namespaces={CONTENT_FORM_MESSAGES}>
              <FactsForm owner="mission" id={mission.id} version={mission.version} facts={mission.facts} submitLabel={t("saveFacts")} />
            </ClientMessages>
          </>
        ) : mission.facts.length === 0 ? (
          <p>{t("noFacts")}</p>
        ) : (
          <ol className="list-decimal space-y-2 pl-6">
            {mission.facts.map((fact) => (
              <li key={fact.position}>
                <Bilingual en={fact.textEn} zh={fact.textZh} />
              </li>
            ))}
          </ol>
        )}
      </section>
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
