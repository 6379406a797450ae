import { getLocale, getTranslations } from "next-intl/server";
import { Link } from "@/i18n/link";
import { isLocale } from "@/i18n/locales";
import { LanguageSwitcher } from "./language-switcher";
import { SoftNavigation } from "./soft-navigation";

export async function SiteHeader() {
  const [t, locale] = await Promise.all([getTranslations("Site"), getLocale()]);
  const nav = [
    { href: "/", label: t("opportunities") },
    { href: "/calls", label: t("calls") },
    { href: "/missions", label: t("missions") },
    { href: "/map", label: t("map") },
  ];
  return (
    <header className="bg-navy text-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-3 px-4 py-3 sm:px-6">
        <Link href="/" className="flex items-center gap-2 text-lg font-bold text-white no-underline">
          <svg aria-hidden="true" width="28" height="28" viewBox="0 0 32 32">
            <circle cx="16" cy="16" r="9" fill="#f4f1e8" />
            <ellipse cx="16" cy="16" rx="15" ry="5" fill="none" stroke="#e3b23c" strokeWidth="2" transform="rotate(-25 16 16)" />
          </svg>
          <span className="hidden sm:inline">{t("name")}</span>
          <span className="sm:hidden">{t("shortName")}</span>
        </Link>
        <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
          <nav aria-label={t("mainNav")}>
            <ul className="flex flex-wrap gap-x-4 gap-y-1 text-sm font-semibold">
              {nav.map((item) => (
                <li key={item.href}>
                  <Link href={item.href} className="text-white no-underline underline-offset-4 hover:underline">
                    {item.label}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
          <LanguageSwitcher locale={isLocale(locale) ? locale : "en"} label={t("languageMenu")} />
        </div>
      </div>
      <SoftNavigation />
    </header>
  );
}
