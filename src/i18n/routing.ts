import { defineRouting } from "next-intl/routing";
import { LOCALES } from "./locales";

export const routing = defineRouting({
  locales: LOCALES,
  defaultLocale: "en",
  localePrefix: "always",
  // The language menu's links keep the chosen language; no cookie means cached pages stay shareable.
  localeCookie: false,
});

export type { Locale } from "./locales";
