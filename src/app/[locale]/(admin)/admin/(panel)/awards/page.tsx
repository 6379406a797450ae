import { getFormatter, getTranslations, setRequestLocale } from "next-intl/server";
import { ContentHeading, CreateLink, doneOf, localName, PublicationBadge, publicationFilter, type SearchParams } from "@/components/admin/content/page-parts";
import { DataTable } from "@/components/admin/data-table";
import { ListToolbar } from "@/components/admin/list-toolbar";
import { LocalizedText } from "@/components/ui/localized-text";
import { Link } from "@/i18n/link";
import { parseListQuery } from "@/lib/admin-list";
import { countryName } from "@/lib/localize";
import { requirePermission, staffCan } from "@/server/authz";
import { awardListSpec, listAwardsForStaff } from "@/server/content/awards";
import { listOpportunityOptions } from "@/server/content/opportunities";

export const dynamic = "force-dynamic";

export default async function AwardsListPage({ params, searchParams }: { params: Promise<{ locale: string }>; searchParams: SearchParams }) {
  const { locale } = await params;
  setRequestLocale(locale);
  const staff = await requirePermission("content.read");
  const [raw, spec, opportunities] = await Promise.all([searchParams, awardListSpec(), listOpportunityOptions("SAMPLE_LOAN")]);
  const query = parseListQuery(raw, spec);
  const [t, tc, agreement, format, { rows, total }] = await Promise.all([
    getTranslations("Content.awards"),
    getTranslations("Content"),
    getTranslations("Agreement"),
    getFormatter(),
    listAwardsForStaff(query),
  ]);
  const basePath = "/admin/awards";
  return (
    <>
      <ContentHeading title={t("title")} intro={t("intro")} done={doneOf(raw)}>
        {staffCan(staff, "content.write") && <CreateLink kind="awards" label={t("new")} />}
      </ContentHeading>
      <ListToolbar
        basePath={basePath}
        query={query}
        total={total}
        exportHref="/api/admin/exports/awards"
        filters={[
          { name: "opportunity", label: tc("fields.opportunity"), options: opportunities.map((o) => ({ value: o.id, label: localName(o.titleEn, o.titleZh, locale) })) },
          { name: "agreement", label: t("agreementFilter"), options: spec.filters.agreement.map((value) => ({ value, label: agreement(value) })) },
          await publicationFilter(),
        ]}
      />
      <DataTable
        caption={t("title")}
        basePath={basePath}
        query={query}
        total={total}
        columns={[
          { key: "institution", label: tc("fields.institution"), sort: "institution", className: "min-w-44" },
          { key: "country", label: tc("institutions.country"), className: "whitespace-nowrap" },
          { key: "opportunity", label: tc("fields.opportunity"), sort: "opportunity", className: "min-w-48" },
          { key: "agreement", label: t("agreement"), className: "whitespace-nowrap" },
          { key: "published", label: tc("common.publication"), className: "whitespace-nowrap" },
          { key: "updated", label: tc("common.updated"), sort: "updated", className: "whitespace-nowrap" },
        ]}
        rows={rows.map((a) => ({
          id: a.id,
          cells: {
            institution: (
              <Link href={`${basePath}/${a.id}`}>
                <LocalizedText value={{ en: a.institutionNameEn, zh: a.institutionNameZh }} locale={locale} />
              </Link>
            ),
            country: a.countryCode ? countryName(a.countryCode, locale) : tc("institutions.international"),
            opportunity: localName(a.opportunityTitleEn, a.opportunityTitleZh, locale),
            agreement: a.agreementId ? <Link href={`/admin/agreements/${a.agreementId}`}>{agreement(a.agreementStatus!)}</Link> : agreement("none"),
            published: <PublicationBadge published={a.published} />,
            updated: format.dateTime(new Date(a.updatedAt), { dateStyle: "medium", timeStyle: "short" }),
          },
        }))}
      />
    </>
  );
}
