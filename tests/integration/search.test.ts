import { describe, expect, it } from "vitest";
import { SEARCH_MAX_LENGTH, searchParamsSchema, type SearchResults } from "@/lib/validation/search";
import { matchingCountryCodes, searchPublished } from "@/server/queries/search";
import { createInstitution, createMission, createOpportunity, createProject, uniqueName } from "../factories";

// The site search against the seeded facts and rows made here, on PGlite or PostgreSQL alike.

const slugsOf = (results: SearchResults, kind: string) => results.groups.find((g) => g.kind === kind)?.hits.map((h) => h.slug) ?? [];
const COLOGNE = "university-of-cologne";
const SUPARCO = "pakistan-space-and-upper-atmosphere-research-commission-suparco";
const PAKISTANI_ROVER = "pakistani-lunar-rover";

describe("finding the seeded records", () => {
  it.each(["Cologne", "cologne", "科隆", "科隆大学", "University of Cologne"])("finds the University of Cologne by %s, first", async (query) => {
    const results = await searchPublished(query);
    expect(results.groups[0]?.kind).toBe("institution");
    expect(slugsOf(results, "institution")[0]).toBe(COLOGNE);
    expect(results.groups[0]?.hits[0]).toMatchObject({ path: `/institutions/${COLOGNE}`, title: { en: "University of Cologne", zh: "科隆大学" }, countryCode: "DE" });
  });

  it.each(["Pakistan", "巴基斯坦"])("finds SUPARCO and the Pakistani lunar rover by %s", async (query) => {
    const results = await searchPublished(query);
    expect(slugsOf(results, "institution")).toContain(SUPARCO);
    expect(slugsOf(results, "project")).toContain(PAKISTANI_ROVER);
    const rover = results.groups.find((g) => g.kind === "project")!.hits.find((h) => h.slug === PAKISTANI_ROVER)!;
    expect(rover.path).toBe(`/opportunities/change-8-cooperation-projects/${PAKISTANI_ROVER}`);
    expect(rover.parent?.en).toContain("Chang'e-8");
  });

  it("finds a mission and its call by the mission's name, the mission first", async () => {
    const results = await searchPublished("Tianwen-3");
    expect(results.groups.map((g) => g.kind).slice(0, 2)).toEqual(["mission", "opportunity"]);
    expect(slugsOf(results, "mission")).toEqual(["tianwen-3"]);
    expect(slugsOf(results, "opportunity")).toContain("tianwen-3-payload-offer");
    expect(results.groups[0]!.hits[0]!.score).toBeGreaterThan(results.groups[1]!.hits[0]!.score);
  });

  it("reads a typographic apostrophe as a plain one", async () => {
    const parsed = searchParamsSchema.parse({ q: "Chang’e-8" });
    expect(parsed.q).toBe("Chang'e-8");
    expect(slugsOf(await searchPublished(parsed.q), "mission")).toEqual(["change-8"]);
  });

  it("finds institutions by the name of their country, in either language", async () => {
    expect(matchingCountryCodes("Germany")).toEqual(["DE"]);
    expect(matchingCountryCodes("德国")).toEqual(["DE"]);
    expect(slugsOf(await searchPublished("德国"), "institution")).toEqual([COLOGNE]);
  });

  it("answers an empty result, not an error, for text that matches nothing or has no words", async () => {
    for (const query of ["zzqxv nothing like this", "!!!", "&|:*"]) {
      const results = await searchPublished(query);
      expect(results).toEqual({ query, total: 0, groups: [] });
    }
  });
});

describe("ranking", () => {
  it("puts the record whose name is exactly the query before those that only contain it", async () => {
    const name = uniqueName("Selenology Lab");
    const longer = await createInstitution({ nameEn: `${name} Annex for Regolith Studies` });
    const exact = await createInstitution({ nameEn: name });
    const results = await searchPublished(name);
    expect(slugsOf(results, "institution").slice(0, 2)).toEqual([exact.slug, longer.slug]);
  });

  it("puts a name that starts with the query before one that has it later", async () => {
    const word = uniqueName("Quasar").split(" ")[1]!;
    const later = await createInstitution({ nameEn: `Institute ${word} of Lunar Dust` });
    const first = await createInstitution({ nameEn: `${word} Institute of Lunar Dust` });
    expect(slugsOf(await searchPublished(word), "institution").slice(0, 2)).toEqual([first.slug, later.slug]);
  });
});

describe("what visitors may not see", () => {
  it("ignores drafts, and what is shown only through a draft", async () => {
    const word = uniqueName("Draftonium").replace(" ", "");
    await createInstitution({ nameEn: `${word} Institute`, published: false });
    await createMission({ nameEn: `${word} Mission`, published: false });
    const draftMission = await createMission({ nameEn: uniqueName("Hidden parent"), published: false });
    await createOpportunity({ titleEn: `${word} call of a draft mission`, missionId: draftMission.id });
    const draftCall = await createOpportunity({ titleEn: uniqueName("Hidden call"), kind: "PAYLOAD_SELECTION", published: false });
    await createProject({ titleEn: `${word} project of a draft call`, opportunityId: draftCall.id });
    await createProject({ titleEn: `${word} draft project`, published: false });
    expect(await searchPublished(word)).toEqual({ query: word, total: 0, groups: [] });
  });

  it("finds the same kinds of record once they are published", async () => {
    const word = uniqueName("Publicium").replace(" ", "");
    const institution = await createInstitution({ nameEn: `${word} Institute`, nameZh: `${word}研究所` });
    const project = await createProject({ titleEn: `${word} spectrometer` });
    const results = await searchPublished(word.toLowerCase());
    expect(slugsOf(results, "institution")).toEqual([institution.slug]);
    expect(slugsOf(results, "project")).toEqual([project.slug]);
  });
});

describe("the query string", () => {
  it(`refuses a 500-character query with a message key, and accepts ${SEARCH_MAX_LENGTH}`, () => {
    const tooLong = searchParamsSchema.safeParse({ q: "月".repeat(500) });
    expect(tooLong.success).toBe(false);
    expect(tooLong.error?.issues.map((i) => i.message)).toEqual(["tooLong"]);
    expect(searchParamsSchema.parse({ q: "a".repeat(SEARCH_MAX_LENGTH) }).q).toHaveLength(SEARCH_MAX_LENGTH);
  });

  it("takes the first of repeated q parameters, treats a missing one as no search, and drops control characters", async () => {
    expect(searchParamsSchema.parse({ q: ["Cologne", "Paris"] }).q).toBe("Cologne");
    expect(searchParamsSchema.parse({}).q).toBe("");
    const { q } = searchParamsSchema.parse({ q: "Colo\u0000gne\u0007" });
    expect(q).toBe("Colo gne");
    await expect(searchPublished(q)).resolves.toMatchObject({ query: "Colo gne" });
  });
});
