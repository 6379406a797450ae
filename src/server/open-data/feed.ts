import "server-only";
import { Feed } from "feed";
import { describeInstant, intlZoneName, isBeijingTime } from "@/components/calls/instant-format";
import { localeInfo } from "@/i18n/locales";
import { stageDates, type StageDate } from "@/lib/calls/stage-dates";
import { formatDay, formatPartialDate, pickText } from "@/lib/localize";
import { feedPath, type MilestoneDto } from "@/lib/validation/open-data";
import type { OpportunitySummary, PartialDate } from "@/lib/validation/public-data";
import { opportunityPath } from "@/lib/site";
import type { Translate } from "@/i18n/translator";
import type { UpdatedRecord } from "./updates";

// The Atom feed of published changes: calls and their stages opening and closing, results, milestones, and records updated.

export interface FeedEntry {
  /** Stable across languages and rebuilds: the same event always has the same id. */
  key: string;
  title: string;
  summary: string;
  /** Path under /{locale}. */
  path: string;
  updated: Date;
}

const startOf = (date: PartialDate) => new Date(`${date.date}T00:00:00Z`);

/** A stage's opening or closing as announced, in plain text: "30 June 2025 (Beijing time)", "November 2023". */
export function announcedText(t: Translate, locale: string, d: Pick<StageDate, "at" | "precision" | "edge">, timeZone: string): string {
  const { text } = describeInstant(d.at, d.precision, d.edge, timeZone, locale);
  if (d.precision === "MONTH" || d.precision === "YEAR") return text;
  return t("OpenData.zoned", { date: text, zone: isBeijingTime(timeZone) ? t("Calls.beijingTime") : intlZoneName(timeZone, locale) });
}

export const milestonePath = (m: MilestoneDto) =>
  m.mission ? `/missions/${m.mission.slug}` : m.opportunity ? opportunityPath(m.opportunity.slug) : "/";

/**
 * The entries, newest first. An event already past is dated by its own date; one still to come (a deadline
 * set ahead) is dated by when its record last changed, which is when it was announced.
 */
export function buildFeedEntries(input: {
  locale: string;
  t: Translate;
  now: Date;
  opportunities: OpportunitySummary[];
  milestones: MilestoneDto[];
  updates: UpdatedRecord[];
}): FeedEntry[] {
  const { locale, t, now } = input;
  const today = now.toISOString().slice(0, 10);
  const entries: FeedEntry[] = [];
  const past = (date: PartialDate) => date.date <= today;

  // A practice call is no real call: it never enters the feed.
  for (const o of input.opportunities.filter((call) => !call.demonstration)) {
    const title = pickText(o.title, locale);
    const context = [t(`Kind.${o.kind}`), pickText(o.mission.name, locale)].join(" · ");
    const updatedAt = new Date(o.updatedAt);
    const path = opportunityPath(o.slug);
    const event = (key: string, headline: string, date: Date, detail?: string) =>
      entries.push({ key: `opportunity/${o.slug}/${key}`, title: headline, summary: detail ? `${context}. ${detail}` : context, path, updated: date });

    if (o.stages.length > 0) {
      for (const d of stageDates(o)) {
        const at = new Date(d.at);
        const done = at.getTime() <= now.getTime();
        // "on" a day or an exact time, "in" a month or a year.
        const when = t(`OpenData.feed.stage.${d.precision === "MONTH" || d.precision === "YEAR" ? "in" : "on"}`, { date: announcedText(t, locale, d, o.timeZone) });
        const values = { call: title, stage: pickText(d.stage.title, locale), when };
        const detail = d.stage.entry === "INVITED" ? t("OpenData.feed.stage.invited") : undefined;
        // Keyed by the stage's position, not its title: a renamed stage keeps its entry.
        event(`stage-${d.stage.position}/${d.edge}`, t(`OpenData.feed.stage.${d.edge}${done ? "Past" : "Future"}`, values), done ? at : updatedAt, detail);
      }
    } else {
      if (o.opensOn) {
        const date = formatPartialDate(o.opensOn, locale);
        if (past(o.opensOn)) event("opens", t("OpenData.feed.opened", { title }), startOf(o.opensOn), t("Dates.opens", { date }));
        else event("opens", t("OpenData.feed.opensOn", { title, date }), updatedAt);
      } else if (o.status === "OPEN") {
        event("open", t("OpenData.feed.open", { title }), updatedAt, o.closesOn ? undefined : t("Dates.rolling"));
      }
      if (o.closesOn) {
        const date = formatPartialDate(o.closesOn, locale);
        if (past(o.closesOn)) event("closes", t("OpenData.feed.closed", { title }), startOf(o.closesOn), t("Dates.closes", { date }));
        else event("closes", t("OpenData.feed.closesOn", { title, date }), updatedAt, t("Dates.closesFuture", { date }));
      }
    }
    if (o.status === "RESULTS_PUBLISHED") event("results", t("OpenData.feed.results", { title }), updatedAt);
  }

  for (const m of input.milestones) {
    const date = formatPartialDate(m.date, locale);
    const when = m.approximate ? t("OpenData.feed.approximately", { date }) : date;
    const about = m.mission ? pickText(m.mission.name, locale) : m.opportunity ? pickText(m.opportunity.title, locale) : null;
    entries.push({
      key: `milestone/${m.slug}`,
      title: `${pickText(m.label, locale)} (${when})`,
      summary: about ? `${about} · ${when}` : when,
      path: milestonePath(m),
      updated: past(m.date) ? startOf(m.date) : new Date(m.updatedAt),
    });
  }

  for (const r of input.updates) {
    entries.push({
      key: `${r.kind}/${r.slug}/updated`,
      title: t("OpenData.feed.updated", { name: pickText(r.name, locale) }),
      summary: t("OpenData.feed.updatedSummary", { kind: t(`OpenData.recordKind.${r.kind}`), date: formatDay(r.updatedAt, locale) }),
      path: r.path,
      updated: new Date(r.updatedAt),
    });
  }

  return entries.sort((a, b) => b.updated.getTime() - a.updated.getTime() || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}


export function renderAtom(opts: { locale: string; t: Translate; entries: FeedEntry[]; siteUrl: string }): string {
  const { locale, t, entries, siteUrl } = opts;
  const self = `${siteUrl}${feedPath(locale)}`;
  // tag: URIs (RFC 4151) name an entry for good, whatever its title or address becomes.
  const authority = `tag:${new URL(siteUrl).hostname},2025:`;
  const feed = new Feed({
    id: self,
    title: t("OpenData.feed.title", { site: t("Site.name") }),
    description: t("OpenData.feed.subtitle"),
    link: `${siteUrl}/${locale}`,
    feedLinks: { atom: self },
    // The newest entry's date, not the time of the request: the same data gives the same feed.
    updated: entries[0]?.updated ?? new Date(0),
    author: { name: t("Site.name"), link: siteUrl },
    generator: false,
  });
  for (const entry of entries) {
    feed.addItem({
      id: `${authority}${entry.key}`,
      title: escapeHtml(entry.title),
      link: `${siteUrl}/${locale}${entry.path === "/" ? "" : entry.path}`,
      date: entry.updated,
      description: escapeHtml(entry.summary),
    });
  }
  // Atom has no language element; xml:lang on the root says which language the text is in.
  return feed.atom1().replace('<feed xmlns="http://www.w3.org/2005/Atom">', `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${localeInfo(locale).tag}">`);
}

// The feed package marks titles and summaries as HTML, so text must be escaped as such.
const escapeHtml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
