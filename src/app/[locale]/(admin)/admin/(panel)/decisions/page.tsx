import { getFormatter, getTranslations, setRequestLocale } from "next-intl/server";
import { ApplyBatchForm } from "@/components/admin/review/batch-forms";
import { QuickDecisionForm, RemoveDecisionForm } from "@/components/admin/review/review-forms";
import { ApplicationStatusBadge } from "@/components/admin/review/status-badge";
import { PanelSection, type RecordCell, RecordTable } from "@/components/admin/record-table";
import { ClientMessages } from "@/i18n/client-messages";
import { poolWording } from "@/lib/calls/pools";
import { Link } from "@/i18n/link";
import { requirePermission, staffCan } from "@/server/authz";
import { getDecisionBatch, type PoolAsk } from "@/server/review/decisions";
import { countHeldMail } from "@/server/review/outbox";

/** A batch or shortlist row's header: the application (a link to its review), its payload and lead institution. */
function applicationCell(a: { applicationId: string; reference: string | null; payloadName: string | null; leadInstitution: string | null }): RecordCell {
  return {
    className: "font-semibold",
    value: (
      <>
        <Link href={`/admin/applications/${a.applicationId}`}>{a.reference}</Link>
        <span className="block font-normal">{a.payloadName}</span>
        <span className="block font-normal text-slate-700">{a.leadInstitution}</span>
      </>
    ),
  };
}

export default async function DecisionsPage({ params }: { params: Promise<{ locale: string }> }) {
  const { locale } = await params;
  setRequestLocale(locale);
  const staff = await requirePermission("applications.decide");
  const canRelease = staffCan(staff, "outbox.release");
  const [t, tOutcome, format, { batch, candidates, loads }, held] = await Promise.all([
    getTranslations("Review.batch"),
    getTranslations("Review.decision.outcomes"),
    getFormatter(),
    getDecisionBatch(),
    canRelease ? countHeldMail() : Promise.resolve(0),
  ]);
  const content = locale === "zh" ? "zh" : "en";
  const amount = (n: number, pool: PoolAsk["pool"]) => t("amount", { value: format.number(n, { maximumFractionDigits: 3 }), unit: poolWording(pool, content).unit });
  const asked = (asks: PoolAsk[]) =>
    asks.length === 0 ? "" : (
      <ul>
        {asks.map((a) => (
          <li key={a.pool.key} className="whitespace-nowrap">
            {poolWording(a.pool, content).pool}: {amount(a.amount, a.pool)}
          </li>
        ))}
      </ul>
    );
  const score = (n: number | null) => (n === null ? t("notScored") : format.number(n, { minimumFractionDigits: 2, maximumFractionDigits: 2 }));
  const showTitles = new Set(loads.map((l) => l.opportunityTitleEn)).size > 1;

  return (
    <ClientMessages namespaces={["Review", "Errors"]}>
      <div className="mb-10">
        <h1 className="text-3xl font-bold">{t("title")}</h1>
        <p className="mt-1 max-w-3xl text-slate-700">{t("intro")}</p>
        {canRelease && held > 0 && (
          <p className="mt-3 rounded border-s-4 border-sky bg-white p-3">
            <Link href="/admin/outbox">{t("heldInOutbox", { count: held })}</Link>
          </p>
        )}
      </div>

      <PanelSection id="batch" title={t("batchHeading", { count: batch.length })}>
        {batch.length === 0 ? (
          <p>{t("empty")}</p>
        ) : (
          <RecordTable
            caption={t("batchCaption")}
            testId="decision-batch"
            columns={[
              t("columns.application"),
              t("columns.decision"),
              t("columns.asks"),
              { value: t("columns.score"), className: "text-end" },
              t("columns.note"),
              t("columns.preparedBy"),
              t("columns.actions"),
            ]}
            rows={batch.map((d) => ({
              key: d.decisionId,
              cells: [
                applicationCell(d),
                { value: tOutcome(d.outcome), className: `font-semibold ${d.outcome === "ACCEPTED" ? "text-emerald-800" : "text-accent"}` },
                asked(d.asks),
                { value: score(d.averageScore), className: "text-end" },
                { value: d.note, className: "whitespace-pre-line break-words" },
                d.preparedBy,
                { value: <RemoveDecisionForm decisionId={d.decisionId} reference={d.reference ?? d.applicationId} />, className: "whitespace-nowrap" },
              ],
            }))}
          />
        )}
        {loads.length > 0 && (
          <RecordTable
            className="mt-6"
            fullWidth={false}
            captionShown
            caption={t("capacityCaption")}
            testId="capacity-after-batch"
            columns={[
              t("columns.pool"),
              { value: t("columns.offered"), className: "text-end" },
              { value: t("columns.reserved"), className: "text-end" },
              { value: t("columns.accepting"), className: "text-end" },
              { value: t("columns.remainingAfter"), className: "text-end" },
            ]}
            rows={loads.map((l) => ({
              key: `${l.opportunityTitleEn}-${l.pool.key}`,
              cells: [
                {
                  className: "font-semibold",
                  value: (
                    <>
                      {poolWording(l.pool, content).pool}
                      {showTitles && <span className="block font-normal text-slate-700">{locale === "zh" ? l.opportunityTitleZh : l.opportunityTitleEn}</span>}
                    </>
                  ),
                },
                { value: amount(l.capacity, l.pool), className: "whitespace-nowrap text-end" },
                { value: amount(l.reserved, l.pool), className: "whitespace-nowrap text-end" },
                { value: amount(l.accepting, l.pool), className: "whitespace-nowrap text-end" },
                {
                  className: `whitespace-nowrap text-end ${l.remainingAfter < 0 ? "font-bold text-accent" : ""}`,
                  value: (
                    <>
                      {amount(l.remainingAfter, l.pool)}
                      {l.remainingAfter < 0 && <span className="block">{t("overCapacity")}</span>}
                    </>
                  ),
                },
              ],
            }))}
          />
        )}
        <div className="mt-6">
          <ApplyBatchForm count={batch.length} />
        </div>
      </PanelSection>

      <PanelSection id="shortlist" title={t("shortlistHeading")} hint={t("shortlistHint")}>
        {candidates.length === 0 ? (
          <p>{t("shortlistEmpty")}</p>
        ) : (
          <RecordTable
            caption={t("shortlistHeading")}
            testId="shortlist"
            columns={[
              t("columns.application"),
              t("columns.status"),
              t("columns.asks"),
              { value: t("columns.score"), className: "text-end" },
              t("columns.prepare"),
            ]}
            rows={candidates.map((c) => ({
              key: c.applicationId,
              cells: [
                applicationCell(c),
                <ApplicationStatusBadge key="status" status={c.status} />,
                asked(c.asks),
                { value: score(c.averageScore), className: "text-end" },
                <QuickDecisionForm key="prepare" applicationId={c.applicationId} reference={c.reference ?? c.applicationId} outcomes={c.outcomes} />,
              ],
            }))}
          />
        )}
      </PanelSection>
    </ClientMessages>
  );
}
