import { getFormatter, getTranslations, setRequestLocale } from "next-intl/server";
import { staffDay, staffInstant } from "@/lib/staff-dates";
import { Link } from "@/i18n/link";
import { LocalizedText } from "@/components/ui/localized-text";
import { ResendMailArea, ResendMailButton } from "@/components/admin/mail/resend-mail";
import { ClientMessages } from "@/i18n/client-messages";
import { requirePermission, staffCan } from "@/server/authz";
import { listUnsentMail } from "@/server/mail/outbox-state";
import { getDashboard } from "@/server/queries/admin/dashboard";

export default async function DashboardPage({ params }: { params: Promise<{ locale: string }> }) {
  const { locale } = await params;
  setRequestLocale(locale);
  const staff = await requirePermission(["content.read", "applications.read", "applications.review"]);
  const [t, tApply, tObligation, tUnsent, format, dashboard, unsent] = await Promise.all([
    getTranslations("Admin.dashboard"),
    getTranslations("Apply.status"),
    getTranslations("Obligation"),
    getTranslations("Notices.dashboard"),
    getFormatter(),
    getDashboard(staff),
    // Addresses and subjects of mail are for those who may release it.
    staffCan(staff, "outbox.release") ? listUnsentMail() : Promise.resolve(null),
  ]);
  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-3xl font-bold">{t("title")}</h1>
        <p className="mt-1 text-slate-700">{t("intro")}</p>
      </div>
      {unsent && (
        <section aria-labelledby="unsent-heading">
          <h2 id="unsent-heading" className="text-xl font-bold">{tUnsent("heading")}</h2>
          <ClientMessages namespaces={["Admin"]}>
            <ResendMailArea>
              {unsent.total === 0 ? (
                <p className="mt-2">{tUnsent("none")}</p>
              ) : (
                <>
                  <p className="mt-2 font-semibold text-accent">{tUnsent("count", { count: unsent.total })}</p>
                  <ul className="mt-2 space-y-2" data-testid="unsent-mail">
                    {unsent.mail.map((mail) => (
                      <li key={mail.id} className="rounded border border-slate-300 bg-white px-4 py-2">
                        <span className="block break-words font-semibold">{mail.subject}</span>
                        <span className="block break-all text-sm text-slate-700">
                          {tUnsent("to", { to: mail.to })} · {staffInstant(mail.createdAt, locale)} ·{" "}
                          {tUnsent(mail.reason, { attempts: mail.attempts, next: mail.nextAttemptAt ? staffInstant(mail.nextAttemptAt, locale) : "" })}
                          {mail.notice && (
                            <>
                              {" · "}
                              <Link href="/admin/outbox">{tUnsent("outbox")}</Link>
                            </>
                          )}
                        </span>
                        {mail.error && <span className="block break-all text-sm text-slate-700">{mail.error}</span>}
                        {mail.resendable && <ResendMailButton id={mail.id} subject={mail.subject} to={mail.to} />}
                      </li>
                    ))}
                  </ul>
                </>
              )}
            </ResendMailArea>
          </ClientMessages>
        </section>
      )}
      {dashboard.assignedOpen !== undefined && (
        <section aria-labelledby="assigned-heading">
          <h2 id="assigned-heading" className="text-xl font-bold">{t("assigned")}</h2>
          <p className="mt-2">
            <Link href="/admin/applications">{t("assignedCount", { count: dashboard.assignedOpen })}</Link>
          </p>
        </section>
      )}
      {dashboard.applicationsByStatus && (
        <section aria-labelledby="applications-heading">
          <h2 id="applications-heading" className="text-xl font-bold">{t("applications")}</h2>
          {dashboard.applicationsByStatus.length === 0 ? (
            <p className="mt-2">{t("noApplications")}</p>
          ) : (
            <ul className="mt-2 flex flex-wrap gap-3">
              {dashboard.applicationsByStatus.map((row) => (
                <li key={row.status} className="rounded border border-slate-300 bg-white px-4 py-2">
                  <Link href={`/admin/applications?status=${row.status}`}>
                    <span className="block text-2xl font-bold">{format.number(row.count)}</span>
                    {tApply(row.status)}
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
      {dashboard.overdue && (
        <section aria-labelledby="overdue-heading">
          <h2 id="overdue-heading" className="text-xl font-bold">{t("overdue")}</h2>
          {dashboard.overdue.length === 0 ? (
            <p className="mt-2">{t("noOverdue")}</p>
          ) : (
            <table className="mt-2 w-full border-collapse text-left">
              <thead>
                <tr className="border-b-2 border-slate-400">
                  <th scope="col" className="py-2 pr-4">{t("institution")}</th>
                  <th scope="col" className="py-2 pr-4">{t("obligation")}</th>
                  <th scope="col" className="py-2">{t("due")}</th>
                </tr>
              </thead>
              <tbody>
                {dashboard.overdue.map((row) => (
                  <tr key={row.id} className="border-b border-slate-200">
                    <td className="py-2 pr-4">
                      <Link href={`/admin/agreements/${row.agreementId}`}><LocalizedText value={{ en: row.institutionNameEn, zh: row.institutionNameZh }} locale={locale} /></Link>
                    </td>
                    <td className="py-2 pr-4">{tObligation(row.kind)}</td>
                    <td className="py-2">
                      {staffDay(row.dueOn, locale)}{" "}
                      <span className="font-semibold text-accent">({t("daysLate", { days: row.daysLate })})</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}
    </div>
  );
}
