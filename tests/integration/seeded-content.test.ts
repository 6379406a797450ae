import { describe, expect, it } from "vitest";
import { callDefinitionSchema } from "@/lib/calls/definition";
import { institutionDetailSchema, missionDetailSchema, opportunityDetailSchema, projectSummarySchema } from "@/lib/validation/public-data";
import {
  getCountryInstitutions,
  getInstitution,
  listCountryCodes,
  listInstitutions,
} from "@/server/queries/institutions";
import { listProjects } from "@/server/queries/projects";
import { getMission, listMissions } from "@/server/queries/missions";
import { getOpportunity, listOpportunities } from "@/server/queries/opportunities";
import { testPrisma } from "../support/database";

// What a visitor sees of the published facts, read through the same queries the pages and API use.
// This file only reads: the facts it checks are exactly the seeded ones (with the practice call every test database has).

async function opportunity(slug: string) {
  const found = await getOpportunity(slug);
  if (!found) throw new Error(`opportunity ${slug} was not seeded`);
  return found;
}

const figureValues = (figures: { key: string; value: number; outOf: number | null }[]) =>
  Object.fromEntries(figures.map((f) => [f.key, f.outOf === null ? f.value : [f.value, f.outOf]]));

const SUPARCO = "pakistan-space-and-upper-atmosphere-research-commission-suparco";
const ISTVS = "international-society-for-terrain-vehicle-systems-istvs";

describe("seeded missions and opportunities", () => {
  it("lists the 4 missions", async () => {
    const missions = await listMissions();
    expect(missions.map((m) => m.slug)).toEqual(["chang-e-5", "chang-e-7", "chang-e-8", "tianwen-3"]);
    expect(missions.find((m) => m.slug === "tianwen-3")).toMatchObject({ body: "MARS", name: { en: "Tianwen-3", zh: "天问三号" } });
  });

  it("lists the 3 published calls, Tianwen-3's first round closed, and then the practice call", async () => {
    const opportunities = await listOpportunities();
    expect(opportunities.map((o) => [o.slug, o.status, o.demonstration])).toEqual([
      ["tianwen-3-payload-offer", "CLOSED", false],
      ["chang-e-8-cooperation-projects", "RESULTS_PUBLISHED", false],
      ["chang-e-5-sample-loans", "RESULTS_PUBLISHED", false],
      ["practice-call", "OPEN", true],
    ]);
  });

  it("shows Chang'e-8's landing site, launch window and facts in both languages", async () => {
    const mission = await getMission("chang-e-8");
    expect(missionDetailSchema.parse(mission)).toEqual(mission);
    expect(mission).toMatchObject({
      launchWindow: { en: "around 2029", zh: "2029年前后" },
      landingSite: { en: "Leibnitz-Beta Plateau, near the lunar south pole", zh: "月球南极附近莱布尼茨-贝塔高原" },
      opportunities: [{ slug: "chang-e-8-cooperation-projects", status: "RESULTS_PUBLISHED" }],
    });
    expect(mission!.facts).toHaveLength(3);
    for (const fact of mission!.facts) expect(fact.zh).toBeTruthy();
    expect(mission!.sources).toHaveLength(3);
  });
});

