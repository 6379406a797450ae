import { getLocale, getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { Link } from "@/i18n/link";
import type { AuditListQuery } from "@/server/queries/admin/audit";

const controlClass = "mt-1 rounded border-2 border-slate-600 bg-white px-2 py-1";

/** One filter's label above its control (the control's id is audit-NAME). */
function Filter({ name, label, children }: { name: string; label: string; children: ReactNode }) {
  return (
    <div>
      <label htmlFor={`audit-${name}`} className="block text-sm font-semibold">
        {label}
      </label>
      {children}
    </div>
  );
}

/** A menu of the names the trail holds, with the one chosen kept even when no entry carries it any more. */
function Choices({ name, chosen, names, all, label = (value) => value }: { name: string; chosen: string | undefined; names: string[]; all: string; label?: (value: string) => string }) {
  return (
    <select id={`audit-${name}`} name={name} defaultValue={chosen ?? ""} className={controlClass}>
      <option value="">{all}</option>
      {[...new Set([...names, ...(chosen ? [chosen] : [])])].map((value) => (
        <option key={value} value={value}>
          {label(value)}
        </option>
      ))}
    </select>
  );
}

/**
 * The audit trail's search and filters as a GET form (the URL is the state), with the CSV of exactly what they
 * select. Its own form rather than ListToolbar's: the trail filters by free text and date range, not only by menus.
 */
export async function AuditFilters({
  query,
  entities,
  actions,
  total,
  label,
}: {
  query: AuditListQuery;
  entities: string[];
  actions: string[];
  total: number;
  /** An entity's or action's name in the page's language. */
  label?: (group: "entities" | "actions", value: string) => string;
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
        <Filter name="q" label={tList("search")}>
          <input id="audit-q" name="q" type="search" defaultValue={query.q} aria-describedby="audit-q-hint" className={controlClass} />
          <span id="audit-q-hint" className="block text-xs text-slate-700">
            {t("searchHint")}
          </span>
        </Filter>
        <Filter name="entity" label={t("entity")}>
          <Choices name="entity" chosen={entity} names={entities} all={tList("all")} label={label && ((value) => label("entities", value))} />
        </Filter>
        <Filter name="action" label={t("action")}>
          <Choices name="action" chosen={action} names={actions} all={tList("all")} label={label && ((value) => label("actions", value))} />
        </Filter>
        <Filter name="actor" label={t("actor")}>
          <input id="audit-actor" name="actor" type="text" inputMode="email" defaultValue={actor} className={controlClass} />
        </Filter>
        <Filter name="from" label={t("from")}>
          <input id="audit-from" name="from" type="date" defaultValue={from} aria-describedby="audit-dates-hint" className={controlClass} />
        </Filter>
        <Filter name="to" label={t("to")}>
          <input id="audit-to" name="to" type="date" defaultValue={to} aria-describedby="audit-dates-hint" className={controlClass} />
        </Filter>
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
