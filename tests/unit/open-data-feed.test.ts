import { describe, expect, it, vi } from "vitest";
import type { MilestoneDto } from "@/lib/validation/open-data";
import type { OpportunitySummary } from "@/lib/validation/public-data";
import { buildCalendarEvents, callsWithoutDeadline, renderCalendar, spanOf } from "@/server/open-data/calendar";
import { translatorFor } from "@/i18n/translator";
import { buildFeedEntries, renderAtom } from "@/server/open-data/feed";
import type { UpdatedRecord } from "@/server/open-data/updates";

// The feed and calendar built from fixed records: which entries and events, their dates, ids and language.


const SITE = "https://portal.example.org";
const TODAY = "2026-06-01";

function opportunity(overrides: Partial<OpportunitySummary> & { slug: string }): OpportunitySummary {
  return {
    kind: "PAYLOAD_OFFER",
    status: "OPEN",
    title: { en: `Title of ${overrides.slug}`, zh: `${overrides.slug}的标题` },
    mission: { slug: "tianwen-3", name: { en: "Tianwen-3", zh: "天问三号" } },
    timeZone: "Asia/Shanghai",
    contactEmail: null,
    demonstration: false,
    acceptsApplications: false,
    stages: [],
    opensOn: null,
    closesOn: null,
    figures: [],
    capacities: [],
    updatedAt: "2026-05-20T08:00:00.000Z",
    ...overrides,
  };
}

const loans = opportunity({
  slug: "chang-e-5-sample-loans",
  kind: "SAMPLE_LOAN",
  status: "RESULTS_PUBLISHED",
  title: { en: "Chang'e-5 lunar sample loans", zh: "嫦娥五号月球样品借用" },
  opensOn: { date: "2023-11-01", precision: "MONTH" },
  closesOn: { date: "2023-12-31", precision: "MONTH" },
});
const offer = opportunity({ slug: "tianwen-3-payload-offer", title: { en: "Tianwen-3 payload offer <beta> & more", zh: "天问三号载荷搭载机会" } });
const future = opportunity({ slug: "future-call", opensOn: { date: "2026-07-01", precision: "DAY" }, closesOn: { date: "2026-09-30", precision: "DAY" } });

const launch: MilestoneDto = {
  slug: "tianwen-3-launch",
  label: { en: "Tianwen-3 launch", zh: "天问三号发射" },
  date: { date: "2028-01-01", precision: "YEAR" },
  approximate: true,
  mission: { slug: "tianwen-3", name: { en: "Tianwen-3", zh: "天问三号" } },
  opportunity: null,
  source: null,
  updatedAt: "2026-05-01T00:00:00.000Z",
};

const updates: UpdatedRecord[] = [
  { kind: "institution", slug: "university-of-cologne", name: { en: "University of Cologne", zh: "科隆大学" }, path: "/institutions/university-of-cologne", updatedAt: "2026-05-30T10:00:00.000Z" },
];

async function entries(locale: string) {
  const t = await translatorFor(locale);
  return { t, entries: buildFeedEntries({ locale, t, today: TODAY, opportunities: [loans, offer, future], milestones: [launch], updates }) };
}

