import { getFormatter, getTranslations, setRequestLocale } from "next-intl/server";
import { ContentHeading, CreateLink, doneOf, localName, PublicationBadge, publicationFilter, type SearchParams } from "@/components/admin/content/page-parts";
import { DataTable } from "@/components/admin/data-table";
import { ListToolbar } from "@/components/admin/list-toolbar";
import { LocalizedText } from "@/components/ui/localized-text";
import { Link } from "@/i18n/link";
import { parseListQuery } from "@/lib/admin-list";
import { requirePermission, staffCan } from "@/server/authz";
import { listOpportunityOptions } from "@/server/content/opportunities";
import { listProjectsForStaff, projectListSpec } from "@/server/content/projects";

export const dynamic = "force-dynamic";

export default async function ProjectsListPage({ params, searchParams }: { params: Promise<{ locale: string }>; searchParams: SearchParams }) {
  const { locale } = await params;
  setRequestLocale(locale);
  const staff = await requirePermission("content.read");
  const [raw, spec, opportunities] = await Promise.all([searchParams, projectListSpec(), listOpportunityOptions("PAYLOAD_SELECTION")]);
  const query = parseListQuery(raw, spec);
  const [t, tc, kind, format, { rows, total }] = await Promise.all([
    getTranslations("Content.projects"),
    getTranslations("Content"),
    getTranslations("ProjectKind"),
    getFormatter(),
    listProjectsForStaff(query),
  ]);
  const basePath = "/admin/projects";
  return (
    <>
      <ContentHeading title={t("title")} intro={t("intro")} done={doneOf(raw)}>
        {staffCan(staff, "content.write") && <CreateLink kind="projects" label={t("new")} />}
      </ContentHeading>
      <ListToolbar
        basePath={basePath}
        query={query}
        total={total}
        exportHref="/api/admin/exports/projects"
        filters={[
          { name: "kind", label: tc("fields.projectKind"), options: spec.filters.kind.map((value) => ({ value, label: kind(value) })) },
          { name: "opportunity", label: tc("fields.opportunity"), options: opportunities.map((o) => ({ value: o.id, label: localName(o.titleEn, o.titleZh, locale) })) },
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
          { key: "position", label: tc("fields.position"), sort: "position", className: "whitespace-nowrap" },
          { key: "kind", label: tc("fields.projectKind"), sort: "kind", className: "whitespace-nowrap" },
          { key: "partners", label: t("partners"), className: "min-w-48" },
          { key: "published", label: tc("common.publication"), className: "whitespace-nowrap" },
          { key: "updated", label: tc("common.updated"), sort: "updated", className: "whitespace-nowrap" },
        ]}
        rows={rows.map((p) => ({
          id: p.id,
          cells: {
            title: (
              <Link href={`${basePath}/${p.id}`}>
                <LocalizedText value={{ en: p.titleEn, zh: p.titleZh }} locale={locale} />
              </Link>
            ),
            position: format.number(p.position),
            kind: kind(p.kind),
            partners: p.partners.map((x) => `${localName(x.nameEn, x.nameZh, locale)}${x.role === "LEAD" ? ` (${tc("fields.role.LEAD")})` : ""}`).join("; "),
            published: <PublicationBadge published={p.published} />,
            updated: format.dateTime(new Date(p.updatedAt), { dateStyle: "medium", timeStyle: "short" }),
          },
        }))}
      />
    </>
  );
}
