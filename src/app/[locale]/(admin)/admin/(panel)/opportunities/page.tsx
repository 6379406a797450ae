import { getFormatter, getTranslations, setRequestLocale } from "next-intl/server";
import { ContentHeading, CreateLink, day, doneOf, localName, PublicationBadge, publicationFilter, type SearchParams } from "@/components/admin/content/page-parts";
import { DataTable } from "@/components/admin/data-table";
import { ListToolbar } from "@/components/admin/list-toolbar";
import { LocalizedText } from "@/components/ui/localized-text";
import { Link } from "@/i18n/link";
import { parseListQuery } from "@/lib/admin-list";
import { requirePermission, staffCan } from "@/server/authz";
import { listOpportunitiesForStaff, opportunityListSpec } from "@/server/content/opportunities";

export const dynamic = "force-dynamic";

export default async function OpportunitiesListPage({ params, searchParams }: { params: Promise<{ locale: string }>; searchParams: SearchParams }) {
  const { locale } = await params;
  setRequestLocale(locale);
  const staff = await requirePermission("content.read");
  const raw = await searchParams;
  const query = parseListQuery(raw, opportunityListSpec);
  const [t, tc, kind, status, format, { rows, total }] = await Promise.all([
    getTranslations("Content.opportunities"),
    getTranslations("Content"),
    getTranslations("Kind"),
    getTranslations("Status"),
    getFormatter(),
    listOpportunitiesForStaff(query),
  ]);
  const basePath = "/admin/opportunities";
  return (
    <>
      <ContentHeading title={t("title")} intro={t("intro")} done={doneOf(raw)}>
        {staffCan(staff, "content.write") && <CreateLink kind="opportunities" label={t("new")} />}
      </ContentHeading>
      <ListToolbar
        basePath={basePath}
        query={query}
        total={total}
        exportHref="/api/admin/exports/opportunities"
        filters={[
          { name: "status", label: tc("fields.callStatus"), options: opportunityListSpec.filters.status.map((value) => ({ value, label: status(value) })) },
          { name: "kind", label: tc("fields.kind"), options: opportunityListSpec.filters.kind.map((value) => ({ value, label: kind(value) })) },
          await publicationFilter(),
        ]}
      />
      <DataTable
        caption={t("title")}
        basePath={basePath}
        query={query}
        total={total}
        columns={[
          { key: "title", label: t("name"), sort: "title", className: "min-w-44" },
          { key: "mission", label: tc("fields.mission"), className: "min-w-48" },
          { key: "kind", label: tc("fields.kind"), sort: "kind", className: "whitespace-nowrap" },
          { key: "status", label: tc("fields.callStatus"), sort: "status", className: "whitespace-nowrap" },
          { key: "closes", label: t("closes"), sort: "closes", className: "whitespace-nowrap" },
          { key: "published", label: tc("common.publication"), className: "whitespace-nowrap" },
          { key: "updated", label: tc("common.updated"), sort: "updated", className: "whitespace-nowrap" },
        ]}
        rows={rows.map((o) => ({
          id: o.id,
          cells: {
            title: (
              <Link href={`${basePath}/${o.id}`}>
                <LocalizedText value={{ en: o.titleEn, zh: o.titleZh }} locale={locale} />
              </Link>
            ),
            mission: localName(o.missionNameEn, o.missionNameZh, locale),
            kind: kind(o.kind),
            status: status(o.status),
            closes: day(o.closesOn, locale),
            published: <PublicationBadge published={o.published} />,
            updated: format.dateTime(new Date(o.updatedAt), { dateStyle: "medium", timeStyle: "short" }),
          },
        }))}
      />
    </>
  );
}
