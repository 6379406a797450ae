import { defineRouting } from "next-intl/routing";
import { LOCALES } from "./locales";

export const routing = defineRouting({
  locales: LOCALES,
  defaultLocale: "en",
  localePrefix: "always",
  // The language menu's links keep the chosen language; no cookie means cached pages stay shareable.
  localeCookie: false,
  // Pages name their alternates themselves (hreflang zh-Hans, x-default /en, on SITE_URL); a Link header would disagree.
  alternateLinks: false,
});

export type { Locale } from "./locales";
