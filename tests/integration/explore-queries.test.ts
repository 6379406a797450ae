import { describe, expect, it } from "vitest";
import { seedDatabase } from "../../prisma/seed";
import { getCooperationMap } from "@/server/queries/map";
import { getTimeline } from "@/server/queries/timeline";
import { getTransparency } from "@/server/queries/transparency";
import { PRACTICE_CALL_SLUG } from "../../prisma/practice-call";
import { createInterest } from "../factories/explore";
import { createAward, createInstitution, createMission, createOpportunity, createProject, uniqueName } from "../factories/index";
import { testPrisma } from "../support/database";

// The map, timeline and dashboard queries against the seeded facts. Rows a test adds use countries the seed
// has none of, so the seeded countries' figures stay exactly as published.

const countryOf = async (code: string) => (await getCooperationMap(0)).countries.find((c) => c.code === code);
const seededOpportunity = (slug: string) => testPrisma().opportunity.findUniqueOrThrow({ where: { slug } });

describe("getCooperationMap", () => {
  it("counts each seeded country's sample loans and Chang'e-8 projects", async () => {
    const map = await getCooperationMap(0);
    const byCode = Object.fromEntries(map.countries.map((c) => [c.code, [c.sampleLoans, c.projects]]));
    expect(byCode).toMatchObject({
      PK: [1, 1],
      US: [2, 0],
      FR: [1, 0],
      DE: [1, 0],
      JP: [1, 0],
      GB: [1, 0],
      HK: [0, 1],
      RU: [0, 2],
      TH: [0, 1],
      BH: [0, 1],
      EG: [0, 1],
      ZA: [0, 1],
      PE: [0, 1],
      TR: [0, 1],
      IT: [0, 1],
      IR: [0, 1],
    });
    // 6 sample-loan countries and 11 Chang'e-8 countries and regions, Pakistan in both.
    const seeded = map.countries.filter((c) => c.sampleLoans + c.projects > 0);
    expect(seeded.filter((c) => c.sampleLoans > 0)).toHaveLength(6);
    expect(seeded.filter((c) => c.projects > 0)).toHaveLength(11);
    expect(map.countries.find((c) => c.code === "PK")).toMatchObject({ total: 2 });
  });

  it("lists ISTVS, the international organisation, apart from the countries", async () => {
    const map = await getCooperationMap(0);
    expect(map.organisations).toEqual([
      {
        institution: expect.objectContaining({ slug: "international-society-for-terrain-vehicle-systems-istvs", countryCode: null }),
        sampleLoans: 0,
        projects: 1,
      },
    ]);
    expect(map.countries.map((c) => c.code)).not.toContain(null);
  });

  it("counts Tianwen-3 interest per lead country, submitted or later and not withdrawn, and names nobody", async () => {
    const tianwen3 = await seededOpportunity("tianwen-3-payload-offer");
    const created = await Promise.all([
      createInterest({ opportunityId: tianwen3.id, leadCountry: "MN", status: "SUBMITTED" }),
      createInterest({ opportunityId: tianwen3.id, leadCountry: "MN", status: "UNDER_REVIEW" }),
      createInterest({ opportunityId: tianwen3.id, leadCountry: "MN", status: "ACCEPTED" }),
      createInterest({ opportunityId: tianwen3.id, leadCountry: "MN", status: "DRAFT" }),
      createInterest({ opportunityId: tianwen3.id, leadCountry: "MN", status: "WITHDRAWN" }),
      createInterest({ opportunityId: tianwen3.id, leadCountry: "NP", status: "DECLINED" }),
    ]);
    const map = await getCooperationMap(0);
    expect(map.countries.find((c) => c.code === "MN")).toEqual({ code: "MN", sampleLoans: 0, projects: 0, interest: 3, total: 3 });
    expect(map.countries.find((c) => c.code === "NP")).toEqual({ code: "NP", sampleLoans: 0, projects: 0, interest: 1, total: 1 });
    const shown = JSON.stringify(map);
    for (const application of created) {
      expect(shown).not.toContain(application.email);
      expect(shown).not.toContain(application.leadInstitution!);
      expect(shown).not.toContain(application.payloadName!);
      expect(shown).not.toContain(application.reference ?? "no reference");
    }
  });

  it("leaves out unpublished institutions, projects and calls, and interest in an unpublished offer", async () => {
    const projectSelection = await seededOpportunity("chang-e-8-cooperation-projects");
    const hidden = await createInstitution({ countryCode: "IS", published: false });
    const shown = await createInstitution({ countryCode: "NO" });
    await createProject({ opportunityId: projectSelection.id, partners: [{ institutionId: hidden.id }, { institutionId: shown.id }] });
    await createProject({ opportunityId: projectSelection.id, published: false, partners: [{ institutionId: (await createInstitution({ countryCode: "FI" })).id }] });
    const draftCall = await createOpportunity({ kind: "SAMPLE_LOAN", status: "RESULTS_PUBLISHED", published: false });
    await createAward({ opportunityId: draftCall.id, institutionId: (await createInstitution({ countryCode: "EE" })).id });
    const hiddenOrganisation = await createInstitution({ countryCode: null, type: "INTERNATIONAL_ORGANISATION", published: false });
    await createProject({ opportunityId: projectSelection.id, partners: [{ institutionId: hiddenOrganisation.id }] });
    const draftOffer = await createOpportunity({ kind: "PAYLOAD_OFFER", status: "OPEN", published: false });
    await createInterest({ opportunityId: draftOffer.id, leadCountry: "LV" });

    const map = await getCooperationMap(0);
    const codes = map.countries.map((c) => c.code);
    expect(await countryOf("NO")).toMatchObject({ projects: 1, sampleLoans: 0 });
    for (const code of ["IS", "FI", "EE", "LV"]) expect(codes).not.toContain(code);
    expect(map.organisations.map((o) => o.institution.slug)).not.toContain(hiddenOrganisation.slug);
  });
});

