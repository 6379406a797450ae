import { forbidden, notFound } from "next/navigation";
import { getFormatter, getTranslations, setRequestLocale } from "next-intl/server";
import { staffInstant } from "@/lib/staff-dates";
import type { ReactNode } from "react";
import { AnswerSummary } from "@/components/apply/answer-summary";
import {
  AssignReviewerForm,
  ConflictForm,
  PrepareDecisionForm,
  ScoreForm,
  StatusStepForm,
  UnassignForm,
} from "@/components/admin/review/review-forms";
import { ScoresTables } from "@/components/admin/review/scores";
import { ApplicationStatusBadge } from "@/components/admin/review/status-badge";
import { ApplicationTeam } from "@/components/admin/review/application-team";
import { getTeamForStaff } from "@/server/applications/team";
import { PanelSection } from "@/components/admin/record-table";
import { ClientMessages } from "@/i18n/client-messages";
import { Link } from "@/i18n/link";
import { countryName, languageName } from "@/lib/localize";
import { requirePermission } from "@/server/authz";
import { assignableReviewers, getApplicationDetail } from "@/server/review/queries";

const FORM_MESSAGES = ["Review", "Errors"];

/** The language the applicant reads the portal and their mail in, and the content language where it differs. */
function applicantLanguage(app: { locale: string; interfaceLocale: string }, staffLocale: string, t: (key: string, values: Record<string, string>) => string) {
  const language = languageName(app.interfaceLocale, staffLocale);
  return app.interfaceLocale === app.locale ? language : t("languageWithContent", { language, content: languageName(app.locale, staffLocale) });
}

