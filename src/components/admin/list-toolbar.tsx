import { getLocale, getTranslations } from "next-intl/server";
import { Link } from "@/i18n/link";
import type { ListQuery } from "@/lib/admin-list";

export interface FilterControl {
  name: string;
  label: string;
  options: { value: string; label: string }[];
}

/**
 * Search and filters as a GET form (works without JavaScript; the URL is the state, so it can be shared),
 * with the CSV download of exactly the rows the filters select.
 */
export async function ListToolbar({
  basePath,
  query,
  filters = [],
  exportHref,
  total,
}: {
  basePath: string;
  query: ListQuery<string, string>;
  filters?: FilterControl[];
  /** The CSV export route (e.g. /api/admin/exports/missions); the current search and filters are appended. */
  exportHref?: string;
  total: number;
}) {
  const [t, locale] = await Promise.all([getTranslations("AdminList"), getLocale()]);
  const current = new URLSearchParams();
  if (query.q) current.set("q", query.q);
  for (const [key, value] of Object.entries(query.filters)) if (value) current.set(key, value);
  current.set("sort", query.sort);
  current.set("dir", query.dir);
  return (
    <div className="mt-4 rounded border border-slate-300 bg-white p-3">
      <form method="get" action={`/${locale}${basePath}`} className="flex flex-wrap items-end gap-3">
        <div>
          <label htmlFor="list-q" className="block text-sm font-semibold">
            {t("search")}
          </label>
          <input id="list-q" name="q" type="search" defaultValue={query.q} className="mt-1 rounded border-2 border-slate-600 px-2 py-1" />
        </div>
        {filters.map((filter) => (
          <div key={filter.name}>
            <label htmlFor={`list-${filter.name}`} className="block text-sm font-semibold">
              {filter.label}
            </label>
            <select
              id={`list-${filter.name}`}
              name={filter.name}
              defaultValue={query.filters[filter.name] ?? ""}
              className="mt-1 rounded border-2 border-slate-600 bg-white px-2 py-1"
            >
              <option value="">{t("all")}</option>
              {filter.options.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </select>
          </div>
        ))}
        <input type="hidden" name="sort" value={query.sort} />
        <input type="hidden" name="dir" value={query.dir} />
        <button type="submit" className="rounded bg-navy px-4 py-1.5 font-semibold text-white">
          {t("apply")}
        </button>
        <Link href={basePath} className="py-1.5">
          {t("clear")}
        </Link>
        {exportHref && (
          <a href={`${exportHref}?${current.toString()}`} className="ml-auto py-1.5 font-semibold" download>
            {t("downloadCsv", { count: total })}
          </a>
        )}
      </form>
    </div>
  );
}
