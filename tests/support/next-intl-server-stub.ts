// next-intl/server outside a request, where there is no locale to read: for tests that call pages only to see
// whether they open (or what runs before their permission check). Used as vi.mock("next-intl/server", () => import(...)).
const t = Object.assign((key: string) => key, { rich: (key: string) => key, markup: (key: string) => key, raw: (key: string) => key, has: () => true });

export const setRequestLocale = () => {};
export const getLocale = async () => "en";
export const getTranslations = async () => t;
export const getFormatter = async () => ({ dateTime: String, number: String, relativeTime: String, list: String });
export const getMessages = async () => ({});
export const getNow = async () => new Date();
export const getTimeZone = async () => "UTC";
// src/i18n/request.ts declares the request configuration when a page's modules load the message catalogue.
export const getRequestConfig = (create: unknown) => create;
