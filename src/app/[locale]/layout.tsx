import type { Metadata, Viewport } from "next";
import { notFound } from "next/navigation";
import { hasLocale } from "next-intl";
import { getTranslations, setRequestLocale } from "next-intl/server";
import type { ReactNode } from "react";
import { SiteFooter } from "@/components/layout/site-footer";
import { SiteHeader } from "@/components/layout/site-header";
import { env } from "@/env";
import { hasOwnContent, LOCALE_INFO } from "@/i18n/locales";
import { routing } from "@/i18n/routing";

export function generateStaticParams() {
  // Nothing is rendered at build time (the build needs no database); each page is cached on first visit.
  return [];
}

export async function generateMetadata({ params }: { params: Promise<{ locale: string }> }): Promise<Metadata> {
  const { locale } = await params;
  const t = await getTranslations({ locale, namespace: "Site" });
  return {
    metadataBase: new URL(env.SITE_URL),
    title: { default: t("name"), template: `%s · ${t("name")}` },
    description: t("tagline"),
    applicationName: t("name"),
  };
}

export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: "#0b2545" };

export default async function LocaleLayout({ children, params }: { children: ReactNode; params: Promise<{ locale: string }> }) {
  const { locale } = await params;
  if (!hasLocale(routing.locales, locale)) notFound();
  setRequestLocale(locale);
  const t = await getTranslations("Site");
  return (
    <html lang={LOCALE_INFO[locale].tag} dir={LOCALE_INFO[locale].dir}>
      <body className="flex min-h-screen flex-col antialiased">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:start-2 focus:top-2 focus:z-50 focus:bg-white focus:px-4 focus:py-2"
        >
          {t("skipToContent")}
        </a>
        <SiteHeader />
        <main id="main" tabIndex={-1} className="mx-auto w-full max-w-6xl flex-1 px-4 py-8 sm:px-6 has-[[data-layout=wide]]:max-w-none">
          {!hasOwnContent(locale) && (
            <p className="mb-6 rounded border border-amber-300 bg-amber-50 px-4 py-2 text-sm text-ink">{t("contentInEnglish")}</p>
          )}
          {children}
        </main>
        <SiteFooter />
      </body>
    </html>
  );
}
