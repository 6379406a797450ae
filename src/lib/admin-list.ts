import { z } from "zod";

// The query string of a staff list (?q=&sort=&dir=&page=&<filter>=), parsed forgivingly: a value that makes
// no sense falls back to the default rather than failing the page. One parser serves the list page and its CSV export.

export const ADMIN_PAGE_SIZE = 25;

export interface ListQuery<Sort extends string, Filter extends string> {
  q?: string;
  sort: Sort;
  dir: "asc" | "desc";
  page: number;
  filters: Partial<Record<Filter, string>>;
}

export interface ListSpec<Sort extends string, Filter extends string> {
  sorts: readonly [Sort, ...Sort[]];
  defaultSort: Sort;
  defaultDir?: "asc" | "desc";
  /** Each filter and the values it accepts (anything else is ignored). */
  filters?: Record<Filter, readonly string[]>;
}

type RawQuery = Record<string, string | string[] | undefined> | URLSearchParams;

const first = (raw: RawQuery, key: string): string | undefined => {
  const value = raw instanceof URLSearchParams ? (raw.get(key) ?? undefined) : raw[key];
  return Array.isArray(value) ? value[0] : value;
};

export function parseListQuery<Sort extends string, Filter extends string = never>(
  raw: RawQuery,
  spec: ListSpec<Sort, Filter>,
): ListQuery<Sort, Filter> {
  const q = z.string().trim().min(1).max(200).optional().catch(undefined).parse(first(raw, "q"));
  const sort = z.enum(spec.sorts).catch(spec.defaultSort).parse(first(raw, "sort"));
  const dir = z.enum(["asc", "desc"]).catch(spec.defaultDir ?? "asc").parse(first(raw, "dir") ?? spec.defaultDir ?? "asc");
  const page = z.coerce.number().int().min(1).max(100_000).catch(1).parse(first(raw, "page") ?? 1);
  const filters: Partial<Record<Filter, string>> = {};
  for (const [name, allowed] of Object.entries(spec.filters ?? {}) as [Filter, readonly string[]][]) {
    const value = first(raw, name);
    if (value && allowed.includes(value)) filters[name] = value;
  }
  return { q, sort, dir, page, filters };
}

/** The same list's query string with some parameters changed (undefined removes one), for sort and page links. */
export function listHref(basePath: string, query: ListQuery<string, string>, changes: Record<string, string | number | undefined> = {}): string {
  const params = new URLSearchParams();
  const merged: Record<string, string | number | undefined> = {
    q: query.q,
    ...query.filters,
    sort: query.sort,
    dir: query.dir,
    page: query.page > 1 ? query.page : undefined,
    ...changes,
  };
  for (const [key, value] of Object.entries(merged)) if (value !== undefined && value !== "") params.set(key, String(value));
  const search = params.toString();
  return search ? `${basePath}?${search}` : basePath;
}

/** Prisma's skip/take for a page. */
export const pageWindow = (page: number, pageSize = ADMIN_PAGE_SIZE) => ({ skip: (page - 1) * pageSize, take: pageSize });
