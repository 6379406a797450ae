import { localeInfo } from "@/i18n/locales";
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

/** Year, month, day, hour, minute and second of an instant on the wall clock of a zone. */
function wallClock(at: Date, timeZone: string): Record<"year" | "month" | "day" | "hour" | "minute" | "second", string> {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
  }).formatToParts(at);
  const of = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "00";
  return { year: of("year"), month: of("month"), day: of("day"), hour: of("hour"), minute: of("minute"), second: of("second") };
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
    const shown = edge === "closes" ? new Date(at.getTime() - 1) : at;
    const wall = wallClock(shown, timeZone);
    const dateTime = precision === "YEAR" ? wall.year : precision === "MONTH" ? `${wall.year}-${wall.month}` : `${wall.year}-${wall.month}-${wall.day}`;
    return { text: new Intl.DateTimeFormat(intl, { ...PARTIAL_FORMAT[precision], timeZone }).format(shown), dateTime };
  }
  const wall = wallClock(at, timeZone);
  if (edge === "closes" && wall.hour === "00" && wall.minute === "00" && wall.second === "00") {
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
