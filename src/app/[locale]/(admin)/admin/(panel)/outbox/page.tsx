import { getTranslations, setRequestLocale } from "next-intl/server";
import { staffInstant } from "@/lib/staff-dates";
import { ReleaseForm } from "@/components/admin/review/batch-forms";
import { PanelSection, RecordTable } from "@/components/admin/record-table";
import { ClientMessages } from "@/i18n/client-messages";
import { Link } from "@/i18n/link";
import { requirePermission } from "@/server/authz";
import { getOutbox } from "@/server/review/outbox";

export default async function OutboxPage({ params }: { params: Promise<{ locale: string }> }) {
  const { locale } = await params;
  setRequestLocale(locale);
  await requirePermission("outbox.release");
  const [t, tUnsent, { held, released }] = await Promise.all([getTranslations("Review.outbox"), getTranslations("Notices.dashboard"), getOutbox()]);
  const when = (iso: string) => staffInstant(iso, locale);

  return (
    <>
      <div className="mb-10">
        <h1 className="text-3xl font-bold">{t("title")}</h1>
        <p className="mt-1 max-w-3xl text-slate-700">{t("intro")}</p>
      </div>

      <PanelSection id="held" title={t("heldHeading", { count: held.length })}>
        <ClientMessages namespaces={["Review", "Errors"]}>
          <ReleaseForm count={held.length}>
            {held.length === 0 ? (
              <p>{t("empty")}</p>
            ) : (
              <fieldset id="field-ids" tabIndex={-1}>
                <legend className="sr-only">{t("selection")}</legend>
                <ul className="space-y-4" data-testid="held-mail">
                  {held.map((mail) => (
                    <li key={mail.id}>
                      <article aria-labelledby={`mail-${mail.id}`} className="rounded border border-slate-300 bg-white p-4">
                        <div className="flex flex-wrap items-start justify-between gap-3">
                          <div className="min-w-0">
                            <h3 id={`mail-${mail.id}`} className="break-words text-lg font-bold">
                              {mail.subject}
                            </h3>
                            <p className="break-all text-sm">
                              {t("to", { to: mail.to })}
                              {mail.reference && mail.applicationId && (
                                <>
                                  {" · "}
                                  <Link href={`/admin/applications/${mail.applicationId}`}>{mail.reference}</Link>
                                </>
                              )}
                              {" · "}
                              {t("written", { date: when(mail.createdAt) })}
                            </p>
                            {mail.failed && (
                              <p className="mt-1 text-sm font-semibold text-accent">
                                {t("failed", { date: when(mail.failed.releasedAt) })} {mail.failed.error}
                              </p>
                            )}
                          </div>
                          <label className="flex items-center gap-2 font-semibold">
                            <input type="checkbox" name="ids" value={mail.id} className="h-6 w-6 accent-navy" />
                            <span>
                              {t("select")}
                              <span className="sr-only">: {mail.subject}, {mail.to}</span>
                            </span>
                          </label>
                        </div>
                        <details className="mt-3">
                          <summary className="cursor-pointer font-semibold text-sky">
                            {t("preview")}
                            <span className="sr-only">: {mail.subject}</span>
                          </summary>
                          <pre className="mt-2 whitespace-pre-wrap break-words rounded bg-paper p-3 font-sans text-sm" data-testid="mail-preview">
                            {mail.text}
                          </pre>
                        </details>
                      </article>
                    </li>
                  ))}
                </ul>
              </fieldset>
            )}
          </ReleaseForm>
        </ClientMessages>
      </PanelSection>

      <PanelSection id="released" title={t("releasedHeading")}>
        {released.length === 0 ? (
          <p>{t("noneReleased")}</p>
        ) : (
          <RecordTable
            caption={t("releasedHeading")}
            testId="released-mail"
            columns={[t("columns.subject"), t("columns.to"), t("columns.released"), t("columns.sent")]}
            rows={released.map((mail) => ({
              key: mail.id,
              cells: [
                { value: mail.subject, className: "font-semibold" },
                { value: mail.to, className: "break-all" },
                t("releasedBy", { date: when(mail.releasedAt), name: mail.releasedBy }),
                // The true state, in the dashboard's words; words wrap between themselves, never inside.
                {
                  value: mail.unsent
                    ? tUnsent(mail.unsent, { attempts: mail.attempts, next: mail.nextAttemptAt ? when(mail.nextAttemptAt) : "" })
                    : when(mail.sentAt!),
                  className: "min-w-40 [overflow-wrap:normal]",
                },
              ],
            }))}
          />
        )}
      </PanelSection>
    </>
  );
}
