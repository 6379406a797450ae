import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it, vi } from "vitest";
import { SEARCH_MAX_LENGTH, searchParamsSchema, type SearchResults } from "@/lib/validation/search";

import {
  createSearchService,
  matchingCountryCodes,
  searchDatabase,
  searchPublished,
  type SearchLimits,
  type SearchOutcome,
} from "@/server/queries/search";
import { createInstitution, createMission, createOpportunity, createProject, uniqueName } from "../factories";
import { post, versionOf, saveContent } from "../factories/content";
import { testPrisma } from "../support/database";
import { actAs, createStaff, signOutTestStaff } from "../support/staff";

// The site search against the seeded facts and rows made here, on PGlite or PostgreSQL alike; then the cache and
// limits in front of it that visitors go through.

// next/cache as the built app has it, in miniature: results kept per key until a tag they carry is revalidated.
// The shared stub (tests/support/next-cache.ts) runs every query uncached, which would hide what is tested here.
const nextCache = vi.hoisted(() => {
  const entries = new Map<string, { value: unknown; tags: string[] }>();
  return {
    unstable_cache:
      <Args extends unknown[], Result>(query: (...args: Args) => Promise<Result>, keyParts: string[], options?: { tags?: string[] }) =>
      async (...args: Args): Promise<Result> => {
        const key = JSON.stringify([keyParts, args]);
        const entry = entries.get(key);
        if (entry) return structuredClone(entry.value) as Result;
        const value = await query(...args);
        entries.set(key, { value: structuredClone(value), tags: options?.tags ?? [] });
        return value;
      },
    revalidateTag: (tag: string) => {
      for (const [key, entry] of entries) if (entry.tags.includes(tag)) entries.delete(key);
    },
    revalidatePath: () => {},
    updateTag: () => {},
  };
});
vi.mock("next/cache", () => nextCache);

const slugsOf = (results: SearchResults, kind: string) => results.groups.find((g) => g.kind === kind)?.hits.map((h) => h.slug) ?? [];
const COLOGNE = "university-of-cologne";
const SUPARCO = "pakistan-space-and-upper-atmosphere-research-commission-suparco";
const PAKISTANI_ROVER = "pakistani-lunar-rover";

describe("finding the seeded records", () => {
  it.each(["Cologne", "cologne", "科隆", "科隆大学", "University of Cologne"])("finds the University of Cologne by %s, first", async (query) => {
    const results = await searchDatabase(query);
    expect(results.groups[0]?.kind).toBe("institution");
    expect(slugsOf(results, "institution")[0]).toBe(COLOGNE);
    expect(results.groups[0]?.hits[0]).toMatchObject({ path: `/institutions/${COLOGNE}`, title: { en: "University of Cologne", zh: "科隆大学" }, countryCode: "DE" });
  });

  it.each(["Pakistan", "巴基斯坦"])("finds SUPARCO and the Pakistani lunar rover by %s", async (query) => {
    const results = await searchDatabase(query);
    expect(slugsOf(results, "institution")).toContain(SUPARCO);
    expect(slugsOf(results, "project")).toContain(PAKISTANI_ROVER);
    const rover = results.groups.find((g) => g.kind === "project")!.hits.find((h) => h.slug === PAKISTANI_ROVER)!;
    expect(rover.path).toBe(`/opportunities/chang-e-8-cooperation-projects/${PAKISTANI_ROVER}`);
    expect(rover.parent?.en).toContain("Chang'e-8");
  });

  it("finds a mission and its call by the mission's name, the mission first", async () => {
    const results = await searchDatabase("Tianwen-3");
    expect(results.groups.map((g) => g.kind).slice(0, 2)).toEqual(["mission", "opportunity"]);
    expect(slugsOf(results, "mission")).toEqual(["tianwen-3"]);
    expect(slugsOf(results, "opportunity")).toContain("tianwen-3-payload-offer");
    expect(results.groups[0]!.hits[0]!.score).toBeGreaterThan(results.groups[1]!.hits[0]!.score);
  });

  it("reads a typographic apostrophe as a plain one", async () => {
    const parsed = searchParamsSchema.parse({ q: "Chang’e-8" });
    expect(parsed.q).toBe("Chang'e-8");
    expect(slugsOf(await searchDatabase(parsed.q), "mission")).toEqual(["chang-e-8"]);
  });

  it("finds institutions by the name of their country, in either language", async () => {
    expect(matchingCountryCodes("Germany")).toEqual(["DE"]);
    expect(matchingCountryCodes("德国")).toEqual(["DE"]);
    expect(slugsOf(await searchDatabase("德国"), "institution")).toEqual([COLOGNE]);
  });

  it("answers an empty result, not an error, for text that matches nothing or has no words", async () => {
    for (const query of ["zzqxv nothing like this", "!!!", "&|:*"]) {
      const results = await searchDatabase(query);
      expect(results).toEqual({ query, total: 0, groups: [] });
    }
  });
});

