import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { BackLink } from "@/components/ui/back-link";
import { LocalizedText } from "@/components/ui/localized-text";
import type { ApplicantView } from "@/server/applications/service";

/** A step's title: its page's title in the call's definition, or "Check your answers". */
export async function StepTitle({ view, step, locale }: { view: Pick<ApplicantView, "form">; step: string; locale: string }) {
  const t = await getTranslations("Apply");
  const page = view.form?.pages.find((p) => p.key === step);
  return page ? <LocalizedText value={page.title} locale={locale} /> : <>{t("steps.check")}</>;
}

/** A step's frame: where it sits in the draft's flow, a back link, and the saved-draft reassurance. */
export async function StepPage({ token, view, step, locale, children }: { token: string; view: Pick<ApplicantView, "form" | "steps">; step: string; locale: string; children: ReactNode }) {
  const t = await getTranslations("Apply");
  const index = view.steps.indexOf(step);
  const back = index <= 0 ? `/applications/${token}` : `/applications/${token}/${view.steps[index - 1]}`;
  return (
    <div>
      <p className="mb-4">
        <BackLink href={back}>{t("back")}</BackLink>
      </p>
      <p className="text-lg text-slate-700">{t("stepOf", { current: index + 1, total: view.steps.length })}</p>
      <h1 className="mb-2 text-3xl font-bold">
        <StepTitle view={view} step={step} locale={locale} />
      </h1>
      <p className="mb-6 text-sm text-slate-700">{t("editUntilSubmit")}</p>
      {children}
    </div>
  );
}
