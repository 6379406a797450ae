import { notFound } from "next/navigation";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { OpportunityForm } from "@/components/admin/content/opportunity-forms";
import { CONTENT_FORM_MESSAGES, ContentHeading, localName } from "@/components/admin/content/page-parts";
import { ClientMessages } from "@/i18n/client-messages";
import { requirePermission } from "@/server/authz";
import { listMissionOptions } from "@/server/content/missions";
import { getOpportunityForStaff } from "@/server/content/opportunities";
import { listSourceOptions } from "@/server/content/sources";

export const dynamic = "force-dynamic";

export default async function EditOpportunityPage({ params }: { params: Promise<{ locale: string; id: string }> }) {
  const { locale, id } = await params;
  setRequestLocale(locale);
  await requirePermission("content.write");
  const [t, opportunity, missions, sources] = await Promise.all([
    getTranslations("Content.common"),
    getOpportunityForStaff(id),
    listMissionOptions(),
    listSourceOptions(),
  ]);
  if (!opportunity) notFound();
  const name = localName(opportunity.titleEn, opportunity.titleZh, locale);
  return (
    <>
      <ContentHeading title={t("editTitle", { name })} back={{ href: `/admin/opportunities/${id}`, label: name }} />
      <ClientMessages namespaces={CONTENT_FORM_MESSAGES}>
        <OpportunityForm
          saved={opportunity}
          missions={missions.map((m) => ({ value: m.id, label: localName(m.nameEn, m.nameZh, locale) }))}
          sources={sources.map((s) => ({ value: s.id, label: `${s.label} — ${s.reference}` }))}
        />
      </ClientMessages>
    </>
  );
}
