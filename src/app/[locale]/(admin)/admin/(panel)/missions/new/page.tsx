import { getTranslations, setRequestLocale } from "next-intl/server";
import { MissionForm } from "@/components/admin/content/mission-form";
import { CONTENT_FORM_MESSAGES, ContentHeading } from "@/components/admin/content/page-parts";
import { ClientMessages } from "@/i18n/client-messages";
import { requirePermission } from "@/server/authz";
import { listSourceOptions } from "@/server/content/sources";

export const dynamic = "force-dynamic";

export default async function NewMissionPage({ params }: { params: Promise<{ locale: string }> }) {
  const { locale } = await params;
  setRequestLocale(locale);
  await requirePermission("content.write");
  const [t, tl, sources] = await Promise.all([getTranslations("Content.missions"), getTranslations("AdminList"), listSourceOptions()]);
  return (
    <>
      <ContentHeading title={t("newTitle")} back={{ href: "/admin/missions", label: tl("back") }} />
      <ClientMessages namespaces={CONTENT_FORM_MESSAGES}>
        <MissionForm sources={sources.map((s) => ({ value: s.id, label: `${s.label} — ${s.reference}` }))} />
      </ClientMessages>
    </>
  );
}
