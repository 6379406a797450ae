import { getFormatter, getTranslations } from "next-intl/server";
import { staffDay, staffInstant } from "@/lib/staff-dates";
import type { ReactNode } from "react";
import { LocalizedText } from "@/components/ui/localized-text";
import { Link } from "@/i18n/link";
import type { ListQuery } from "@/lib/admin-list";
import { type Cell, type ContentKind, contentKind } from "@/lib/content-kinds";
import { countryName } from "@/lib/localize";
import type { FilterChoices } from "@/server/content/repository";
import { DataTable } from "../data-table";
import { type FilterControl, ListToolbar } from "../list-toolbar";
import { day, localName, PublicationBadge } from "./page-parts";

// A content kind's list, drawn from its definition: the toolbar (search, filters, CSV) and the table.

type Row = Record<string, unknown> & { id: string };

export async function ContentList({
  kind,
  query,
  filters,
  rows,
  total,
  locale,
}: {
  kind: ContentKind;
  query: ListQuery<string, string>;
  filters: FilterChoices[];
  rows: { id: string }[];
  total: number;
  locale: string;
}) {
  const definition = contentKind(kind);
  const [t, tl] = await Promise.all([getTranslations("Content"), getTranslations("AdminList")]);
  const basePath = `/admin/${kind}`;
  const controls: FilterControl[] = await Promise.all(
    filters.map(async (filter) => {
      const values = await getTranslations(filter.messages ?? "Content");
      const label = (value: string) => {
        if (filter.labels) return localName(filter.labels[value]!.en, filter.labels[value]!.zh, locale);
        if (filter.from === "countries") return countryName(value, locale);
        if (filter.optionLabels) return t(filter.optionLabels[value]!);
        return filter.messages === "AdminList" ? tl(value) : values(value);
      };
      const options = filter.values.map((value) => ({ value, label: label(value) }));
      if (filter.from === "countries") options.sort((a, b) => a.label.localeCompare(b.label, locale));
      return { name: filter.name, label: t(filter.label), options };
    }),
  );
  const cells = await Promise.all(definition.list.columns.map((column) => cellRenderer(column.cell, kind, locale)));
  return (
    <>
      <ListToolbar basePath={basePath} query={query} total={total} exportHref={`/api/admin/exports/${kind}`} filters={controls} />
      <DataTable
        caption={t(`${kind}.title`)}
        basePath={basePath}
        query={query}
        total={total}
        columns={definition.list.columns.map((column) => ({
          key: column.key,
          label: t(column.label),
          sort: column.sort,
          // Only figures and badges stay on one line: anything else may wrap, so no column runs off a 1280 px screen.
          className: column.wide ? "min-w-40" : column.cell.type === "number" || column.cell.type === "published" ? "whitespace-nowrap" : "",
        }))}
        rows={(rows as Row[]).map((row) => ({
          id: row.id,
          cells: Object.fromEntries(definition.list.columns.map((column, index) => [column.key, cells[index]!(row)])),
        }))}
      />
    </>
  );
}

const text = (value: unknown) => (value === null || value === undefined ? null : String(value));

/** How one column's cells are drawn, with the translations it needs loaded once for the whole table. */
async function cellRenderer(cell: Cell, kind: ContentKind, locale: string): Promise<(row: Row) => ReactNode> {
  const [t, format] = await Promise.all([getTranslations("Content"), getFormatter()]);
  switch (cell.type) {
    case "name":
      return (row) => (
        <Link href={`/admin/${kind}/${row.id}`}>
          {cell.en === cell.zh ? text(row[cell.en]) : <LocalizedText value={{ en: text(row[cell.en])!, zh: text(row[cell.zh]) }} locale={locale} />}
        </Link>
      );
    case "localized":
      return (row) => localName(text(row[cell.en])!, text(row[cell.zh]), locale);
    case "text":
      return (row) => (cell.breakAll ? <span className="break-all">{text(row[cell.field])}</span> : text(row[cell.field]));
    case "code":
      return (row) => <code className="break-all">{text(row[cell.field])}</code>;
    case "label": {
      const labels = await getTranslations(cell.messages);
      return (row) => {
        const value = text(row[cell.field]);
        const shown = labels(value ?? cell.empty ?? "none");
        const id = cell.link && text(row[cell.link.idField]);
        return value && id ? <Link href={`/admin/${cell.link!.kind}/${id}`}>{shown}</Link> : shown;
      };
    }
    case "number":
      return (row) => (
        <>
          {format.number(Number(row[cell.field]))}
          {cell.alert && Number(row[cell.alert.field]) > 0 && (
            <span className="font-semibold text-accent"> ({t(cell.alert.message, { count: Number(row[cell.alert.field]) })})</span>
          )}
        </>
      );
    case "counts":
      return (row) => cell.fields.map((part) => `${t(part.label)}: ${format.number(Number(row[part.field]))}`).join(" · ");
    case "day":
      return (row) => day(text(row[cell.field]), locale);
    case "date":
      return (row) => staffDay(String(row[cell.field]), locale);
    case "datetime":
      return (row) => staffInstant(String(row[cell.field]), locale);
    case "country":
      return (row) => (row[cell.field] ? countryName(String(row[cell.field]), locale) : t(cell.none));
    case "names":
      return (row) =>
        (row[cell.field] as { nameEn: string; nameZh: string | null; lead: boolean }[])
          .map((name) => `${localName(name.nameEn, name.nameZh, locale)}${name.lead ? ` (${t("fields.role.LEAD")})` : ""}`)
          .join("; ");
    case "published":
      return (row) => <PublicationBadge published={row.published === true} />;
  }
}
