import { getTranslations, setRequestLocale } from "next-intl/server";
import { ContentHeading, CreateLink, day, doneOf, localName, type SearchParams } from "@/components/admin/content/page-parts";
import { DataTable } from "@/components/admin/data-table";
import { ListToolbar } from "@/components/admin/list-toolbar";
import { LocalizedText } from "@/components/ui/localized-text";
import { Link } from "@/i18n/link";
import { parseListQuery } from "@/lib/admin-list";
import { requirePermission, staffCan } from "@/server/authz";
import { agreementListSpec, listAgreementsForStaff } from "@/server/content/agreements";

export const dynamic = "force-dynamic";

export default async function AgreementsListPage({ params, searchParams }: { params: Promise<{ locale: string }>; searchParams: SearchParams }) {
  const { locale } = await params;
  setRequestLocale(locale);
  const staff = await requirePermission("content.read");
  const raw = await searchParams;
  const query = parseListQuery(raw, agreementListSpec);
  const [t, tc, status, { rows, total }] = await Promise.all([
    getTranslations("Content.agreements"),
    getTranslations("Content"),
    getTranslations("Agreement"),
    listAgreementsForStaff(query),
  ]);
  const basePath = "/admin/agreements";
  return (
    <>
      <ContentHeading title={t("title")} intro={t("intro")} done={doneOf(raw)}>
        {staffCan(staff, "content.write") && <CreateLink kind="agreements" label={t("new")} />}
      </ContentHeading>
      <ListToolbar
        basePath={basePath}
        query={query}
        total={total}
        exportHref="/api/admin/exports/agreements"
        filters={[
          { name: "status", label: tc("fields.agreementStatus"), options: agreementListSpec.filters.status.map((value) => ({ value, label: status(value) })) },
          { name: "overdue", label: t("overdueFilter"), options: [{ value: "yes", label: t("overdueOnly") }] },
        ]}
      />
      <DataTable
        caption={t("title")}
        basePath={basePath}
        query={query}
        total={total}
        columns={[
          { key: "institution", label: tc("fields.institution"), sort: "institution", className: "min-w-44" },
          { key: "opportunity", label: tc("fields.opportunity"), className: "min-w-48" },
          { key: "status", label: tc("fields.agreementStatus"), sort: "status", className: "whitespace-nowrap" },
          { key: "signed", label: tc("fields.signedOn"), sort: "signed", className: "whitespace-nowrap" },
          { key: "expires", label: tc("fields.expiresOn"), sort: "expires", className: "whitespace-nowrap" },
          { key: "obligations", label: t("open"), className: "whitespace-nowrap" },
        ]}
        rows={rows.map((a) => ({
          id: a.id,
          cells: {
            institution: (
              <Link href={`${basePath}/${a.id}`}>
                <LocalizedText value={{ en: a.institutionNameEn, zh: a.institutionNameZh }} locale={locale} />
              </Link>
            ),
            opportunity: localName(a.opportunityTitleEn, a.opportunityTitleZh, locale),
            status: status(a.status),
            signed: day(a.signedOn, locale),
            expires: day(a.expiresOn, locale),
            obligations: (
              <>
                {a.openObligations}
                {a.overdueObligations > 0 && <span className="font-semibold text-accent"> ({t("overdueCount", { count: a.overdueObligations })})</span>}
              </>
            ),
          },
        }))}
      />
    </>
  );
}
