import { getTranslations } from "next-intl/server";
import type { AuditChange } from "@/server/queries/admin/audit";

const valueClass = "block whitespace-pre-wrap break-words rounded px-2 py-1 font-mono text-xs no-underline";

/** The fields an entry changed, each as before → after, with removed and added values highlighted. */
export async function AuditChanges({ changes }: { changes: AuditChange[] }) {
  const t = await getTranslations("AuditTrail");
  if (changes.length === 0) return <p className="text-slate-700">{t("noChanges")}</p>;
  return (
    <details open={changes.length <= 4} className="min-w-64 max-w-xl">
      <summary className="cursor-pointer font-semibold">{t("changeCount", { count: changes.length })}</summary>
      <dl className="mt-2 space-y-2">
        {changes.map((change) => (
          <div key={change.field} data-field={change.field}>
            <dt className="font-mono text-xs font-semibold">{change.field}</dt>
            <dd className="mt-1 grid gap-1 sm:grid-cols-[auto_1fr] sm:items-start sm:gap-x-2">
              <span className="text-xs text-slate-700">{t("before")}</span>
              {change.before === undefined ? (
                <span className="text-xs text-slate-700">{t("absent")}</span>
              ) : (
                <del className={`${valueClass} bg-red-50 text-red-900`}>{change.before}</del>
              )}
              <span className="text-xs text-slate-700">{t("after")}</span>
              {change.after === undefined ? (
                <span className="text-xs text-slate-700">{t("absent")}</span>
              ) : (
                <ins className={`${valueClass} bg-emerald-50 text-emerald-900`}>{change.after}</ins>
              )}
            </dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
