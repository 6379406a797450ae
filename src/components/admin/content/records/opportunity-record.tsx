import { getFormatter, getTranslations } from "next-intl/server";
import { staffInstant } from "@/lib/staff-dates";
import { FactsSection } from "../facts-section";
import { CapacityForm, FigureForm, MoveStageForm, RemoveFigureForm, RemoveStageForm, StageForm } from "../opportunity-forms";
import { CONTENT_FORM_MESSAGES, day, Details, localName, RecordHeading, type RecordProps } from "../page-parts";
import { ClientMessages } from "@/i18n/client-messages";
import { Link } from "@/i18n/link";
import { PanelSection, RecordTable } from "../../record-table";
import { describeInstant, intlZoneName, isBeijingTime } from "@/components/calls/instant-format";
import { formatInstant } from "@/lib/localize";
import { OPPORTUNITY_PATHS } from "@/lib/site";
import { openContentRecord } from "@/server/content/repository";
import type { OpportunityForStaff } from "@/server/content/opportunities";
import { DeadlineExtensionForm } from "../../review/deadline-extension-form";
import { requireStaff, staffCan } from "@/server/authz";
import { listDeadlineExtensions } from "@/server/review/deadlines";

export async function OpportunityRecord({ id, locale, done }: RecordProps) {
  const { record: o, canWrite } = await openContentRecord("opportunities", id);
  const [t, tc, ts, tl, kind, status, carrier, figure, format] = await Promise.all([
    getTranslations("Content.opportunities"),
    getTranslations("Content"),
    getTranslations("Content.stages"),
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
      <BuilderLink id={o.id} />
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
            { label: ts("timeZone"), value: ts("timeZoneValue", { name: o.timeZone, zone: callZoneName(o.timeZone, locale, ts("beijingTime")) }) },
            { label: ts("contactEmail"), value: o.contactEmail ?? tc("common.none") },
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
            { label: tc("common.updated"), value: staffInstant(o.updatedAt, locale) },
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

      <StagesSection call={o} canWrite={canWrite} locale={locale} />
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

/** The zone a call's dates are read in, by the name its readers know. */
const callZoneName = (timeZone: string, locale: string, beijingTime: string) => (isBeijingTime(timeZone) ? beijingTime : intlZoneName(timeZone, locale));

/** The call's stages with their windows in the call's zone; staff who may write add, edit, reorder and remove them. */
async function StagesSection({ call, canWrite, locale }: { call: OpportunityForStaff; canWrite: boolean; locale: string }) {
  const [t, tl, format] = await Promise.all([getTranslations("Content.stages"), getTranslations("AdminList"), getFormatter()]);
  const zone = callZoneName(call.timeZone, locale, t("beijingTime"));
  const at = (iso: string | null, precision: Stage["opensPrecision"], edge: "opens" | "closes") =>
    iso ? describeInstant(iso, precision, edge, call.timeZone, locale).text : t("notAnnounced");
  const stages = call.stages;
  const labelOf = (s: Stage, index: number) => t("stageName", { number: index + 1, title: localName(s.titleEn, s.titleZh, locale) });
  return (
    <PanelSection id="stages" title={t("title")} hint={canWrite ? t("hint") : t("readOnlyHint")}>
      {stages.length === 0 ? (
        <p>{t("none")}</p>
      ) : (
        <RecordTable
          className="mb-4"
          caption={t("title")}
          columns={[t("stage"), t("opens", { zone }), t("closes", { zone }), t("grace"), t("entry"), t("applications"), ...(canWrite ? [tl("actions")] : [])]}
          rows={stages.map((s, index) => {
            const label = labelOf(s, index);
            // The first stage must take anyone: no move may put a stage for those invited first.
            const up = index > 0 && !(index === 1 && s.entry === "INVITED");
            const down = index < stages.length - 1 && !(index === 0 && stages[1]!.entry === "INVITED");
            return {
              key: s.id,
              cells: [
                label,
                at(s.opensAt, s.opensPrecision, "opens"),
                at(s.closesAt, s.closesPrecision, "closes"),
                format.number(s.graceMinutes),
                t(`entries.${s.entry}`),
                format.number(s.applications),
                ...(canWrite
                  ? [
                      {
                        className: "space-y-2 min-w-56",
                        value: (
                          <ClientMessages namespaces={CONTENT_FORM_MESSAGES}>
                            {(up || down) && <MoveStageForm id={call.id} version={call.version} stageId={s.id} stageLabel={label} up={up} down={down} />}
                            <Link href={`/admin/opportunities/${call.id}/stages/${s.id}`} className="block">
                              {t("edit")}
                              <span className="sr-only">: {label}</span>
                            </Link>
                            {s.applications > 0 ? (
                              <p className="text-sm text-slate-700">{t("inUse", { count: s.applications })}</p>
                            ) : (
                              <RemoveStageForm id={call.id} version={call.version} stageId={s.id} stageLabel={label} />
                            )}
                          </ClientMessages>
                        ),
                      },
                    ]
                  : []),
              ],
            };
          })}
        />
      )}
      {canWrite && (
        <section aria-labelledby="add-stage-heading" className="mt-6 rounded border border-slate-300 bg-white p-4">
          <h3 id="add-stage-heading" className="mb-1 text-lg font-bold">
            {t("add")}
          </h3>
          <p className="mb-3 text-sm text-slate-700">{t("addHint")}</p>
          <ClientMessages namespaces={CONTENT_FORM_MESSAGES}>
            <StageForm id={call.id} version={call.version} zone={zone} />
          </ClientMessages>
        </section>
      )}
    </PanelSection>
  );
}

type Stage = OpportunityForStaff["stages"][number];

/** The way to the call's form builder, for staff who define calls. */
async function BuilderLink({ id }: { id: string }) {
  const [staff, t] = await Promise.all([requireStaff(), getTranslations("CallBuilder")]);
  if (!staffCan(staff, "calls.define")) return null;
  return (
    <p className="mb-6">
      <Link href={`/admin/opportunities/${id}/form`} className="font-semibold">
        {t("openBuilder")}
      </Link>
    </p>
  );
}
