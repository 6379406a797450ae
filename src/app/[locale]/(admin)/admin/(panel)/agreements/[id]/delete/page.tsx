import { notFound } from "next/navigation";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { DeleteForm } from "@/components/admin/content/delete-form";
import { CONTENT_FORM_MESSAGES, ContentHeading, localName } from "@/components/admin/content/page-parts";
import { ClientMessages } from "@/i18n/client-messages";
import { requirePermission } from "@/server/authz";
import { getAgreementForStaff } from "@/server/content/agreements";

export const dynamic = "force-dynamic";

export default async function DeleteAgreementPage({ params }: { params: Promise<{ locale: string; id: string }> }) {
  const { locale, id } = await params;
  setRequestLocale(locale);
  await requirePermission("content.write");
  const [t, ta, agreement] = await Promise.all([getTranslations("Content.common"), getTranslations("Content.agreements"), getAgreementForStaff(id)]);
  if (!agreement) notFound();
  const name = ta("name", { institution: localName(agreement.institution.nameEn, agreement.institution.nameZh, locale) });
  return (
    <>
      <ContentHeading title={t("deleteTitle", { name })} intro={t("deleteIntro")} back={{ href: `/admin/agreements/${id}`, label: name }} />
      {agreement.obligations.length > 0 && <p className="mb-4">{t("deleteAlso", { parts: `${ta("parts")} (${agreement.obligations.length})` })}</p>}
      <ClientMessages namespaces={CONTENT_FORM_MESSAGES}>
        <DeleteForm kind="agreements" id={agreement.id} version={agreement.version} />
      </ClientMessages>
    </>
  );
}
