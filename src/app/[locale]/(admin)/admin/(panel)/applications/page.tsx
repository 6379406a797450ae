import { getFormatter, getTranslations, setRequestLocale } from "next-intl/server";
import { staffDay } from "@/lib/staff-dates";
import { DataTable } from "@/components/admin/data-table";
import { ListToolbar } from "@/components/admin/list-toolbar";
import { ApplicationStatusBadge } from "@/components/admin/review/status-badge";
import type { SearchParams } from "@/components/admin/content/page-parts";
import { Link } from "@/i18n/link";
import { parseListQuery } from "@/lib/admin-list";
import { SUBMITTED_STATUSES } from "@/lib/application-workflow";
import { countryName } from "@/lib/localize";
import { APPLICATION_CARRIERS, applicationListSpec } from "@/lib/validation/admin/review";
import { requirePermission, staffCan } from "@/server/authz";
import { applicationCountries, listApplications } from "@/server/review/queries";

export default async function ApplicationsInboxPage({ params, searchParams }: { params: Promise<{ locale: string }>; searchParams: SearchParams }) {
  const { locale } = await params;
  setRequestLocale(locale);
  const staff = await requirePermission(["applications.read", "applications.review"]);
  const readsAll = staffCan(staff, "applications.read");
  const query = parseListQuery(await searchParams, applicationListSpec);
  const [t, tStatus, tCarrier, format, { rows, total }, countries] = await Promise.all([
    getTranslations("Review.inbox"),
    getTranslations("Apply.status"),
    getTranslations("Carrier"),
    getFormatter(),
    listApplications(staff, query),
    applicationCountries(staff),
  ]);
  const canExport = readsAll && staffCan(staff, "exports.download");
  // The list's address and state, shared by its toolbar and its table.
  const list = { basePath: "/admin/applications", query, total };
  return (
    <div>
      <h1 className="text-3xl font-bold">{t("title")}</h1>
      <p className="mt-1 text-slate-700">{readsAll ? t("introAll") : t("introReviewer")}</p>
      <ListToolbar
        {...list}
        exportHref={canExport ? "/api/admin/exports/applications" : undefined}
        filters={[
          { name: "status", label: t("columns.status"), options: SUBMITTED_STATUSES.map((s) => ({ value: s, label: tStatus(s) })) },
          { name: "carrier", label: t("columns.carrier"), options: APPLICATION_CARRIERS.map((c) => ({ value: c, label: tCarrier(c) })) },
          { name: "country", label: t("columns.country"), options: countries.map((c) => ({ value: c, label: countryName(c, locale) })) },
        ]}
      />
      <DataTable
        {...list}
        columns={[
          { key: "reference", label: t("columns.reference"), sort: "reference" },
          { key: "submitted", label: t("columns.submitted"), sort: "submitted" },
          { key: "institution", label: t("columns.institution"), sort: "institution" },
          // On a phone the country and carrier give way to the rest; the filters still select by them.
          { key: "country", label: t("columns.country"), sort: "country", className: "hidden md:table-cell" },
          { key: "carrier", label: t("columns.carrier"), sort: "carrier", className: "hidden md:table-cell" },
          { key: "mass", label: t("columns.mass"), sort: "mass", className: "whitespace-nowrap text-end" },
          { key: "status", label: t("columns.status"), sort: "status" },
          readsAll
            ? { key: "score", label: t("columns.score"), sort: "score", className: "text-end" }
            : { key: "ownReview", label: t("columns.ownReview") },
        ]}
        caption={t("caption")}
        rows={rows.map((row) => ({
          id: row.id,
          cells: {
            reference: (
              <Link href={`/admin/applications/${row.id}`} className="whitespace-nowrap">
                {row.reference ?? row.id}
              </Link>
            ),
            submitted: row.submittedAt ? <span className="whitespace-nowrap">{staffDay(row.submittedAt, locale)}</span> : "",
            institution: (
              <>
                <span className="block">{row.leadInstitution}</span>
                {row.payloadName && <span className="block text-sm text-slate-700">{row.payloadName}</span>}
              </>
            ),
            country: row.leadCountry ? countryName(row.leadCountry, locale) : "",
            carrier: row.carrier ? tCarrier(row.carrier) : "",
            mass: row.massKg !== null ? t("kg", { value: format.number(row.massKg, { maximumFractionDigits: 3 }) }) : "",
            status: <ApplicationStatusBadge status={row.status} />,
            score:
              row.averageScore !== null ? (
                <span>
                  {format.number(row.averageScore, { minimumFractionDigits: 2, maximumFractionDigits: 2 })}
                  <span className="block text-sm text-slate-700">{t("reviews", { count: row.scoredCount })}</span>
                </span>
              ) : (
                <span className="text-slate-700">{t("notScored")}</span>
              ),
            ownReview: row.ownReview ? (
              <span className={row.ownReview === "todo" ? "font-semibold text-accent" : undefined}>{t(`ownReview.${row.ownReview}`)}</span>
            ) : (
              ""
            ),
          },
        }))}
      />
    </div>
  );
}
