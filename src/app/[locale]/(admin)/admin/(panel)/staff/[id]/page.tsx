import { notFound } from "next/navigation";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { staffInstant } from "@/lib/staff-dates";
import { StaffActionForm } from "@/components/admin/records/staff-action-form";
import { StaffDetailsForm } from "@/components/admin/records/staff-details-form";
import { StaffPasswordForm } from "@/components/admin/records/staff-password-form";
import { ClientMessages } from "@/i18n/client-messages";
import { Link } from "@/i18n/link";
import { STAFF_ROLES } from "@/lib/permissions";
import { resetStaffTotpAction, setStaffDisabledAction, unlockStaffAction } from "@/server/actions/admin/staff";
import { requirePermission } from "@/server/authz";
import { getStaffDetail } from "@/server/staff/list";

export default async function StaffMemberPage({
  params,
  searchParams,
}: {
  params: Promise<{ locale: string; id: string }>;
  searchParams: Promise<{ created?: string }>;
}) {
  const [{ locale, id }, { created }] = await Promise.all([params, searchParams]);
  setRequestLocale(locale);
  const staff = await requirePermission("staff.manage");
  const account = await getStaffDetail(id);
  if (!account) notFound();
  const [t, tAdmin, tList] = await Promise.all([
    getTranslations("StaffAdmin"),
    getTranslations("Admin"),
    getTranslations("AdminList"),
  ]);
  const when = (date: Date | null) => (date ? staffInstant(date, locale) : t("never"));
  const roles = STAFF_ROLES.map((role) => ({ value: role, label: tAdmin(`roles.${role}`) }));
  const self = account.id === staff.id;
  const disabled = account.disabledAt !== null;
  const failures = account.signInFailures;
  return (
    <div className="max-w-3xl space-y-8">
      <div>
        <p className="text-sm">
          <Link href="/admin/staff">{tList("back")}</Link>
        </p>
        <h1 className="mt-2 text-3xl font-bold break-words">
          {account.name} {self && <span className="text-xl font-normal text-slate-700">{t("you")}</span>}
        </h1>
        <p className="mt-1 break-all">
          {account.email} · {tAdmin(`roles.${account.role}`)} · {t(`status.${account.status}`)}
        </p>
        {created && (
          <p role="status" className="mt-4 border-l-4 border-navy bg-slate-100 p-3">
            {t("createdNotice")}
          </p>
        )}
        <dl className="mt-4 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
          <dt className="font-semibold">{t("lastSignIn")}</dt>
          <dd>{when(account.lastSignInAt)} {account.lastSignInAt && "UTC"}</dd>
          <dt className="font-semibold">{t("created")}</dt>
          <dd>{when(account.createdAt)} UTC</dd>
        </dl>
        <p className="mt-3 text-sm">
          <Link href={`/admin/audit?entity=StaffUser&q=${encodeURIComponent(account.id)}`}>{t("auditLink")}</Link>
        </p>
      </div>
      <ClientMessages namespaces={["StaffAdmin", "AdminList", "Errors"]}>
        <section aria-labelledby="details-heading">
          <h2 id="details-heading" className="text-xl font-bold">{t("detailsTitle")}</h2>
          <StaffDetailsForm
            locale={locale}
            roles={roles}
            account={{ id: account.id, name: account.name, role: account.role, updatedAt: account.updatedAt.toISOString() }}
          />
        </section>
        <section aria-labelledby="access-heading">
          <h2 id="access-heading" className="text-xl font-bold">{t("accessTitle")}</h2>
          <p className="mt-2">{t("statusLine", { status: t(`status.${account.status}`) })}</p>
          {disabled && account.disabledAt && <p className="mt-1">{t("disabledLine", { date: when(account.disabledAt) })}</p>}
          {failures.failures > 0 && <p className="mt-1">{t("failedLine", { count: failures.failures, addresses: failures.addresses })}</p>}
          {failures.waitUntil && <p className="mt-1">{t("waitLine", { time: when(failures.waitUntil) })}</p>}
          <StaffActionForm
            action={unlockStaffAction}
            locale={locale}
            fields={{ id: account.id }}
            label={t("unlock")}
            hint={t("unlockHint")}
            available={failures.failures > 0}
          />
          <StaffActionForm
            action={setStaffDisabledAction}
            locale={locale}
            fields={{ id: account.id, disabled: String(!disabled) }}
            label={disabled ? t("enable") : t("disable")}
            hint={disabled ? undefined : t("disableHint")}
            available={!self || disabled}
            tone={disabled ? "normal" : "danger"}
          />
        </section>
        <section aria-labelledby="password-heading">
          <h2 id="password-heading" className="text-xl font-bold">{t("passwordTitle")}</h2>
          <p className="mt-2">{t("passwordHint")}</p>
          <StaffPasswordForm locale={locale} id={account.id} />
        </section>
        <section aria-labelledby="totp-heading">
          <h2 id="totp-heading" className="text-xl font-bold">{t("totpTitle")}</h2>
          <p className="mt-2">
            {account.totpEnabledAt ? t("totpOnSince", { date: when(account.totpEnabledAt) }) : t("totpOffLine")}
          </p>
          <StaffActionForm
            action={resetStaffTotpAction}
            locale={locale}
            fields={{ id: account.id }}
            label={t("totpReset")}
            hint={t("totpResetHint")}
            available={account.totpEnabledAt !== null}
            tone="danger"
          />
        </section>
      </ClientMessages>
    </div>
  );
}
