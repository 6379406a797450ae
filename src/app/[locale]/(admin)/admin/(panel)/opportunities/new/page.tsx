import { getTranslations, setRequestLocale } from "next-intl/server";
import { OpportunityForm } from "@/components/admin/content/opportunity-forms";
import { CONTENT_FORM_MESSAGES, ContentHeading, localName } from "@/components/admin/content/page-parts";
import { ClientMessages } from "@/i18n/client-messages";
import { requirePermission } from "@/server/authz";
import { listMissionOptions } from "@/server/content/missions";
import { listSourceOptions } from "@/server/content/sources";

export const dynamic = "force-dynamic";

export default async function NewOpportunityPage({ params }: { params: Promise<{ locale: string }> }) {
  const { locale } = await params;
  setRequestLocale(locale);
  await requirePermission("content.write");
  const [t, tl, missions, sources] = await Promise.all([getTranslations("Content.opportunities"), getTranslations("AdminList"), listMissionOptions(), listSourceOptions()]);
  return (
    <>
      <ContentHeading title={t("newTitle")} back={{ href: "/admin/opportunities", label: tl("back") }} />
      <ClientMessages namespaces={CONTENT_FORM_MESSAGES}>
        <OpportunityForm
          missions={missions.map((m) => ({ value: m.id, label: localName(m.nameEn, m.nameZh, locale) }))}
          sources={sources.map((s) => ({ value: s.id, label: `${s.label} — ${s.reference}` }))}
        />
      </ClientMessages>
    </>
  );
}
