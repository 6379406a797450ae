import { notFound } from "next/navigation";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { AnswerSummary } from "@/components/apply/answer-summary";
import { StepTitle } from "@/components/apply/step-page";
import { WithdrawForm } from "@/components/apply/submit-forms";
import { Section } from "@/components/ui/section";
import { Link } from "@/i18n/link";
import { formatDay, formatInstant, pickText } from "@/lib/localize";
import { applicantProgress } from "@/server/applications/applicant-status";
import { getApplicantView } from "@/server/applications/service";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ locale: string; token: string }> };

/** The applicant's own page: state with dates, the steps while a draft, the receipt and withdrawal after. */
export default async function ApplicationStatusPage({ params }: Props) {
  const { locale, token } = await params;
  setRequestLocale(locale);
  const view = await getApplicantView(token);
  if (!view) notFound();
  const [t, progress] = await Promise.all([getTranslations("Apply"), applicantProgress(view)]);
  const team = await getTranslations("Team");
  const zone = view.call.timeZone === "Asia/Shanghai" ? t("beijingTime") : view.call.timeZone;
  return (
    <div className="max-w-3xl">
      <h1 className="text-3xl font-bold">{t("taskListTitle")}</h1>
      {view.title && <p className="mt-1 text-lg">{view.title}</p>}
      <p className="mt-2 text-slate-700" data-testid="application-call">
        {t("callLabel")}: {pickText(view.call.title, locale)}
        {view.stage && <> · {pickText(view.stage.title, locale)}</>}
      </p>
      {view.call.demonstration && (
        <p role="note" className="mt-4 rounded-lg border-s-4 border-amber-500 bg-amber-50 p-4 font-semibold" data-testid="demonstration-notice">
          {t("demonstration")}
        </p>
      )}
      {view.closed && view.stage?.acceptsUntil && (
        <p role="status" className="mt-4 rounded-lg border-s-4 border-red-700 bg-red-50 p-4" data-testid="draft-closed">
          {t("draftClosed", { date: formatInstant(view.stage.acceptsUntil, locale, view.call.timeZone), zone })}
        </p>
      )}
      {view.editable && view.stage?.acceptsUntil && (
        <p className="mt-4 font-semibold" data-testid="application-deadline">
          {t("deadline", { date: formatInstant(view.stage.acceptsUntil, locale, view.call.timeZone), zone })}
        </p>
      )}
      <dl className="mt-6 grid gap-4 sm:grid-cols-2">
        <div className="rounded-lg border border-slate-200 bg-white p-4">
          <dt className="text-sm text-slate-700">{t("statusLabel")}</dt>
          <dd className="text-2xl font-bold text-navy" data-testid="application-status">
            {t(`status.${progress.status}`)}
          </dd>
        </div>
        {view.reference && (
          <div className="rounded-lg border border-slate-200 bg-white p-4">
            <dt className="text-sm text-slate-700">{t("reference")}</dt>
            <dd className="text-2xl font-bold text-navy" data-testid="application-reference">
              {view.reference}
            </dd>
          </div>
        )}
      </dl>

      <p className="mt-6">
        <Link href={`/applications/${token}/team`} className="font-semibold" data-testid="team-link">
          {team("navLink")}
        </Link>
      </p>

      {!view.editable && !view.closed && view.status === "DRAFT" && view.form && (
        <Section headingId="answers-heading" heading={team("answersHeading")}>
          <p role="note" className="mt-2" data-testid="read-only-note">{team("readOnlyNote")}</p>
          <div className="mt-4" data-testid="read-only-answers">
            <AnswerSummary view={view} token={token} locale={locale} />
          </div>
        </Section>
      )}

      {view.editable && (
        <Section headingId="steps-heading" heading={t("goToStep")}>
          <p className="mt-1 text-sm text-slate-700">{t("editUntilSubmit")}</p>
          <ol className="mt-4 divide-y divide-slate-200 border-y border-slate-200">
            {view.steps.map((step) => {
              const done = view.completedSteps.includes(step);
              return (
                <li key={step} className="flex items-center justify-between gap-4 py-3">
                  <Link href={`/applications/${token}/${step}`} className="font-semibold">
                    <StepTitle view={view} step={step} locale={locale} />
                  </Link>
                  {step !== "check" && (
                    <span className={`rounded px-2 py-0.5 text-sm font-semibold ${done ? "bg-emerald-100 text-emerald-900" : "bg-slate-200 text-slate-800"}`}>
                      {done ? t("completed") : t("notStarted")}
                    </span>
                  )}
                </li>
              );
            })}
          </ol>
        </Section>
      )}

      {view.reference && view.status !== "DRAFT" && (
        <p className="mt-8">
          <a href={`/api/applications/${token}/receipt`} className="font-semibold">
            {t("receipt")}
          </a>
        </p>
      )}

      <Section headingId="history-heading" heading={t("history")}>
        <ol className="mt-3 space-y-2 border-s-4 border-sky ps-4" data-testid="application-history">
          {progress.events.map((event) => (
            <li key={`${event.status}-${event.at}`}>
              <span className="font-semibold">{t(`status.${event.status}`)}</span>
              {" · "}
              <time dateTime={event.at}>{formatDay(event.at, locale)}</time>
            </li>
          ))}
        </ol>
      </Section>

      {view.withdrawable && (
        <Section headingId="withdraw-heading" heading={t("withdrawHeading")} className="mt-10 rounded-lg border border-accent/40 bg-white p-5">
          <WithdrawForm token={token} />
        </Section>
      )}
      {view.status === "WITHDRAWN" && <p className="mt-8 font-semibold" role="status">{t("withdrawn")}</p>}
    </div>
  );
}
