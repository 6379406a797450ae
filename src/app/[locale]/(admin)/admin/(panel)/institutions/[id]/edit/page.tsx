import { notFound } from "next/navigation";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { CONTENT_FORM_MESSAGES, ContentHeading, localName } from "@/components/admin/content/page-parts";
import { InstitutionForm } from "@/components/admin/content/record-forms";
import { ClientMessages } from "@/i18n/client-messages";
import { requirePermission } from "@/server/authz";
import { getInstitutionForStaff } from "@/server/content/institutions";

export const dynamic = "force-dynamic";

export default async function EditInstitutionPage({ params }: { params: Promise<{ locale: string; id: string }> }) {
  const { locale, id } = await params;
  setRequestLocale(locale);
  await requirePermission("content.write");
  const [t, institution] = await Promise.all([getTranslations("Content.common"), getInstitutionForStaff(id)]);
  if (!institution) notFound();
  const name = localName(institution.nameEn, institution.nameZh, locale);
  return (
    <>
      <ContentHeading title={t("editTitle", { name })} back={{ href: `/admin/institutions/${id}`, label: name }} />
      <ClientMessages namespaces={CONTENT_FORM_MESSAGES}>
        <InstitutionForm saved={institution} />
      </ClientMessages>
    </>
  );
}
