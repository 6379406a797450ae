import { getFormatter, getTranslations } from "next-intl/server";
import { FactsSection } from "../facts-section";
import { CapacityForm, FigureForm, RemoveFigureForm } from "../opportunity-forms";
import { CONTENT_FORM_MESSAGES, day, Details, localName, RecordHeading, type RecordProps } from "../page-parts";
import { ClientMessages } from "@/i18n/client-messages";
import { Link } from "@/i18n/link";
import { PanelSection, RecordTable } from "../../record-table";
import { formatInstant } from "@/lib/localize";
import { OPPORTUNITY_PATHS } from "@/lib/site";
import { openContentRecord } from "@/server/content/repository";
import type { OpportunityForStaff } from "@/server/content/opportunities";
import { DeadlineExtensionForm } from "../../review/deadline-extension-form";
import { requireStaff, staffCan } from "@/server/authz";
import { listDeadlineExtensions } from "@/server/review/deadlines";

export async function OpportunityRecord({ id, locale, done }: RecordProps) {
  const { record: o, canWrite } = await openContentRecord("opportunities", id);
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
  const name = localName(o.titleEn, o.titleZh, locale);
  const publicHref = (OPPORTUNITY_PATHS as Record<string, string>)[o.slug] ?? null;
  const kg = (n: number) => format.number(n, { maximumFractionDigits: 2 });
  const precision = (p: string | null) => (p ? ` (${tc(`fields.precision.${p as "DAY" | "MONTH" | "YEAR"}`)})` : "");
  return (
    <>
      <RecordHeading done={done} kind="opportunities" id={o.id} canWrite={canWrite} published={o.published} publicHref={publicHref} name={name} />
      <PanelSection id="details" title={tc("common.details")}>
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
      </PanelSection>

      <PanelSection id="capacities" title={t("capacities")} hint={t("capacitiesHint")}>
        {o.capacities.length === 0 ? (
          <p>{t("noCapacities")}</p>
        ) : (
          <RecordTable
            className="mb-4"
            caption={t("capacities")}
            columns={[tc("fields.carrier"), tc("fields.massKg"), tc("fields.reservedKg"), tc("fields.maxPerPayloadKg")]}
            rows={o.capacities.map((c) => ({
              key: c.id,
              cells: [carrier(c.carrier), kg(c.massKg), kg(c.reservedKg), c.maxPerPayloadKg === null ? "—" : kg(c.maxPerPayloadKg)],
            }))}
          />
        )}
        {canWrite && (
          <ClientMessages namespaces={CONTENT_FORM_MESSAGES}>
            <CapacityForm id={o.id} version={o.version} />
          </ClientMessages>
        )}
      </PanelSection>

      <PanelSection id="figures" title={t("figures")} hint={canWrite ? t("figuresHint") : undefined}>
        {o.figures.length === 0 ? (
          <p>{t("noFigures")}</p>
        ) : (
          <RecordTable
            className="mb-4"
            caption={t("figures")}
            columns={[tc("fields.figureKey"), tc("fields.value"), tc("fields.outOf"), ...(canWrite ? [tl("actions")] : [])]}
            rows={o.figures.map((f) => ({
              key: f.id,
              cells: [
                { value: figure(f.key), className: "font-normal" },
                format.number(f.value),
                f.outOf === null ? "—" : format.number(f.outOf),
                ...(canWrite
                  ? [
                      <ClientMessages key="remove" namespaces={CONTENT_FORM_MESSAGES}>
                        <RemoveFigureForm id={o.id} version={o.version} figureId={f.id} figureLabel={figure(f.key)} />
                      </ClientMessages>,
                    ]
                  : []),
              ],
            }))}
          />
        )}
        {canWrite && (
          <ClientMessages namespaces={CONTENT_FORM_MESSAGES}>
            <FigureForm id={o.id} version={o.version} />
          </ClientMessages>
        )}
      </PanelSection>

      {o.stages.length > 0 && <StagesSection stages={o.stages} timeZone={o.timeZone} locale={locale} />}
      {o.referencePrefix && <DeadlinesSection id={o.id} timeZone={o.timeZone} locale={locale} />}

      <FactsSection owner="opportunity" record={o} canWrite={canWrite} />
    </>
  );
}

/** Applicants given a later deadline than their stage's closing, and (for those who decide) the form to give one. */
async function DeadlinesSection({ id, timeZone, locale }: { id: string; timeZone: string; locale: string }) {
  const [staff, t, extensions] = await Promise.all([requireStaff(), getTranslations("Review.deadlines"), listDeadlineExtensions(id)]);
  const zone = timeZone === "Asia/Shanghai" ? t("beijingTime") : timeZone;
  return (
    <PanelSection id="deadlines" title={t("title")} hint={t("hint")}>
      {extensions.length === 0 ? (
        <p>{t("none")}</p>
      ) : (
        <RecordTable
          className="mb-4"
          caption={t("title")}
          columns={[t("email"), t("until", { zone })]}
          rows={extensions.map((e) => ({ key: e.id, cells: [e.email, formatInstant(e.until, locale, timeZone)] }))}
        />
      )}
      {staffCan(staff, "applications.decide") && (
        <ClientMessages namespaces={["Review", "AdminList", "Errors"]}>
          <DeadlineExtensionForm id={id} zone={zone} />
        </ClientMessages>
      )}
    </PanelSection>
  );
}

/** The call's stages with their windows in the call's zone. */
async function StagesSection({ stages, timeZone, locale }: { stages: OpportunityForStaff["stages"]; timeZone: string; locale: string }) {
  const t = await getTranslations("Review.deadlines");
  const at = (iso: string | null) => (iso ? formatInstant(iso, locale, timeZone) : t("notAnnounced"));
  return (
    <PanelSection id="stages" title={t("stages")}>
      <RecordTable
        caption={t("stages")}
        columns={[t("stage"), t("opens"), t("closes"), t("grace"), t("entry")]}
        rows={stages.map((s) => ({
          key: s.id,
          cells: [localName(s.titleEn, s.titleZh, locale), at(s.opensAt), at(s.closesAt), String(s.graceMinutes), t(`entries.${s.entry}`)],
        }))}
      />
    </PanelSection>
  );
}
