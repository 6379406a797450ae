import { notFound } from "next/navigation";
import { getFormatter, getTranslations, setRequestLocale } from "next-intl/server";
import { FactsForm } from "@/components/admin/content/facts-form";
import { CapacityForm, FigureForm, RemoveFigureForm } from "@/components/admin/content/opportunity-forms";
import { Bilingual, CONTENT_FORM_MESSAGES, ContentHeading, day, Details, doneOf, localName, RecordControls, type SearchParams } from "@/components/admin/content/page-parts";
import { ClientMessages } from "@/i18n/client-messages";
import { Link } from "@/i18n/link";
import { OPPORTUNITY_PATHS } from "@/lib/site";
import { requirePermission, staffCan } from "@/server/authz";
import { getOpportunityForStaff } from "@/server/content/opportunities";

export const dynamic = "force-dynamic";

export default async function OpportunityPage({ params, searchParams }: { params: Promise<{ locale: string; id: string }>; searchParams: SearchParams }) {
  const { locale, id } = await params;
  setRequestLocale(locale);
  const staff = await requirePermission("content.read");
  const [raw, o] = await Promise.all([searchParams, getOpportunityForStaff(id)]);
  if (!o) notFound();
  const [t, tc, tl, kind, status, carrier, figure, format] = await Promise.all([
    getTranslations("Content.opportunities"),
    getTranslations("Content"),
    getTranslations("AdminList"),
    getTranslations("Kind"),
    getTranslations("Status"),
    getTranslations("Carrier"),
    getTranslations("Figure"),
    getFormatter(),
  ]);
  const canWrite = staffCan(staff, "content.write");
  const name = localName(o.titleEn, o.titleZh, locale);
  const publicHref = (OPPORTUNITY_PATHS as Record<string, string>)[o.slug] ?? null;
  const kg = (n: number) => format.number(n, { maximumFractionDigits: 2 });
  const precision = (p: string | null) => (p ? ` (${tc(`fields.precision.${p as "DAY" | "MONTH" | "YEAR"}`)})` : "");
  return (
    <>
      <ContentHeading title={name} back={{ href: "/admin/opportunities", label: tl("back") }} done={doneOf(raw)} />
      <RecordControls kind="opportunities" id={o.id} canWrite={canWrite} published={o.published} publicHref={publicHref} name={name} />
      <section aria-labelledby="details-heading" className="mb-8">
        <h2 id="details-heading" className="mb-3 text-xl font-bold">{tc("common.details")}</h2>
        <Details
          items={[
            { label: tc("fields.titleEn"), value: <span lang="en">{o.titleEn}</span> },
            { label: tc("fields.titleZh"), value: <span lang="zh-Hans">{o.titleZh}</span> },
            { label: tc("fields.slug"), value: <code>{o.slug}</code> },
            {
              label: tc("fields.mission"),
              value: <Link href={`/admin/missions/${o.mission.id}`}>{localName(o.mission.nameEn, o.mission.nameZh, locale)}</Link>,
            },
            { label: tc("fields.kind"), value: kind(o.kind) },
            { label: tc("fields.callStatus"), value: status(o.status) },
            { label: tc("fields.opensOn"), value: `${day(o.opensOn, locale)}${o.opensOn ? precision(o.opensPrecision) : ""}` },
            { label: tc("fields.closesOn"), value: `${day(o.closesOn, locale)}${o.closesOn ? precision(o.closesPrecision) : ""}` },
            {
              label: tc("fields.sources"),
              value: o.sources.length ? (
                <ul className="list-disc pl-5">
                  {o.sources.map((s) => (
                    <li key={s.id}>
                      <Link href={`/admin/sources/${s.id}`}>{s.label}</Link>
                    </li>
                  ))}
                </ul>
              ) : (
                tc("common.none")
              ),
            },
            {
              label: t("awards"),
              value: <Link href={`/admin/awards?opportunity=${o.id}`}>{format.number(o.counts.awards)}</Link>,
            },
            {
              label: t("projects"),
              value: <Link href={`/admin/projects?opportunity=${o.id}`}>{format.number(o.counts.projects)}</Link>,
            },
            { label: t("applications"), value: format.number(o.counts.applications) },
            { label: tc("common.updated"), value: format.dateTime(new Date(o.updatedAt), { dateStyle: "medium", timeStyle: "short" }) },
          ]}
        />
      </section>

      <section id="capacities" aria-labelledby="capacities-heading" className="mb-8">
        <h2 id="capacities-heading" className="mb-1 text-xl font-bold">{t("capacities")}</h2>
        <p className="mb-3 text-sm text-slate-700">{t("capacitiesHint")}</p>
        {o.capacities.length === 0 ? (
          <p>{t("noCapacities")}</p>
        ) : (
          <div className="relative overflow-x-auto">
            <table className="mb-4 w-full border-collapse bg-white text-left text-sm">
              <caption className="sr-only">{t("capacities")}</caption>
              <thead>
                <tr className="border-b-2 border-slate-400">
                  <th scope="col" className="px-3 py-2">{tc("fields.carrier")}</th>
                  <th scope="col" className="px-3 py-2">{tc("fields.massKg")}</th>
                  <th scope="col" className="px-3 py-2">{tc("fields.reservedKg")}</th>
                  <th scope="col" className="px-3 py-2">{tc("fields.maxPerPayloadKg")}</th>
                </tr>
              </thead>
              <tbody>
                {o.capacities.map((c) => (
                  <tr key={c.id} className="border-b border-slate-200">
                    <th scope="row" className="px-3 py-2">{carrier(c.carrier)}</th>
                    <td className="px-3 py-2">{kg(c.massKg)}</td>
                    <td className="px-3 py-2">{kg(c.reservedKg)}</td>
                    <td className="px-3 py-2">{c.maxPerPayloadKg === null ? "—" : kg(c.maxPerPayloadKg)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {canWrite && (
          <ClientMessages namespaces={CONTENT_FORM_MESSAGES}>
            <CapacityForm id={o.id} version={o.version} />
          </ClientMessages>
        )}
      </section>

      <section id="figures" aria-labelledby="figures-heading" className="mb-8">
        <h2 id="figures-heading" className="mb-1 text-xl font-bold">{t("figures")}</h2>
        {canWrite && <p className="mb-3 text-sm text-slate-700">{t("figuresHint")}</p>}
        {o.figures.length === 0 ? (
          <p>{t("noFigures")}</p>
        ) : (
          <div className="relative overflow-x-auto">
            <table className="mb-4 w-full border-collapse bg-white text-left text-sm">
              <caption className="sr-only">{t("figures")}</caption>
              <thead>
                <tr className="border-b-2 border-slate-400">
                  <th scope="col" className="px-3 py-2">{tc("fields.figureKey")}</th>
                  <th scope="col" className="px-3 py-2">{tc("fields.value")}</th>
                  <th scope="col" className="px-3 py-2">{tc("fields.outOf")}</th>
                  {canWrite && <th scope="col" className="px-3 py-2">{tl("actions")}</th>}
                </tr>
              </thead>
              <tbody>
                {o.figures.map((f) => (
                  <tr key={f.id} className="border-b border-slate-200 align-top">
                    <th scope="row" className="px-3 py-2 font-normal">{figure(f.key)}</th>
                    <td className="px-3 py-2">{format.number(f.value)}</td>
                    <td className="px-3 py-2">{f.outOf === null ? "—" : format.number(f.outOf)}</td>
                    {canWrite && (
                      <td className="px-3 py-2">
                        <ClientMessages namespaces={CONTENT_FORM_MESSAGES}>
                          <RemoveFigureForm id={o.id} version={o.version} figureId={f.id} figureLabel={figure(f.key)} />
                        </ClientMessages>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {canWrite && (
          <ClientMessages namespaces={CONTENT_FORM_MESSAGES}>
            <FigureForm id={o.id} version={o.version} />
          </ClientMessages>
        )}
      </section>

      <section id="facts" aria-labelledby="facts-heading" className="mb-8">
        <h2 id="facts-heading" className="mb-1 text-xl font-bold">{t("facts")}</h2>
        {canWrite ? (
          <>
            <p className="mb-3 text-sm text-slate-700">{t("factsHint")}</p>
            <ClientMessages namespaces={CONTENT_FORM_MESSAGES}>
              <FactsForm owner="opportunity" id={o.id} version={o.version} facts={o.facts} submitLabel={t("saveFacts")} />
            </ClientMessages>
          </>
        ) : o.facts.length === 0 ? (
          <p>{t("noFacts")}</p>
        ) : (
          <ol className="list-decimal space-y-2 pl-6">
            {o.facts.map((fact) => (
              <li key={fact.position}>
                <Bilingual en={fact.textEn} zh={fact.textZh} />
              </li>
            ))}
          </ol>
        )}
      </section>
    </>
  );
}