describe("ranking", () => {
  it("puts the record whose name is exactly the query before those that only contain it", async () => {
    const name = uniqueName("Selenology Lab");
    const longer = await createInstitution({ nameEn: `${name} Annex for Regolith Studies` });
    const exact = await createInstitution({ nameEn: name });
    const results = await searchDatabase(name);
    expect(slugsOf(results, "institution").slice(0, 2)).toEqual([exact.slug, longer.slug]);
  });

  it("puts a name that starts with the query before one that has it later", async () => {
    const word = uniqueName("Quasar").split(" ")[1]!;
    const later = await createInstitution({ nameEn: `Institute ${word} of Lunar Dust` });
    const first = await createInstitution({ nameEn: `${word} Institute of Lunar Dust` });
    expect(slugsOf(await searchDatabase(word), "institution").slice(0, 2)).toEqual([first.slug, later.slug]);
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
    expect(await searchDatabase(word)).toEqual({ query: word, total: 0, groups: [] });
  });

  it("finds the same kinds of record once they are published", async () => {
    const word = uniqueName("Publicium").replace(" ", "");
    const institution = await createInstitution({ nameEn: `${word} Institute`, nameZh: `${word}研究所` });
    const project = await createProject({ titleEn: `${word} spectrometer` });
    const results = await searchDatabase(word.toLowerCase());
    expect(slugsOf(results, "institution")).toEqual([institution.slug]);
    expect(slugsOf(results, "project")).toEqual([project.slug]);
  });
});

describe("the query string", () => {
  it("reads full-width letters, runs of spaces and capitals as one query, and shows it as typed but tidied", () => {
    const forms = ["Lunar Sample", "  lunar   sample ", "ＬＵＮＡＲ\u3000ＳＡＭＰＬＥ", "Lunar\tSample", "LUNAR\u00a0SAMPLE"];
    expect(new Set(forms.map((q) => searchParamsSchema.parse({ q }).key))).toEqual(new Set(["lunar sample"]));
    expect(searchParamsSchema.parse({ q: "  ＬＵＮＡＲ\u3000ｓａｍｐｌｅ " }).q).toBe("LUNAR sample");
  });

  it("finds a Chinese name with Latin capitals in it by the lower-cased query", async () => {
    const code = `ILRS${randomBytes(3).toString("hex").toUpperCase()}`;
    const institution = await createInstitution({ nameEn: uniqueName("Lunar Station Centre"), nameZh: `${code}月球站中心` });
    const { key } = searchParamsSchema.parse({ q: `${code}月球站` });
    expect(key).toBe(`${code.toLowerCase()}月球站`);
    expect(slugsOf(await searchDatabase(key), "institution")).toEqual([institution.slug]);
  });

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
    await expect(searchDatabase(q)).resolves.toMatchObject({ query: "Colo gne" });
  });
});

// What visitors go through: each search by its normalised query, from the cache until staff change the content,
// and otherwise limited per client address and in total.

const params = (q: string) => searchParamsSchema.parse({ q });
const aClient = () => `198.51.100.${randomBytes(1)[0]}-${randomBytes(4).toString("hex")}`;
const titlesOf = (outcome: SearchOutcome, kind: string) => {
  if (!outcome.ok) throw new Error(`the search was refused: ${outcome.refused}`);
  return outcome.results.groups.find((g) => g.kind === kind)?.hits.map((h) => h.title.en) ?? [];
};
const fullWidth = (text: string) => text.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

// Roomy enough that only the limit a test narrows can refuse anything.
const LIMITS: SearchLimits = { perClientPerMinute: 1000, concurrency: 4, maxQueue: 8, maxWaitMs: 60_000, cachedQueries: 100 };

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

const editor = await createStaff("EDITOR");
afterAll(() => signOutTestStaff());

