import { describe, expect, it } from "vitest";
import { chartFigures } from "@/components/explore/chart-groups";
import { dateTimeAttribute, entryState, periodEnd } from "@/components/explore/timeline-dates";
import { loadSeedData } from "../../prisma/seed";

describe("chartFigures", () => {
  const sampleLoanFigures = [
    { key: "APPLICATIONS_RECEIVED", value: 24, outOf: null },
    { key: "COUNTRIES_AND_ORGANISATIONS", value: 11, outOf: null },
    { key: "SAMPLE_SETS_REQUESTED", value: 71, outOf: null },
    { key: "INSTITUTIONS_ACCEPTED", value: 7, outOf: null },
    { key: "COUNTRIES_ACCEPTED", value: 6, outOf: null },
    { key: "AGREEMENTS_SIGNED", value: 5, outOf: 7 },
  ] as const;

  it("sorts a sample-loan call's figures into charts, from applications to agreements", () => {
    const charts = chartFigures("SAMPLE_LOAN", [...sampleLoanFigures]);
    expect(charts.map((c) => [c.group, c.figures.map((f) => f.key), c.unpublished])).toEqual([
      ["selection", ["APPLICATIONS_RECEIVED", "INSTITUTIONS_ACCEPTED", "AGREEMENTS_SIGNED"], []],
      ["reach", ["COUNTRIES_AND_ORGANISATIONS", "COUNTRIES_ACCEPTED"], []],
      ["requests", ["SAMPLE_SETS_REQUESTED"], []],
    ]);
    expect(charts[0]!.figures[2]).toEqual({ key: "AGREEMENTS_SIGNED", value: 5, outOf: 7 });
  });

  it("names the figures a call has not published", () => {
    const charts = chartFigures("PAYLOAD_OFFER", [{ key: "CAPACITY_OFFERED_KG", value: 20, outOf: null }]);
    expect(charts).toEqual([
      { group: "selection", figures: [], unpublished: ["PROPOSALS_RECEIVED", "PROJECTS_SELECTED"] },
      { group: "capacity", figures: [{ key: "CAPACITY_OFFERED_KG", value: 20, outOf: null }], unpublished: [] },
    ]);
  });

  it("draws no chart for a group with nothing published or expected", () => {
    expect(chartFigures("PAYLOAD_SELECTION", []).map((c) => c.group)).toEqual(["selection", "reach", "capacity"]);
  });
});

describe("timeline dates", () => {
  it("knows the last day a month or a year can mean", () => {
    expect(periodEnd({ date: "2020-12-01", precision: "MONTH" })).toBe("2020-12-31");
    expect(periodEnd({ date: "2024-02-01", precision: "MONTH" })).toBe("2024-02-29");
    expect(periodEnd({ date: "2028-01-01", precision: "YEAR" })).toBe("2028-12-31");
    expect(periodEnd({ date: "2025-04-24", precision: "DAY" })).toBe("2025-04-24");
  });

  it("puts an entry in the past, under way or ahead of a given day", () => {
    const launch = { date: "2028-01-01", precision: "YEAR" } as const;
    expect(entryState(launch, "2027-12-31")).toBe("future");
    expect(entryState(launch, "2028-06-15")).toBe("current");
    expect(entryState(launch, "2029-01-01")).toBe("past");
    expect(entryState({ date: "2025-04-24", precision: "DAY" }, "2025-04-24")).toBe("current");
    expect(entryState({ date: "2025-04-24", precision: "DAY" }, "2025-04-25")).toBe("past");
  });

  it("writes <time> values only as precise as the date", () => {
    expect(dateTimeAttribute({ date: "2028-01-01", precision: "YEAR" })).toBe("2028");
    expect(dateTimeAttribute({ date: "2020-12-01", precision: "MONTH" })).toBe("2020-12");
    expect(dateTimeAttribute({ date: "2025-04-24", precision: "DAY" })).toBe("2025-04-24");
  });
});

describe("the timeline's milestones in editorial.json", () => {
  const { facts, editorial } = loadSeedData();
  const recordOf = (m: (typeof editorial.milestones)[number]) =>
    m.mission ? facts.missions.find((r) => r.slug === m.mission) : facts.opportunities.find((r) => r.slug === m.opportunity);

  it("each belong to a mission or an opportunity of the facts file, and cite one of that record's sources", () => {
    expect(editorial.milestones.length).toBeGreaterThanOrEqual(6);
    for (const m of editorial.milestones) {
      const record = recordOf(m);
      expect(record, m.slug).toBeDefined();
      expect(record!.sources, m.slug).toContain(m.source);
    }
    expect(new Set(editorial.milestones.map((m) => m.slug)).size).toBe(editorial.milestones.length);
  });

  it("restate the published dates: samples back in December 2020, results on 24 April 2025, launches around 2028 and 2029, Mars samples around 2031", () => {
    const bySlug = Object.fromEntries(editorial.milestones.map((m) => [m.slug, [m.date, m.precision, m.approximate]]));
    expect(bySlug).toMatchObject({
      "chang-e-5-samples-returned": ["2020-12-01", "MONTH", false],
      "chang-e-5-sample-loans-accepted": ["2025-04-24", "DAY", false],
      "chang-e-8-projects-selected": ["2025-04-24", "DAY", false],
      "tianwen-3-launch": ["2028-01-01", "YEAR", true],
      "chang-e-8-launch": ["2029-01-01", "YEAR", true],
      "tianwen-3-samples-return": ["2031-01-01", "YEAR", true],
    });
    expect(facts.missions.find((m) => m.slug === "tianwen-3")!.launch).toMatch(/around 2028/);
    expect(facts.missions.find((m) => m.slug === "chang-e-8")!.launch).toBe("around 2029");
    expect(facts.missions.find((m) => m.slug === "tianwen-3")!.facts.join(" ")).toMatch(/around 2031/);
    expect(facts.missions.find((m) => m.slug === "chang-e-5")!.facts.join(" ")).toMatch(/December 2020/);
  });

  it("give every label in English and Chinese", () => {
    for (const m of editorial.milestones) {
      expect(m.label.en.length, m.slug).toBeGreaterThan(5);
      expect(m.label.zh, m.slug).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});
