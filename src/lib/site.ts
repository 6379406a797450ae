import type { Metadata } from "next";
import { LOCALE_INFO, localeInfo } from "@/i18n/locales";
import { routing } from "@/i18n/routing";

export const OPPORTUNITY_PATHS = {
  "chang-e-5-sample-loans": "/opportunities/chang-e-5-sample-loans",
  "chang-e-8-cooperation-projects": "/opportunities/chang-e-8-cooperation-projects",
  "tianwen-3-payload-offer": "/opportunities/tianwen-3-payload-offer",
} as const;

/** A call's public page: its own page for the three with one, else the page built from its record. */
export const opportunityPath = (slug: string) => (Object.hasOwn(OPPORTUNITY_PATHS, slug) ? OPPORTUNITY_PATHS[slug as keyof typeof OPPORTUNITY_PATHS] : `/calls/${slug}`);

/** Title, description, canonical and hreflang alternates, and OpenGraph for one page in one locale. */
export function pageMetadata(opts: { locale: string; path: string; title: string; description: string; siteName: string }): Metadata {
  const path = opts.path === "/" ? "" : opts.path;
  const languages = Object.fromEntries(routing.locales.map((l) => [LOCALE_INFO[l].tag, `/${l}${path}`]));
  return {
    title: opts.title,
    description: opts.description,
    alternates: {
      canonical: `/${opts.locale}${path}`,
      languages: { ...languages, "x-default": `/${routing.defaultLocale}${path}` },
      types: { "application/atom+xml": `/${opts.locale}/feed.xml` },
    },
    openGraph: {
      title: opts.title,
      description: opts.description,
      url: `/${opts.locale}${path}`,
      siteName: opts.siteName,
      locale: localeInfo(opts.locale).openGraph,
      alternateLocale: routing.locales.filter((l) => l !== opts.locale).map((l) => LOCALE_INFO[l].openGraph),
      type: "website",
    },
  };
}