describe("feed entries", () => {
  it("date past events by their own date, and events still to come by when they were announced, newest first", async () => {
    const { entries: list } = await entries("en");
    const byKey = Object.fromEntries(list.map((e) => [e.key, e]));
    expect(Object.keys(byKey).sort()).toEqual(
      [
        "institution/university-of-cologne/updated",
        "milestone/tianwen-3-launch",
        "opportunity/chang-e-5-sample-loans/closes",
        "opportunity/chang-e-5-sample-loans/opens",
        "opportunity/chang-e-5-sample-loans/results",
        "opportunity/future-call/closes",
        "opportunity/future-call/opens",
        "opportunity/tianwen-3-payload-offer/open",
      ].sort(),
    );
    expect(byKey["opportunity/chang-e-5-sample-loans/opens"]).toMatchObject({
      title: "Applications opened: Chang'e-5 lunar sample loans",
      updated: new Date("2023-11-01T00:00:00Z"),
      path: "/opportunities/chang-e-5-sample-loans",
    });
    expect(byKey["opportunity/chang-e-5-sample-loans/closes"]?.summary).toContain("Closed December 2023");
    expect(byKey["opportunity/future-call/closes"]).toMatchObject({ title: "Applications close 30 September 2026: Title of future-call", updated: new Date(future.updatedAt) });
    expect(byKey["opportunity/tianwen-3-payload-offer/open"]?.summary).toContain("Open until further notice");
    // Planned for 2028: dated by its record, not by a date that has not come.
    expect(byKey["milestone/tianwen-3-launch"]).toMatchObject({ title: "Tianwen-3 launch (around 2028)", updated: new Date(launch.updatedAt), path: "/missions/tianwen-3" });
    const times = list.map((e) => e.updated.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it("are in the feed's language, with the same ids in every language", async () => {
    const [en, zh] = await Promise.all([entries("en"), entries("zh")]);
    expect(zh.entries.map((e) => e.key)).toEqual(en.entries.map((e) => e.key));
    const opened = zh.entries.find((e) => e.key === "opportunity/chang-e-5-sample-loans/opens")!;
    expect(opened.title).toBe("申请已开放：嫦娥五号月球样品借用");
    expect(zh.entries.find((e) => e.key === "institution/university-of-cologne/updated")!.title).toBe("已更新：科隆大学");
  });
});

describe("the Atom document", () => {
  it("has the feed's id, title, updated, author and language, and each entry's tag id, link and escaped text", async () => {
    const { t, entries: list } = await entries("zh");
    const xml = renderAtom({ locale: "zh", t, entries: list, siteUrl: SITE });
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?>\n<feed xmlns="http:\/\/www.w3.org\/2005\/Atom" xml:lang="zh-Hans">/);
    expect(xml).toContain(`<id>${SITE}/zh/feed.xml</id>`);
    expect(xml).toContain("<title>国际航天合作门户：征集、结果与更新</title>");
    // The newest entry's date, not the time of the request.
    expect(xml).toContain(`<updated>${list[0]!.updated.toISOString()}</updated>`);
    expect(xml).toMatch(/<author>\s*<name>国际航天合作门户<\/name>\s*<uri>https:\/\/portal.example.org\/?<\/uri>\s*<\/author>/);
    expect(xml).toContain(`<link rel="self" href="${SITE}/zh/feed.xml"/>`);
    expect(xml.match(/<entry>/g)).toHaveLength(list.length);
    expect(xml).toContain("<id>tag:portal.example.org,2025:opportunity/chang-e-5-sample-loans/opens</id>");
    expect(xml).toContain(`<link href="${SITE}/zh/opportunities/chang-e-5-sample-loans"/>`);
  });

  it("escapes markup in titles, which the feed declares as HTML", async () => {
    const { t, entries: list } = await entries("en");
    const xml = renderAtom({ locale: "en", t, entries: list, siteUrl: SITE });
    expect(xml).toContain("Open for applications: Tianwen-3 payload offer &lt;beta&gt; &amp; more");
    expect(xml).not.toContain("<beta>");
  });
});

describe("calendar", () => {
  it("spans exactly what was published: a day, a month or a year", () => {
    expect(spanOf({ date: "2026-09-30", precision: "DAY" })).toEqual({ start: [2026, 9, 30], end: [2026, 10, 1] });
    expect(spanOf({ date: "2023-12-31", precision: "MONTH" })).toEqual({ start: [2023, 12, 1], end: [2024, 1, 1] });
    expect(spanOf({ date: "2024-02-10", precision: "MONTH" })).toEqual({ start: [2024, 2, 1], end: [2024, 3, 1] });
    expect(spanOf({ date: "2028-01-01", precision: "YEAR" })).toEqual({ start: [2028, 1, 1], end: [2029, 1, 1] });
  });

  it("has an all-day event for each published date and milestone, in both languages, with stable UIDs", async () => {
    const [en, zh] = await Promise.all([translatorFor("en"), translatorFor("zh")]);
    const build = () => buildCalendarEvents({ translators: { en, zh }, opportunities: [loans, offer, future], milestones: [launch], siteUrl: SITE });
    const events = build();
    expect(events.map((e) => e.uid)).toEqual([
      "opportunity-chang-e-5-sample-loans-opens@portal.example.org",
      "opportunity-chang-e-5-sample-loans-closes@portal.example.org",
      "opportunity-future-call-opens@portal.example.org",
      "opportunity-future-call-closes@portal.example.org",
      "milestone-tianwen-3-launch@portal.example.org",
    ]);
    const ics = renderCalendar(events, "Portal");
    expect(ics).toBe(renderCalendar(build(), "Portal"));
    expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(5);
    expect(ics).toContain("DTSTART;VALUE=DATE:20231201\r\nDTEND;VALUE=DATE:20240101");
    expect(ics).toContain("SUMMARY:Applications close: Chang'e-5 lunar sample loans / 申请截止：嫦娥五号月球样品借用");
    expect(ics).toContain("SUMMARY:Tianwen-3 launch (approximate) / 天问三号发射（大致时间）");
    expect(ics).toContain("URL:https://portal.example.org/en/opportunities/future-call");
    expect(ics).not.toContain("tianwen-3-payload-offer");
  });

  it("names the calls that have no published deadline", () => {
    expect(callsWithoutDeadline([loans, offer, future]).map((o) => o.slug)).toEqual(["tianwen-3-payload-offer"]);
  });
});