export default async function ApplicationReviewPage({ params }: { params: Promise<{ locale: string; id: string }> }) {
  const { locale, id } = await params;
  setRequestLocale(locale);
  const staff = await requirePermission(["applications.read", "applications.review"]);
  const found = await getApplicationDetail(staff, id);
  if (found.kind === "not_found") notFound();
  if (found.kind === "forbidden") forbidden();
  const app = found.detail;
  const { viewer } = app;
  const [t, tStatus, tCarrier, tList, tApply, tNotices, format, reviewers] = await Promise.all([
    getTranslations("Review.detail"),
    getTranslations("Apply.status"),
    getTranslations("Carrier"),
    getTranslations("AdminList"),
    getTranslations("Apply"),
    getTranslations("Notices.staff"),
    getFormatter(),
    viewer.canAssign ? assignableReviewers(app.id) : Promise.resolve([]),
  ]);
  const team = await getTeamForStaff(app.id);
  const when = (iso: string) => staffInstant(iso, locale);
  const reference = app.reference ?? app.id;
  const own = app.reviews.find((r) => r.own);
  const summary: [string, ReactNode][] = [
    [t("status"), <ApplicationStatusBadge key="status" status={app.status} />],
    [t("submitted"), app.submittedAt ? when(app.submittedAt) : ""],
    // The inbox's columns, where the call's form asks for them; every answer is listed below, as the applicant gave it.
    ...(app.leadInstitution !== null
      ? ([
          [t("institution"), app.leadInstitution],
          [t("country"), app.leadCountry ? countryName(app.leadCountry, locale) : tList("unknown")],
        ] as [string, ReactNode][])
      : []),
    ...(app.carrier !== null ? ([[t("carrier"), tCarrier(app.carrier)]] as [string, ReactNode][]) : []),
    ...(app.massKg !== null ? ([[t("mass"), t("kg", { value: format.number(app.massKg, { maximumFractionDigits: 3 }) })]] as [string, ReactNode][]) : []),
    ...(viewer.canReadContent
      ? ([
          [t("email"), <span key="email" className="break-all">{app.email}</span>],
          [t("language"), <span key="language" data-testid="applicant-language">{applicantLanguage(app, locale, tNotices)}</span>],
        ] as [string, ReactNode][])
      : []),
  ];

  return (
    // One provider for every form on the page; a viewer's page has no forms and gets none.
    <ClientMessages namespaces={viewer.canDecide || viewer.canAssign || viewer.assigned ? FORM_MESSAGES : []}>
      <div className="mb-10">
        <p className="text-sm">
          <Link href="/admin/applications">{t("back")}</Link>
        </p>
        <h1 className="mt-2 text-3xl font-bold">{t("title", { reference })}</h1>
        {app.payloadName && <p className="mt-1 text-lg">{app.payloadName}</p>}
      </div>

      <PanelSection id="summary" title={t("summary")}>
        <dl className="grid gap-x-6 gap-y-3 sm:grid-cols-2 lg:grid-cols-3">
          {summary.map(([label, value]) => (
            <div key={label} className="rounded border border-slate-200 bg-white p-3">
              <dt className="text-sm text-slate-700">{label}</dt>
              <dd className="font-semibold">{value}</dd>
            </div>
          ))}
        </dl>
      </PanelSection>

      {viewer.canDecide && (app.nextSteps.length > 0 || app.decisionOutcomes.length > 0 || app.preparedDecision) && (
        <PanelSection id="decide" title={t("decide")}>
          {app.preparedDecision && (
            <p className="rounded border-s-4 border-sky bg-white p-3" data-testid="prepared-decision">
              {t("prepared", { outcome: tStatus(app.preparedDecision.outcome) })} <Link href="/admin/decisions">{t("toBatch")}</Link>
            </p>
          )}
          {app.nextSteps.length > 0 && (
            <div className="mt-3 flex flex-wrap gap-3">
              {app.nextSteps.map((to) => (
                <StatusStepForm key={to} applicationId={app.id} to={to} label={tStatus(to)} />
              ))}
            </div>
          )}
          {app.decisionOutcomes.length > 0 && (
            <div className="mt-4">
              <h3 className="text-lg font-bold">{t("prepareHeading")}</h3>
              <p className="text-sm text-slate-700">{t("prepareHint")}</p>
              <PrepareDecisionForm applicationId={app.id} outcomes={app.decisionOutcomes} />
            </div>
          )}
        </PanelSection>
      )}

      {(viewer.readsAll || viewer.canAssign) && (
        <PanelSection id="reviewers" title={t("reviewers")}>
          {app.reviews.length === 0 ? (
            <p>{t("noReviewers")}</p>
          ) : (
            <ul className="divide-y divide-slate-200 border-y border-slate-200" data-testid="reviewers">
              {app.reviews.map((r) => (
                <li key={r.id} className="flex flex-wrap items-center justify-between gap-3 py-3">
                  <div>
                    <span className="font-semibold">{r.reviewerName}</span> <span className="break-all text-sm text-slate-700">{r.reviewerEmail}</span>
                    <span className="block text-sm">
                      {r.conflict ? (
                        <span className="font-semibold text-accent">
                          {t("conflictDeclared", { date: when(r.conflict.at) })}
                          {r.conflict.reason && `: ${r.conflict.reason}`}
                        </span>
                      ) : r.scoredAt ? (
                        t("scoredOn", { date: when(r.scoredAt) })
                      ) : (
                        t("notScoredYet")
                      )}
                    </span>
                  </div>
                  {viewer.canAssign && (
                    <UnassignForm applicationId={app.id} assignmentId={r.id} reviewerName={r.reviewerName} />
                  )}
                </li>
              ))}
            </ul>
          )}
          {viewer.canAssign && <AssignReviewerForm applicationId={app.id} reviewers={reviewers} />}
        </PanelSection>
      )}

      {viewer.assigned && (
        <PanelSection id="own-review" title={t("ownReview")}>
          {viewer.conflicted ? (
            <p className="rounded border-s-4 border-accent bg-white p-3" data-testid="conflict-notice">
              {t("conflictedNotice")}
            </p>
          ) : viewer.canScore ? (
            <>
              {app.rubric ? (
                <ScoreForm
                  applicationId={app.id}
                  rubric={app.rubric}
                  saved={own?.scores ? { scores: own.scores, comment: own.comment ?? undefined } : undefined}
                />
              ) : (
                <p data-testid="no-rubric">{t("noRubric")}</p>
              )}
              <details className="mt-8 max-w-2xl rounded border border-slate-300 bg-white p-4">
                <summary className="cursor-pointer font-semibold">{t("conflictHeading")}</summary>
                <p className="mt-2 text-sm text-slate-700">{t("conflictHint")}</p>
                <ConflictForm applicationId={app.id} />
              </details>
            </>
          ) : (
            <p>{t("reviewClosed")}</p>
          )}
        </PanelSection>
      )}

      {(viewer.canReadScores || viewer.assigned) && !viewer.conflicted && (
        <PanelSection id="scores" title={t("scores")}>
          {viewer.canReadScores ? <ScoresTables rubric={app.rubric} averages={app.averages} reviews={app.reviews} /> : <p>{t("scoresAfterYours")}</p>}
        </PanelSection>
      )}

      {app.answers && <AnswerSummary view={app.answers} token="" locale={locale} />}

      {viewer.canReadContent && (
        <PanelSection id="files" title={t("files")}>
          {app.attachments.length === 0 ? (
            <p>{t("noFiles")}</p>
          ) : (
            <ul className="space-y-1" data-testid="attachment-downloads">
              {app.attachments.map((a) => (
                <li key={a.id}>
                  <a href={`/api/admin/applications/${app.id}/attachments/${a.id}`} download>
                    {t("download", { name: a.fileName, size: format.number(Math.max(1, Math.round(a.sizeBytes / 1024))) })}
                  </a>{" "}
                  <span className="text-sm text-slate-700">({tApply(`attachmentKinds.${a.kind as "LETTER_OF_SUPPORT"}`)})</span>
                </li>
              ))}
            </ul>
          )}
        </PanelSection>
      )}

      <ApplicationTeam team={team} locale={locale} />

      <PanelSection id="history" title={t("history")}>
        <ol className="space-y-2 border-s-4 border-sky ps-4" data-testid="status-history">
          {app.events.map((event, i) => (
            <li key={`${event.status}-${event.at}-${i}`}>
              <span className="font-semibold">{tStatus(event.status)}</span>
              {" · "}
              <time dateTime={event.at}>{when(event.at)}</time>
            </li>
          ))}
        </ol>
      </PanelSection>
    </ClientMessages>
  );
}
