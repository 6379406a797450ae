import { getLocale, getTranslations } from "next-intl/server";
import { Link } from "@/i18n/link";
import type { AuditListQuery } from "@/server/queries/admin/audit";

const controlClass = "mt-1 rounded border-2 border-slate-600 bg-white px-2 py-1";

/**
 * The audit trail's search and filters as a GET form (the URL is the state), with the CSV of exactly what they
 * select. Its own form rather than ListToolbar's: the trail filters by free text and date range, not only by menus.
 */
export async function AuditFilters({
  query,
  entities,
  actions,
  total,
}: {
  query: AuditListQuery;
  entities: string[];
  actions: string[];
  total: number;
}) {
  const [t, tList, locale] = await Promise.all([getTranslations("AuditTrail"), getTranslations("AdminList"), getLocale()]);
  const current = new URLSearchParams();
  if (query.q) current.set("q", query.q);
  for (const [key, value] of Object.entries(query.filters)) if (value) current.set(key, value);
  current.set("dir", query.dir);
  const { entity, action, actor, from, to } = query.filters;
  return (
    <section aria-label={t("filtersLabel")} className="mt-4 rounded border border-slate-300 bg-white p-3">
      <form method="get" action={`/${locale}/admin/audit`} className="flex flex-wrap items-end gap-3">
        <div>
          <label htmlFor="audit-q" className="block text-sm font-semibold">
            {tList("search")}
          </label>
          <input id="audit-q" name="q" type="search" defaultValue={query.q} aria-describedby="audit-q-hint" className={controlClass} />
          <span id="audit-q-hint" className="block text-xs text-slate-700">
            {t("searchHint")}
          </span>
        </div>
        <div>
          <label htmlFor="audit-entity" className="block text-sm font-semibold">
            {t("entity")}
          </label>
          <select id="audit-entity" name="entity" defaultValue={entity ?? ""} className={controlClass}>
            <option value="">{tList("all")}</option>
            {[...new Set([...entities, ...(entity ? [entity] : [])])].map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="audit-action" className="block text-sm font-semibold">
            {t("action")}
          </label>
          <select id="audit-action" name="action" defaultValue={action ?? ""} className={controlClass}>
            <option value="">{tList("all")}</option>
            {[...new Set([...actions, ...(action ? [action] : [])])].map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="audit-actor" className="block text-sm font-semibold">
            {t("actor")}
          </label>
          <input id="audit-actor" name="actor" type="text" inputMode="email" defaultValue={actor} className={controlClass} />
        </div>
        <div>
          <label htmlFor="audit-from" className="block text-sm font-semibold">
            {t("from")}
          </label>
          <input id="audit-from" name="from" type="date" defaultValue={from} aria-describedby="audit-dates-hint" className={controlClass} />
        </div>
        <div>
          <label htmlFor="audit-to" className="block text-sm font-semibold">
            {t("to")}
          </label>
          <input id="audit-to" name="to" type="date" defaultValue={to} aria-describedby="audit-dates-hint" className={controlClass} />
        </div>
        <input type="hidden" name="dir" value={query.dir} />
        <button type="submit" className="rounded bg-navy px-4 py-1.5 font-semibold text-white">
          {tList("apply")}
        </button>
        <Link href="/admin/audit" className="py-1.5">
          {tList("clear")}
        </Link>
        <a href={`/api/admin/exports/audit?${current.toString()}`} className="ml-auto py-1.5 font-semibold" download>
          {tList("downloadCsv", { count: total })}
        </a>
      </form>
      <p id="audit-dates-hint" className="mt-2 text-xs text-slate-700">
        {t("datesUtc")}
      </p>
    </section>
  );
}
