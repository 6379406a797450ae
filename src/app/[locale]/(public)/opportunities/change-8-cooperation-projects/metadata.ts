import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { pickText } from "@/lib/localize";
import { OPPORTUNITY_PATHS, pageMetadata } from "@/lib/site";
import { getOpportunity } from "@/server/queries/opportunities";

export async function change8Metadata(locale: string): Promise<Metadata> {
  const [opportunity, t, site] = await Promise.all([
    getOpportunity("change-8-cooperation-projects"),
    getTranslations({ locale, namespace: "Projects" }),
    getTranslations({ locale, namespace: "Site" }),
  ]);
  if (!opportunity) return {};
  return pageMetadata({
    locale,
    path: OPPORTUNITY_PATHS["change-8-cooperation-projects"],
    title: pickText(opportunity.title, locale),
    description: t("description"),
    siteName: site("name"),
  });
}
