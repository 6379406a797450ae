import { notFound } from "next/navigation";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { DeleteForm } from "@/components/admin/content/delete-form";
import { CONTENT_FORM_MESSAGES, ContentHeading, localName } from "@/components/admin/content/page-parts";
import { ClientMessages } from "@/i18n/client-messages";
import { requirePermission } from "@/server/authz";
import { getOpportunityForStaff } from "@/server/content/opportunities";

export const dynamic = "force-dynamic";

export default async function DeleteOpportunityPage({ params }: { params: Promise<{ locale: string; id: string }> }) {
  const { locale, id } = await params;
  setRequestLocale(locale);
  await requirePermission("content.write");
  const [t, to, opportunity] = await Promise.all([getTranslations("Content.common"), getTranslations("Content.opportunities"), getOpportunityForStaff(id)]);
  if (!opportunity) notFound();
  const name = localName(opportunity.titleEn, opportunity.titleZh, locale);
  const { awards, projects, applications } = opportunity.counts;
  const uses = [
    awards && `${to("awards")}: ${awards}`,
    projects && `${to("projects")}: ${projects}`,
    applications && `${to("applications")}: ${applications}`,
  ].filter(Boolean);
  return (
    <>
      <ContentHeading title={t("deleteTitle", { name })} intro={t("deleteIntro")} back={{ href: `/admin/opportunities/${id}`, label: name }} />
      {uses.length > 0 ? (
        <p className="mb-4 border-l-4 border-accent bg-white p-3">{t("inUseWarning", { uses: uses.join(", ") })}</p>
      ) : (
        <p className="mb-4">{t("deleteAlso", { parts: to("parts") })}</p>
      )}
      <ClientMessages namespaces={CONTENT_FORM_MESSAGES}>
        <DeleteForm kind="opportunities" id={opportunity.id} version={opportunity.version} />
      </ClientMessages>
    </>
  );
}