describe("getTimeline", () => {
  it("gives the seeded milestones, call dates and stage deadlines in date order, each milestone with its source", async () => {
    const timeline = await getTimeline();
    const dates = timeline.entries.map((e) => e.date.date);
    expect(dates).toEqual([...dates].sort());
    expect(timeline.entries.map((e) => e.key)).toEqual([
      "chang-e-5-samples-returned",
      "chang-e-8-cooperation-projects:opens",
      "chang-e-5-sample-loans:stage-0:opens",
      "chang-e-5-sample-loans:stage-0:closes",
      "tianwen-3-payload-offer:stage-0:opens",
      "chang-e-5-sample-loans-accepted",
      "chang-e-8-projects-selected",
      "tianwen-3-payload-offer:stage-0:closes",
      "tianwen-3-first-round-initial-selection",
      "tianwen-3-payload-offer:stage-1:closes",
      "tianwen-3-first-round-selection",
      "tianwen-3-launch",
      "chang-e-8-launch",
      "tianwen-3-samples-return",
    ]);
    const returned = timeline.entries[0]!;
    expect(returned).toMatchObject({
      kind: "milestone",
      date: { date: "2020-12-01", precision: "MONTH" },
      approximate: false,
      mission: { slug: "chang-e-5", name: { en: "Chang'e-5", zh: "嫦娥五号" } },
      source: { url: expect.stringContaining("leonarddavid.com"), label: "leonarddavid.com" },
    });
    expect(timeline.entries.find((e) => e.key === "tianwen-3-launch")).toMatchObject({ date: { date: "2028-01-01", precision: "YEAR" }, approximate: true });
    expect(timeline.entries.find((e) => e.key === "chang-e-8-projects-selected")).toMatchObject({
      date: { date: "2025-04-24", precision: "DAY" },
      source: { url: null, label: expect.stringContaining("24 April 2025") },
    });
  });

  it("gives each stage's deadline as the call announced it: the day or month alone, or the exact instant", async () => {
    const { entries } = await getTimeline();
    const entry = (key: string) => entries.find((e) => e.key === key);
    expect(entry("tianwen-3-payload-offer:stage-0:closes")).toMatchObject({
      kind: "stageCloses",
      // Stored as the next midnight in Beijing; announced as 30 June.
      date: { date: "2025-06-30", precision: "DAY" },
      at: "2025-06-30T16:00:00.000Z",
      precision: "DAY",
      timeZone: "Asia/Shanghai",
      opportunity: { slug: "tianwen-3-payload-offer", name: { en: "Tianwen-3 payload offer" } },
      mission: { slug: "tianwen-3" },
      stage: { position: 0, title: { en: "Letter of intent", zh: "意向书" }, entry: "ANYONE" },
    });
    expect(entry("tianwen-3-payload-offer:stage-1:closes")).toMatchObject({ date: { date: "2025-09-30", precision: "DAY" }, stage: { title: { en: "Full proposal" }, entry: "INVITED" } });
    // Not announced: no entry for the full proposal's opening.
    expect(entry("tianwen-3-payload-offer:stage-1:opens")).toBeUndefined();
    // 24:00 Beijing time on 22 December 2023: on that day, with its exact instant.
    expect(entry("chang-e-5-sample-loans:stage-0:closes")).toMatchObject({ date: { date: "2023-12-22", precision: "DAY" }, at: "2023-12-22T16:00:00.000Z", precision: null });
    expect(entry("chang-e-5-sample-loans:stage-0:opens")).toMatchObject({ date: { date: "2023-11-01", precision: "MONTH" }, precision: "MONTH" });
  });

  it("leaves out the practice call, its stages and its milestones", async () => {
    const practice = await seededOpportunity(PRACTICE_CALL_SLUG);
    expect(practice.demonstration).toBe(true);
    const milestone = await testPrisma().milestone.create({
      data: { slug: uniqueName("practice-milestone").replace(/\W/g, "-"), labelEn: uniqueName("Practice milestone"), labelZh: "演示节点", date: new Date("2026-02-01"), precision: "MONTH", opportunityId: practice.id },
    });
    const timeline = await getTimeline();
    const shown = JSON.stringify(timeline);
    expect(shown).not.toContain(PRACTICE_CALL_SLUG);
    expect(shown).not.toContain(milestone.slug);
  });

  it("names the calls whose dates were not published: Chang'e-8's closing; Tianwen-3's stages give its dates", async () => {
    const timeline = await getTimeline();
    expect(timeline.incompleteCalls.map((c) => [c.opportunity.slug, c.status, c.opensOn, c.closesOn])).toEqual([
      ["chang-e-8-cooperation-projects", "RESULTS_PUBLISHED", { date: "2023-10-01", precision: "MONTH" }, null],
    ]);
  });

  it("hides unpublished milestones and those of unpublished missions and calls", async () => {
    const prisma = testPrisma();
    const draftMission = await createMission({ published: false });
    const draftCall = await createOpportunity({ published: false, opensOn: new Date("2024-03-01"), opensPrecision: "MONTH" });
    const milestone = (slug: string, data: { missionId?: string; opportunityId?: string; published?: boolean }) =>
      prisma.milestone.create({ data: { slug, labelEn: uniqueName("Milestone"), labelZh: "测试节点", date: new Date("2024-06-01"), precision: "MONTH", ...data } });
    const shown = await milestone(uniqueName("shown").replace(/\W/g, "-"), {});
    await milestone(uniqueName("draft").replace(/\W/g, "-"), { published: false });
    await milestone(uniqueName("draft-mission").replace(/\W/g, "-"), { missionId: draftMission.id });
    await milestone(uniqueName("draft-call").replace(/\W/g, "-"), { opportunityId: draftCall.id });

    const timeline = await getTimeline();
    const added = timeline.entries.filter((e) => e.date.date === "2024-06-01" || e.date.date === "2024-03-01");
    expect(added.map((e) => e.key)).toEqual([shown.slug]);
    expect(timeline.incompleteCalls.map((c) => c.opportunity.slug)).not.toContain(draftCall.slug);
  });
});

