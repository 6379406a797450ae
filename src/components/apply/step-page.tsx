import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { Link } from "@/i18n/link";
import { STEP_PAGES } from "@/lib/validation/application";

/** A step's frame: where it sits in the flow, a back link, and the saved-draft reassurance. */
export async function StepPage({ token, step, children }: { token: string; step: (typeof STEP_PAGES)[number]; children: ReactNode }) {
  const t = await getTranslations("Apply");
  const index = STEP_PAGES.indexOf(step);
  const back = index === 0 ? `/applications/${token}` : `/applications/${token}/${STEP_PAGES[index - 1]}`;
  return (
    <div>
      <p className="mb-4">
        <Link href={back}>← {t("back")}</Link>
      </p>
      <p className="text-lg text-slate-700">{t("stepOf", { current: index + 1, total: STEP_PAGES.length })}</p>
      <h1 className="mb-2 text-3xl font-bold">{t(`steps.${step}`)}</h1>
      <p className="mb-6 text-sm text-slate-700">{t("editUntilSubmit")}</p>
      {children}
    </div>
  );
}
