import { getMessages, getTranslations, setRequestLocale } from "next-intl/server";
import { Link } from "@/i18n/link";
import { pickText } from "@/lib/localize";
import { staffInstant } from "@/lib/staff-dates";
import { AuditChanges } from "@/components/admin/records/audit-changes";
import { AuditFilters } from "@/components/admin/records/audit-filters";
import { DataTable } from "@/components/admin/data-table";
import type { SearchParams } from "@/components/admin/content/page-parts";
import { requirePermission } from "@/server/authz";
import { auditFilterOptions, listAuditEntries, parseAuditQuery } from "@/server/queries/admin/audit";
import { auditNames, readableChange, readableSummary } from "@/server/queries/admin/audit-names";

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
type Labels = Record<string, unknown>;
const labelIn = (labels: unknown, key: string) => (labels && typeof (labels as Labels)[key] === "string" ? ((labels as Labels)[key] as string) : undefined);
// A field no catalogue names reads as words rather than code: "referencePrefix" as "Reference prefix".
const words = (key: string) => key.replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/^./, (c) => c.toUpperCase()).replace(/(?<=\s)[A-Z](?=[a-z])/g, (c) => c.toLowerCase());

export default async function AuditTrailPage({ params, searchParams }: { params: Promise<{ locale: string }>; searchParams: SearchParams }) {
  const { locale } = await params;
  setRequestLocale(locale);
  await requirePermission("audit.read");
  const query = parseAuditQuery(await searchParams);
  const [t, tStatus, messages, { rows, total }, options] = await Promise.all([
    getTranslations("AuditTrail"),
    getTranslations("Apply.status"),
    getMessages(),
    listAuditEntries(query),
    auditFilterOptions(),
  ]);
  const names = await auditNames(rows);
  const audit = messages.AuditTrail as Labels | undefined;
  const contentFields = (messages.Content as Labels | undefined)?.fields;
  const named = (group: "actions" | "entities", key: string) => labelIn(audit?.[group], key) ?? words(key);
  // Each part of a field's path by its label: the trail's own, else the content form's, else as words.
  const fieldLabel = (field: string) =>
    field
      .split(".")
      .map((part) => labelIn(audit?.fields, part) ?? labelIn(contentFields, part) ?? (/^\d+$/.test(part) ? `#${Number(part) + 1}` : words(part)))
      .join(" › ");
  // Instants as the rest of the panel writes them; an absent value in words.
  const shown = (value: string | undefined) =>
    value === undefined ? undefined : value === "null" ? t("empty") : ISO_INSTANT.test(value) ? staffInstant(value, locale, { seconds: true }) : value;
  // The list's address and state, shared by its toolbar and its table.
  const list = { basePath: "/admin/audit", query, total };
  return (
    <div>
      <h1 className="text-3xl font-bold">{t("title")}</h1>
      <p className="mt-1 text-slate-700">{t("intro")}</p>
      <AuditFilters query={query} entities={options.entities} actions={options.actions} total={total} label={named} />
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
                  {staffInstant(entry.at, locale, { seconds: true })}
                </time>
                <span className="block" data-audit-actor="">
                  {entry.actorId && names.actors[entry.actorId] ? t("byNamed", { name: names.actors[entry.actorId]!, email: entry.actorEmail }) : t("by", { actor: entry.actorEmail })}
                  {entry.actorId === null && <span className="text-slate-700"> ({t("tool")})</span>}
                </span>
                <span className="mt-2 block">
                  <span className="font-semibold">{named("actions", entry.action)}</span> · {named("entities", entry.entity)}
                </span>
                <RecordName entity={entry.entity} id={entry.entityId} names={names} locale={locale} gone={t("recordGone")} idLabel={t("recordId", { id: entry.entityId })} />
                {entry.summary && <span className="mt-1 block">{readableSummary(entry.summary, tStatus)}</span>}
              </span>
            ),
            changes: <AuditChanges changes={entry.changes.map((raw) => readableChange(raw, names, tStatus)).map((change) => ({ ...change, before: shown(change.before), after: shown(change.after), label: fieldLabel(change.field) }))} />,
          },
        }))}
      />
    </div>
  );
}

/** The record an entry is about, by its title (linked to its page where it has one); by its id once it is gone. */
function RecordName({ entity, id, names, locale, gone, idLabel }: { entity: string; id: string; names: Awaited<ReturnType<typeof auditNames>>; locale: string; gone: string; idLabel: string }) {
  const key = `${entity}:${id}`;
  const title = names.records[key];
  if (!title) {
    return (
      <span className="block text-slate-700" data-audit-record="">
        <span className="font-mono text-xs">{id}</span> ({gone})
      </span>
    );
  }
  const text = pickText(title, locale);
  const link = names.links[key];
  return (
    <span className="block" data-audit-record="" title={idLabel}>
      {link ? <Link href={link}>{text}</Link> : text}
    </span>
  );
}
