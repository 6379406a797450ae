import { describe, expect, it } from "vitest";
import type { MilestoneDto } from "@/lib/validation/open-data";
import type { CallStageDto, OpportunitySummary } from "@/lib/validation/public-data";
import { buildCalendarEvents, callsWithoutDeadline, renderCalendar, spanOf } from "@/server/open-data/calendar";
import { translatorFor } from "@/i18n/translator";
import { buildFeedEntries, renderAtom } from "@/server/open-data/feed";
import type { UpdatedRecord } from "@/server/open-data/updates";

// The feed and calendar built from fixed records: which entries and events, their dates, ids and language.

const SITE = "https://portal.example.org";
const NOW = new Date("2026-06-01T00:00:00Z");

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
    pools: [],
    updatedAt: "2026-05-20T08:00:00.000Z",
    ...overrides,
  };
}

function stage(position: number, overrides: Partial<CallStageDto>): CallStageDto {
  return {
    position,
    title: { en: `Stage ${position}`, zh: `阶段${position}` },
    opensAt: null,
    opensPrecision: null,
    closesAt: null,
    closesPrecision: null,
    graceMinutes: 0,
    entry: "ANYONE",
    state: "closed",
    ...overrides,
  };
}

// As seeded: opened in November 2023 (month only), closing at exactly 24:00 Beijing time on 22 December 2023.
const loans = opportunity({
  slug: "chang-e-5-sample-loans",
  kind: "SAMPLE_LOAN",
  status: "RESULTS_PUBLISHED",
  title: { en: "Chang'e-5 lunar sample loans", zh: "嫦娥五号月球样品借用" },
  mission: { slug: "chang-e-5", name: { en: "Chang'e-5", zh: "嫦娥五号" } },
  stages: [
    stage(0, {
      title: { en: "Application", zh: "申请" },
      opensAt: "2023-10-31T16:00:00.000Z",
      opensPrecision: "MONTH",
      closesAt: "2023-12-22T16:00:00.000Z",
    }),
  ],
  opensOn: { date: "2023-11-01", precision: "MONTH" },
  closesOn: { date: "2023-12-22", precision: "DAY" },
  updatedAt: "2024-03-01T00:00:00.000Z",
});

// As seeded: a letter of intent from 11 March to the end of 30 June 2025, then full proposals by invitation,
// due by the end of 30 September 2025; days only, in Beijing time.
const offer = opportunity({
  slug: "tianwen-3-payload-offer",
  title: { en: "Tianwen-3 payload offer <beta> & more", zh: "天问三号载荷搭载机会" },
  stages: [
    stage(0, {
      title: { en: "Letter of intent", zh: "意向书" },
      opensAt: "2025-03-10T16:00:00.000Z",
      opensPrecision: "DAY",
      closesAt: "2025-06-30T16:00:00.000Z",
      closesPrecision: "DAY",
    }),
    stage(1, { title: { en: "Full proposal", zh: "正式方案" }, closesAt: "2025-09-30T16:00:00.000Z", closesPrecision: "DAY", entry: "INVITED" }),
  ],
  opensOn: { date: "2025-03-11", precision: "DAY" },
  closesOn: { date: "2025-09-30", precision: "DAY" },
  updatedAt: "2025-03-11T02:00:00.000Z",
});

// Calls without stages keep the window staff recorded.
const windowed = opportunity({ slug: "window-call", opensOn: { date: "2026-07-01", precision: "DAY" }, closesOn: { date: "2026-09-30", precision: "DAY" } });
const rolling = opportunity({ slug: "rolling-call" });

const practice = opportunity({
  slug: "practice-call",
  title: { en: "Practice call (demonstration)", zh: "练习征集（演示）" },
  demonstration: true,
  stages: [stage(0, { opensAt: "2026-05-31T00:00:00.000Z", state: "open" })],
  opensOn: { date: "2026-05-31", precision: "DAY" },
});

const calls = [loans, offer, windowed, rolling, practice];

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

async function entries(locale: string, now = NOW) {
  const t = await translatorFor(locale);
  return { t, entries: buildFeedEntries({ locale, t, now, opportunities: calls, milestones: [launch], updates }) };
}

const byKey = <T extends { key: string }>(list: T[]) => Object.fromEntries(list.map((e) => [e.key, e]));

