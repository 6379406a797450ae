import { getTranslations } from "next-intl/server";
import type { OpportunitySummary } from "@/lib/validation/public-data";

const styles = {
  UPCOMING: "bg-amber-100 text-amber-900 ring-amber-700/30",
  OPEN: "bg-emerald-100 text-emerald-900 ring-emerald-700/30",
  CLOSED: "bg-slate-200 text-slate-800 ring-slate-600/30",
  RESULTS_PUBLISHED: "bg-sky-100 text-sky-900 ring-sky-700/30",
} as const;

export async function StatusBadge({ status }: { status: OpportunitySummary["status"] }) {
  const t = await getTranslations("Status");
  return (
    <span className={`inline-flex items-center rounded-full px-3 py-0.5 text-sm font-semibold ring-1 ring-inset ${styles[status]}`}>
      {t(status)}
    </span>
  );
}
