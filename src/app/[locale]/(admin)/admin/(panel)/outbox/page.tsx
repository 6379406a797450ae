import { getFormatter, getTranslations, setRequestLocale } from "next-intl/server";
import { ReleaseForm } from "@/components/admin/review/batch-forms";
import { ClientMessages } from "@/i18n/client-messages";
import { Link } from "@/i18n/link";
import { requirePermission } from "@/server/authz";
import { getOutbox } from "@/server/review/outbox";

export default async function OutboxPage({ params }: { params: Promise<{ locale: string }> }) {
  const { locale } = await params;
  setRequestLocale(locale);
  await requirePermission("outbox.release");
  const [t, format, { held, released }] = await Promise.all([getTranslations("Review.outbox"), getFormatter(), getOutbox()]);
  const when = (iso: string) => format.dateTime(new Date(iso), { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

  return (
    <div className="space-y-10">
      <div>
        <h1 className="text-3xl font-bold">{t("title")}</h1>
        <p className="mt-1 max-w-3xl text-slate-700">{t("intro")}</p>
      </div>

      <section aria-labelledby="held-heading">
        <h2 id="held-heading" className="text-xl font-bold">
          {t("heldHeading", { count: held.length })}
        </h2>
        <ClientMessages namespaces={["Review", "Errors"]}>
          <ReleaseForm count={held.length}>
            {held.length === 0 ? (
              <p className="mt-2">{t("empty")}</p>
            ) : (
              <fieldset id="field-ids" tabIndex={-1} className="mt-3">
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
      </section>

      <section aria-labelledby="released-heading">
        <h2 id="released-heading" className="text-xl font-bold">
          {t("releasedHeading")}
        </h2>
        {released.length === 0 ? (
          <p className="mt-2">{t("noneReleased")}</p>
        ) : (
          <div className="mt-3 relative overflow-x-auto">
            <table className="w-full border-collapse bg-white text-start text-sm" data-testid="released-mail">
              <caption className="sr-only">{t("releasedHeading")}</caption>
              <thead>
                <tr className="border-b-2 border-slate-400">
                  <th scope="col" className="px-3 py-2">{t("columns.subject")}</th>
                  <th scope="col" className="px-3 py-2">{t("columns.to")}</th>
                  <th scope="col" className="px-3 py-2">{t("columns.released")}</th>
                  <th scope="col" className="px-3 py-2">{t("columns.sent")}</th>
                </tr>
              </thead>
              <tbody>
                {released.map((mail) => (
                  <tr key={mail.id} className="border-b border-slate-200 align-top">
                    <th scope="row" className="px-3 py-2 font-semibold">
                      {mail.subject}
                    </th>
                    <td className="break-all px-3 py-2">{mail.to}</td>
                    <td className="px-3 py-2">{t("releasedBy", { date: when(mail.releasedAt), name: mail.releasedBy })}</td>
                    <td className="px-3 py-2">{mail.sentAt ? when(mail.sentAt) : t("sending")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
