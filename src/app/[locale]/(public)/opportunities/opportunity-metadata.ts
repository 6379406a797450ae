import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { pickText } from "@/lib/localize";
import { OPPORTUNITY_PATHS, pageMetadata } from "@/lib/site";
import { getOpportunity } from "@/server/queries/opportunities";

// Each opportunity page's title is the opportunity's own; its description comes from the page's messages.
const DESCRIPTIONS = {
  "chang-e-5-sample-loans": "SampleLoans",
  "chang-e-8-cooperation-projects": "Projects",
  "tianwen-3-payload-offer": "Tianwen",
} as const;

export async function opportunityMetadata(slug: keyof typeof OPPORTUNITY_PATHS, locale: string): Promise<Metadata> {
  const [opportunity, t, site] = await Promise.all([
    getOpportunity(slug),
    getTranslations({ locale, namespace: DESCRIPTIONS[slug] }),
    getTranslations({ locale, namespace: "Site" }),
  ]);
  if (!opportunity) return {};
  return pageMetadata({
    locale,
    path: OPPORTUNITY_PATHS[slug],
    title: pickText(opportunity.title, locale),
    description: t("description"),
    siteName: site("name"),
  });
}
