import { getTranslations } from "next-intl/server";
import { Link } from "@/i18n/link";
import type { OpportunitySummary } from "@/lib/validation/public-data";

/**
 * The way into a call's application form while the call is open and this portal takes its applications; otherwise
 * why there is none (not open yet, closed, or applications made elsewhere).
 */
export async function HowToApply({ call, applyHref }: { call: OpportunitySummary; applyHref: string }) {
  const t = await getTranslations("Calls");
  if (call.status === "OPEN" && call.acceptsApplications) {
    return (
      <p className="mt-4">
        <Link href={applyHref} className="inline-block rounded bg-navy px-5 py-3 font-semibold text-white no-underline hover:bg-sky">
          {t("applyLink")}
        </Link>
      </p>
    );
  }
  const reason =
    call.status === "UPCOMING"
      ? "applyUpcoming"
      : call.status === "CLOSED"
        ? "applyClosed"
        : call.status === "RESULTS_PUBLISHED"
          ? "applyResults"
          : "applyElsewhere";
  return (
    <p className="mt-4 rounded-lg bg-slate-100 p-4 text-slate-900" data-apply-unavailable={reason}>
      {t(reason)}
    </p>
  );
}
