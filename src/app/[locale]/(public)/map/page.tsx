import { getTranslations, setRequestLocale } from "next-intl/server";
import { CooperationOverview } from "@/components/explore/cooperation-overview";
import { LastUpdated } from "@/components/ui/last-updated";
import { NoteList } from "@/components/ui/note-list";
import { PageHeading } from "@/components/ui/page-heading";
import { Section } from "@/components/ui/section";
import { cacheHour, getCooperationMap } from "@/server/queries/map";
import { metadataFromMessages } from "../page-metadata";

// Expressions of interest are counted hourly (see cacheHour); everything else revalidates by tag.
export const revalidate = 3600;

type Props = { params: Promise<{ locale: string }> };

export const generateMetadata = metadataFromMessages("Explore.map", "/map");

export default async function MapPage({ params }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const [data, t] = await Promise.all([getCooperationMap(cacheHour()), getTranslations("Explore.map")]);
  return (
    <>
      <PageHeading title={t("title")} lead={t("lead")} />
      <CooperationOverview data={data} locale={locale} />
      <Section headingId="map-notes-heading" heading={t("notesHeading")} size="small" className="mt-10">
        <NoteList notes={[t("noteApplicants"), t("noteInterest"), t("noteData")]} />
      </Section>
      <LastUpdated at={data.updatedAt} />
    </>
  );
}
