import { notFound } from "next/navigation";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { DeleteForm } from "@/components/admin/content/delete-form";
import { CONTENT_FORM_MESSAGES, ContentHeading, localName } from "@/components/admin/content/page-parts";
import { ClientMessages } from "@/i18n/client-messages";
import { requirePermission } from "@/server/authz";
import { getInstitutionForStaff } from "@/server/content/institutions";

export const dynamic = "force-dynamic";

export default async function DeleteInstitutionPage({ params }: { params: Promise<{ locale: string; id: string }> }) {
  const { locale, id } = await params;
  setRequestLocale(locale);
  await requirePermission("content.write");
  const [t, ti, institution] = await Promise.all([getTranslations("Content.common"), getTranslations("Content.institutions"), getInstitutionForStaff(id)]);
  if (!institution) notFound();
  const name = localName(institution.nameEn, institution.nameZh, locale);
  const uses = [
    institution.awards.length && `${ti("awards")}: ${institution.awards.length}`,
    institution.projects.length && `${ti("projects")}: ${institution.projects.length}`,
  ].filter(Boolean);
  return (
    <>
      <ContentHeading title={t("deleteTitle", { name })} intro={t("deleteIntro")} back={{ href: `/admin/institutions/${id}`, label: name }} />
      {uses.length > 0 && <p className="mb-4 border-l-4 border-accent bg-white p-3">{t("inUseWarning", { uses: uses.join(", ") })}</p>}
      <ClientMessages namespaces={CONTENT_FORM_MESSAGES}>
        <DeleteForm kind="institutions" id={institution.id} version={institution.version} />
      </ClientMessages>
    </>
  );
}
