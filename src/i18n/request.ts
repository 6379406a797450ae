import { hasLocale } from "next-intl";
import { getRequestConfig } from "next-intl/server";
import { routing } from "./routing";

// Besides messages/{locale}.json, each area of the portal keeps its strings in a file per language
// (messages/{area}.{locale}.json); namespaces they share, such as Errors, are merged.
const areas = ["admin/panel", "admin/content", "admin/review", "admin/records", "explore", "open-data", "mail", "receipt"] as const;

type Messages = Record<string, unknown>;

function mergeMessages(target: Messages, source: Messages): Messages {
  for (const [key, value] of Object.entries(source)) {
    const prior = target[key];
    target[key] =
      prior && typeof prior === "object" && value && typeof value === "object"
        ? mergeMessages({ ...(prior as Messages) }, value as Messages)
        : value;
  }
  return target;
}

export async function loadMessages(locale: string): Promise<Messages> {
  // Strings not (yet) translated into this language show in English.
  const english = (await import(`./messages/en.json`)).default as Messages;
  const own = locale === "en" ? {} : await import(`./messages/${locale}.json`).then((m) => m.default as Messages, () => ({}));
  const base = mergeMessages({ ...english }, own);
  const loaded = await Promise.all(
    areas.map(async (area) => {
      const english = (await import(`./messages/${area}.en.json`)).default as Messages;
      if (locale === "en") return english;
      const translated = await import(`./messages/${area}.${locale}.json`).then((m) => m.default as Messages, () => ({}));
      return mergeMessages({ ...english }, translated);
    }),
  );
  return loaded.reduce((merged, area) => mergeMessages(merged, area), { ...base });
}

export default getRequestConfig(async ({ requestLocale }) => {
  const requested = await requestLocale;
  const locale = hasLocale(routing.locales, requested) ? requested : routing.defaultLocale;
  return { locale, messages: await loadMessages(locale) };
});
