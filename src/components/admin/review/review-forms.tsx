"use client";

import { useLocale, useTranslations } from "next-intl";
import { useActionState } from "react";
import { ChoiceGroup, ErrorSummary, errorAttributes, FieldError, fieldId, SubmitButton, TextArea, TextField, valueOf } from "@/components/forms/fields";
import type { Rubric } from "@/lib/calls/definition";
import { type RubricScores, scaleChoices } from "@/lib/calls/rubric";
import { type FormState, initialFormState } from "@/lib/form-state";
import { pickText } from "@/lib/localize";
import { scoreField } from "@/lib/validation/admin/review";
import { assignReviewerAction, changeStatusAction, declareConflictAction, saveScoresAction, unassignReviewerAction } from "@/server/actions/admin/review";
import { prepareDecisionAction, removePreparedDecisionAction } from "@/server/actions/admin/review-decisions";

// The forms of one application's review and of the decision batch. Each posts to an unbound server action with its
// ids in hidden fields, so that it works before (or without) JavaScript; the server checks everything again.

const primary = "rounded bg-navy px-4 py-2 font-semibold text-white hover:bg-sky disabled:opacity-70";
const secondary = "rounded border-2 border-navy px-3 py-1 text-sm font-semibold text-navy hover:bg-slate-100 disabled:opacity-70";

/** The confirmation a form shows once its action succeeded. */
export function Done({ state }: { state: FormState }) {
  const t = useTranslations("Review.done");
  if (!state.ok || !state.message) return null;
  return (
    <p role="status" className="mb-3 font-semibold text-emerald-800">
      {t(state.message)}
    </p>
  );
}

function Hidden({ fields }: { fields: Record<string, string> }) {
  const locale = useLocale();
  return (
    <>
      <input type="hidden" name="locale" value={locale} />
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
    </>
  );
}

export function AssignReviewerForm({ applicationId, reviewers }: { applicationId: string; reviewers: { id: string; name: string; email: string }[] }) {
  const t = useTranslations("Review.assign");
  const [state, action] = useActionState(assignReviewerAction, initialFormState);
  const error = state.fieldErrors?.reviewerId;
  return (
    <form action={action} noValidate className="mt-4">
      <ErrorSummary state={state} labels={{ reviewerId: t("reviewer") }} />
      <Done state={state} />
      <Hidden fields={{ applicationId }} />
      {reviewers.length === 0 ? (
        <p className="text-sm text-slate-700">{t("none")}</p>
      ) : (
        <div className="flex flex-wrap items-end gap-3">
          <div className="min-w-0 max-w-full">
            <label htmlFor={fieldId("reviewerId")} className="block font-semibold">
              {t("reviewer")}
            </label>
            <FieldError name="reviewerId" error={error} />
            <select
              id={fieldId("reviewerId")}
              name="reviewerId"
              defaultValue=""
              {...errorAttributes("reviewerId", error)}
              // A select is as wide as its longest option: kept within the screen however long a reviewer's email.
              className={`mt-1 w-full max-w-full rounded border-2 bg-white px-2 py-2 ${error ? "border-accent" : "border-slate-600"}`}
            >
              <option value="">{t("choose")}</option>
              {reviewers.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.name} ({r.email})
                </option>
              ))}
            </select>
          </div>
          <SubmitButton pendingLabel={t("assigning")} className={primary}>
            {t("submit")}
          </SubmitButton>
        </div>
      )}
    </form>
  );
}

export function UnassignForm({ applicationId, assignmentId, reviewerName }: { applicationId: string; assignmentId: string; reviewerName: string }) {
  const t = useTranslations("Review.assign");
  const [state, action] = useActionState(unassignReviewerAction, initialFormState);
  return (
    <form action={action}>
      <ErrorSummary state={state} labels={{}} />
      <Hidden fields={{ applicationId, assignmentId }} />
      <SubmitButton pendingLabel={t("unassigning")} className={secondary}>
        {t("unassign")}
        <span className="sr-only"> {reviewerName}</span>
      </SubmitButton>
    </form>
  );
}

// Up to five points sit in one row on a phone; a longer scale lists its points one under another.
const INLINE_POINTS = 5;

/**
 * The reviewer's scores, drawn from the rubric of the version of the call the application answered: each criterion's
 * label and help in the staff member's language (English where the call has no Chinese), its scale, and the call's
 * instructions to reviewers.
 */
