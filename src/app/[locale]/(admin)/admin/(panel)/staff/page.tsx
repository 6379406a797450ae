import { getTranslations, setRequestLocale } from "next-intl/server";
import { staffInstant } from "@/lib/staff-dates";
import { DataTable } from "@/components/admin/data-table";
import { ListToolbar } from "@/components/admin/list-toolbar";
import type { SearchParams } from "@/components/admin/content/page-parts";
import { Link } from "@/i18n/link";
import { parseListQuery } from "@/lib/admin-list";
import { STAFF_ROLES } from "@/lib/permissions";
import { STAFF_STATUSES, staffListSpec } from "@/lib/validation/admin/staff";
import { requirePermission } from "@/server/authz";
import { listStaff } from "@/server/staff/list";

export default async function StaffListPage({ params, searchParams }: { params: Promise<{ locale: string }>; searchParams: SearchParams }) {
  const { locale } = await params;
  setRequestLocale(locale);
  const staff = await requirePermission("staff.manage");
  const query = parseListQuery(await searchParams, staffListSpec);
  const [t, tAdmin, { rows, total }] = await Promise.all([
    getTranslations("StaffAdmin"),
    getTranslations("Admin"),
    listStaff(query),
  ]);
  const when = (date: Date | null) => (date ? staffInstant(date, locale) : t("never"));
  // The list's address and state, shared by its toolbar and its table.
  const list = { basePath: "/admin/staff", query, total };
  return (
    <div>
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-3xl font-bold">{t("title")}</h1>
          <p className="mt-1 text-slate-700">{t("intro")}</p>
        </div>
        <Link href="/admin/staff/new" className="rounded bg-navy px-4 py-2 font-semibold text-white no-underline hover:bg-sky">
          {t("add")}
        </Link>
      </div>
      <ListToolbar
        {...list}
        exportHref="/api/admin/exports/staff"
        filters={[
          { name: "role", label: t("columns.role"), options: STAFF_ROLES.map((role) => ({ value: role, label: tAdmin(`roles.${role}`) })) },
          { name: "status", label: t("columns.status"), options: STAFF_STATUSES.map((status) => ({ value: status, label: t(`status.${status}`) })) },
        ]}
      />
      <DataTable
        {...list}
        columns={[
          { key: "name", label: t("columns.name"), sort: "name" },
          { key: "role", label: t("columns.role"), sort: "role" },
          { key: "status", label: t("columns.status") },
          // Phones leave it out to fit; each account's page shows it.
          { key: "lastSignIn", label: t("columns.lastSignIn"), sort: "lastSignInAt", className: "hidden sm:table-cell" },
        ]}
        caption={t("caption")}
        rows={rows.map((row) => ({
          id: row.id,
          cells: {
            name: (
              <>
                <Link href={`/admin/staff/${row.id}`}>{row.name}</Link>
                {row.id === staff.id && <span className="ml-1 font-normal text-slate-700">{t("you")}</span>}
                <span className="block font-normal text-slate-700 [overflow-wrap:anywhere]">{row.email}</span>
              </>
            ),
            role: tAdmin(`roles.${row.role}`),
            status: (
              <>
                <span className={row.status === "active" ? "block" : "block font-semibold text-accent"}>{t(`status.${row.status}`)}</span>
                <span className="block text-slate-700">{row.totpEnabled ? t("totpStateOn") : t("totpStateOff")}</span>
              </>
            ),
            lastSignIn: when(row.lastSignInAt),
          },
        }))}
      />
    </div>
  );
}
