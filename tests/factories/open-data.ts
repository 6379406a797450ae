import en from "@/i18n/messages/en.json";
import openDataEn from "@/i18n/messages/open-data.en.json";
import openDataZh from "@/i18n/messages/open-data.zh.json";
import zh from "@/i18n/messages/zh.json";

// The catalogue the feed and calendar read, for tests: Vite cannot follow src/i18n/request.ts's dynamic
// imports of nested message files, so tests stand in for loadMessages with the files the feed needs.
// Use with: vi.mock("@/i18n/request", () => import("../factories/open-data").then((m) => m.requestModule));
const catalogues: Record<string, Record<string, unknown>> = { en: { ...en, ...openDataEn }, zh: { ...zh, ...openDataZh } };

export const requestModule = {
  loadMessages: async (locale: string) => catalogues[locale] ?? catalogues.en!,
};
