import { notFound } from "next/navigation";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { ContentForm } from "@/components/admin/content/content-form";
import { ContentHeading, type SearchParams } from "@/components/admin/content/page-parts";
import { contentPermission, isContentKind } from "@/lib/content-kinds";
import { requirePermission } from "@/server/authz";

export const dynamic = "force-dynamic";

export default async function NewContentPage({ params, searchParams }: { params: Promise<{ locale: string; kind: string }>; searchParams: SearchParams }) {
  const { locale, kind } = await params;
  setRequestLocale(locale);
  await requirePermission(contentPermission(kind, "write"));
  if (!isContentKind(kind)) notFound();
  const [raw, t, tl] = await Promise.all([searchParams, getTranslations(`Content.${kind}`), getTranslations("AdminList")]);
  return (
    <>
      <ContentHeading title={t("newTitle")} back={{ href: `/admin/${kind}`, label: tl("back") }} />
      <ContentForm kind={kind} locale={locale} award={typeof raw.award === "string" ? raw.award : undefined} />
    </>
  );
}
