import { getLocale, getTranslations } from "next-intl/server";
import { Link } from "@/i18n/link";

export async function SiteFooter() {
  const [t, privacy, locale] = await Promise.all([getTranslations("Site"), getTranslations("Privacy"), getLocale()]);
  const pages = [
    { href: "/timeline", label: t("timeline") },
    { href: "/transparency", label: t("transparency") },
    { href: "/open-data", label: t("openData") },
    { href: "/search", label: t("search") },
    { href: "/privacy", label: privacy("footerLink") },
  ];
  return (
    <footer className="mt-12 border-t border-slate-300 bg-white">
      <div className="mx-auto max-w-6xl space-y-3 px-4 py-6 text-sm text-slate-700 sm:px-6">
        <p>{t("footerNote")}</p>
        <nav aria-label={t("footerNav")}>
          <ul className="flex flex-wrap gap-x-5 gap-y-1">
            {pages.map((page) => (
              <li key={page.href}>
                <Link href={page.href}>{page.label}</Link>
              </li>
            ))}
            <li>
              <a href={`/${locale}/feed.xml`} type="application/atom+xml">
                {t("feed")}
              </a>
            </li>
            <li>
              <a href="/calendar.ics" type="text/calendar">
                {t("calendar")}
              </a>
            </li>
            <li>
              <a href="/api/v1/openapi.json">{t("apiLink")}</a>
            </li>
            <li>
              <Link href="/admin/sign-in">{t("staffSignIn")}</Link>
            </li>
          </ul>
        </nav>
      </div>
    </footer>
  );
}
