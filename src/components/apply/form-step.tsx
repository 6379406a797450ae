import { pageRevision } from "@/lib/calls/answer-revision";
import type { Page } from "@/lib/calls/definition";
import type { ApplicantView } from "@/server/applications/service";
import { AttachmentsSection, attachmentQuestionsOf } from "./attachments-section";
import { PageForm } from "./page-form";
import { StepPage } from "./step-page";

/**
 * One page of the draft's form: its files (uploaded one at a time), then its questions and "Save and continue". A page
 * of files alone has one form, whose "Save and continue" also uploads a file chosen and not yet sent.
 */
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
  const asksFiles = attachmentQuestionsOf(page).length > 0;
  const asksAnswers = page.questions.some((q) => q.type !== "attachment");
  return (
    <StepPage token={token} view={view} step={page.key} locale={locale}>
      {asksFiles && <AttachmentsSection view={view} token={token} page={page} locale={locale} continues={!asksAnswers} />}
      {asksAnswers && (
        <div className={asksFiles ? "mt-10" : undefined}>
          <PageForm
            token={token}
            form={view.form!}
            page={page}
            answers={view.answers}
            returnTo={returnTo}
            remaining={remaining}
            revision={pageRevision(view.answers[page.key], page.questions.filter((q) => q.type !== "attachment").map((q) => q.key))}
          />
        </div>
      )}
    </StepPage>
  );
}
