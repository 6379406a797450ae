import { getTranslations } from "next-intl/server";
import type { AuditChange } from "@/server/queries/admin/audit";

const valueClass = "block whitespace-pre-wrap rounded px-2 py-1 font-mono text-xs no-underline [overflow-wrap:anywhere]";

/**
 * The fields an entry changed, each as before and after, removed values in red and added ones in green.
 * A side with no value (a creation's before, a deletion's after) is left out rather than shown empty.
 */
export async function AuditChanges({ changes }: { changes: (AuditChange & { label?: string })[] }) {
  const t = await getTranslations("AuditTrail");
  if (changes.length === 0) return <p className="text-slate-700">{t("noChanges")}</p>;
  return (
    <details open={changes.length <= 6}>
      <summary className="cursor-pointer font-semibold">{t("changeCount", { count: changes.length })}</summary>
      <dl className="mt-2 space-y-2">
        {changes.map((change) => (
          <div key={change.field} data-field={change.field}>
            <dt className={`${change.label ? "" : "font-mono text-xs "}font-semibold [overflow-wrap:anywhere]`}>{change.label ?? change.field}</dt>
            <dd className="mt-1 grid grid-cols-[auto_minmax(0,1fr)] items-start gap-x-2 gap-y-1">
              {change.before !== undefined && (
                <>
                  <span className="text-xs text-slate-700">{t("before")}</span>
                  <del className={`${valueClass} bg-red-50 text-red-900`}>{change.before}</del>
                </>
              )}
              {change.after !== undefined && (
                <>
                  <span className="text-xs text-slate-700">{t("after")}</span>
                  <ins className={`${valueClass} bg-emerald-50 text-emerald-900`}>{change.after}</ins>
                </>
              )}
            </dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
