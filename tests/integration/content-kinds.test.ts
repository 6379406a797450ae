import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as exportContent } from "@/app/api/admin/exports/[kind]/route";
import { parseListQuery } from "@/lib/admin-list";
import { CONTENT_KIND_SLUGS, contentKind } from "@/lib/content-kinds";
import { listContent, listFilters, listSpec } from "@/server/content/repository";
import { createContentRecords } from "../factories/content-records";
import { createObligation, createSource, uniqueName } from "../factories";
import { testPrisma } from "../support/database";
import { actAs, createStaff, signOutTestStaff } from "../support/staff";

// The content kinds are declared as data (src/lib/content-kinds.ts): every sort, filter, search field and CSV column
// a definition names must work against the database, or a staff list would fail only when someone clicks it.

beforeAll(async () => {
  const records = await createContentRecords();
  // An obligation past its date, so that the agreements' "overdue" filter has something to find.
  await createObligation(records.made.edited.agreement, { dueOn: new Date("2020-01-31T00:00:00Z") });
  actAs(await createStaff("EDITOR"));
});
afterAll(() => signOutTestStaff());

const csvHeader = async (response: Response) => (await response.text()).replace(/^\uFEFF/, "").split(/\r?\n/)[0]!.split(",");

describe.each(CONTENT_KIND_SLUGS)("the %s list", (kind) => {
  const definition = contentKind(kind);

  it("sorts by every declared sort, both ways, and the default sort is one of them", async () => {
    const filters = await listFilters(kind);
    expect(Object.keys(definition.list.sorts)).toContain(definition.list.defaultSort);
    for (const sort of Object.keys(definition.list.sorts)) {
      for (const dir of ["asc", "desc"]) {
        const { rows, total } = await listContent(kind, parseListQuery({ sort, dir }, listSpec(kind, filters)));
        expect(total, `${kind} sorted by ${sort} ${dir}`).toBeGreaterThan(0);
        expect(rows.length).toBeGreaterThan(0);
      }
    }
  });

  it("filters by every value it offers, each giving only rows within the whole list", async () => {
    const filters = await listFilters(kind);
    const spec = listSpec(kind, filters);
    const everything = await listContent(kind, parseListQuery({}, spec), { all: true });
    const ids = new Set(everything.rows.map((row) => row.id));
    for (const filter of filters) {
      expect(filter.values.length, `${kind}: ${filter.name} offers values`).toBeGreaterThan(0);
      let matched = 0;
      for (const value of filter.values) {
        const { rows, total } = await listContent(kind, parseListQuery({ [filter.name]: value }, spec), { all: true });
        expect(rows.length).toBe(total);
        expect(rows.every((row) => ids.has(row.id))).toBe(true);
        matched += total;
      }
      expect(matched, `${kind}: some value of ${filter.name} matches a record`).toBeGreaterThan(0);
    }
  });

  it("searches the declared fields, and a search that matches nothing lists nothing", async () => {
    const spec = listSpec(kind, await listFilters(kind));
    expect((await listContent(kind, parseListQuery({ q: uniqueName("nothing-matches") }, spec))).total).toBe(0);
    const { rows } = await listContent(kind, parseListQuery({}, spec));
    expect(rows.length).toBeGreaterThan(0);
  });

  it("exports the declared CSV columns, drafts included", async () => {
    const response = await exportContent(new NextRequest(`http://localhost/api/admin/exports/${kind}`), { params: Promise.resolve({ kind }) });
    expect(response.status).toBe(200);
    expect(await csvHeader(response)).toEqual(definition.csv.map(([header]) => header));
  });
});

describe("the lists' conditions combine", () => {
  it("keeps the search in force together with a filter that has conditions of its own", async () => {
    const cited = await createSource({ label: uniqueName("Combined probe cited") });
    const uncited = await createSource({ label: uniqueName("Combined probe loose") });
    await testPrisma().mission.update({ where: { id: (await testPrisma().mission.findFirstOrThrow()).id }, data: { sources: { connect: [{ id: cited.id }] } } });
    const spec = listSpec("sources", await listFilters("sources"));
    const found = async (raw: Record<string, string>) => (await listContent("sources", parseListQuery(raw, spec), { all: true })).rows.map((row) => row.id);
    expect(await found({ q: "Combined probe", cited: "yes" })).toEqual([cited.id]);
    expect(await found({ q: "Combined probe", cited: "no" })).toEqual([uncited.id]);
  });

  it("answers 404 for a kind that is not declared, and never lists it", async () => {
    const response = await exportContent(new NextRequest("http://localhost/api/admin/exports/secrets"), { params: Promise.resolve({ kind: "secrets" }) });
    expect(response.status).toBe(404);
    const constructorKind = await exportContent(new NextRequest("http://localhost/api/admin/exports/constructor"), { params: Promise.resolve({ kind: "constructor" }) });
    expect(constructorKind.status).toBe(404);
  });
});
