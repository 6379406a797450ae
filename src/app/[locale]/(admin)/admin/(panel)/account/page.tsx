import { getFormatter, getTranslations, setRequestLocale } from "next-intl/server";
import { TotpCodeForm } from "@/components/admin/totp-code-form";
import { ClientMessages } from "@/i18n/client-messages";
import { signOutEverywhereAction } from "@/server/actions/admin/auth";
import { requireStaff } from "@/server/authz";
import { getAccountView } from "@/server/staff/account";

export default async function AccountPage({ params }: { params: Promise<{ locale: string }> }) {
  const { locale } = await params;
  setRequestLocale(locale);
  const staff = await requireStaff();
  const [t, tAdmin, format, account] = await Promise.all([getTranslations("Account"), getTranslations("Admin"), getFormatter(), getAccountView(staff)]);
  return (
    <div className="max-w-2xl space-y-8">
      <div>
        <h1 className="text-3xl font-bold">{t("title")}</h1>
        <p className="mt-1">
          {account.name} · {account.email} · {tAdmin(`roles.${staff.role}`)}
        </p>
      </div>
      <section aria-labelledby="totp-heading">
        <h2 id="totp-heading" className="text-xl font-bold">{t("totpTitle")}</h2>
        {account.totpEnabledAt ? (
          <>
            <p className="mt-2">{t("totpOn", { date: format.dateTime(account.totpEnabledAt, { dateStyle: "long" }) })}</p>
            <ClientMessages namespaces={["Account", "SignIn", "Errors"]}>
              <TotpCodeForm locale={locale} mode="disable" />
            </ClientMessages>
          </>
        ) : (
          <>
            <p className="mt-2">{t("totpOff")}</p>
            {account.enrolment && (
              <div className="mt-4 space-y-3">
                <p>{t("totpScan")}</p>
                {/* The SVG is generated on the server by the qrcode package from the otpauth address; no user input reaches it. */}
                <div className="h-48 w-48 bg-white p-2" role="img" aria-label={t("totpQr")} dangerouslySetInnerHTML={{ __html: account.enrolment.qrSvg }} />
                <p>
                  {t("totpKey")}: <code className="break-all font-mono">{account.enrolment.secret}</code>
                </p>
                <ClientMessages namespaces={["Account", "SignIn", "Errors"]}>
                  <TotpCodeForm locale={locale} mode="enable" />
                </ClientMessages>
              </div>
            )}
          </>
        )}
      </section>
      <section aria-labelledby="sessions-heading">
        <h2 id="sessions-heading" className="text-xl font-bold">{tAdmin("signOutEverywhere")}</h2>
        <p className="mt-2">{tAdmin("signOutEverywhereHint")}</p>
        <form action={signOutEverywhereAction} className="mt-3">
          <input type="hidden" name="locale" value={locale} />
          <button type="submit" className="rounded border-2 border-accent px-4 py-2 font-semibold text-accent">
            {tAdmin("signOutEverywhere")}
          </button>
        </form>
      </section>
    </div>
  );
}
