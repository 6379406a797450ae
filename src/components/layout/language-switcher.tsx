"use client";

import NextLink from "next/link";
import { usePathname } from "next/navigation";

// The same page in the other language: the path with its first segment swapped. Rendered on the server too,
// so it works without JavaScript; it uses next/navigation alone so public pages load no i18n code.
export function LanguageSwitcher({ locale, label, text }: { locale: "en" | "zh"; label: string; text: string }) {
  const pathname = usePathname() ?? "/";
  const rest = pathname.replace(/^\/(en|zh)(?=\/|$)/, "");
  return (
    <NextLink
      href={`/${locale}${rest}`}
      hrefLang={locale === "zh" ? "zh-Hans" : "en"}
      lang={locale === "zh" ? "zh-Hans" : "en"}
      aria-label={label}
      className="rounded border border-white/60 px-3 py-1 text-sm font-semibold text-white no-underline hover:bg-white/10"
    >
      {text}
    </NextLink>
  );
}
