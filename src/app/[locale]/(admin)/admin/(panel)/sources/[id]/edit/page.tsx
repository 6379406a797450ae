import { notFound } from "next/navigation";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { CONTENT_FORM_MESSAGES, ContentHeading } from "@/components/admin/content/page-parts";
import { SourceForm } from "@/components/admin/content/record-forms";
import { ClientMessages } from "@/i18n/client-messages";
import { requirePermission } from "@/server/authz";
import { getSourceForStaff } from "@/server/content/sources";

export const dynamic = "force-dynamic";

export default async function EditSourcePage({ params }: { params: Promise<{ locale: string; id: string }> }) {
  const { locale, id } = await params;
  setRequestLocale(locale);
  await requirePermission("content.write");
  const [t, source] = await Promise.all([getTranslations("Content.common"), getSourceForStaff(id)]);
  if (!source) notFound();
  return (
    <>
      <ContentHeading title={t("editTitle", { name: source.label })} back={{ href: `/admin/sources/${id}`, label: source.label }} />
      <ClientMessages namespaces={CONTENT_FORM_MESSAGES}>
        <SourceForm saved={source} />
      </ClientMessages>
    </>
  );
}
