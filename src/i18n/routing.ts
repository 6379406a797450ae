import { defineRouting } from "next-intl/routing";

export const routing = defineRouting({
  locales: ["en", "zh"],
  defaultLocale: "en",
  localePrefix: "always",
  // The language switcher links keep the chosen language; no cookie means cached pages stay shareable.
  localeCookie: false,
});

export type Locale = (typeof routing.locales)[number];
