"use client";

import { useLocale, useTranslations } from "next-intl";
import { Link, usePathname } from "@/i18n/navigation";

// Links to the same page in the other language; works without JavaScript because it renders on the server.
export function LanguageSwitcher() {
  const t = useTranslations("Site");
  const locale = useLocale();
  const pathname = usePathname();
  const other = locale === "zh" ? "en" : "zh";
  return (
    <Link
      href={pathname}
      locale={other}
      hrefLang={other === "zh" ? "zh-Hans" : "en"}
      lang={other === "zh" ? "zh-Hans" : "en"}
      aria-label={t("switchLanguageLabel")}
      className="rounded border border-white/60 px-3 py-1 text-sm font-semibold text-white no-underline hover:bg-white/10"
    >
      {t("switchLanguage")}
    </Link>
  );
}
