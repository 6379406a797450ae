import { getTranslations } from "next-intl/server";
import { Link } from "@/i18n/link";
import type { Page } from "@/lib/calls/definition";
import type { ApplicantView } from "@/server/applications/service";
import { AttachmentsSection, attachmentQuestionsOf } from "./attachments-section";
import { PageForm } from "./page-form";
import { StepPage } from "./step-page";

/** One page of the draft's form: its files (uploaded one at a time), then its questions and "Save and continue". */
export async function FormStep({
  view,
  token,
  page,
  locale,
  returnTo,
  remaining = {},
}: {
  view: ApplicantView;
  token: string;
  page: Page;
  locale: string;
  returnTo?: string;
  remaining?: Record<string, number>;
}) {
  const t = await getTranslations("Apply");
  const next = view.steps[view.steps.indexOf(page.key) + 1] ?? "check";
  const asksFiles = attachmentQuestionsOf(page).length > 0;
  const asksAnswers = page.questions.some((q) => q.type !== "attachment");
  return (
    <StepPage token={token} view={view} step={page.key} locale={locale}>
      {asksFiles && <AttachmentsSection view={view} token={token} page={page} locale={locale} />}
      {asksAnswers ? (
        <div className={asksFiles ? "mt-10" : undefined}>
          <PageForm token={token} form={view.form!} page={page} answers={view.answers} returnTo={returnTo} remaining={remaining} />
        </div>
      ) : (
        <p className="mt-8">
          <Link href={`/applications/${token}/${next}`} className="inline-block rounded bg-navy px-5 py-3 font-semibold text-white no-underline hover:bg-sky">
            {t("continue")}
          </Link>
        </p>
      )}
    </StepPage>
  );
}
