import "server-only";
import { createEvents, type DateArray, type EventAttributes } from "ics";
import { CONTENT_LOCALES } from "@/i18n/locales";
import { formatPartialDate, pickText } from "@/lib/localize";
import type { MilestoneDto } from "@/lib/validation/open-data";
import type { Localized, OpportunitySummary, PartialDate } from "@/lib/validation/public-data";
import { opportunityPath } from "@/lib/site";
import type { Translate } from "@/i18n/translator";
import { milestonePath } from "./feed";

// The iCalendar file of application dates and milestones: all-day events covering exactly what was
// published (a day, a month or a year), in English and Chinese, with UIDs that never change for an event.

/** The all-day span a partial date stands for: [start, end) as ics date arrays. */
export function spanOf(date: PartialDate): { start: DateArray; end: DateArray } {
  const [year, month, day] = date.date.split("-").map(Number) as [number, number, number];
  const start = date.precision === "YEAR" ? Date.UTC(year, 0, 1) : date.precision === "MONTH" ? Date.UTC(year, month - 1, 1) : Date.UTC(year, month - 1, day);
  const end =
    date.precision === "YEAR" ? Date.UTC(year + 1, 0, 1) : date.precision === "MONTH" ? Date.UTC(year, month, 1) : Date.UTC(year, month - 1, day + 1);
  const toArray = (ms: number): DateArray => {
    const d = new Date(ms);
    return [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
  };
  return { start: toArray(start), end: toArray(end) };
}

/** The calls with no published deadline, which therefore have no closing date in the calendar. */
export const callsWithoutDeadline = (opportunities: OpportunitySummary[]) => opportunities.filter((o) => !o.closesOn);

interface CalendarInput {
  translators: Record<(typeof CONTENT_LOCALES)[number], Translate>;
  opportunities: OpportunitySummary[];
  milestones: MilestoneDto[];
  siteUrl: string;
}

export function buildCalendarEvents({ translators, opportunities, milestones, siteUrl }: CalendarInput): EventAttributes[] {
  const host = new URL(siteUrl).hostname;
  // One line per content language; Chinese is left out where none was published.
  const both = (text: (t: Translate, locale: string) => string, separator = " / ") =>
    [...new Set(CONTENT_LOCALES.map((locale) => text(translators[locale], locale)))].join(separator);
  const name = (value: Localized) => (_t: Translate, locale: string) => pickText(value, locale);
  const events: EventAttributes[] = [];

  const add = (opts: { uid: string; date: PartialDate; title: string; description: string; path: string; updatedAt: string }) => {
    const { start, end } = spanOf(opts.date);
    const lastModified = new Date(opts.updatedAt).getTime();
    events.push({
      // DTSTAMP from the data rather than the clock (ics accepts it, its types omit it): same data, same bytes.
      ...({ timestamp: lastModified } as object),
      uid: `${opts.uid}@${host}`,
      start,
      end,
      title: opts.title,
      description: `${opts.description}\n${siteUrl}/en${opts.path}`,
      url: `${siteUrl}/en${opts.path}`,
      lastModified,
      transp: "TRANSPARENT",
      status: "CONFIRMED",
    });
  };

  for (const o of opportunities) {
    const title = name(o.title);
    for (const [which, date] of [
      ["opens", o.opensOn],
      ["closes", o.closesOn],
    ] as const) {
      if (!date) continue;
      add({
        uid: `opportunity-${o.slug}-${which}`,
        date,
        title: both((t, locale) => t(`OpenData.calendar.${which}`, { title: title(t, locale) })),
        description: both((t, locale) => t(`OpenData.calendar.${which}Detail`, { title: title(t, locale), date: formatPartialDate(date, locale) }), "\n"),
        path: opportunityPath(o.slug),
        updatedAt: o.updatedAt,
      });
    }
  }

  for (const m of milestones) {
    const label = name(m.label);
    add({
      uid: `milestone-${m.slug}`,
      date: m.date,
      title: both((t, locale) => (m.approximate ? t("OpenData.calendar.approximate", { label: label(t, locale) }) : label(t, locale))),
      description: both((t, locale) => t("OpenData.calendar.milestoneDetail", { date: formatPartialDate(m.date, locale) }), "\n"),
      path: milestonePath(m),
      updatedAt: m.updatedAt,
    });
  }

  const key = (e: EventAttributes) => `${(e.start as DateArray).map((n) => String(n).padStart(4, "0")).join("-")} ${e.uid}`;
  return events.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

export function renderCalendar(events: EventAttributes[], calendarName: string): string {
  const { error, value } = createEvents(events, { productId: "-//International Space Cooperation Portal//Open data//EN", calName: calendarName });
  if (error || !value) throw error ?? new Error("The calendar could not be built");
  return value;
}
