import { getTranslations, setRequestLocale } from "next-intl/server";
import { CONTENT_FORM_MESSAGES, ContentHeading, localName } from "@/components/admin/content/page-parts";
import { AwardForm } from "@/components/admin/content/record-forms";
import { ClientMessages } from "@/i18n/client-messages";
import { requirePermission } from "@/server/authz";
import { listInstitutionOptions } from "@/server/content/institutions";
import { listOpportunityOptions } from "@/server/content/opportunities";

export const dynamic = "force-dynamic";

export default async function NewAwardPage({ params }: { params: Promise<{ locale: string }> }) {
  const { locale } = await params;
  setRequestLocale(locale);
  await requirePermission("content.write");
  const [t, tl, opportunities, institutions] = await Promise.all([
    getTranslations("Content.awards"),
    getTranslations("AdminList"),
    listOpportunityOptions("SAMPLE_LOAN"),
    listInstitutionOptions(),
  ]);
  return (
    <>
      <ContentHeading title={t("newTitle")} back={{ href: "/admin/awards", label: tl("back") }} />
      <ClientMessages namespaces={CONTENT_FORM_MESSAGES}>
        <AwardForm
          opportunities={opportunities.map((o) => ({ value: o.id, label: localName(o.titleEn, o.titleZh, locale) }))}
          institutions={institutions.map((i) => ({ value: i.id, label: localName(i.nameEn, i.nameZh, locale) }))}
        />
      </ClientMessages>
    </>
  );
}