describe("the cache in front of the search", () => {
  it("answers a repeated query, spaced, cased and typed differently, without the database", async () => {
    const query = vi.fn(searchDatabase);
    const service = createSearchService(LIMITS, { query });
    const client = aClient();
    for (const q of ["Cologne  University", "cologne university", "  COLOGNE\tUniversity ", fullWidth("cologne university")]) {
      const outcome = await service.search(params(q), client);
      expect(titlesOf(outcome, "institution")[0]).toBe("University of Cologne");
    }
    expect(query).toHaveBeenCalledTimes(1);
    expect(query).toHaveBeenCalledWith("cologne university");
  });

  it("shows each visitor the query as they typed it, though the results came from the cache", async () => {
    const service = createSearchService(LIMITS);
    await service.search(params("pakistan"), aClient());
    const outcome = await service.search(params("  PAKISTAN "), aClient());
    expect(outcome).toMatchObject({ ok: true, results: { query: "PAKISTAN" } });
  });

  it("keeps the page's answer while the row changes unseen, and drops it when staff save the change", async () => {
    actAs(editor);
    const word = uniqueName("Cachium").replace(" ", "");
    const institution = await createInstitution({ nameEn: `${word} Institute` });
    const client = aClient();
    expect(titlesOf(await searchPublished(params(word), client), "institution")).toEqual([`${word} Institute`]);

    // Written past the portal, as no staff edit would be: the cached answer stands, so no query ran.
    const renamed = await testPrisma().institution.update({ where: { id: institution.id }, data: { nameEn: `${word} Observatory` } });
    expect(titlesOf(await searchPublished(params(`  ${word.toUpperCase()} `), client), "institution")).toEqual([`${word} Institute`]);

    const saved = await post(saveContent("institutions"), {
      id: institution.id,
      version: versionOf(renamed),
      nameEn: `${word} Laboratory`,
      slug: institution.slug,
      type: institution.type,
      countryCode: institution.countryCode ?? undefined,
    });
    expect(saved.redirectedTo).toBeDefined();
    expect(titlesOf(await searchPublished(params(word), client), "institution")).toEqual([`${word} Laboratory`]);
  });

  it("runs a query that several visitors send at once only once", async () => {
    const query = vi.fn(searchDatabase);
    const service = createSearchService(LIMITS, { query });
    await service.search(params("germany"), aClient());
    const outcomes = await Promise.all([aClient(), aClient(), aClient()].map((client) => service.search(params("Tianwen-3"), client)));
    expect(outcomes.map((o) => titlesOf(o, "mission"))).toEqual([["Tianwen-3"], ["Tianwen-3"], ["Tianwen-3"]]);
    expect(query).toHaveBeenCalledTimes(2);
  });
});

describe("the limits on searches the cache cannot answer", () => {
  // A limiter that fails to refuse would leave these waiting on the gate: fail in seconds rather than a minute.
  it("runs the limit's worth at once, queues a few, and answers busy at once beyond that", { timeout: 10_000 }, async () => {
    const { opened, open } = gate();
    const started: string[] = [];
    const query = async (key: string) => {
      started.push(key);
      await opened;
      return searchDatabase(key);
    };
    const service = createSearchService({ ...LIMITS, concurrency: 2, maxQueue: 1 }, { query });
    const searches = ["cologne", "pakistan", "tianwen-3", "germany"].map((q) => service.search(params(q), aClient()));

    // Refused while the first two still hold the database, rather than waiting for them.
    await expect(searches[3]).resolves.toEqual({ ok: false, refused: "busy", retryAfterSeconds: 5 });
    expect(started).toEqual(["cologne", "pakistan"]);
    open();
    const outcomes = await Promise.all(searches.slice(0, 3));
    expect(outcomes.map((o) => o.ok && o.results.total > 0)).toEqual([true, true, true]);
    expect(started).toEqual(["cologne", "pakistan", "tianwen-3"]);
    expect(await service.search(params("germany"), aClient())).toMatchObject({ ok: true });
  });

  it("answers busy to a search that waited too long for a turn", { timeout: 10_000 }, async () => {
    const { opened, open } = gate();
    const query = async (key: string) => {
      await opened;
      return searchDatabase(key);
    };
    const service = createSearchService({ ...LIMITS, concurrency: 1, maxQueue: 1, maxWaitMs: 50 }, { query });
    const holding = service.search(params("cologne"), aClient());
    await expect(service.search(params("pakistan"), aClient())).resolves.toMatchObject({ ok: false, refused: "busy" });
    open();
    await expect(holding).resolves.toMatchObject({ ok: true });
  });

  it("answers a client over its rate that it is limited, while another client and cached queries go on", async () => {
    let now = 0;
    const service = createSearchService({ ...LIMITS, perClientPerMinute: 3 }, { now: () => now });
    const [eager, other] = [aClient(), aClient()];
    for (const q of ["cologne", "pakistan", "tianwen-3"]) expect(await service.search(params(q), eager)).toMatchObject({ ok: true });
    expect(await service.search(params("germany"), eager)).toEqual({ ok: false, refused: "limited", retryAfterSeconds: 20 });
    expect(await service.search(params("germany"), other)).toMatchObject({ ok: true });
    // Answered from the cache, so it costs nothing.
    expect(await service.search(params("Cologne"), eager)).toMatchObject({ ok: true });

    now += 20_000;
    expect(await service.search(params("mars"), eager)).toMatchObject({ ok: true });
    expect(await service.search(params("moon"), eager)).toMatchObject({ ok: false, refused: "limited" });
  });
});
