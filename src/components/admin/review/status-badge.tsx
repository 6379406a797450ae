import { getTranslations } from "next-intl/server";
import type { ApplicationStatus } from "@/generated/prisma/enums";

const styles: Record<ApplicationStatus, string> = {
  DRAFT: "bg-slate-200 text-slate-800 ring-slate-600/30",
  SUBMITTED: "bg-sky-100 text-sky-900 ring-sky-700/30",
  UNDER_REVIEW: "bg-amber-100 text-amber-900 ring-amber-700/30",
  SHORTLISTED: "bg-violet-100 text-violet-900 ring-violet-700/30",
  ACCEPTED: "bg-emerald-100 text-emerald-900 ring-emerald-700/30",
  DECLINED: "bg-rose-100 text-rose-900 ring-rose-700/30",
  WITHDRAWN: "bg-slate-200 text-slate-800 ring-slate-600/30",
};

/** An application's status in the staff panel, in the words the applicant's own page uses. */
export async function ApplicationStatusBadge({ status }: { status: ApplicationStatus }) {
  const t = await getTranslations("Apply.status");
  return (
    <span className={`inline-flex items-center whitespace-nowrap rounded-full px-3 py-0.5 text-sm font-semibold ring-1 ring-inset ${styles[status]}`}>
      {t(status)}
    </span>
  );
}
