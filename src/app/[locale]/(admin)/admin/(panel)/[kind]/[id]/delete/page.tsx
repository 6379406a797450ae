import { notFound } from "next/navigation";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { DeleteForm } from "@/components/admin/content/delete-form";
import { CONTENT_FORM_MESSAGES, ContentHeading, recordName } from "@/components/admin/content/page-parts";
import { ClientMessages } from "@/i18n/client-messages";
import { contentPermission, isContentKind } from "@/lib/content-kinds";
import { requirePermission } from "@/server/authz";
import { summariseContent } from "@/server/content/repository";

export const dynamic = "force-dynamic";

export default async function DeleteContentPage({ params }: { params: Promise<{ locale: string; kind: string; id: string }> }) {
  const { locale, kind, id } = await params;
  setRequestLocale(locale);
  await requirePermission(contentPermission(kind, "write"));
  if (!isContentKind(kind)) notFound();
  const [t, tc, summary] = await Promise.all([getTranslations("Content.common"), getTranslations("Content"), summariseContent(kind, id)]);
  if (!summary) notFound();
  const name = await recordName(summary.name, locale);
  const counted = ({ label, count }: { label: string; count?: number }, form: "list" | "total") =>
    count === undefined ? tc(label) : form === "list" ? `${tc(label)}: ${count}` : `${tc(label)} (${count})`;
  return (
    <>
      <ContentHeading title={t("deleteTitle", { name })} intro={t("deleteIntro")} back={{ href: `/admin/${kind}/${id}`, label: name }} />
      {summary.uses.length > 0 ? (
        <p className="mb-4 border-l-4 border-accent bg-white p-3">{t("inUseWarning", { uses: summary.uses.map((use) => counted(use, "list")).join(", ") })}</p>
      ) : (
        summary.parts && <p className="mb-4">{t("deleteAlso", { parts: counted(summary.parts, "total") })}</p>
      )}
      <ClientMessages namespaces={CONTENT_FORM_MESSAGES}>
        <DeleteForm kind={kind} id={summary.id} version={summary.version} />
      </ClientMessages>
    </>
  );
}
