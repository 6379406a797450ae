import { notFound } from "next/navigation";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { AgreementForm } from "@/components/admin/content/agreement-forms";
import { CONTENT_FORM_MESSAGES, ContentHeading, localName } from "@/components/admin/content/page-parts";
import { ClientMessages } from "@/i18n/client-messages";
import { requirePermission } from "@/server/authz";
import { getAgreementForStaff } from "@/server/content/agreements";

export const dynamic = "force-dynamic";

export default async function EditAgreementPage({ params }: { params: Promise<{ locale: string; id: string }> }) {
  const { locale, id } = await params;
  setRequestLocale(locale);
  await requirePermission("content.write");
  const [t, ta, agreement] = await Promise.all([getTranslations("Content.common"), getTranslations("Content.agreements"), getAgreementForStaff(id)]);
  if (!agreement) notFound();
  const name = ta("name", { institution: localName(agreement.institution.nameEn, agreement.institution.nameZh, locale) });
  return (
    <>
      <ContentHeading title={t("editTitle", { name })} back={{ href: `/admin/agreements/${id}`, label: name }} />
      <ClientMessages namespaces={CONTENT_FORM_MESSAGES}>
        <AgreementForm saved={agreement} />
      </ClientMessages>
    </>
  );
}
