import { getTranslations, setRequestLocale } from "next-intl/server";
import { StaffCreateForm } from "@/components/admin/records/staff-create-form";
import { ClientMessages } from "@/i18n/client-messages";
import { Link } from "@/i18n/link";
import { STAFF_ROLES } from "@/lib/permissions";
import { requirePermission } from "@/server/authz";

export default async function NewStaffPage({ params }: { params: Promise<{ locale: string }> }) {
  const { locale } = await params;
  setRequestLocale(locale);
  await requirePermission("staff.manage");
  const [t, tAdmin, tList] = await Promise.all([getTranslations("StaffAdmin"), getTranslations("Admin"), getTranslations("AdminList")]);
  const roles = STAFF_ROLES.map((role) => ({ value: role, label: t("roleOption", { role: tAdmin(`roles.${role}`), hint: t(`roleHints.${role}`) }) }));
  return (
    <div>
      <p className="text-sm">
        <Link href="/admin/staff">{tList("back")}</Link>
      </p>
      <h1 className="mt-2 text-3xl font-bold">{t("newTitle")}</h1>
      <p className="mt-1 max-w-2xl text-slate-700">{t("newIntro")}</p>
      <ClientMessages namespaces={["StaffAdmin", "Errors"]}>
        <StaffCreateForm locale={locale} roles={roles} />
      </ClientMessages>
    </div>
  );
}
