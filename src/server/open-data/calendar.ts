import "server-only";
import { createEvents, type DateArray, type EventAttributes } from "ics";
import { CONTENT_LOCALES } from "@/i18n/locales";
import { stageDates } from "@/lib/calls/stage-dates";
import { formatPartialDate, pickText } from "@/lib/localize";
import type { MilestoneDto } from "@/lib/validation/open-data";
import type { Localized, OpportunitySummary, PartialDate } from "@/lib/validation/public-data";
import { opportunityPath } from "@/lib/site";
import type { Translate } from "@/i18n/translator";
import { announcedText, milestonePath } from "./feed";

// The iCalendar file of application dates and milestones, in English and Chinese, with UIDs that never change
// for an event. What was published as a day, a month or a year is an all-day event covering exactly that; an
// exact instant (a stage closing at 24:00 Beijing time) is a timed event at that instant, in UTC.

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

/** The real calls with no published deadline (no closing of any stage), which therefore have no closing date in the calendar. */
export const callsWithoutDeadline = (opportunities: OpportunitySummary[]) =>
  opportunities.filter((o) => !o.demonstration && (o.stages.length > 0 ? o.stages.every((s) => !s.closesAt) : !o.closesOn));

/** All day over a span of days, or at one exact instant (in UTC). */
type When = { start: DateArray; end: DateArray } | { start: number; startInputType: "utc"; startOutputType: "utc"; end?: never };

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
  const events: { day: string; event: EventAttributes }[] = [];

  const push = (opts: { uid: string; day: string; when: When; title: string; description: string; path: string; updatedAt: string }) => {
    const lastModified = new Date(opts.updatedAt).getTime();
    events.push({
      day: opts.day,
      // An exact instant gets no DTEND (ics allows it; its types do not), which RFC 5545 reads as a moment: a deadline.
      event: {
        // DTSTAMP from the data rather than the clock (ics accepts it, its types omit it): same data, same bytes.
        ...({ timestamp: lastModified } as object),
        uid: `${opts.uid}@${host}`,
        ...opts.when,
        title: opts.title,
        description: `${opts.description}\n${siteUrl}/en${opts.path}`,
        url: `${siteUrl}/en${opts.path}`,
        lastModified,
        transp: "TRANSPARENT",
        status: "CONFIRMED",
      } as EventAttributes,
    });
  };
  const add = (opts: { uid: string; date: PartialDate; title: string; description: string; path: string; updatedAt: string }) =>
    push({ ...opts, day: opts.date.date, when: spanOf(opts.date) });

  // A practice call is no real call: it never enters the agency's calendar.
  for (const o of opportunities.filter((call) => !call.demonstration)) {
    const title = name(o.title);
    if (o.stages.length > 0) {
      for (const d of stageDates(o)) {
        const stage = name(d.stage.title);
        const text = (t: Translate, locale: string) => ({ call: title(t, locale), stage: stage(t, locale) });
        push({
          // From the call's slug, the stage's position and the edge, never its title: a renamed stage keeps its UID,
          // so subscribed calendars update the event rather than add another.
          uid: `opportunity-${o.slug}-stage-${d.stage.position}-${d.edge}`,
          day: d.date.date,
          when: d.precision ? spanOf(d.date) : { start: Date.parse(d.at), startInputType: "utc", startOutputType: "utc" },
          title: both((t, locale) => t(`OpenData.calendar.stage.${d.edge}`, text(t, locale))),
          description: both(
            (t, locale) => t(`OpenData.calendar.stage.${d.edge}Detail`, { ...text(t, locale), date: announcedText(t, locale, d, o.timeZone) }),
            "\n",
          ),
          path: opportunityPath(o.slug),
          updatedAt: o.updatedAt,
        });
      }
      continue;
    }
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

  const key = (e: (typeof events)[number]) => `${e.day} ${e.event.uid}`;
  return events.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0)).map((e) => e.event);
}

export function renderCalendar(events: EventAttributes[], calendarName: string): string {
  const { error, value } = createEvents(events, { productId: "-//International Space Cooperation Portal//Open data//EN", calName: calendarName });
  if (error || !value) throw error ?? new Error("The calendar could not be built");
  return value;
}
