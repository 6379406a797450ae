// The interface languages: the six official languages of the United Nations. Content (names, facts) is
// published in English and Chinese; other languages show it in English with a note.

export const LOCALES = ["en", "zh", "ar", "fr", "ru", "es"] as const;
export type Locale = (typeof LOCALES)[number];

export const CONTENT_LOCALES = ["en", "zh"] as const;
/** The languages of content, emails and receipts. */
export type ContentLocale = (typeof CONTENT_LOCALES)[number];

interface LocaleInfo {
  /** BCP 47 tag for lang= and hreflang. */
  tag: string;
  /** Locale for Intl number and date formatting. */
  intl: string;
  dir: "ltr" | "rtl";
  /** The language's name in itself, for the language menu. */
  nativeName: string;
  openGraph: string;
}

export const LOCALE_INFO: Record<Locale, LocaleInfo> = {
  en: { tag: "en", intl: "en-GB", dir: "ltr", nativeName: "English", openGraph: "en_GB" },
  zh: { tag: "zh-Hans", intl: "zh-CN", dir: "ltr", nativeName: "中文", openGraph: "zh_CN" },
  ar: { tag: "ar", intl: "ar", dir: "rtl", nativeName: "العربية", openGraph: "ar_AR" },
  fr: { tag: "fr", intl: "fr-FR", dir: "ltr", nativeName: "Français", openGraph: "fr_FR" },
  ru: { tag: "ru", intl: "ru-RU", dir: "ltr", nativeName: "Русский", openGraph: "ru_RU" },
  es: { tag: "es", intl: "es-ES", dir: "ltr", nativeName: "Español", openGraph: "es_ES" },
};

export const isLocale = (value: string): value is Locale => (LOCALES as readonly string[]).includes(value);

/** Facts about a locale, English's for anything unknown. */
export const localeInfo = (locale: string): LocaleInfo => (isLocale(locale) ? LOCALE_INFO[locale] : LOCALE_INFO.en);

/** Whether the portal's content exists in this language (otherwise it is shown in English). */
export const hasOwnContent = (locale: string) => (CONTENT_LOCALES as readonly string[]).includes(locale);

/** "/xx/rest" → "/rest" for any interface language. */
export const LOCALE_PREFIX = new RegExp(`^/(${LOCALES.join("|")})(?=/|$)`);

/** The interface language a form names in its hidden "locale" field; English for anything else. */
export function formLocale(formData: FormData): Locale {
  const value = String(formData.get("locale") ?? "");
  return isLocale(value) ? value : "en";
}

/** The content language (emails, receipts, applicant pages) a form names: Chinese, or else English. */
export const formContentLocale = (formData: FormData): ContentLocale => (formData.get("locale") === "zh" ? "zh" : "en");
