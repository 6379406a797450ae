import { zonedInstant } from "../dates";
import { announcedPeriod, dayInZone, type StageEdge } from "./stage-dates";

// A stage's opening and closing as staff enter them (wall-clock text in the call's zone, at the precision the call
// announced) and as they are stored (UTC instants, with that precision). Pure, so the form, the schema, the service
// and their tests share one reading.

/** How much of an opening or closing was announced: a date and time, a day, or a month; null: nothing. */
export const STAGE_PRECISIONS = ["EXACT", "DAY", "MONTH"] as const;
export type StagePrecision = (typeof STAGE_PRECISIONS)[number];

/** An announced opening or closing: "2027-03-31T18:00" (EXACT), "2027-03-31" (DAY) or "2027-03" (MONTH). */
export interface AnnouncedEdge {
  precision: StagePrecision;
  local: string;
}

export interface StoredWindow {
  opensAt: Date | null;
  opensPrecision: "DAY" | "MONTH" | null;
  closesAt: Date | null;
  closesPrecision: "DAY" | "MONTH" | null;
}

// Typos, not calls: years outside these are refused rather than stored.
const FIRST_YEAR = 1900;
const LAST_YEAR = 2999;

const FORMATS: Record<StagePrecision, RegExp> = {
  EXACT: /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})$/,
  DAY: /^(\d{4})-(\d{2})-(\d{2})$/,
  MONTH: /^(\d{4})-(\d{2})$/,
};

const two = (n: number) => String(n).padStart(2, "0");
const dayText = (d: Date) => `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}`;

/** A calendar day as a UTC midnight, or null if there is no such day (30 February). */
function calendarDay(year: number, month: number, day: number): Date | null {
  if (year < FIRST_YEAR || year > LAST_YEAR || month < 1 || month > 12 || day < 1) return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 ? date : null;
}

/**
 * What staff typed, read at the precision they chose: its canonical text, or null when it is not a real date (or
 * date and time) of that precision. A date and time may be written with a space or a "T"; "24:00" is the end of its
 * day, as announcements write a midnight deadline.
 */
export function readEdge(precision: StagePrecision, text: string): string | null {
  const match = FORMATS[precision].exec(text.trim());
  if (!match) return null;
  const [year, month, day = 1, hour = 0, minute = 0] = match.slice(1).map(Number) as number[];
  const date = calendarDay(year!, month!, day);
  if (!date) return null;
  if (precision === "MONTH") return `${year}-${two(month!)}`;
  if (precision === "DAY") return dayText(date);
  if (minute > 59 || hour > 24 || (hour === 24 && minute !== 0)) return null;
  if (hour === 24) return `${dayText(new Date(date.getTime() + 86_400_000))}T00:00`;
  return `${dayText(date)}T${two(hour)}:${two(minute)}`;
}

/** The midnight that starts the announced day or month, or (`after`) the one that ends it. */
function midnight(announced: AnnouncedEdge, after: boolean): string {
  const [year, month, day = 1] = announced.local.split("-").map(Number) as number[];
  const start = announced.precision === "MONTH" ? new Date(Date.UTC(year!, month! - 1, 1)) : new Date(Date.UTC(year!, month! - 1, day));
  if (!after) return `${dayText(start)}T00:00`;
  const end = announced.precision === "MONTH" ? new Date(Date.UTC(year!, month!, 1)) : new Date(start.getTime() + 86_400_000);
  return `${dayText(end)}T00:00`;
}

/**
 * The instant an announced opening or closing stands for in `timeZone`: a day or a month opens at the midnight that
 * starts it and closes at the midnight that ends it (the first instant after it), as the public pages read them.
 */
export function edgeInstant(edge: StageEdge, announced: AnnouncedEdge, timeZone: string): Date {
  const local = announced.precision === "EXACT" ? announced.local : midnight(announced, edge === "closes");
  return zonedInstant(local, timeZone);
}

/** A stage's window as stored: each edge's instant in `timeZone`, and the precision it was announced at (null: exact). */
export function stageWindow(input: { opens: AnnouncedEdge | null; closes: AnnouncedEdge | null }, timeZone: string): StoredWindow {
  const stored = (edge: StageEdge, announced: AnnouncedEdge | null) =>
    announced ? { at: edgeInstant(edge, announced, timeZone), precision: announced.precision === "EXACT" ? null : announced.precision } : { at: null, precision: null };
  const opens = stored("opens", input.opens);
  const closes = stored("closes", input.closes);
  return { opensAt: opens.at, opensPrecision: opens.precision, closesAt: closes.at, closesPrecision: closes.precision };
}

/** The hour and minute of an instant on the wall clock of `timeZone`, as HH:mm. */
const timeInZone = (at: Date, timeZone: string) =>
  new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(at);

/**
 * A stored opening or closing as the form shows it for editing: the precision chosen ("" when not announced) and the
 * text, in `timeZone`. A closing by day or month is stored as the first instant after it, so the period just before is
 * shown; an exact closing at midnight reads "24:00" of the day it ends, as the public pages show it. A stage is never
 * stored with a year alone (the form offers none); one would read as its exact instant.
 */
export function edgeFormValues(
  edge: StageEdge,
  at: string | Date | null,
  precision: string | null,
  timeZone: string,
): { precision: StagePrecision | ""; text: string } {
  if (!at) return { precision: "", text: "" };
  const instant = new Date(at);
  if (precision === "DAY" || precision === "MONTH") {
    const { date } = announcedPeriod(instant.toISOString(), precision, edge, timeZone);
    return { precision, text: precision === "MONTH" ? date.slice(0, 7) : date };
  }
  const before = new Date(instant.getTime() - 1);
  if (edge === "closes" && dayInZone(before, timeZone) !== dayInZone(instant, timeZone)) {
    return { precision: "EXACT", text: `${dayInZone(before, timeZone)} 24:00` };
  }
  return { precision: "EXACT", text: `${dayInZone(instant, timeZone)} ${timeInZone(instant, timeZone)}` };
}

/** A stored stage as its form's fields, for editing it. */
export function stageFormValues(
  stage: { opensAt: string | null; opensPrecision: string | null; closesAt: string | null; closesPrecision: string | null },
  timeZone: string,
): { opens: string; opensPrecision: StagePrecision | ""; closes: string; closesPrecision: StagePrecision | "" } {
  const opens = edgeFormValues("opens", stage.opensAt, stage.opensPrecision, timeZone);
  const closes = edgeFormValues("closes", stage.closesAt, stage.closesPrecision, timeZone);
  return { opens: opens.text, opensPrecision: opens.precision, closes: closes.text, closesPrecision: closes.precision };
}
