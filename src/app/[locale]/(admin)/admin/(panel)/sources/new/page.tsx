import { getTranslations, setRequestLocale } from "next-intl/server";
import { CONTENT_FORM_MESSAGES, ContentHeading } from "@/components/admin/content/page-parts";
import { SourceForm } from "@/components/admin/content/record-forms";
import { ClientMessages } from "@/i18n/client-messages";
import { requirePermission } from "@/server/authz";

export const dynamic = "force-dynamic";

export default async function NewSourcePage({ params }: { params: Promise<{ locale: string }> }) {
  const { locale } = await params;
  setRequestLocale(locale);
  await requirePermission("content.write");
  const [t, tl] = await Promise.all([getTranslations("Content.sources"), getTranslations("AdminList")]);
  return (
    <>
      <ContentHeading title={t("newTitle")} back={{ href: "/admin/sources", label: tl("back") }} />
      <ClientMessages namespaces={CONTENT_FORM_MESSAGES}>
        <SourceForm />
      </ClientMessages>
    </>
  );
}
