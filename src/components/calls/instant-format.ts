import { localeInfo } from "@/i18n/locales";
import { announcedPeriod, dayInZone } from "@/lib/calls/stage-dates";
import type { CallStageDto } from "@/lib/validation/public-data";

export type Precision = CallStageDto["opensPrecision"];
export type Edge = "opens" | "closes";

/** How an exact instant reads: date and 24-hour time, as calls announce their deadlines. */
export const EXACT_FORMAT: Intl.DateTimeFormatOptions = {
  year: "numeric",
  month: "long",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
};

const PARTIAL_FORMAT: Record<NonNullable<Precision>, Intl.DateTimeFormatOptions> = {
  DAY: { year: "numeric", month: "long", day: "numeric" },
  MONTH: { year: "numeric", month: "long" },
  YEAR: { year: "numeric" },
};

// Zones whose everyday name readers know better than the one Intl gives.
const BEIJING_ZONES = new Set(["Asia/Shanghai", "Asia/Chongqing", "Asia/Harbin", "PRC"]);
export const isBeijingTime = (timeZone: string) => BEIJING_ZONES.has(timeZone);

/** The zone's name in the reader's language, as Intl knows it (the IANA name if it knows none). */
export function intlZoneName(timeZone: string, locale: string): string {
  try {
    const parts = new Intl.DateTimeFormat(localeInfo(locale).intl, { timeZone, timeZoneName: "longGeneric" }).formatToParts(new Date());
    return parts.find((p) => p.type === "timeZoneName")?.value ?? timeZone;
  } catch {
    return timeZone;
  }
}

/**
 * An announced instant in the call's own zone, at the precision it was announced: the text a reader sees and the
 * value of its <time dateTime>. A closing given by day, month or year is the end of that period, stored as the
 * first instant after it, so the period shown is the one just before; an exact closing at midnight reads as 24:00 of
 * the day it ends, as the agency's announcements write it.
 */
export function describeInstant(iso: string, precision: Precision, edge: Edge, timeZone: string, locale: string): { text: string; dateTime: string } {
  const at = new Date(iso);
  const intl = localeInfo(locale).intl;
  if (precision) {
    const { date } = announcedPeriod(iso, precision, edge, timeZone);
    const dateTime = precision === "YEAR" ? date.slice(0, 4) : precision === "MONTH" ? date.slice(0, 7) : date;
    return { text: new Intl.DateTimeFormat(intl, { ...PARTIAL_FORMAT[precision], timeZone: "UTC" }).format(new Date(`${date}T00:00:00Z`)), dateTime };
  }
  const midnight = dayInZone(new Date(at.getTime() - 1), timeZone) !== dayInZone(at, timeZone);
  if (edge === "closes" && midnight) {
    const two = new Intl.NumberFormat(intl, { minimumIntegerDigits: 2, useGrouping: false });
    const parts = new Intl.DateTimeFormat(intl, { ...EXACT_FORMAT, timeZone }).formatToParts(new Date(at.getTime() - 1));
    const text = parts.map((p) => (p.type === "hour" ? two.format(24) : p.type === "minute" ? two.format(0) : p.value)).join("");
    return { text, dateTime: at.toISOString() };
  }
  return { text: new Intl.DateTimeFormat(intl, { ...EXACT_FORMAT, timeZone }).format(at), dateTime: at.toISOString() };
}

/** Whole days and hours from `now` to `until`; null once it has passed. */
export function timeLeft(until: string, now: Date): { days: number; hours: number } | null {
  const ms = new Date(until).getTime() - now.getTime();
  if (ms <= 0) return null;
  return { days: Math.floor(ms / 86_400_000), hours: Math.floor((ms % 86_400_000) / 3_600_000) };
}
