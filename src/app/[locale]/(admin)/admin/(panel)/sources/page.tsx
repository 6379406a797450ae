import { getFormatter, getTranslations, setRequestLocale } from "next-intl/server";
import { ContentHeading, CreateLink, doneOf, type SearchParams } from "@/components/admin/content/page-parts";
import { DataTable } from "@/components/admin/data-table";
import { ListToolbar } from "@/components/admin/list-toolbar";
import { Link } from "@/i18n/link";
import { parseListQuery } from "@/lib/admin-list";
import { requirePermission, staffCan } from "@/server/authz";
import { listSourcesForStaff, sourceListSpec } from "@/server/content/sources";

export const dynamic = "force-dynamic";

export default async function SourcesListPage({ params, searchParams }: { params: Promise<{ locale: string }>; searchParams: SearchParams }) {
  const { locale } = await params;
  setRequestLocale(locale);
  const staff = await requirePermission("content.read");
  const raw = await searchParams;
  const query = parseListQuery(raw, sourceListSpec);
  const [t, tl, tc, format, { rows, total }] = await Promise.all([
    getTranslations("Content.sources"),
    getTranslations("AdminList"),
    getTranslations("Content"),
    getFormatter(),
    listSourcesForStaff(query),
  ]);
  const basePath = "/admin/sources";
  return (
    <>
      <ContentHeading title={t("title")} intro={t("intro")} done={doneOf(raw)}>
        {staffCan(staff, "content.write") && <CreateLink kind="sources" label={t("new")} />}
      </ContentHeading>
      <ListToolbar
        basePath={basePath}
        query={query}
        total={total}
        exportHref="/api/admin/exports/sources"
        filters={[{ name: "cited", label: t("citedFilter"), options: [{ value: "yes", label: tl("yes") }, { value: "no", label: tl("no") }] }]}
      />
      <DataTable
        caption={t("title")}
        basePath={basePath}
        query={query}
        total={total}
        columns={[
          { key: "label", label: tc("fields.label"), sort: "label", className: "min-w-44" },
          { key: "reference", label: tc("fields.reference"), sort: "reference", className: "min-w-48" },
          { key: "cited", label: t("cited"), className: "whitespace-nowrap" },
          { key: "created", label: tc("common.created"), sort: "created", className: "whitespace-nowrap" },
        ]}
        rows={rows.map((s) => ({
          id: s.id,
          cells: {
            label: <Link href={`${basePath}/${s.id}`}>{s.label}</Link>,
            reference: <span className="break-all">{s.reference}</span>,
            cited: `${tc("missions.title")}: ${format.number(s.missions)} · ${tc("opportunities.title")}: ${format.number(s.opportunities)}`,
            created: format.dateTime(new Date(s.createdAt), { dateStyle: "medium" }),
          },
        }))}
      />
    </>
  );
}
