import { notFound } from "next/navigation";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { MissionForm } from "@/components/admin/content/mission-form";
import { CONTENT_FORM_MESSAGES, ContentHeading, localName } from "@/components/admin/content/page-parts";
import { ClientMessages } from "@/i18n/client-messages";
import { requirePermission } from "@/server/authz";
import { getMissionForStaff } from "@/server/content/missions";
import { listSourceOptions } from "@/server/content/sources";

export const dynamic = "force-dynamic";

export default async function EditMissionPage({ params }: { params: Promise<{ locale: string; id: string }> }) {
  const { locale, id } = await params;
  setRequestLocale(locale);
  await requirePermission("content.write");
  const [t, mission, sources] = await Promise.all([getTranslations("Content.common"), getMissionForStaff(id), listSourceOptions()]);
  if (!mission) notFound();
  const name = localName(mission.nameEn, mission.nameZh, locale);
  return (
    <>
      <ContentHeading title={t("editTitle", { name })} back={{ href: `/admin/missions/${id}`, label: name }} />
      <ClientMessages namespaces={CONTENT_FORM_MESSAGES}>
        <MissionForm saved={mission} sources={sources.map((s) => ({ value: s.id, label: `${s.label} — ${s.reference}` }))} />
      </ClientMessages>
    </>
  );
}
