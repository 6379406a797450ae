import { EXACT_FORMAT } from "@/components/calls/instant-format";
import { localeInfo } from "@/i18n/locales";
import { formatDay } from "./localize";

// Staff pages write dates as the public pages do (a day as formatDay writes it; an instant with its month named and a
// 24-hour time, as calls announce deadlines), in UTC, which the zone name says, since staff work across time zones.

const iso = (at: string | Date) => (typeof at === "string" ? at : at.toISOString());

/** A day (a due date, a creation date) as public pages write one: "7 December 2026", "2026年12月7日". */
export const staffDay = (at: string | Date, locale: string): string => formatDay(iso(at), locale);

/** An instant in UTC, named: "December 7, 2026 at 04:44 UTC"; with seconds where order matters (the audit trail). */
export function staffInstant(at: string | Date, locale: string, options: { seconds?: boolean } = {}): string {
  const format: Intl.DateTimeFormatOptions = { ...EXACT_FORMAT, ...(options.seconds ? { second: "2-digit" } : {}), timeZone: "UTC", timeZoneName: "short" };
  return new Intl.DateTimeFormat(localeInfo(locale).intl, format).format(new Date(iso(at)));
}
