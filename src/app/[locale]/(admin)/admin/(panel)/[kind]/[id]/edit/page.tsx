import { notFound } from "next/navigation";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { ContentForm } from "@/components/admin/content/content-form";
import { ContentHeading, recordName } from "@/components/admin/content/page-parts";
import { contentPermission, isContentKind } from "@/lib/content-kinds";
import { requirePermission } from "@/server/authz";
import { getContent, summariseRecord } from "@/server/content/repository";

export const dynamic = "force-dynamic";

export default async function EditContentPage({ params }: { params: Promise<{ locale: string; kind: string; id: string }> }) {
  const { locale, kind, id } = await params;
  setRequestLocale(locale);
  await requirePermission(contentPermission(kind, "write"));
  if (!isContentKind(kind)) notFound();
  const [t, record] = await Promise.all([getTranslations("Content.common"), getContent(kind, id)]);
  if (!record) notFound();
  const name = await recordName(summariseRecord(kind, record).name, locale);
  return (
    <>
      <ContentHeading title={t("editTitle", { name })} back={{ href: `/admin/${kind}/${id}`, label: name }} />
      <ContentForm kind={kind} saved={record} locale={locale} />
    </>
  );
}