describe("Chang'e-5 lunar sample loans", () => {
  it("publishes the figures: 24 applications, 11 countries and organisations, 71 sample sets, 7 institutions from 6 countries, 5 of 7 agreements", async () => {
    const loans = await opportunity("chang-e-5-sample-loans");
    expect(figureValues(loans.figures)).toEqual({
      APPLICATIONS_RECEIVED: 24,
      COUNTRIES_AND_ORGANISATIONS: 11,
      SAMPLE_SETS_REQUESTED: 71,
      INSTITUTIONS_ACCEPTED: 7,
      COUNTRIES_ACCEPTED: 6,
      AGREEMENTS_SIGNED: [5, 7],
    });
    expect(loans.opensOn).toEqual({ date: "2023-11-01", precision: "MONTH" });
    expect(loans.closesOn).toEqual({ date: "2023-12-22", precision: "DAY" });
  });

  it("lists 7 awards from 6 countries, none claiming a signed agreement the sources do not name", async () => {
    const loans = await opportunity("chang-e-5-sample-loans");
    expect(opportunityDetailSchema.parse(loans)).toEqual(loans);
    expect(loans.awards).toHaveLength(7);
    expect(new Set(loans.awards.map((a) => a.institution.countryCode)).size).toBe(6);
    expect(loans.awards.map((a) => a.agreement?.status)).toEqual(Array(7).fill("UNCONFIRMED"));
  });

  it("names every awardee in Chinese as well as English", async () => {
    const loans = await opportunity("chang-e-5-sample-loans");
    for (const { institution } of loans.awards) expect(institution.name.zh, institution.name.en).toMatch(/\p{Script=Han}/u);
  });

  it("keeps the source with no public address, named as the announcement it is, without inventing a link", async () => {
    const loans = await opportunity("chang-e-5-sample-loans");
    expect(loans.sources).toHaveLength(5);
    expect(loans.sources.filter((s) => s.url === null)).toEqual([
      { url: null, label: "CNSA announcement at the opening ceremony of China's Space Day, Shanghai, 24 April 2025" },
    ]);
  });
});

describe("Chang'e-8 international cooperation projects", () => {
  it("lists the 10 selected projects", async () => {
    const selection = await opportunity("chang-e-8-cooperation-projects");
    expect(selection.projects).toHaveLength(10);
    expect(figureValues(selection.figures)).toMatchObject({ PROJECTS_SELECTED: 10, COUNTRIES_AND_REGIONS: 11, INTERNATIONAL_ORGANISATIONS: 1 });
    expect(selection.capacities).toEqual([{ carrier: "LANDER", massKg: 200, reservedKg: 0, remainingKg: 200, maxPerPayloadKg: 100 }]);
    expect(selection.pools).toEqual([{ key: "lander", capacity: 200, reserved: 0, remaining: 200, maxPerRequest: 100 }]);
  });

  it("counts partners from 11 countries and regions plus 1 international organisation", async () => {
    const selection = await opportunity("chang-e-8-cooperation-projects");
    const partners = selection.projects.flatMap((p) => p.partners.map((partner) => partner.institution));
    expect(new Set(selection.projects.flatMap((p) => p.countryCodes)).size).toBe(11);
    const international = partners.filter((i) => i.type === "INTERNATIONAL_ORGANISATION");
    expect(international).toEqual([
      { slug: ISTVS, name: { en: "International Society for Terrain-Vehicle Systems (ISTVS)", zh: null }, type: "INTERNATIONAL_ORGANISATION", countryCode: null },
    ]);
  });

  it("shows the Hong Kong partners on the robotics project, as a region of China", async () => {
    const project = (await listProjects()).find((p) => p.slug === "lunar-surface-multi-functional-robotic-system-and-mobile-charging-station");
    expect(projectSummarySchema.parse(project)).toEqual(project);
    expect(project!.countryCodes).toEqual(["HK"]);
    expect(project!.partners.map((p) => p.institution.name.en)).toEqual([
      "The Hong Kong University of Science and Technology",
      "The Hong Kong Polytechnic University",
    ]);
  });

  it("has no Chinese name for partners that only Chang'e-8 names, so pages fall back to English", async () => {
    const selection = await opportunity("chang-e-8-cooperation-projects");
    const partners = selection.projects.flatMap((p) => p.partners.map((partner) => partner.institution));
    const awardees = new Set((await opportunity("chang-e-5-sample-loans")).awards.map((a) => a.institution.slug));
    const chang8Only = partners.filter((i) => !awardees.has(i.slug));
    expect(chang8Only.length).toBeGreaterThan(0);
    for (const institution of chang8Only) expect(institution.name.zh, institution.name.en).toBeNull();
  });
});

