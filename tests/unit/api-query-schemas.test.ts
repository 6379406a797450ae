import { describe, expect, it } from "vitest";
import { paginate } from "@/lib/pagination";
import {
  DEFAULT_PAGE_SIZE,
  institutionListQuerySchema,
  noQuerySchema,
  paginationQuerySchema,
  projectListQuerySchema,
  searchParamsToObject,
  toApiIssues,
  type ApiIssue,
} from "@/lib/validation/api";
import type { z } from "zod";

/** Parses a query string the way the route handlers do. */
function parse<S extends z.ZodType>(schema: S, query: string): { ok: true; data: z.output<S> } | { ok: false; issues: ApiIssue[] } {
  const result = schema.safeParse(searchParamsToObject(new URLSearchParams(query)));
  return result.success ? { ok: true, data: result.data } : { ok: false, issues: toApiIssues(result.error) };
}

function issuesOf(schema: z.ZodType, query: string): ApiIssue[] {
  const result = parse(schema, query);
  if (result.ok) throw new Error(`expected ?${query} to be rejected`);
  return result.issues;
}

describe("pagination parameters", () => {
  it("defaults to the first page of 20", () => {
    expect(parse(paginationQuerySchema, "")).toEqual({ ok: true, data: { page: 1, pageSize: DEFAULT_PAGE_SIZE } });
  });

  it("accepts the bounds of pageSize and any page from 1", () => {
    expect(parse(paginationQuerySchema, "page=7&pageSize=1")).toEqual({ ok: true, data: { page: 7, pageSize: 1 } });
    expect(parse(paginationQuerySchema, "pageSize=100")).toEqual({ ok: true, data: { page: 1, pageSize: 100 } });
  });

  it.each([
    ["page=0", "page", /at least 1/],
    ["page=-1", "page", /whole number/],
    ["page=1.5", "page", /whole number/],
    ["page=1e1", "page", /whole number/],
    ["page=abc", "page", /whole number/],
    ["page=", "page", /whole number/],
    ["pageSize=0", "pageSize", /at least 1/],
    ["pageSize=101", "pageSize", /at most 100/],
  ])("rejects ?%s at %s", (query, name, message) => {
    const issues = issuesOf(paginationQuerySchema, query);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.path).toEqual([name]);
    expect(issues[0]!.message).toMatch(message);
  });

  it("rejects a repeated parameter rather than picking one of its values", () => {
    const issues = issuesOf(paginationQuerySchema, "page=1&page=2");
    expect(issues.map((i) => i.path)).toEqual([["page"]]);
  });

  it("reports every problem at once", () => {
    const issues = issuesOf(paginationQuerySchema, "page=0&pageSize=500");
    expect(issues.map((i) => i.path)).toEqual([["page"], ["pageSize"]]);
  });
});

describe("unknown parameters", () => {
  it("are rejected one issue per name, on every endpoint", () => {
    for (const schema of [paginationQuerySchema, institutionListQuerySchema, projectListQuerySchema, noQuerySchema]) {
      const issues = issuesOf(schema, "limit=5&sort=name");
      expect(issues).toEqual([
        { path: ["limit"], message: 'Unknown parameter "limit"' },
        { path: ["sort"], message: 'Unknown parameter "sort"' },
      ]);
    }
  });

  it("detail endpoints take no query parameters at all", () => {
    expect(parse(noQuerySchema, "")).toEqual({ ok: true, data: {} });
    expect(issuesOf(noQuerySchema, "page=1")[0]!.path).toEqual(["page"]);
  });
});

describe("institution filters", () => {
  it("accept a known country code in either case and normalise it to upper case", () => {
    expect(parse(institutionListQuerySchema, "country=fr&type=UNIVERSITY")).toEqual({
      ok: true,
      data: { page: 1, pageSize: 20, country: "FR", type: "UNIVERSITY" },
    });
    expect(parse(institutionListQuerySchema, "country=Hk")).toMatchObject({ ok: true, data: { country: "HK" } });
  });

  it.each([
    ["country=XX", /not a known/],
    ["country=FRA", /two-letter/],
    ["country=F1", /two-letter/],
    ["country=", /two-letter/],
  ])("reject ?%s", (query, message) => {
    const issues = issuesOf(institutionListQuerySchema, query);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ path: ["country"], message: expect.stringMatching(message) });
  });

  it("reject an institution type that does not exist, or in the wrong case", () => {
    expect(issuesOf(institutionListQuerySchema, "type=COMPANY")[0]!.path).toEqual(["type"]);
    expect(issuesOf(institutionListQuerySchema, "type=university")[0]!.path).toEqual(["type"]);
  });
});

describe("project filters", () => {
  it("accept country, kind and opportunity together", () => {
    expect(parse(projectListQuerySchema, "country=it&kind=SCIENCE_INSTRUMENT&opportunity=chang-e-8-cooperation-projects&page=2")).toEqual({
      ok: true,
      data: { page: 2, pageSize: 20, country: "IT", kind: "SCIENCE_INSTRUMENT", opportunity: "chang-e-8-cooperation-projects" },
    });
  });

  it("reject an unknown kind and an opportunity that is not a slug", () => {
    expect(issuesOf(projectListQuerySchema, "kind=ROVER").map((i) => i.path)).toEqual([["kind"]]);
    expect(issuesOf(projectListQuerySchema, "opportunity=Change%208").map((i) => i.path)).toEqual([["opportunity"]]);
    expect(issuesOf(projectListQuerySchema, "opportunity=-chang-e-8").map((i) => i.path)).toEqual([["opportunity"]]);
  });
});

describe("paginate", () => {
  const items = Array.from({ length: 45 }, (_, i) => i + 1);

  it("returns the requested slice with totals", () => {
    expect(paginate(items, { page: 2, pageSize: 20 })).toEqual({
      data: items.slice(20, 40),
      pagination: { page: 2, pageSize: 20, total: 45, totalPages: 3 },
    });
    expect(paginate(items, { page: 3, pageSize: 20 }).data).toEqual([41, 42, 43, 44, 45]);
  });

  it("returns an empty page past the end, and zero pages for nothing", () => {
    expect(paginate(items, { page: 4, pageSize: 20 })).toEqual({ data: [], pagination: { page: 4, pageSize: 20, total: 45, totalPages: 3 } });
    expect(paginate([], { page: 1, pageSize: 20 }).pagination).toEqual({ page: 1, pageSize: 20, total: 0, totalPages: 0 });
  });
});
