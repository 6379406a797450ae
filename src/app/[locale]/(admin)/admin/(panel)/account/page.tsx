import { getTranslations, setRequestLocale } from "next-intl/server";
import { staffDay } from "@/lib/staff-dates";
import { SignOutForm } from "@/components/admin/admin-shell";
import { PanelSection } from "@/components/admin/record-table";
import { TotpCodeForm } from "@/components/admin/totp-code-form";
import { ClientMessages } from "@/i18n/client-messages";
import { requireStaff } from "@/server/authz";
import { getAccountView } from "@/server/staff/account";

export default async function AccountPage({ params }: { params: Promise<{ locale: string }> }) {
  const { locale } = await params;
  setRequestLocale(locale);
  const staff = await requireStaff();
  const [t, tAdmin, account] = await Promise.all([getTranslations("Account"), getTranslations("Admin"), getAccountView(staff)]);
  return (
    <div className="max-w-2xl">
      <div className="mb-8">
        <h1 className="text-3xl font-bold">{t("title")}</h1>
        <p className="mt-1">
          {account.name} · {account.email} · {tAdmin(`roles.${staff.role}`)}
        </p>
      </div>
      <PanelSection id="totp" title={t("totpTitle")}>
        {account.totpEnabledAt ? (
          <>
            <p>{t("totpOn", { date: staffDay(account.totpEnabledAt, locale) })}</p>
            <ClientMessages namespaces={["Account", "SignIn", "Errors"]}>
              <TotpCodeForm locale={locale} mode="disable" />
            </ClientMessages>
          </>
        ) : (
          <>
            <p>{t("totpOff")}</p>
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
      </PanelSection>
      <PanelSection id="sessions" title={tAdmin("signOutEverywhere")}>
        <p>{tAdmin("signOutEverywhereHint")}</p>
        <SignOutForm locale={locale} everywhere className="mt-3">
          {tAdmin("signOutEverywhere")}
        </SignOutForm>
      </PanelSection>
    </div>
  );
}