describe("Tianwen-3 payload offer", () => {
  it("offers 15 kg on the orbiter and 5 kg on the service module, all still available", async () => {
    const offer = await opportunity("tianwen-3-payload-offer");
    expect(offer.capacities).toEqual([
      { carrier: "ORBITER", massKg: 15, reservedKg: 0, remainingKg: 15, maxPerPayloadKg: null },
      { carrier: "SERVICE_MODULE", massKg: 5, reservedKg: 0, remainingKg: 5, maxPerPayloadKg: null },
    ]);
    expect(offer.pools).toEqual([
      { key: "orbiter", capacity: 15, reserved: 0, remaining: 15, maxPerRequest: null },
      { key: "service-module", capacity: 5, reserved: 0, remaining: 5, maxPerRequest: null },
    ]);
    const offered = offer.capacities.reduce((sum, c) => sum + c.massKg, 0);
    expect(figureValues(offer.figures)).toEqual({ CAPACITY_OFFERED_KG: offered });
    expect(offer.opensOn).toEqual({ date: "2025-03-11", precision: "DAY" });
    expect(offer.closesOn).toEqual({ date: "2025-09-30", precision: "DAY" });
  });
});

describe("calls as announced, with their stages", () => {
  it("cites announcements and public addresses only, never a file of the portal's own", async () => {
    const sources = await testPrisma().source.findMany({ select: { reference: true, label: true } });
    const milestones = await testPrisma().milestone.findMany({ select: { slug: true, sourceRef: true } });
    expect(sources.length).toBeGreaterThan(0);
    expect(milestones.length).toBeGreaterThan(0);
    const internal = (text: string | null) => text !== null && (text.includes("seed:") || text.includes(".txt"));
    expect(sources.filter((s) => internal(s.reference) || internal(s.label))).toEqual([]);
    expect(milestones.filter((m) => internal(m.sourceRef))).toEqual([]);
    expect(sources.map((s) => s.reference)).toContain("CNSA announcement at the opening ceremony of China's Space Day, Shanghai, 24 April 2025");
  });

  it("gives Tianwen-3's first round a letter of intent due 30 June 2025 and a full proposal, by invitation, due 30 September 2025 (Beijing time): closed", async () => {
    const offer = await opportunity("tianwen-3-payload-offer");
    expect(offer.stages.map((s) => [s.title.en, s.closesAt, s.entry, s.state])).toEqual([
      ["Letter of intent", "2025-06-30T16:00:00.000Z", "ANYONE", "closed"],
      ["Full proposal", "2025-09-30T16:00:00.000Z", "INVITED", "closed"],
    ]);
    expect(offer.status).toBe("CLOSED");
    expect((await listOpportunities()).find((o) => o.slug === "tianwen-3-payload-offer")?.status).toBe("CLOSED");
  });

  it("closes the Chang'e-5 sample loans at 24:00 Beijing time on 22 December 2023, with CLEP's address to write to", async () => {
    const loans = await opportunity("chang-e-5-sample-loans");
    expect(loans.stages.map((s) => [s.closesAt, s.state])).toEqual([["2023-12-22T16:00:00.000Z", "closed"]]);
    expect(loans.contactEmail).toBe("clep@cnsa.gov.cn");
  });

  it("keeps the calls announced since as unpublished drafts for staff, shown nowhere", async () => {
    const later = ["chang-e-5-sample-loans-round-2", "tianwen-3-domestic-payload-participation"];
    const rows = await testPrisma().opportunity.findMany({ where: { slug: { in: later } }, select: { slug: true, published: true }, orderBy: { slug: "asc" } });
    expect(rows).toEqual(later.map((slug) => ({ slug, published: false })));
    const listed = (await listOpportunities()).map((o) => o.slug);
    for (const slug of later) {
      expect(listed).not.toContain(slug);
      expect(await getOpportunity(slug)).toBeNull();
    }
  });

  it("gives the second Chang'e-5 round a sample-request form and one undated stage, and no pools, since neither dates nor amounts are published", async () => {
    const round = await testPrisma().opportunity.findUniqueOrThrow({
      where: { slug: "chang-e-5-sample-loans-round-2" },
      include: { stages: true, pools: true, definitions: true },
    });
    expect(round.stages.map((s) => [s.titleEn, s.opensAt, s.closesAt])).toEqual([["Sample request", null, null]]);
    expect(round.pools).toEqual([]);
    expect(round.referencePrefix).toBeNull();
    expect(round.definitions).toHaveLength(1);
    const form = callDefinitionSchema.parse(round.definitions[0]!.definition);
    expect(form.stages[0]!.form.pages.map((p) => p.key)).toEqual(["applicant", "samples", "research", "documents"]);
    const samples = form.stages[0]!.form.pages[1]!.questions[0]!;
    expect(samples.type === "group" && samples.questions.map((q) => q.key)).toEqual(["collection", "preparation", "grams", "units", "purpose"]);
    // The Tianwen-3 invitation to domestic payload teams has no form yet: staff define it.
    expect(await testPrisma().callDefinition.count({ where: { opportunity: { slug: "tianwen-3-domestic-payload-participation" } } })).toBe(0);
  });

  it("has no Chang'e-6 call: no international round is confirmed", async () => {
    expect(await testPrisma().opportunity.count({ where: { slug: { contains: "chang-e-6" } } })).toBe(0);
    expect(await testPrisma().mission.count({ where: { slug: "chang-e-6" } })).toBe(0);
  });
});

