import { getFormatter, getTranslations, setRequestLocale } from "next-intl/server";
import { ContentHeading, CreateLink, doneOf, PublicationBadge, publicationFilter, type SearchParams } from "@/components/admin/content/page-parts";
import { DataTable } from "@/components/admin/data-table";
import { ListToolbar } from "@/components/admin/list-toolbar";
import { LocalizedText } from "@/components/ui/localized-text";
import { Link } from "@/i18n/link";
import { parseListQuery } from "@/lib/admin-list";
import { countryName } from "@/lib/localize";
import { requirePermission, staffCan } from "@/server/authz";
import { institutionListSpec, listInstitutionsForStaff } from "@/server/content/institutions";

export const dynamic = "force-dynamic";

export default async function InstitutionsListPage({ params, searchParams }: { params: Promise<{ locale: string }>; searchParams: SearchParams }) {
  const { locale } = await params;
  setRequestLocale(locale);
  const staff = await requirePermission("content.read");
  const [raw, spec] = await Promise.all([searchParams, institutionListSpec()]);
  const query = parseListQuery(raw, spec);
  const [t, tc, type, format, { rows, total }] = await Promise.all([
    getTranslations("Content.institutions"),
    getTranslations("Content"),
    getTranslations("InstitutionType"),
    getFormatter(),
    listInstitutionsForStaff(query),
  ]);
  const basePath = "/admin/institutions";
  return (
    <>
      <ContentHeading title={t("title")} intro={t("intro")} done={doneOf(raw)}>
        {staffCan(staff, "content.write") && <CreateLink kind="institutions" label={t("new")} />}
      </ContentHeading>
      <ListToolbar
        basePath={basePath}
        query={query}
        total={total}
        exportHref="/api/admin/exports/institutions"
        filters={[
          { name: "type", label: tc("fields.institutionType"), options: spec.filters.type.map((value) => ({ value, label: type(value) })) },
          {
            name: "country",
            label: t("country"),
            options: spec.filters.country
              .map((value) => ({ value, label: countryName(value, locale) }))
              .sort((a, b) => a.label.localeCompare(b.label, locale)),
          },
          await publicationFilter(),
        ]}
      />
      <DataTable
        caption={t("title")}
        basePath={basePath}
        query={query}
        total={total}
        columns={[
          { key: "name", label: t("name"), sort: "name", className: "min-w-44" },
          { key: "type", label: tc("fields.institutionType"), sort: "type", className: "whitespace-nowrap" },
          { key: "country", label: t("country"), sort: "country", className: "whitespace-nowrap" },
          { key: "awards", label: t("awards"), className: "whitespace-nowrap" },
          { key: "projects", label: t("projects"), className: "whitespace-nowrap" },
          { key: "published", label: tc("common.publication"), className: "whitespace-nowrap" },
          { key: "updated", label: tc("common.updated"), sort: "updated", className: "whitespace-nowrap" },
        ]}
        rows={rows.map((i) => ({
          id: i.id,
          cells: {
            name: (
              <Link href={`${basePath}/${i.id}`}>
                <LocalizedText value={{ en: i.nameEn, zh: i.nameZh }} locale={locale} />
              </Link>
            ),
            type: type(i.type),
            country: i.countryCode ? countryName(i.countryCode, locale) : t("international"),
            awards: format.number(i.awards),
            projects: format.number(i.projects),
            published: <PublicationBadge published={i.published} />,
            updated: format.dateTime(new Date(i.updatedAt), { dateStyle: "medium", timeStyle: "short" }),
          },
        }))}
      />
    </>
  );
}
