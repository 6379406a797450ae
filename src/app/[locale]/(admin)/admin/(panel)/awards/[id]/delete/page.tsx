import { notFound } from "next/navigation";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { DeleteForm } from "@/components/admin/content/delete-form";
import { CONTENT_FORM_MESSAGES, ContentHeading, localName } from "@/components/admin/content/page-parts";
import { ClientMessages } from "@/i18n/client-messages";
import { requirePermission } from "@/server/authz";
import { getAwardForStaff } from "@/server/content/awards";

export const dynamic = "force-dynamic";

export default async function DeleteAwardPage({ params }: { params: Promise<{ locale: string; id: string }> }) {
  const { locale, id } = await params;
  setRequestLocale(locale);
  await requirePermission("content.write");
  const [t, ta, award] = await Promise.all([getTranslations("Content.common"), getTranslations("Content.awards"), getAwardForStaff(id)]);
  if (!award) notFound();
  const name = ta("name", { institution: localName(award.institution.nameEn, award.institution.nameZh, locale) });
  return (
    <>
      <ContentHeading title={t("deleteTitle", { name })} intro={t("deleteIntro")} back={{ href: `/admin/awards/${id}`, label: name }} />
      {award.agreement && <p className="mb-4 border-l-4 border-accent bg-white p-3">{t("inUseWarning", { uses: ta("agreement") })}</p>}
      <ClientMessages namespaces={CONTENT_FORM_MESSAGES}>
        <DeleteForm kind="awards" id={award.id} version={award.version} />
      </ClientMessages>
    </>
  );
}