describe("institutions", () => {
  it("lists 20 institutions, each once", async () => {
    const institutions = await listInstitutions();
    expect(institutions).toHaveLength(20);
    expect(new Set(institutions.map((i) => i.slug)).size).toBe(20);
  });

  it("shows SUPARCO once, with both its sample award and its Chang'e-8 project", async () => {
    const institutions = await listInstitutions();
    expect(institutions.filter((i) => i.name.en.includes("SUPARCO")).map((i) => i.slug)).toEqual([SUPARCO]);
    const suparco = await getInstitution(SUPARCO);
    expect(institutionDetailSchema.parse(suparco)).toEqual(suparco);
    expect(suparco).toMatchObject({ countryCode: "PK", type: "AGENCY", name: { zh: "巴基斯坦空间与外大气层研究委员会" } });
    expect(suparco!.awards.map((a) => [a.opportunity.slug, a.agreement?.status])).toEqual([["chang-e-5-sample-loans", "UNCONFIRMED"]]);
    expect(suparco!.projects.map((p) => p.slug)).toEqual(["pakistani-lunar-rover"]);
  });

  it("lists ISTVS under no country", async () => {
    const istvs = await getInstitution(ISTVS);
    expect(istvs).toMatchObject({ type: "INTERNATIONAL_ORGANISATION", countryCode: null });
    expect(istvs!.projects.map((p) => p.slug)).toEqual(["pakistani-lunar-rover"]);
    expect(await listCountryCodes()).not.toContain(null);
  });

  it("has 16 countries and regions with institutions", async () => {
    // 6 awardee countries and 11 Chang'e-8 countries and regions, Pakistan being in both.
    const codes = await listCountryCodes();
    expect(codes).toHaveLength(16);
    expect(codes).toEqual([...codes].sort());
    expect(codes).toEqual(expect.arrayContaining(["HK", "PK", "US", "FR"]));
  });

  it("groups Thailand's two partners of the neutron analyser under TH", async () => {
    const thai = await getCountryInstitutions("TH");
    expect(thai.map((i) => i.projects.map((p) => p.slug))).toEqual([["lunar-neutron-analyser"], ["lunar-neutron-analyser"]]);
  });
});
