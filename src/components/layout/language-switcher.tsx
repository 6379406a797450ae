"use client";

import { usePathname } from "next/navigation";
import { LOCALE_INFO, LOCALE_PREFIX, LOCALES, type Locale } from "@/i18n/locales";

// The same page in each interface language: the path with its first segment swapped. A <details> menu, so it
// opens without JavaScript; plain anchors marked data-nav, which SoftNavigation follows through the router, and
// next/navigation alone, so public pages load no link or i18n code.
export function LanguageSwitcher({ locale, label }: { locale: Locale; label: string }) {
  const pathname = usePathname() ?? "/";
  const rest = pathname.replace(LOCALE_PREFIX, "");
  return (
    <details className="group relative">
      <summary
        aria-label={label}
        className="cursor-pointer list-none rounded border border-white/60 px-3 py-1 text-sm font-semibold text-white hover:bg-white/10 [&::-webkit-details-marker]:hidden"
      >
        <svg aria-hidden="true" viewBox="0 0 24 24" className="me-1 inline h-4 w-4 align-[-2px]" fill="none" stroke="currentColor" strokeWidth="2">
          <circle cx="12" cy="12" r="9" />
          <path d="M3 12h18M12 3c2.5 2.7 3.8 5.7 3.8 9s-1.3 6.3-3.8 9c-2.5-2.7-3.8-5.7-3.8-9S9.5 5.7 12 3z" />
        </svg>
        <span lang={LOCALE_INFO[locale].tag}>{LOCALE_INFO[locale].nativeName}</span>
      </summary>
      <ul className="absolute end-0 z-20 mt-1 min-w-36 rounded border border-slate-300 bg-white py-1 text-ink shadow-lg">
        {LOCALES.map((code) => (
          <li key={code}>
            <a
              href={`/${code}${rest}`}
              data-nav=""
              hrefLang={LOCALE_INFO[code].tag}
              lang={LOCALE_INFO[code].tag}
              dir={LOCALE_INFO[code].dir}
              aria-current={code === locale ? "true" : undefined}
              className={`block px-4 py-1.5 text-start no-underline hover:bg-slate-100 ${code === locale ? "font-bold" : ""}`}
            >
              {LOCALE_INFO[code].nativeName}
            </a>
          </li>
        ))}
      </ul>
    </details>
  );
}
