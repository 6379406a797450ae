import { getFormatter, getTranslations, setRequestLocale } from "next-intl/server";
import { AuditChanges } from "@/components/admin/records/audit-changes";
import { AuditFilters } from "@/components/admin/records/audit-filters";
import { DataTable } from "@/components/admin/data-table";
import { requirePermission } from "@/server/authz";
import { auditFilterOptions, listAuditEntries, parseAuditQuery } from "@/server/queries/admin/audit";

export default async function AuditTrailPage({
  params,
  searchParams,
}: {
  params: Promise<{ locale: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
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
  return (
    <div>
      <h1 className="text-3xl font-bold">{t("title")}</h1>
      <p className="mt-1 text-slate-700">{t("intro")}</p>
      <AuditFilters query={query} entities={options.entities} actions={options.actions} total={total} />
      <DataTable
        caption={t("caption")}
        basePath="/admin/audit"
        query={query}
        total={total}
        columns={[
          { key: "at", label: t("columns.at"), sort: "at", className: "whitespace-nowrap" },
          { key: "actor", label: t("columns.actor") },
          { key: "what", label: t("columns.what") },
          { key: "changes", label: t("columns.changes") },
        ]}
        rows={rows.map((entry) => ({
          id: entry.id,
          cells: {
            at: <time dateTime={entry.at.toISOString()}>{format.dateTime(entry.at, { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" })}</time>,
            actor: (
              <>
                <span className="break-all">{entry.actorEmail}</span>
                {entry.actorId === null && <span className="block text-xs text-slate-700">{t("tool")}</span>}
              </>
            ),
            what: (
              <>
                <span className="font-semibold">{entry.action}</span> · {entry.entity}
                <span className="block break-all font-mono text-xs text-slate-700">{entry.entityId}</span>
                {entry.summary && <span className="mt-1 block">{entry.summary}</span>}
              </>
            ),
            changes: <AuditChanges changes={entry.changes} />,
          },
        }))}
      />
    </div>
  );
}
