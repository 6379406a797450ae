import { getFormatter, getTranslations, setRequestLocale } from "next-intl/server";
import { ContentHeading, CreateLink, doneOf, PublicationBadge, publicationFilter, type SearchParams } from "@/components/admin/content/page-parts";
import { DataTable } from "@/components/admin/data-table";
import { ListToolbar } from "@/components/admin/list-toolbar";
import { LocalizedText } from "@/components/ui/localized-text";
import { Link } from "@/i18n/link";
import { parseListQuery } from "@/lib/admin-list";
import { requirePermission, staffCan } from "@/server/authz";
import { listMissionsForStaff, missionListSpec } from "@/server/content/missions";

export const dynamic = "force-dynamic";

export default async function MissionsListPage({ params, searchParams }: { params: Promise<{ locale: string }>; searchParams: SearchParams }) {
  const { locale } = await params;
  setRequestLocale(locale);
  const staff = await requirePermission("content.read");
  const raw = await searchParams;
  const query = parseListQuery(raw, missionListSpec);
  const [t, tc, body, status, format, { rows, total }] = await Promise.all([
    getTranslations("Content.missions"),
    getTranslations("Content"),
    getTranslations("Body"),
    getTranslations("MissionStatus"),
    getFormatter(),
    listMissionsForStaff(query),
  ]);
  const basePath = "/admin/missions";
  return (
    <>
      <ContentHeading title={t("title")} intro={t("intro")} done={doneOf(raw)}>
        {staffCan(staff, "content.write") && <CreateLink kind="missions" label={t("new")} />}
      </ContentHeading>
      <ListToolbar
        basePath={basePath}
        query={query}
        total={total}
        exportHref="/api/admin/exports/missions"
        filters={[
          { name: "status", label: tc("fields.missionStatus"), options: missionListSpec.filters.status.map((value) => ({ value, label: status(value) })) },
          { name: "body", label: tc("fields.body"), options: missionListSpec.filters.body.map((value) => ({ value, label: body(value) })) },
          await publicationFilter(),
        ]}
      />
      <DataTable
        caption={t("title")}
        basePath={basePath}
        query={query}
        total={total}
        columns={[
          { key: "name", label: t("name"), sort: "name", className: "min-w-44" },
          { key: "slug", label: tc("fields.slug"), sort: "slug", className: "whitespace-nowrap" },
          { key: "body", label: tc("fields.body"), sort: "body", className: "whitespace-nowrap" },
          { key: "status", label: tc("fields.missionStatus"), sort: "status", className: "whitespace-nowrap" },
          { key: "opportunities", label: t("opportunities"), className: "whitespace-nowrap" },
          { key: "published", label: tc("common.publication"), className: "whitespace-nowrap" },
          { key: "updated", label: tc("common.updated"), sort: "updated", className: "whitespace-nowrap" },
        ]}
        rows={rows.map((m) => ({
          id: m.id,
          cells: {
            name: (
              <Link href={`${basePath}/${m.id}`}>
                <LocalizedText value={{ en: m.nameEn, zh: m.nameZh }} locale={locale} />
              </Link>
            ),
            slug: <code className="break-all">{m.slug}</code>,
            body: body(m.body),
            status: status(m.status),
            opportunities: format.number(m.opportunities),
            published: <PublicationBadge published={m.published} />,
            updated: format.dateTime(new Date(m.updatedAt), { dateStyle: "medium", timeStyle: "short" }),
          },
        }))}
      />
    </>
  );
}
