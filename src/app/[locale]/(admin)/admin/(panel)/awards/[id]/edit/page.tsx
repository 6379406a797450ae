import { notFound } from "next/navigation";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { CONTENT_FORM_MESSAGES, ContentHeading, localName } from "@/components/admin/content/page-parts";
import { AwardForm } from "@/components/admin/content/record-forms";
import { ClientMessages } from "@/i18n/client-messages";
import { requirePermission } from "@/server/authz";
import { getAwardForStaff } from "@/server/content/awards";
import { listInstitutionOptions } from "@/server/content/institutions";
import { listOpportunityOptions } from "@/server/content/opportunities";

export const dynamic = "force-dynamic";

export default async function EditAwardPage({ params }: { params: Promise<{ locale: string; id: string }> }) {
  const { locale, id } = await params;
  setRequestLocale(locale);
  await requirePermission("content.write");
  const [t, ta, award, opportunities, institutions] = await Promise.all([
    getTranslations("Content.common"),
    getTranslations("Content.awards"),
    getAwardForStaff(id),
    listOpportunityOptions("SAMPLE_LOAN"),
    listInstitutionOptions(),
  ]);
  if (!award) notFound();
  const name = ta("name", { institution: localName(award.institution.nameEn, award.institution.nameZh, locale) });
  return (
    <>
      <ContentHeading title={t("editTitle", { name })} back={{ href: `/admin/awards/${id}`, label: name }} />
      <ClientMessages namespaces={CONTENT_FORM_MESSAGES}>
        <AwardForm
          saved={award}
          opportunities={opportunities.map((o) => ({ value: o.id, label: localName(o.titleEn, o.titleZh, locale) }))}
          institutions={institutions.map((i) => ({ value: i.id, label: localName(i.nameEn, i.nameZh, locale) }))}
        />
      </ClientMessages>
    </>
  );
}
