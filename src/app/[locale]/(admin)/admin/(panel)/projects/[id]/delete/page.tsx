import { notFound } from "next/navigation";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { DeleteForm } from "@/components/admin/content/delete-form";
import { CONTENT_FORM_MESSAGES, ContentHeading, localName } from "@/components/admin/content/page-parts";
import { ClientMessages } from "@/i18n/client-messages";
import { requirePermission } from "@/server/authz";
import { getProjectForStaff } from "@/server/content/projects";

export const dynamic = "force-dynamic";

export default async function DeleteProjectPage({ params }: { params: Promise<{ locale: string; id: string }> }) {
  const { locale, id } = await params;
  setRequestLocale(locale);
  await requirePermission("content.write");
  const [t, tp, project] = await Promise.all([getTranslations("Content.common"), getTranslations("Content.projects"), getProjectForStaff(id)]);
  if (!project) notFound();
  const name = localName(project.titleEn, project.titleZh, locale);
  return (
    <>
      <ContentHeading title={t("deleteTitle", { name })} intro={t("deleteIntro")} back={{ href: `/admin/projects/${id}`, label: name }} />
      <p className="mb-4">{t("deleteAlso", { parts: tp("parts") })}</p>
      <ClientMessages namespaces={CONTENT_FORM_MESSAGES}>
        <DeleteForm kind="projects" id={project.id} version={project.version} />
      </ClientMessages>
    </>
  );
}
