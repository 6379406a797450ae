"use client";

import { useLocale, useTranslations } from "next-intl";
import { type ReactNode, useActionState } from "react";
import { useFormStatus } from "react-dom";
import { ErrorSummary, SubmitButton } from "@/components/forms/fields";
import type { BatchState, ReleaseState } from "@/lib/validation/admin/review";
import { applyDecisionBatchAction } from "@/server/actions/admin/review-decisions";
import { releaseMailAction } from "@/server/actions/admin/review-outbox";

// Applying the decision batch and releasing held notices: long-running posts, so each shows its progress on the button
// and a summary of what happened afterwards.

export function ApplyBatchForm({ count }: { count: number }) {
  const t = useTranslations("Review.batch");
  const tErrors = useTranslations("Errors");
  const tOutcome = useTranslations("Review.decision.outcomes");
  const locale = useLocale();
  const [state, action] = useActionState(applyDecisionBatchAction, { ok: false } as BatchState);
  const result = state.result;
  return (
    <div>
      {result && (
        <div
          role={result.refused.length > 0 ? "alert" : "status"}
          aria-labelledby="batch-result-title"
          className={`mb-4 border-s-4 bg-white p-4 ${result.refused.length > 0 ? "border-accent" : "border-emerald-700"}`}
        >
          <h3 id="batch-result-title" className="text-lg font-bold">
            {t("resultTitle", { applied: result.applied.length, refused: result.refused.length })}
          </h3>
          {result.applied.length > 0 && (
            <ul className="mt-2 list-disc ps-6" aria-label={t("appliedList")}>
              {result.applied.map((a) => (
                <li key={a.reference}>
                  {a.reference}: {tOutcome(a.outcome)}
                </li>
              ))}
            </ul>
          )}
          {result.refused.length > 0 && (
            <>
              <p className="mt-2 font-semibold">{t("refusedIntro")}</p>
              <ul className="mt-1 list-disc ps-6" aria-label={t("refusedList")}>
                {result.refused.map((r) => (
                  <li key={r.reference} className="text-accent">
                    {r.reference} ({tOutcome(r.outcome)}): {tErrors(r.reason)}
                  </li>
                ))}
              </ul>
            </>
          )}
          {result.applied.length > 0 && <p className="mt-2">{t("heldNotice")}</p>}
        </div>
      )}
      {count > 0 && (
        <form action={action}>
          <input type="hidden" name="locale" value={locale} />
          <SubmitButton pendingLabel={t("applying", { count })} className="rounded bg-navy px-5 py-3 font-semibold text-white shadow hover:bg-sky disabled:opacity-70">
            {t("apply", { count })}
          </SubmitButton>
          <p className="mt-2 text-sm text-slate-700">{t("applyHint")}</p>
        </form>
      )}
    </div>
  );
}

/** The outbox's form: the held notices (rendered on the server, each with its checkbox) and the two release buttons. */
export function ReleaseForm({ count, children }: { count: number; children: ReactNode }) {
  const t = useTranslations("Review.outbox");
  const locale = useLocale();
  const [state, action] = useActionState(releaseMailAction, { ok: false } as ReleaseState);
  const result = state.result;
  return (
    <form action={action} noValidate>
      <ErrorSummary state={result ? { ok: true } : state} labels={{ ids: t("selection") }} />
      {result && (
        <div role={result.failed + result.queued > 0 ? "alert" : "status"} className={`mb-4 border-s-4 bg-white p-4 font-semibold ${result.failed + result.queued > 0 ? "border-accent" : "border-emerald-700"}`}>
          <p>{t("resultSent", { count: result.sent })}</p>
          {result.failed > 0 && <p className="text-accent">{t("resultRetrying", { count: result.failed })}</p>}
          {result.queued > 0 && <p className="text-accent">{t("resultQueued", { count: result.queued })}</p>}
        </div>
      )}
      <input type="hidden" name="locale" value={locale} />
      {children}
      {count > 0 && <ReleaseButtons count={count} />}
    </form>
  );
}

function ReleaseButtons({ count }: { count: number }) {
  const t = useTranslations("Review.outbox");
  const { pending, data } = useFormStatus();
  const mode = data?.get("mode");
  const label = (which: string, idle: string) => (pending && (mode === which || !mode) ? t("releasing") : idle);
  const style = "rounded px-5 py-3 font-semibold shadow disabled:opacity-70";
  return (
    <div className="mt-4 flex flex-wrap gap-3">
      <button type="submit" name="mode" value="selected" disabled={pending} aria-disabled={pending} className={`${style} bg-navy text-white hover:bg-sky`}>
        {label("selected", t("releaseSelected"))}
      </button>
      <button type="submit" name="mode" value="all" disabled={pending} aria-disabled={pending} className={`${style} border-2 border-navy bg-white text-navy`}>
        {label("all", t("releaseAll", { count }))}
      </button>
    </div>
  );
}