export function ScoreForm({ applicationId, rubric, saved }: { applicationId: string; rubric: Rubric; saved: { scores: RubricScores; comment?: string } | undefined }) {
  const t = useTranslations("Review.score");
  const locale = useLocale();
  const [state, action] = useActionState(saveScoresAction, initialFormState);
  const points = scaleChoices(rubric.scale);
  // Weights are worth saying only when they differ.
  const weighted = rubric.criteria.some((c) => c.weight !== rubric.criteria[0]!.weight);
  const criteria = rubric.criteria.map((c) => ({
    name: scoreField(c.key),
    label: pickText(c.label, locale),
    hint: (
      <>
        {c.help && pickText(c.help, locale)}
        {weighted && <span className="block">{t("weight", { weight: c.weight })}</span>}
      </>
    ),
    hasHint: Boolean(c.help) || weighted,
  }));
  const labels = Object.fromEntries([...criteria.map((c) => [c.name, c.label]), ["comment", t("comment")]]);
  return (
    <form action={action} noValidate className="mt-4 max-w-2xl">
      <ErrorSummary state={state} labels={labels} />
      <Done state={state} />
      <Hidden fields={{ applicationId }} />
      <div className="mb-5 rounded border-s-4 border-sky bg-white p-3" data-testid="rubric-instructions">
        <h3 className="font-semibold">{t("instructions")}</h3>
        <p className="whitespace-pre-line">{pickText(rubric.instructions, locale)}</p>
        <p className="mt-1 text-sm text-slate-700">{t("scale", { min: rubric.scale.min, max: rubric.scale.max })}</p>
      </div>
      {criteria.map((c) =>
        points ? (
          <ChoiceGroup
            key={c.name}
            name={c.name}
            legend={c.label}
            hint={c.hasHint ? c.hint : undefined}
            inline={points.length <= INLINE_POINTS}
            options={points.map((v) => ({ value: String(v), label: String(v) }))}
            defaultValue={valueOf(state, saved, c.name)}
            error={state.fieldErrors?.[c.name]}
          />
        ) : (
          <TextField
            key={c.name}
            name={c.name}
            label={c.label}
            hint={c.hasHint ? c.hint : undefined}
            // A phone's numeric keypad has no minus sign.
            inputMode={rubric.scale.min < 0 ? "text" : "numeric"}
            width="short"
            defaultValue={valueOf(state, saved, c.name)}
            error={state.fieldErrors?.[c.name]}
          />
        ),
      )}
      <TextArea name="comment" label={t("comment")} hint={t("commentHint")} rows={5} defaultValue={valueOf(state, saved, "comment")} error={state.fieldErrors?.comment} />
      <SubmitButton pendingLabel={t("saving")} className={primary}>
        {saved ? t("revise") : t("submit")}
      </SubmitButton>
    </form>
  );
}

export function ConflictForm({ applicationId }: { applicationId: string }) {
  const t = useTranslations("Review.conflict");
  const [state, action] = useActionState(declareConflictAction, initialFormState);
  return (
    <form action={action} noValidate className="mt-3 max-w-2xl">
      <ErrorSummary state={state} labels={{ reason: t("reason") }} />
      <Hidden fields={{ applicationId }} />
      <TextArea name="reason" label={t("reason")} hint={t("reasonHint")} rows={3} defaultValue={valueOf(state, undefined, "reason")} error={state.fieldErrors?.reason} />
      <SubmitButton pendingLabel={t("declaring")} className="rounded bg-accent px-4 py-2 font-semibold text-white disabled:opacity-70">
        {t("submit")}
      </SubmitButton>
    </form>
  );
}

/** One button per review step the application may take next. */
export function StatusStepForm({ applicationId, to, label }: { applicationId: string; to: string; label: string }) {
  const t = useTranslations("Review.status");
  const [state, action] = useActionState(changeStatusAction, initialFormState);
  return (
    <form action={action}>
      <ErrorSummary state={state} labels={{}} />
      <Done state={state} />
      <Hidden fields={{ applicationId, status: to }} />
      <SubmitButton pendingLabel={t("moving")} className={primary}>
        {t("moveTo", { status: label })}
      </SubmitButton>
    </form>
  );
}

/** The application page's decision form, with a note for the applicant. */
export function PrepareDecisionForm({
  applicationId,
  outcomes,
  prepared,
}: {
  applicationId: string;
  outcomes: string[];
  prepared?: { outcome: string; note: string | null } | null;
}) {
  const t = useTranslations("Review.decision");
  const [state, action] = useActionState(prepareDecisionAction, initialFormState);
  return (
    <form action={action} noValidate className="mt-3 max-w-2xl">
      <ErrorSummary state={state} labels={{ outcome: t("outcome"), note: t("note") }} />
      <Done state={state} />
      <Hidden fields={{ applicationId }} />
      <ChoiceGroup
        name="outcome"
        legend={t("outcome")}
        inline
        options={outcomes.map((o) => ({ value: o, label: t(`outcomes.${o}`) }))}
        defaultValue={valueOf(state, prepared ?? undefined, "outcome")}
        error={state.fieldErrors?.outcome}
      />
      <TextArea name="note" label={t("note")} hint={t("noteHint")} rows={3} defaultValue={valueOf(state, prepared ?? undefined, "note")} error={state.fieldErrors?.note} />
      <SubmitButton pendingLabel={t("preparing")} className={primary}>
        {t("prepare")}
      </SubmitButton>
    </form>
  );
}

/** The decisions page's quick decision for one shortlisted application: one button per outcome, no note. */
export function QuickDecisionForm({ applicationId, reference, outcomes }: { applicationId: string; reference: string; outcomes: string[] }) {
  const t = useTranslations("Review.decision");
  const [state, action] = useActionState(prepareDecisionAction, initialFormState);
  return (
    <form action={action} className="flex flex-wrap gap-2">
      <ErrorSummary state={state} labels={{}} />
      <Hidden fields={{ applicationId }} />
      {outcomes.map((outcome) => (
        <button key={outcome} type="submit" name="outcome" value={outcome} className={secondary}>
          {t(`quick.${outcome}`)}
          <span className="sr-only"> {reference}</span>
        </button>
      ))}
    </form>
  );
}

export function RemoveDecisionForm({ decisionId, reference }: { decisionId: string; reference: string }) {
  const t = useTranslations("Review.decision");
  const [state, action] = useActionState(removePreparedDecisionAction, initialFormState);
  return (
    <form action={action}>
      <ErrorSummary state={state} labels={{}} />
      <Hidden fields={{ decisionId }} />
      <SubmitButton pendingLabel={t("removing")} className={secondary}>
        {t("remove")}
        <span className="sr-only"> {reference}</span>
      </SubmitButton>
    </form>
  );
}
