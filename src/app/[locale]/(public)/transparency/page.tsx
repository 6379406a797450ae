import { getTranslations, setRequestLocale } from "next-intl/server";
import { OpportunityFigures } from "@/components/explore/opportunity-figures";
import { LastUpdated } from "@/components/ui/last-updated";
import { PageHeading } from "@/components/ui/page-heading";
import { cacheHour } from "@/server/queries/map";
import { getTransparency } from "@/server/queries/transparency";
import { metadataFromMessages } from "../page-metadata";

// Expressions of interest are counted hourly (see cacheHour); published figures revalidate by tag.
export const revalidate = 3600;

type Props = { params: Promise<{ locale: string }> };

export const generateMetadata = metadataFromMessages("Explore.transparency", "/transparency");

export default async function TransparencyPage({ params }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const [data, t] = await Promise.all([getTransparency(cacheHour()), getTranslations("Explore.transparency")]);
  return (
    <>
      <PageHeading title={t("title")} lead={t("lead")} />
      {data.opportunities.map((o) => (
        <OpportunityFigures key={o.slug} opportunity={o} locale={locale} />
      ))}
      <LastUpdated at={data.updatedAt} />
    </>
  );
}
