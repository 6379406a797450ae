import "server-only";
import { Feed } from "feed";
import { localeInfo } from "@/i18n/locales";
import { formatDay, formatPartialDate, pickText } from "@/lib/localize";
import { feedPath, type MilestoneDto } from "@/lib/validation/open-data";
import type { OpportunitySummary, PartialDate } from "@/lib/validation/public-data";
import { opportunityPath } from "@/lib/site";
import type { Translate } from "@/i18n/translator";
import type { UpdatedRecord } from "./updates";

// The Atom feed of published changes: calls opening and closing, results, milestones, and records updated.

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

export const milestonePath = (m: MilestoneDto) =>
  m.mission ? `/missions/${m.mission.slug}` : m.opportunity ? opportunityPath(m.opportunity.slug) : "/";

/**
 * The entries, newest first. An event already past is dated by its own date; one still to come (a deadline
 * set ahead) is dated by when its record last changed, which is when it was announced.
 */
export function buildFeedEntries(input: {
  locale: string;
  t: Translate;
  today: string;
  opportunities: OpportunitySummary[];
  milestones: MilestoneDto[];
  updates: UpdatedRecord[];
}): FeedEntry[] {
  const { locale, t, today } = input;
  const entries: FeedEntry[] = [];
  const past = (date: PartialDate) => date.date <= today;

  for (const o of input.opportunities) {
    const title = pickText(o.title, locale);
    const context = [t(`Kind.${o.kind}`), pickText(o.mission.name, locale)].join(" · ");
    const updatedAt = new Date(o.updatedAt);
    const path = opportunityPath(o.slug);
    const event = (key: string, headline: string, date: Date, detail?: string) =>
      entries.push({ key: `opportunity/${o.slug}/${key}`, title: headline, summary: detail ? `${context}. ${detail}` : context, path, updated: date });

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
