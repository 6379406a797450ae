import { notFound } from "next/navigation";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { ContentList } from "@/components/admin/content/content-list";
import { ContentHeading, CreateLink, doneOf, type SearchParams } from "@/components/admin/content/page-parts";
import { parseListQuery } from "@/lib/admin-list";
import { CONTENT_KINDS, contentPermission, isContentKind } from "@/lib/content-kinds";
import { requirePermission, staffCan } from "@/server/authz";
import { listContent, listFilters, listSpec } from "@/server/content/repository";

export const dynamic = "force-dynamic";

export default async function ContentListPage({ params, searchParams }: { params: Promise<{ locale: string; kind: string }>; searchParams: SearchParams }) {
  const { locale, kind } = await params;
  setRequestLocale(locale);
  // The permission first: an unknown kind is a 404 only for staff who may read content.
  const staff = await requirePermission(contentPermission(kind, "read"));
  if (!isContentKind(kind)) notFound();
  const [raw, filters, t] = await Promise.all([searchParams, listFilters(kind), getTranslations(`Content.${kind}`)]);
  const query = parseListQuery(raw, listSpec(kind, filters));
  const { rows, total } = await listContent(kind, query);
  return (
    <>
      <ContentHeading title={t("title")} intro={t("intro")} done={doneOf(raw)}>
        {staffCan(staff, CONTENT_KINDS[kind].permissions.write) && <CreateLink kind={kind} label={t("new")} />}
      </ContentHeading>
      <ContentList kind={kind} query={query} filters={filters} rows={rows} total={total} locale={locale} />
    </>
  );
}