describe("getTransparency", () => {
  it("gives each call's published figures: Chang'e-8's 41 proposals, Chang'e-5's 5 of 7 agreements", async () => {
    const { opportunities } = await getTransparency(0);
    const figures = Object.fromEntries(
      opportunities.filter((o) => o.slug !== "tianwen-3-payload-offer").map((o) => [o.slug, Object.fromEntries(o.figures.map((f) => [f.key, [f.value, f.outOf]]))]),
    );
    expect(figures["chang-e-8-cooperation-projects"]).toMatchObject({ PROPOSALS_RECEIVED: [41, null], PROJECTS_SELECTED: [10, null], COUNTRIES_AND_REGIONS: [11, null] });
    expect(figures["chang-e-5-sample-loans"]).toMatchObject({ APPLICATIONS_RECEIVED: [24, null], INSTITUTIONS_ACCEPTED: [7, null], AGREEMENTS_SIGNED: [5, 7] });
    // A selection publishes no reservations; interest is counted for payload offers only.
    expect(opportunities.find((o) => o.slug === "chang-e-8-cooperation-projects")).toMatchObject({ capacities: [], interest: null });
  });

  it("gives Tianwen-3's capacity per carrier and aggregate interest only", async () => {
    const tianwen3 = await seededOpportunity("tianwen-3-payload-offer");
    const before = (await getTransparency(0)).opportunities.find((o) => o.slug === "tianwen-3-payload-offer")!;
    const created = [
      await createInterest({ opportunityId: tianwen3.id, leadCountry: "KE" }),
      await createInterest({ opportunityId: tianwen3.id, leadCountry: "KE", status: "SHORTLISTED" }),
      await createInterest({ opportunityId: tianwen3.id, leadCountry: "CL" }),
      await createInterest({ opportunityId: tianwen3.id, leadCountry: "CL", status: "DRAFT" }),
    ];
    const after = (await getTransparency(0)).opportunities.find((o) => o.slug === "tianwen-3-payload-offer")!;
    expect(after.capacities.map((c) => [c.carrier, c.massKg])).toEqual([
      ["ORBITER", 15],
      ["SERVICE_MODULE", 5],
    ]);
    expect(after.figures).toEqual([{ key: "CAPACITY_OFFERED_KG", value: 20, outOf: null }]);
    expect(after.interest!.submissions - before.interest!.submissions).toBe(3);
    expect(Object.keys(after.interest!)).toEqual(["submissions", "countries"]);
    const shown = JSON.stringify(after);
    for (const application of created) {
      expect(shown).not.toContain(application.email);
      expect(shown).not.toContain(application.leadInstitution!);
    }
  });

  it("leaves out unpublished calls", async () => {
    const draft = await createOpportunity({ published: false, kind: "PAYLOAD_SELECTION", status: "RESULTS_PUBLISHED" });
    await testPrisma().opportunityFigure.create({ data: { opportunityId: draft.id, key: "PROPOSALS_RECEIVED", value: 99 } });
    const { opportunities } = await getTransparency(0);
    expect(opportunities.map((o) => o.slug)).not.toContain(draft.slug);
  });
});

describe("seeding milestones", () => {
  it("creates them once and keeps what staff changed", async () => {
    const prisma = testPrisma();
    const before = await prisma.milestone.findMany({ where: { sourceRef: { not: null } }, orderBy: { slug: "asc" } });
    expect(before.map((m) => m.slug)).toContain("tianwen-3-samples-return");
    await prisma.milestone.update({ where: { slug: "chang-e-8-launch" }, data: { labelEn: "Chang'e-8 launch (edited)", approximate: false } });

    await seedDatabase(prisma);

    const after = await prisma.milestone.findMany({ where: { sourceRef: { not: null } }, orderBy: { slug: "asc" } });
    expect(after.map((m) => m.slug)).toEqual(before.map((m) => m.slug));
    const unchanged = (rows: typeof before) => rows.filter((m) => m.slug !== "chang-e-8-launch").map((m) => [m.slug, m.updatedAt.toISOString()]);
    expect(unchanged(after)).toEqual(unchanged(before));
    expect(after.find((m) => m.slug === "chang-e-8-launch")).toMatchObject({ labelEn: "Chang'e-8 launch (edited)", approximate: false });
  });
});
