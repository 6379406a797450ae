import { notFound } from "next/navigation";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { intlZoneName, isBeijingTime } from "@/components/calls/instant-format";
import { RemoveStageForm, StageForm } from "@/components/admin/content/opportunity-forms";
import { CONTENT_FORM_MESSAGES, ContentHeading, localName } from "@/components/admin/content/page-parts";
import { ClientMessages } from "@/i18n/client-messages";
import { stageFormValues } from "@/lib/calls/stage-window";
import { contentPermission } from "@/lib/content-kinds";
import { requirePermission } from "@/server/authz";
import { getOpportunityForStaff } from "@/server/content/opportunities";

export const dynamic = "force-dynamic";

// Only opportunities have stages; the address keeps the call's own, /admin/opportunities/<id>/stages/<id>.
export default async function EditStagePage({ params }: { params: Promise<{ locale: string; kind: string; id: string; stageId: string }> }) {
  const { locale, kind, id, stageId } = await params;
  setRequestLocale(locale);
  await requirePermission(contentPermission(kind, "write"));
  if (kind !== "opportunities") notFound();
  const [t, ts, call] = await Promise.all([getTranslations("Content.common"), getTranslations("Content.stages"), getOpportunityForStaff(id)]);
  const index = call?.stages.findIndex((s) => s.id === stageId) ?? -1;
  const stage = call?.stages[index];
  if (!call || !stage) notFound();
  const name = ts("stageName", { number: index + 1, title: localName(stage.titleEn, stage.titleZh, locale) });
  const zone = isBeijingTime(call.timeZone) ? ts("beijingTime") : intlZoneName(call.timeZone, locale);
  const saved = {
    stageId: stage.id,
    titleEn: stage.titleEn,
    titleZh: stage.titleZh,
    ...stageFormValues(stage, call.timeZone),
    graceMinutes: String(stage.graceMinutes),
    entry: stage.entry,
  };
  return (
    <>
      <ContentHeading title={t("editTitle", { name })} back={{ href: `/admin/opportunities/${call.id}#stages`, label: localName(call.titleEn, call.titleZh, locale) }} />
      <ClientMessages namespaces={CONTENT_FORM_MESSAGES}>
        <StageForm id={call.id} version={call.version} zone={zone} saved={saved} />
        <section aria-labelledby="remove-heading" className="mt-10 border-t border-slate-300 pt-6">
          <h2 id="remove-heading" className="mb-2 text-xl font-bold">
            {ts("removeTitle")}
          </h2>
          {stage.applications > 0 ? (
            <p>{ts("inUse", { count: stage.applications })}</p>
          ) : (
            <>
              <p className="mb-3">{ts("removeIntro")}</p>
              <RemoveStageForm id={call.id} version={call.version} stageId={stage.id} stageLabel={name} />
            </>
          )}
        </section>
      </ClientMessages>
    </>
  );
}
