import { isLocale, type Locale, localeInfo } from "../i18n/locales";
import type { Localized, PartialDate } from "./validation/public-data";

export type ContentLocale = "en" | "zh";

/** The text in the page's language, or the English original (marked with its language) where none was published. */
export function pick(value: Localized, locale: string): { text: string; lang: ContentLocale; fallback: boolean } {
  if (locale === "zh" && value.zh) return { text: value.zh, lang: "zh", fallback: false };
  return { text: value.en, lang: "en", fallback: locale !== "en" };
}

export const pickText = (value: Localized, locale: string): string => pick(value, locale).text;

// Regions shown with their country, as the agency publishes them.
const regionNames: Record<string, Record<Locale, string>> = {
  HK: { en: "Hong Kong, China", zh: "中国香港", ar: "هونغ كونغ، الصين", fr: "Hong Kong (Chine)", ru: "Гонконг, Китай", es: "Hong Kong (China)" },
  MO: { en: "Macao, China", zh: "中国澳门", ar: "ماكاو، الصين", fr: "Macao (Chine)", ru: "Макао, Китай", es: "Macao (China)" },
};

const displayNames = new Map<string, Intl.DisplayNames>();

export function countryName(code: string, locale: string): string {
  const upper = code.toUpperCase();
  const region = regionNames[upper];
  if (region) return region[isLocale(locale) ? locale : "en"];
  let names = displayNames.get(locale);
  if (!names) {
    names = new Intl.DisplayNames([localeInfo(locale).intl], { type: "region", fallback: "code" });
    displayNames.set(locale, names);
  }
  return names.of(upper) ?? upper;
}

// ISO 3166 user-assigned and exceptionally reserved codes, which Intl names but which are no country (XK, Kosovo, is kept).
const NOT_A_COUNTRY = /^(AA|Q[M-Z]|X[A-JL-Z]|ZZ|EU|EZ|UN)$/;

/** A country or region code that Intl knows by name; unassigned and user-assigned codes are not. */
export function isKnownCountryCode(code: string): boolean {
  if (!/^[A-Za-z]{2}$/.test(code)) return false;
  const upper = code.toUpperCase();
  if (NOT_A_COUNTRY.test(upper)) return false;
  return regionNames[upper] !== undefined || new Intl.DisplayNames(["en"], { type: "region", fallback: "none" }).of(upper) !== undefined;
}

export function formatPartialDate(value: PartialDate, locale: string): string {
  const date = new Date(`${value.date}T00:00:00Z`);
  const options: Intl.DateTimeFormatOptions =
    value.precision === "YEAR"
      ? { year: "numeric", timeZone: "UTC" }
      : value.precision === "MONTH"
        ? { year: "numeric", month: "long", timeZone: "UTC" }
        : { year: "numeric", month: "long", day: "numeric", timeZone: "UTC" };
  return new Intl.DateTimeFormat(localeInfo(locale).intl, options).format(date);
}

export function formatDay(iso: string, locale: string): string {
  return formatPartialDate({ date: iso.slice(0, 10), precision: "DAY" }, locale);
}

/** An instant as the reader of `locale` writes it, in `timeZone` (a call's zone, or the reader's own). */
export function formatInstant(iso: string, locale: string, timeZone: string): string {
  return new Intl.DateTimeFormat(localeInfo(locale).intl, { dateStyle: "long", timeStyle: "short", timeZone }).format(new Date(iso));
}

const languageNames = new Map<string, Intl.DisplayNames>();

/** A language (an interface locale such as "fr") named in the reader's language: "French", "法语". */
export function languageName(code: string, locale: string): string {
  let names = languageNames.get(locale);
  if (!names) {
    names = new Intl.DisplayNames([localeInfo(locale).intl], { type: "language", fallback: "code" });
    languageNames.set(locale, names);
  }
  return names.of(isLocale(code) ? code : "en") ?? code;
}
