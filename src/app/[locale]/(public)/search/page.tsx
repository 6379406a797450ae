import type { Metadata } from "next";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { SearchForm } from "@/components/open-data/search-form";
import { SearchRefused, SearchResults } from "@/components/open-data/search-results";
import { PageHeading } from "@/components/ui/page-heading";
import { pageMetadata } from "@/lib/site";
import { searchParamsSchema, type SearchParams } from "@/lib/validation/search";
import { searchPublished } from "@/server/queries/search";
import { addressGroup, clientIp } from "@/server/platform/client-address";

// Rendered per request from the query string (results come from searchPublished's own cache). Said outright,
// since the locale layout's generateStaticParams would otherwise make it a static page that fails at run time.
export const dynamic = "force-dynamic";

type Props = { params: Promise<{ locale: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

function parse(searchParams: Record<string, string | string[] | undefined>): { query: string; search?: SearchParams; error?: string } {
  const parsed = searchParamsSchema.safeParse(searchParams);
  if (parsed.success) return { query: parsed.data.q, search: parsed.data.key ? parsed.data : undefined };
  const raw = searchParams.q;
  return { query: (Array.isArray(raw) ? raw[0] : raw) ?? "", error: parsed.error.issues[0]?.message ?? "tooLong" };
}

export async function generateMetadata({ params, searchParams }: Props): Promise<Metadata> {
  const { locale } = await params;
  const { query, error } = parse(await searchParams);
  const t = await getTranslations({ locale, namespace: "Search" });
  const site = await getTranslations({ locale, namespace: "Site" });
  const title = query && !error ? t("resultsTitle", { query }) : t("title");
  // Result pages are for people; only the empty search page belongs in search engines.
  return { ...pageMetadata({ locale, path: "/search", title, description: t("description"), siteName: site("name") }), ...(query ? { robots: { index: false } } : {}) };
}

export default async function SearchPage({ params, searchParams }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const { query, search, error } = parse(await searchParams);
  const t = await getTranslations("Search");
  const outcome = search ? await searchPublished(search, addressGroup(await clientIp())) : null;
  return (
    <>
      <PageHeading title={t("title")} lead={t("description")} />
      <SearchForm query={query} error={error} />
      {outcome?.ok && <SearchResults results={outcome.results} locale={locale} />}
      {outcome?.ok === false && <SearchRefused reason={outcome.refused} />}
    </>
  );
}
