import { getFormatter, getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { Link } from "@/i18n/link";
import { ADMIN_PAGE_SIZE, type ListQuery, listHref } from "@/lib/admin-list";

export interface Column {
  key: string;
  label: string;
  /** Set when the list can be sorted by this column: the value of ?sort=. */
  sort?: string;
  className?: string;
}

export interface Row {
  id: string;
  cells: Record<string, ReactNode>;
}

/**
 * A staff list as a table: sortable headers (links, so sorting works without JavaScript), a result count and
 * pagination that keep the search and filters in force. The first column is the row's header.
 */
export async function DataTable({
  caption,
  columns,
  rows,
  total,
  basePath,
  query,
  pageSize = ADMIN_PAGE_SIZE,
}: {
  caption: string;
  columns: Column[];
  rows: Row[];
  total: number;
  basePath: string;
  query: ListQuery<string, string>;
  pageSize?: number;
}) {
  const [t, format] = await Promise.all([getTranslations("AdminList"), getFormatter()]);
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return (
    <div className="mt-4">
      <p role="status" className="mb-2 text-sm text-slate-700">
        {t("results", { count: total })}
      </p>
      {rows.length > 0 && (
        <div className="overflow-x-auto" data-testid="admin-list">
          <table className="w-full border-collapse bg-white text-start text-sm [overflow-wrap:anywhere]">
            <caption className="sr-only">{caption}</caption>
            <thead>
              <tr className="border-b-2 border-slate-400">
                {columns.map((column) => {
                  const active = column.sort !== undefined && query.sort === column.sort;
                  const nextDir = active && query.dir === "asc" ? "desc" : "asc";
                  return (
                    <th
                      key={column.key}
                      scope="col"
                      aria-sort={active ? (query.dir === "asc" ? "ascending" : "descending") : undefined}
                      className={`px-3 py-2 align-bottom ${/\btext-(start|end|center)\b/.test(column.className ?? "") ? "" : "text-start"} ${column.className ?? ""}`}
                    >
                      {column.sort ? (
                        <Link href={listHref(basePath, query, { sort: column.sort, dir: nextDir, page: undefined })} aria-label={t("sortBy", { column: column.label })}>
                          {column.label}
                          {active && <span aria-hidden="true">{query.dir === "asc" ? " ▲" : " ▼"}</span>}
                        </Link>
                      ) : (
                        column.label
                      )}
                    </th>
                  );
                })}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id} className="border-b border-slate-200 align-top">
                  {columns.map((column, index) =>
                    index === 0 ? (
                      <th key={column.key} scope="row" className={`px-3 py-2 font-semibold ${/\btext-(start|end|center)\b/.test(column.className ?? "") ? "" : "text-start"} ${column.className ?? ""}`}>
                        {row.cells[column.key]}
                      </th>
                    ) : (
                      <td key={column.key} className={`px-3 py-2 ${column.className ?? ""}`}>
                        {row.cells[column.key]}
                      </td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {pages > 1 && (
        <nav aria-label={t("pagination")} className="mt-3 flex items-center gap-4 text-sm">
          {query.page > 1 && <Link href={listHref(basePath, query, { page: query.page - 1 })}>{t("previous")}</Link>}
          <span>{t("pageOf", { page: format.number(query.page), pages: format.number(pages) })}</span>
          {query.page < pages && <Link href={listHref(basePath, query, { page: query.page + 1 })}>{t("next")}</Link>}
        </nav>
      )}
    </div>
  );
}
