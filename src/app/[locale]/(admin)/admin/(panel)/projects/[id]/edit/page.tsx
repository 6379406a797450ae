import { notFound } from "next/navigation";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { CONTENT_FORM_MESSAGES, ContentHeading, localName } from "@/components/admin/content/page-parts";
import { ProjectForm } from "@/components/admin/content/record-forms";
import { ClientMessages } from "@/i18n/client-messages";
import { requirePermission } from "@/server/authz";
import { listInstitutionOptions } from "@/server/content/institutions";
import { listOpportunityOptions } from "@/server/content/opportunities";
import { getProjectForStaff } from "@/server/content/projects";

export const dynamic = "force-dynamic";

export default async function EditProjectPage({ params }: { params: Promise<{ locale: string; id: string }> }) {
  const { locale, id } = await params;
  setRequestLocale(locale);
  await requirePermission("content.write");
  const [t, project, opportunities, institutions] = await Promise.all([
    getTranslations("Content.common"),
    getProjectForStaff(id),
    listOpportunityOptions("PAYLOAD_SELECTION"),
    listInstitutionOptions(),
  ]);
  if (!project) notFound();
  const name = localName(project.titleEn, project.titleZh, locale);
  return (
    <>
      <ContentHeading title={t("editTitle", { name })} back={{ href: `/admin/projects/${id}`, label: name }} />
      <ClientMessages namespaces={CONTENT_FORM_MESSAGES}>
        <ProjectForm
          saved={project}
          opportunities={opportunities.map((o) => ({ value: o.id, label: localName(o.titleEn, o.titleZh, locale) }))}
          institutions={institutions.map((i) => ({ value: i.id, label: localName(i.nameEn, i.nameZh, locale) }))}
        />
      </ClientMessages>
    </>
  );
}
