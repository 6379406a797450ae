import { getFormatter, getTranslations, setRequestLocale } from "next-intl/server";
import { ApplyBatchForm } from "@/components/admin/review/batch-forms";
import { QuickDecisionForm, RemoveDecisionForm } from "@/components/admin/review/review-forms";
import { ApplicationStatusBadge } from "@/components/admin/review/status-badge";
import { ClientMessages } from "@/i18n/client-messages";
import { Link } from "@/i18n/link";
import { requirePermission, staffCan } from "@/server/authz";
import { getDecisionBatch } from "@/server/review/decisions";
import { countHeldMail } from "@/server/review/outbox";

const cell = "px-3 py-2";

export default async function DecisionsPage({ params }: { params: Promise<{ locale: string }> }) {
  const { locale } = await params;
  setRequestLocale(locale);
  const staff = await requirePermission("applications.decide");
  const canRelease = staffCan(staff, "outbox.release");
  const [t, tCarrier, tOutcome, format, { batch, candidates, loads }, held] = await Promise.all([
    getTranslations("Review.batch"),
    getTranslations("Carrier"),
    getTranslations("Review.decision.outcomes"),
    getFormatter(),
    getDecisionBatch(),
    canRelease ? countHeldMail() : Promise.resolve(0),
  ]);
  const kg = (n: number | null) => (n === null ? "" : t("kg", { value: format.number(n, { maximumFractionDigits: 3 }) }));
  const score = (n: number | null) => (n === null ? t("notScored") : format.number(n, { minimumFractionDigits: 2, maximumFractionDigits: 2 }));
  const showTitles = new Set(loads.map((l) => l.opportunityTitleEn)).size > 1;

  return (
    <ClientMessages namespaces={["Review", "Errors"]}>
      <div className="space-y-10">
        <div>
          <h1 className="text-3xl font-bold">{t("title")}</h1>
          <p className="mt-1 max-w-3xl text-slate-700">{t("intro")}</p>
          {canRelease && held > 0 && (
            <p className="mt-3 rounded border-s-4 border-sky bg-white p-3">
              <Link href="/admin/outbox">{t("heldInOutbox", { count: held })}</Link>
            </p>
          )}
        </div>

        <section aria-labelledby="batch-heading">
          <h2 id="batch-heading" className="text-xl font-bold">
            {t("batchHeading", { count: batch.length })}
          </h2>
          {batch.length === 0 ? (
            <p className="mt-2">{t("empty")}</p>
          ) : (
            <div className="mt-3 relative overflow-x-auto">
              <table className="w-full border-collapse bg-white text-start text-sm" data-testid="decision-batch">
                <caption className="sr-only">{t("batchCaption")}</caption>
                <thead>
                  <tr className="border-b-2 border-slate-400">
                    <th scope="col" className={cell}>{t("columns.application")}</th>
                    <th scope="col" className={cell}>{t("columns.decision")}</th>
                    <th scope="col" className={cell}>{t("columns.carrier")}</th>
                    <th scope="col" className={`${cell} text-end`}>{t("columns.mass")}</th>
                    <th scope="col" className={`${cell} text-end`}>{t("columns.score")}</th>
                    <th scope="col" className={cell}>{t("columns.note")}</th>
                    <th scope="col" className={cell}>{t("columns.preparedBy")}</th>
                    <th scope="col" className={cell}>{t("columns.actions")}</th>
                  </tr>
                </thead>
                <tbody>
                  {batch.map((d) => (
                    <tr key={d.decisionId} className="border-b border-slate-200 align-top">
                      <th scope="row" className={`${cell} font-semibold`}>
                        <Link href={`/admin/applications/${d.applicationId}`}>{d.reference}</Link>
                        <span className="block font-normal">{d.payloadName}</span>
                        <span className="block font-normal text-slate-700">{d.leadInstitution}</span>
                      </th>
                      <td className={`${cell} font-semibold ${d.outcome === "ACCEPTED" ? "text-emerald-800" : "text-accent"}`}>{tOutcome(d.outcome)}</td>
                      <td className={cell}>{d.carrier ? tCarrier(d.carrier) : ""}</td>
                      <td className={`${cell} whitespace-nowrap text-end`}>{kg(d.massKg)}</td>
                      <td className={`${cell} text-end`}>{score(d.averageScore)}</td>
                      <td className={`${cell} whitespace-pre-line break-words`}>{d.note}</td>
                      <td className={cell}>{d.preparedBy}</td>
                      <td className={`${cell} whitespace-nowrap`}>
                        <RemoveDecisionForm decisionId={d.decisionId} reference={d.reference ?? d.applicationId} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {loads.length > 0 && (
            <div className="mt-6 relative overflow-x-auto">
              <table className="border-collapse bg-white text-start text-sm" data-testid="capacity-after-batch">
                <caption className="px-3 py-2 text-start font-semibold">{t("capacityCaption")}</caption>
                <thead>
                  <tr className="border-b-2 border-slate-400">
                    <th scope="col" className={cell}>{t("columns.carrier")}</th>
                    <th scope="col" className={`${cell} text-end`}>{t("columns.offered")}</th>
                    <th scope="col" className={`${cell} text-end`}>{t("columns.reserved")}</th>
                    <th scope="col" className={`${cell} text-end`}>{t("columns.accepting")}</th>
                    <th scope="col" className={`${cell} text-end`}>{t("columns.remainingAfter")}</th>
                  </tr>
                </thead>
                <tbody>
                  {loads.map((l) => (
                    <tr key={`${l.opportunityTitleEn}-${l.carrier}`} className="border-b border-slate-200">
                      <th scope="row" className={`${cell} font-semibold`}>
                        {tCarrier(l.carrier)}
                        {showTitles && <span className="block font-normal text-slate-700">{locale === "zh" ? l.opportunityTitleZh : l.opportunityTitleEn}</span>}
                      </th>
                      <td className={`${cell} whitespace-nowrap text-end`}>{kg(l.massKg)}</td>
                      <td className={`${cell} whitespace-nowrap text-end`}>{kg(l.reservedKg)}</td>
                      <td className={`${cell} whitespace-nowrap text-end`}>{kg(l.acceptingKg)}</td>
                      <td className={`${cell} whitespace-nowrap text-end ${l.remainingAfterKg < 0 ? "font-bold text-accent" : ""}`}>
                        {kg(l.remainingAfterKg)}
                        {l.remainingAfterKg < 0 && <span className="block">{t("overCapacity")}</span>}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <div className="mt-6">
            <ApplyBatchForm count={batch.length} />
          </div>
        </section>

        <section aria-labelledby="shortlist-heading">
          <h2 id="shortlist-heading" className="text-xl font-bold">
            {t("shortlistHeading")}
          </h2>
          <p className="mt-1 text-sm text-slate-700">{t("shortlistHint")}</p>
          {candidates.length === 0 ? (
            <p className="mt-2">{t("shortlistEmpty")}</p>
          ) : (
            <div className="mt-3 relative overflow-x-auto">
              <table className="w-full border-collapse bg-white text-start text-sm" data-testid="shortlist">
                <caption className="sr-only">{t("shortlistHeading")}</caption>
                <thead>
                  <tr className="border-b-2 border-slate-400">
                    <th scope="col" className={cell}>{t("columns.application")}</th>
                    <th scope="col" className={cell}>{t("columns.status")}</th>
                    <th scope="col" className={cell}>{t("columns.carrier")}</th>
                    <th scope="col" className={`${cell} text-end`}>{t("columns.mass")}</th>
                    <th scope="col" className={`${cell} text-end`}>{t("columns.score")}</th>
                    <th scope="col" className={cell}>{t("columns.prepare")}</th>
                  </tr>
                </thead>
                <tbody>
                  {candidates.map((c) => (
                    <tr key={c.applicationId} className="border-b border-slate-200 align-top">
                      <th scope="row" className={`${cell} font-semibold`}>
                        <Link href={`/admin/applications/${c.applicationId}`}>{c.reference}</Link>
                        <span className="block font-normal">{c.payloadName}</span>
                        <span className="block font-normal text-slate-700">{c.leadInstitution}</span>
                      </th>
                      <td className={cell}>
                        <ApplicationStatusBadge status={c.status} />
                      </td>
                      <td className={cell}>{c.carrier ? tCarrier(c.carrier) : ""}</td>
                      <td className={`${cell} whitespace-nowrap text-end`}>{kg(c.massKg)}</td>
                      <td className={`${cell} text-end`}>{score(c.averageScore)}</td>
                      <td className={cell}>
                        <QuickDecisionForm applicationId={c.applicationId} reference={c.reference ?? c.applicationId} outcomes={c.outcomes} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      </div>
    </ClientMessages>
  );
}