describe("feed entries", () => {
  it("give each stage's opening and closing, each call's window where it has no stages, and leave the practice call out", async () => {
    const { entries: list } = await entries("en");
    expect(list.map((e) => e.key).sort()).toEqual(
      [
        "institution/university-of-cologne/updated",
        "milestone/tianwen-3-launch",
        "opportunity/chang-e-5-sample-loans/results",
        "opportunity/chang-e-5-sample-loans/stage-0/closes",
        "opportunity/chang-e-5-sample-loans/stage-0/opens",
        "opportunity/rolling-call/open",
        "opportunity/tianwen-3-payload-offer/stage-0/closes",
        "opportunity/tianwen-3-payload-offer/stage-0/opens",
        "opportunity/tianwen-3-payload-offer/stage-1/closes",
        "opportunity/window-call/closes",
        "opportunity/window-call/opens",
      ].sort(),
    );
    expect(JSON.stringify(list)).not.toMatch(/practice|Practice/);
    const times = list.map((e) => e.updated.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it("say a past stage closed on its day, dated by that instant, and a stage to come closes on it, dated by its announcement", async () => {
    const after = byKey((await entries("en")).entries);
    expect(after["opportunity/tianwen-3-payload-offer/stage-0/closes"]).toMatchObject({
      title: "Tianwen-3 payload offer <beta> & more — Letter of intent closed on 30 June 2025 (Beijing time)",
      updated: new Date("2025-06-30T16:00:00.000Z"),
      path: "/opportunities/tianwen-3-payload-offer",
    });
    expect(after["opportunity/tianwen-3-payload-offer/stage-1/closes"]?.summary).toContain("Only those invited after the previous stage take part.");

    const before = byKey((await entries("en", new Date("2025-05-01T00:00:00Z"))).entries);
    expect(before["opportunity/tianwen-3-payload-offer/stage-0/opens"]?.title).toBe("Tianwen-3 payload offer <beta> & more — Letter of intent opened on 11 March 2025 (Beijing time)");
    expect(before["opportunity/tianwen-3-payload-offer/stage-0/closes"]).toMatchObject({
      title: "Tianwen-3 payload offer <beta> & more — Letter of intent closes on 30 June 2025 (Beijing time)",
      updated: new Date(offer.updatedAt),
    });
  });

  it("give an exact closing with its time in the call's zone, and a month alone as a month", async () => {
    const list = byKey((await entries("en")).entries);
    expect(list["opportunity/chang-e-5-sample-loans/stage-0/closes"]).toMatchObject({
      title: "Chang'e-5 lunar sample loans — Application closed on 22 December 2023 at 24:00 (Beijing time)",
      updated: new Date("2023-12-22T16:00:00.000Z"),
    });
    expect(list["opportunity/chang-e-5-sample-loans/stage-0/opens"]?.title).toBe("Chang'e-5 lunar sample loans — Application opened in November 2023");
  });

  it("keep the window of a call without stages", async () => {
    const list = byKey((await entries("en")).entries);
    expect(list["opportunity/window-call/closes"]).toMatchObject({ title: "Applications close 30 September 2026: Title of window-call", updated: new Date(windowed.updatedAt) });
    expect(list["opportunity/rolling-call/open"]?.summary).toContain("Open until further notice");
    // Planned for 2028: dated by its record, not by a date that has not come.
    expect(list["milestone/tianwen-3-launch"]).toMatchObject({ title: "Tianwen-3 launch (around 2028)", updated: new Date(launch.updatedAt), path: "/missions/tianwen-3" });
  });

  it("are in the feed's language, with the same ids in every language", async () => {
    const [en, zh, ar] = await Promise.all([entries("en"), entries("zh"), entries("ar")]);
    expect(zh.entries.map((e) => e.key)).toEqual(en.entries.map((e) => e.key));
    expect(ar.entries.map((e) => e.key)).toEqual(en.entries.map((e) => e.key));
    const zhByKey = byKey(zh.entries);
    expect(zhByKey["opportunity/tianwen-3-payload-offer/stage-0/closes"]?.title).toBe("天问三号载荷搭载机会 — 意向书已于北京时间2025年6月30日截止");
    expect(zhByKey["institution/university-of-cologne/updated"]?.title).toBe("已更新：科隆大学");
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
    expect(xml).toContain("<id>tag:portal.example.org,2025:opportunity/tianwen-3-payload-offer/stage-0/closes</id>");
    expect(xml).toContain(`<link href="${SITE}/zh/opportunities/chang-e-5-sample-loans"/>`);
  });

  it("escapes markup in titles, which the feed declares as HTML", async () => {
    const { t, entries: list } = await entries("en");
    const xml = renderAtom({ locale: "en", t, entries: list, siteUrl: SITE });
    expect(xml).toContain("Tianwen-3 payload offer &lt;beta&gt; &amp; more — Letter of intent closed on 30 June 2025 (Beijing time)");
    expect(xml).not.toContain("<beta>");
  });
});

describe("calendar", () => {
  const build = async (opportunities = calls) => {
    const [en, zh] = await Promise.all([translatorFor("en"), translatorFor("zh")]);
    return buildCalendarEvents({ translators: { en, zh }, opportunities, milestones: [launch], siteUrl: SITE });
  };
  // iCalendar folds lines at 75 octets; a client reads them joined again.
  const unfold = (ics: string) => ics.replace(/\r\n[ \t]/g, "");
  const eventOf = (ics: string, uid: string) => ics.split("BEGIN:VEVENT").find((e) => e.includes(`UID:${uid}@portal.example.org`))!;

  it("spans exactly what was published: a day, a month or a year", () => {
    expect(spanOf({ date: "2026-09-30", precision: "DAY" })).toEqual({ start: [2026, 9, 30], end: [2026, 10, 1] });
    expect(spanOf({ date: "2023-12-31", precision: "MONTH" })).toEqual({ start: [2023, 12, 1], end: [2024, 1, 1] });
    expect(spanOf({ date: "2024-02-10", precision: "MONTH" })).toEqual({ start: [2024, 2, 1], end: [2024, 3, 1] });
    expect(spanOf({ date: "2028-01-01", precision: "YEAR" })).toEqual({ start: [2028, 1, 1], end: [2029, 1, 1] });
  });

  it("has an event for each stage's opening and closing, each window date of a call without stages and each milestone, in date order", async () => {
    const events = await build();
    expect(events.map((e) => e.uid)).toEqual([
      "opportunity-chang-e-5-sample-loans-stage-0-opens@portal.example.org",
      "opportunity-chang-e-5-sample-loans-stage-0-closes@portal.example.org",
      "opportunity-tianwen-3-payload-offer-stage-0-opens@portal.example.org",
      "opportunity-tianwen-3-payload-offer-stage-0-closes@portal.example.org",
      "opportunity-tianwen-3-payload-offer-stage-1-closes@portal.example.org",
      "opportunity-window-call-opens@portal.example.org",
      "opportunity-window-call-closes@portal.example.org",
      "milestone-tianwen-3-launch@portal.example.org",
    ]);
    const ics = renderCalendar(events, "Portal");
    expect(ics).toBe(renderCalendar(await build(), "Portal"));
    expect(ics).not.toMatch(/practice|Practice|练习/);
  });

  it("puts a closing announced by day on that day in the call's zone, as an all-day event", async () => {
    const ics = unfold(renderCalendar(await build(), "Portal"));
    const intent = eventOf(ics, "opportunity-tianwen-3-payload-offer-stage-0-closes");
    // Stored as the next midnight in Beijing (2025-06-30T16:00Z), announced as 30 June.
    expect(intent).toContain("\r\nDTSTART;VALUE=DATE:20250630\r\nDTEND;VALUE=DATE:20250701\r\n");
    expect(intent).toContain("\r\nSUMMARY:Tianwen-3 payload offer <beta> & more — Letter of intent closes / 天问三号载荷搭载机会 — 意向书截止\r\n");
    expect(intent).toContain("DESCRIPTION:Tianwen-3 payload offer <beta> & more: Letter of intent closes\\, 30 June 2025 (Beijing time) as announced.\\n天问三号载荷搭载机会：意向书截止（公布时间：北京时间2025年6月30日）。");
    expect(intent).toContain("URL:https://portal.example.org/en/opportunities/tianwen-3-payload-offer");
    expect(eventOf(ics, "opportunity-tianwen-3-payload-offer-stage-0-opens")).toContain("\r\nDTSTART;VALUE=DATE:20250311\r\nDTEND;VALUE=DATE:20250312\r\n");
    expect(eventOf(ics, "opportunity-chang-e-5-sample-loans-stage-0-opens")).toContain("\r\nDTSTART;VALUE=DATE:20231101\r\nDTEND;VALUE=DATE:20231201\r\n");
  });

  it("gives an exact closing as a timed event at its instant in UTC, with the time as announced", async () => {
    const ics = unfold(renderCalendar(await build(), "Portal"));
    const closing = eventOf(ics, "opportunity-chang-e-5-sample-loans-stage-0-closes");
    expect(closing).toContain("\r\nDTSTART:20231222T160000Z\r\n");
    expect(closing).not.toContain("DTEND");
    expect(closing).toContain("SUMMARY:Chang'e-5 lunar sample loans — Application closes / 嫦娥五号月球样品借用 — 申请截止");
    expect(closing).toContain("22 December 2023 at 24:00 (Beijing time)");
  });

  it("keeps a stage's UID when the stage is renamed", async () => {
    const renamed = { ...offer, stages: offer.stages.map((s) => ({ ...s, title: { en: `${s.title.en} (revised)`, zh: s.title.zh } })) };
    const before = await build([offer]);
    const after = await build([renamed]);
    expect(after.map((e) => e.uid)).toEqual(before.map((e) => e.uid));
    expect(after.map((e) => e.title)).not.toEqual(before.map((e) => e.title));
  });

  it("keeps all-day window events for a call without stages, and milestones", async () => {
    const ics = unfold(renderCalendar(await build(), "Portal"));
    expect(eventOf(ics, "opportunity-window-call-closes")).toContain("\r\nDTSTART;VALUE=DATE:20260930\r\nDTEND;VALUE=DATE:20261001\r\n");
    expect(ics).toContain("SUMMARY:Applications close: Title of window-call / 申请截止：window-call的标题");
    expect(ics).toContain("SUMMARY:Tianwen-3 launch (approximate) / 天问三号发射（大致时间）");
    // A call the site has no dedicated page for is at its generic call page.
    expect(ics).toContain("URL:https://portal.example.org/en/calls/window-call");
    expect(ics).not.toContain("rolling-call");
  });

  it("names the real calls that have no published deadline", () => {
    expect(callsWithoutDeadline(calls).map((o) => o.slug)).toEqual(["rolling-call"]);
  });
});
