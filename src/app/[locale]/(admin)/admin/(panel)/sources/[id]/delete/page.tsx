import { notFound } from "next/navigation";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { DeleteForm } from "@/components/admin/content/delete-form";
import { CONTENT_FORM_MESSAGES, ContentHeading } from "@/components/admin/content/page-parts";
import { ClientMessages } from "@/i18n/client-messages";
import { requirePermission } from "@/server/authz";
import { getSourceForStaff } from "@/server/content/sources";

export const dynamic = "force-dynamic";

export default async function DeleteSourcePage({ params }: { params: Promise<{ locale: string; id: string }> }) {
  const { locale, id } = await params;
  setRequestLocale(locale);
  await requirePermission("content.write");
  const [t, tc, source] = await Promise.all([getTranslations("Content.common"), getTranslations("Content"), getSourceForStaff(id)]);
  if (!source) notFound();
  const uses = [
    source.missions.length && `${tc("missions.title")}: ${source.missions.length}`,
    source.opportunities.length && `${tc("opportunities.title")}: ${source.opportunities.length}`,
  ].filter(Boolean);
  return (
    <>
      <ContentHeading title={t("deleteTitle", { name: source.label })} intro={t("deleteIntro")} back={{ href: `/admin/sources/${id}`, label: source.label }} />
      {uses.length > 0 && <p className="mb-4 border-l-4 border-accent bg-white p-3">{t("inUseWarning", { uses: uses.join(", ") })}</p>}
      <ClientMessages namespaces={CONTENT_FORM_MESSAGES}>
        <DeleteForm kind="sources" id={source.id} version={source.version} />
      </ClientMessages>
    </>
  );
}
