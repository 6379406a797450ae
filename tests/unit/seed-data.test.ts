import { describe, expect, it } from "vitest";
import { loadSeedData, seedStages, sourceLabel } from "../../prisma/seed";

// The seed files are the portal's record of what was announced: these are the facts they must keep saying.
const { facts, editorial } = loadSeedData();

const opportunity = (slug: string) => {
  const found = facts.opportunities.find((o) => o.slug === slug);
  if (!found) throw new Error(`no opportunity ${slug} in cooperation-facts.json`);
  return found;
};
const figure = (slug: string, key: string) => editorial.figures[slug]?.find(([k]) => k === key);

describe("the seed data files", () => {
  it("parse, with four missions, three opportunities and three records of calls announced since", () => {
    expect(facts.missions.map((m) => m.slug).sort()).toEqual(["chang-e-5", "chang-e-7", "chang-e-8", "tianwen-3"]);
    expect(facts.opportunities.map((o) => o.slug).sort()).toEqual([
      "chang-e-5-sample-loans",
      "chang-e-8-cooperation-projects",
      "tianwen-3-payload-offer",
    ]);
    expect(facts.laterCalls.map((c) => c.slug).sort()).toEqual([
      "chang-e-5-sample-loans-round-2",
      "chang-e-6-sample-loans",
      "tianwen-3-domestic-payload-participation",
    ]);
  });

  // ../shared/data/cooperation-facts.json still says change-N: a fresh copy of it must not bring those slugs back.
  it("spell Chang'e slugs chang-e-N, never as the English word change", () => {
    const slugs = [
      ...facts.missions.map((m) => m.slug),
      ...facts.opportunities.flatMap((o) => [o.slug, o.mission]),
      ...facts.laterCalls.flatMap((c) => [c.slug, c.mission]),
      ...editorial.milestones.flatMap((m) => [m.slug, m.mission ?? "", m.opportunity ?? ""]),
      ...Object.keys({ ...editorial.opportunityTitles, ...editorial.opportunityDates, ...editorial.figures, ...editorial.capacities }),
    ];
    expect(slugs.filter((slug) => /^change-\d/.test(slug))).toEqual([]);
    expect(slugs).toContain("chang-e-8-cooperation-projects");
    expect(slugs).toContain("chang-e-5-sample-loans-round-2");
  });

  it("cite announcements and public addresses, never a file of the portal's own", () => {
    const cited = [
      ...[...facts.missions, ...facts.opportunities, ...facts.laterCalls].flatMap((r) => r.sources),
      ...facts.opportunities.flatMap((o) => o.firstRound?.sources ?? []),
      ...editorial.milestones.map((m) => m.source),
    ];
    expect(cited.length).toBeGreaterThan(10);
    expect(cited.filter((source) => source.includes("seed:") || source.includes(".txt"))).toEqual([]);
    expect(cited).toContain("CNSA announcement at the opening ceremony of China's Space Day, Shanghai, 24 April 2025");
  });

  it("label an address by its site and what the brackets say it is, and an announcement by its own name", () => {
    expect(sourceLabel("http://en.people.cn/n3/2024/1106/c90000-20238139.html (Xinhua)")).toEqual({
      url: "http://en.people.cn/n3/2024/1106/c90000-20238139.html",
      label: "en.people.cn: Xinhua",
    });
    expect(sourceLabel("https://www.chinadaily.com.cn/a/202504/25/WS680adb98a3104d9fd3821736.html")).toEqual({
      url: "https://www.chinadaily.com.cn/a/202504/25/WS680adb98a3104d9fd3821736.html",
      label: "chinadaily.com.cn",
    });
    const announcement = "CNSA announcement at the opening ceremony of China's Space Day, Shanghai, 24 April 2025";
    expect(sourceLabel(announcement)).toEqual({ url: null, label: announcement });
  });

  it("give Tianwen-3's first round two stages, closing at 24:00 Beijing time on 30 June and 30 September 2025, the second by invitation", () => {
    const stages = seedStages(opportunity("tianwen-3-payload-offer"));
    expect(stages.map((s) => [s.titleEn, s.closesAt?.toISOString(), s.closesPrecision, s.entry])).toEqual([
      ["Letter of intent", "2025-06-30T16:00:00.000Z", "DAY", "ANYONE"],
      ["Full proposal", "2025-09-30T16:00:00.000Z", "DAY", "INVITED"],
    ]);
    expect(stages[0]!.opensAt?.toISOString()).toBe("2025-03-10T16:00:00.000Z");
  });

  it("close the Chang'e-5 sample loans at 24:00 Beijing time on 22 December 2023, naming CLEP's address", () => {
    const loans = opportunity("chang-e-5-sample-loans");
    expect(seedStages(loans).map((s) => [s.closesAt?.toISOString(), s.entry])).toEqual([["2023-12-22T16:00:00.000Z", "ANYONE"]]);
    expect(loans.firstRound?.contact).toMatch(/^clep@cnsa\.gov\.cn\b/);
  });

  it("record calls announced since only for missions the portal has: no Chang'e-6 call", () => {
    const missions = new Set(facts.missions.map((m) => m.slug));
    expect(facts.laterCalls.filter((c) => missions.has(c.mission)).map((c) => c.slug)).toEqual([
      "chang-e-5-sample-loans-round-2",
      "tianwen-3-domestic-payload-participation",
    ]);
    expect(missions.has("chang-e-6")).toBe(false);
    for (const c of facts.laterCalls.filter((c) => missions.has(c.mission))) {
      expect(editorial.opportunityTitles[c.slug], c.slug).toMatchObject({ en: expect.any(String), zh: expect.stringMatching(/\p{Script=Han}/u) });
    }
  });

  it("name 7 Chang'e-5 sample awardees from 6 countries, 5 of whom signed", () => {
    const awardees = opportunity("chang-e-5-sample-loans").awardees;
    expect(awardees).toHaveLength(7);
    expect(new Set(awardees.map((a) => a.country)).size).toBe(6);
    expect(figure("chang-e-5-sample-loans", "INSTITUTIONS_ACCEPTED")).toEqual(["INSTITUTIONS_ACCEPTED", 7]);
    expect(figure("chang-e-5-sample-loans", "COUNTRIES_ACCEPTED")).toEqual(["COUNTRIES_ACCEPTED", 6]);
    expect(figure("chang-e-5-sample-loans", "AGREEMENTS_SIGNED")).toEqual(["AGREEMENTS_SIGNED", 5, 7]);
    for (const a of awardees) expect(a.institution.zh).not.toBe("");
  });

  it("list 10 Chang'e-8 projects from 11 countries and regions and 1 international organisation", () => {
    const projects = opportunity("chang-e-8-cooperation-projects").projects;
    const partners = projects.flatMap((p) => p.partners);
    expect(projects).toHaveLength(10);
    expect(new Set(partners.flatMap((p) => (p.country ? [p.country] : []))).size).toBe(11);
    expect(new Set(partners.filter((p) => p.international).map((p) => p.en)).size).toBe(1);
    expect(figure("chang-e-8-cooperation-projects", "PROJECTS_SELECTED")).toEqual(["PROJECTS_SELECTED", 10]);
    expect(figure("chang-e-8-cooperation-projects", "COUNTRIES_AND_REGIONS")).toEqual(["COUNTRIES_AND_REGIONS", 11]);
  });

  it("give ISTVS no country: it is an international organisation", () => {
    const istvs = opportunity("chang-e-8-cooperation-projects")
      .projects.flatMap((p) => p.partners)
      .find((p) => p.en.includes("ISTVS"));
    expect(istvs).toEqual({ en: "International Society for Terrain-Vehicle Systems (ISTVS)", country: null, international: true });
    expect(editorial.institutionTypes[istvs!.en]).toBe("INTERNATIONAL_ORGANISATION");
  });

  it("offer 20 kg on Tianwen-3: 15 kg on the orbiter and 5 kg on the service module", () => {
    const capacity = opportunity("tianwen-3-payload-offer").capacity;
    expect(capacity).toEqual([
      { carrier: "orbiter", massKg: 15 },
      { carrier: "service-module", massKg: 5 },
    ]);
    const total = capacity.reduce((sum, c) => sum + c.massKg, 0);
    expect(total).toBe(20);
    expect(figure("tianwen-3-payload-offer", "CAPACITY_OFFERED_KG")).toEqual(["CAPACITY_OFFERED_KG", total]);
  });

  it("classify every institution and project the facts name", () => {
    for (const o of facts.opportunities) {
      for (const a of o.awardees) expect(editorial.institutionTypes, a.institution.en).toHaveProperty([a.institution.en]);
      for (const p of o.projects) {
        expect(editorial.projectKinds, p.title.en).toHaveProperty([p.title.en]);
        for (const partner of p.partners) expect(editorial.institutionTypes, partner.en).toHaveProperty([partner.en]);
      }
    }
  });

  it("give every opportunity a title in both languages and every published fact a Chinese rendering", () => {
    for (const o of facts.opportunities) expect(editorial.opportunityTitles[o.slug]).toMatchObject({ en: expect.any(String), zh: expect.any(String) });
    const allFacts = [...facts.missions, ...facts.opportunities, ...facts.laterCalls].flatMap((r) => r.facts);
    expect(allFacts.filter((text) => !editorial.factsZh[text])).toEqual([]);
  });
});
