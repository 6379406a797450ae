import { getFormatter, getTranslations, setRequestLocale } from "next-intl/server";
import { AuditChanges } from "@/components/admin/records/audit-changes";
import { AuditFilters } from "@/components/admin/records/audit-filters";
import { DataTable } from "@/components/admin/data-table";
import type { SearchParams } from "@/components/admin/content/page-parts";
import { requirePermission } from "@/server/authz";
import { auditFilterOptions, listAuditEntries, parseAuditQuery } from "@/server/queries/admin/audit";

export default async function AuditTrailPage({ params, searchParams }: { params: Promise<{ locale: string }>; searchParams: SearchParams }) {
  const { locale } = await params;
  setRequestLocale(locale);
  await requirePermission("audit.read");
  const query = parseAuditQuery(await searchParams);
  const [t, format, { rows, total }, options] = await Promise.all([
    getTranslations("AuditTrail"),
    getFormatter(),
    listAuditEntries(query),
    auditFilterOptions(),
  ]);
  // The list's address and state, shared by its toolbar and its table.
  const list = { basePath: "/admin/audit", query, total };
  return (
    <div>
      <h1 className="text-3xl font-bold">{t("title")}</h1>
      <p className="mt-1 text-slate-700">{t("intro")}</p>
      <AuditFilters query={query} entities={options.entities} actions={options.actions} total={total} />
      <DataTable
        {...list}
        columns={[
          { key: "entry", label: t("columns.entry"), sort: "at", className: "w-2/5" },
          { key: "changes", label: t("columns.changes") },
        ]}
        caption={t("caption")}
        rows={rows.map((entry) => ({
          id: entry.id,
          cells: {
            entry: (
              <span className="block font-normal [overflow-wrap:anywhere]">
                <time dateTime={entry.at.toISOString()} className="block font-semibold">
                  {format.dateTime(entry.at, { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" })} UTC
                </time>
                <span className="block">
                  {t("by", { actor: entry.actorEmail })}
                  {entry.actorId === null && <span className="text-slate-700"> ({t("tool")})</span>}
                </span>
                <span className="mt-2 block">
                  <span className="font-semibold">{entry.action}</span> · {entry.entity}
                </span>
                <span className="block font-mono text-xs text-slate-700">{entry.entityId}</span>
                {entry.summary && <span className="mt-1 block">{entry.summary}</span>}
              </span>
            ),
            changes: <AuditChanges changes={entry.changes} />,
          },
        }))}
      />
    </div>
  );
}
