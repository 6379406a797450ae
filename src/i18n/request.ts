import { hasLocale } from "next-intl";
import { getRequestConfig } from "next-intl/server";
import { routing } from "./routing";

// Besides messages/{locale}.json, each area of the portal keeps its strings in a file per language
// (messages/{area}.{locale}.json); namespaces they share, such as Errors, are merged. One importer per file name
// pattern, with the language as its only variable, so that every bundler (Next's and Vitest's) can follow it.
const catalogues: Record<string, (locale: string) => Promise<{ default: Messages }>> = {
  main: (locale) => import(`./messages/${locale}.json`),
  "admin/panel": (locale) => import(`./messages/admin/panel.${locale}.json`),
  "admin/content": (locale) => import(`./messages/admin/content.${locale}.json`),
  "admin/review": (locale) => import(`./messages/admin/review.${locale}.json`),
  "admin/records": (locale) => import(`./messages/admin/records.${locale}.json`),
  "admin/calls": (locale) => import(`./messages/admin/calls.${locale}.json`),
  explore: (locale) => import(`./messages/explore.${locale}.json`),
  "open-data": (locale) => import(`./messages/open-data.${locale}.json`),
  mail: (locale) => import(`./messages/mail.${locale}.json`),
  receipt: (locale) => import(`./messages/receipt.${locale}.json`),
  form: (locale) => import(`./messages/form.${locale}.json`),
  team: (locale) => import(`./messages/team.${locale}.json`),
  trust: (locale) => import(`./messages/trust.${locale}.json`),
  notices: (locale) => import(`./messages/notices.${locale}.json`),
  pages: (locale) => import(`./messages/pages.${locale}.json`),
  reminders: (locale) => import(`./messages/reminders.${locale}.json`),
};

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

async function mergeCatalogues(locale: string): Promise<Messages> {
  const loaded = await Promise.all(
    Object.values(catalogues).map(async (load) => {
      const english = (await load("en")).default;
      if (locale === "en") return english;
      // Strings not (yet) translated into this language show in English.
      const translated = await load(locale).then((m) => m.default, () => ({}));
      return mergeMessages({ ...english }, translated);
    }),
  );
  return loaded.reduce((merged, area) => mergeMessages(merged, area), {});
}

// The catalogues are part of the build: merged once per language, not on every request.
const merged = new Map<string, Promise<Messages>>();

export function loadMessages(locale: string): Promise<Messages> {
  let messages = merged.get(locale);
  if (!messages) {
    messages = mergeCatalogues(locale);
    merged.set(locale, messages);
    messages.catch(() => merged.delete(locale));
  }
  return messages;
}

export default getRequestConfig(async ({ requestLocale }) => {
  const requested = await requestLocale;
  const locale = hasLocale(routing.locales, requested) ? requested : routing.defaultLocale;
  return { locale, messages: await loadMessages(locale) };
});
