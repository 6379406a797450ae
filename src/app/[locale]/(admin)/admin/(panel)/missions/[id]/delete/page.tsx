import { notFound } from "next/navigation";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { DeleteForm } from "@/components/admin/content/delete-form";
import { CONTENT_FORM_MESSAGES, ContentHeading, localName } from "@/components/admin/content/page-parts";
import { ClientMessages } from "@/i18n/client-messages";
import { requirePermission } from "@/server/authz";
import { getMissionForStaff } from "@/server/content/missions";

export const dynamic = "force-dynamic";

export default async function DeleteMissionPage({ params }: { params: Promise<{ locale: string; id: string }> }) {
  const { locale, id } = await params;
  setRequestLocale(locale);
  await requirePermission("content.write");
  const [t, tm, mission] = await Promise.all([getTranslations("Content.common"), getTranslations("Content.missions"), getMissionForStaff(id)]);
  if (!mission) notFound();
  const name = localName(mission.nameEn, mission.nameZh, locale);
  return (
    <>
      <ContentHeading title={t("deleteTitle", { name })} intro={t("deleteIntro")} back={{ href: `/admin/missions/${id}`, label: name }} />
      {mission.opportunities.length > 0 ? (
        <p className="mb-4 border-l-4 border-accent bg-white p-3">{t("inUseWarning", { uses: `${tm("opportunities")}: ${mission.opportunities.length}` })}</p>
      ) : (
        <p className="mb-4">{t("deleteAlso", { parts: tm("parts") })}</p>
      )}
      <ClientMessages namespaces={CONTENT_FORM_MESSAGES}>
        <DeleteForm kind="missions" id={mission.id} version={mission.version} />
      </ClientMessages>
    </>
  );
}
