import { NextRequest } from "next/server";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import sitemap from "@/app/sitemap";
import { GET as getInstitutionsApi } from "@/app/api/v1/institutions/route";
import { GET as getMissionApi } from "@/app/api/v1/missions/[slug]/route";
import { GET as getMissionsApi } from "@/app/api/v1/missions/route";
import { GET as getProjectsApi } from "@/app/api/v1/projects/route";
import { GET as exportContent } from "@/app/api/admin/exports/[kind]/route";
import { publishAction } from "@/server/actions/admin/content";
import { listContent, listFilters, listSpec } from "@/server/content/repository";
import { getCountryInstitutions, getInstitution, listCountryCodes, listInstitutions } from "@/server/queries/institutions";
import { getMission, listMissions } from "@/server/queries/missions";
import { getOpportunity, listOpportunities } from "@/server/queries/opportunities";
import { getProject, listProjects } from "@/server/queries/projects";
import { routing } from "@/i18n/routing";
import { parseListQuery } from "@/lib/admin-list";
import { createAward, createInstitution, createMission, createOpportunity, createProject, uniqueName } from "../factories";
import { idFrom, post, saveContent } from "../factories/content";
import { testPrisma } from "../support/database";
import { actAs, createStaff, signOutTestStaff } from "../support/staff";

// Drafts are the panel's alone: the public query functions, the public API and the sitemap never show an
// unpublished record, nor what is shown through one; once published it appears.

const editor = await createStaff("EDITOR");
afterAll(() => signOutTestStaff());
beforeEach(() => actAs(editor));

const apiItems = async (response: Response) => ((await response.json()) as { data: { slug: string }[] }).data.map((item) => item.slug);
const api = (path: string) => new NextRequest(`http://localhost/api/v1${path}`);

/** The content export route for one kind, as Next calls it for /api/admin/exports/<kind>. */
const exportOf = (kind: string) => (request: NextRequest) => exportContent(request, { params: Promise.resolve({ kind }) });
const exportMissions = exportOf("missions");
const exportInstitutions = exportOf("institutions");

describe("a new mission", () => {
  it("is a draft nobody outside the panel sees until it is published", async () => {
    const nameEn = uniqueName("Chang'e-9");
    const id = idFrom(await post(saveContent("missions"), { nameEn, nameZh: "嫦娥九号", body: "MOON", status: "PLANNED" }));
    const { slug } = await testPrisma().mission.findUniqueOrThrow({ where: { id } });

    expect((await listMissions()).map((m) => m.slug)).not.toContain(slug);
    expect(await getMission(slug)).toBeNull();
    expect(await apiItems(await getMissionsApi(api("/missions?pageSize=100"), { params: Promise.resolve({}) }))).not.toContain(slug);
    expect((await getMissionApi(api(`/missions/${slug}`), { params: Promise.resolve({ slug }) })).status).toBe(404);
    expect((await sitemap()).map((entry) => entry.url).filter((url) => url.includes(slug))).toEqual([]);
    // The panel lists it, as a draft.
    const panel = await listContent("missions", parseListQuery({ q: nameEn, published: "draft" }, listSpec("missions", await listFilters("missions"))));
    expect(panel.rows.map((r) => [r.id, r.published])).toEqual([[id, false]]);

    await post(publishAction, { kind: "missions", id, publish: "true" });

    expect((await listMissions()).map((m) => m.slug)).toContain(slug);
    expect(await getMission(slug)).toMatchObject({ slug, name: { en: nameEn, zh: "嫦娥九号" } });
    expect(await apiItems(await getMissionsApi(api("/missions?pageSize=100"), { params: Promise.resolve({}) }))).toContain(slug);
    expect((await sitemap()).map((entry) => entry.url).filter((url) => url.endsWith(`/missions/${slug}`))).toHaveLength(routing.locales.length);
  });
});

describe("what is shown through a draft", () => {
  it("hides an unpublished mission's opportunities, and their awards and projects", async () => {
    const mission = await createMission({ published: false });
    const call = await createOpportunity({ missionId: mission.id, kind: "PAYLOAD_SELECTION", status: "RESULTS_PUBLISHED" });
    const project = await createProject({ opportunityId: call.id });
    expect(await getOpportunity(call.slug)).toBeNull();
    expect((await listOpportunities()).map((o) => o.slug)).not.toContain(call.slug);
    expect(await getProject(project.slug)).toBeNull();
    expect((await listProjects()).map((p) => p.slug)).not.toContain(project.slug);
    const partner = await testPrisma().institution.findUniqueOrThrow({ where: { id: project.partners[0]!.institutionId } });
    expect((await getInstitution(partner.slug))!.projects).toEqual([]);

    await testPrisma().mission.update({ where: { id: mission.id }, data: { published: true } });
    expect((await getOpportunity(call.slug))!.projects.map((p) => p.slug)).toEqual([project.slug]);
    expect((await getInstitution(partner.slug))!.projects.map((p) => p.slug)).toEqual([project.slug]);
  });

  it("hides an unpublished opportunity from its mission's page", async () => {
    const mission = await createMission();
    const call = await createOpportunity({ missionId: mission.id, published: false });
    expect((await getMission(mission.slug))!.opportunities).toEqual([]);
    await testPrisma().opportunity.update({ where: { id: call.id }, data: { published: true } });
    expect((await getMission(mission.slug))!.opportunities.map((o) => o.slug)).toEqual([call.slug]);
  });

  it("hides an unpublished institution everywhere, with its awards and its place in projects", async () => {
    const draft = await createInstitution({ published: false, countryCode: "UY" });
    const published = await createInstitution({ countryCode: "UY" });
    const award = await createAward({ institutionId: draft.id });
    const project = await createProject({ partners: [{ institutionId: draft.id, role: "LEAD" }, { institutionId: published.id }] });

    expect(await getInstitution(draft.slug)).toBeNull();
    expect((await listInstitutions()).map((i) => i.slug)).not.toContain(draft.slug);
    expect((await getCountryInstitutions("UY")).map((i) => i.slug)).toEqual([published.slug]);
    expect((await getOpportunity(award.opportunity.slug))!.awards).toEqual([]);
    expect((await getProject(project.slug))!.partners.map((p) => p.institution.slug)).toEqual([published.slug]);
    expect(await apiItems(await getInstitutionsApi(api("/institutions?country=UY"), { params: Promise.resolve({}) }))).toEqual([published.slug]);

    await post(publishAction, { kind: "institutions", id: draft.id, publish: "true" });
    expect((await getOpportunity(award.opportunity.slug))!.awards.map((a) => a.institution.slug)).toEqual([draft.slug]);
    expect((await getProject(project.slug))!.partners.map((p) => [p.institution.slug, p.role])).toEqual([
      [draft.slug, "LEAD"],
      [published.slug, "PARTNER"],
    ]);
  });

  it("keeps a country with only draft institutions out of the country list", async () => {
    await createInstitution({ published: false, countryCode: "PY" });
    expect(await listCountryCodes()).not.toContain("PY");
    expect(await getCountryInstitutions("PY")).toEqual([]);
  });

  it("hides unpublished projects and awards, in the API too", async () => {
    const project = await createProject({ published: false });
    const award = await createAward();
    await testPrisma().sampleLoanAward.update({ where: { id: award.id }, data: { published: false } });
    expect(await getProject(project.slug)).toBeNull();
    expect(await apiItems(await getProjectsApi(api("/projects?pageSize=100"), { params: Promise.resolve({}) }))).not.toContain(project.slug);
    expect((await getInstitution(award.institution.slug))!.awards).toEqual([]);
    expect((await getOpportunity(award.opportunity.slug))!.awards).toEqual([]);

    await post(publishAction, { kind: "projects", id: project.id, publish: "true" });
    await post(publishAction, { kind: "awards", id: award.id, publish: "true" });
    expect(await getProject(project.slug)).not.toBeNull();
    expect((await getInstitution(award.institution.slug))!.awards).toHaveLength(1);
  });
});

describe("CSV exports of the content lists", () => {
  const csvRows = async (response: Response) => (await response.text()).replace(/^\uFEFF/, "").trim().split(/\r?\n/);

  it("download exactly the rows the list's search and filters select, drafts included", async () => {
    const tag = uniqueName("Export probe").replace(/ /g, "-");
    await createMission({ nameEn: `${tag} one`, published: false, status: "PLANNED" });
    await createMission({ nameEn: `${tag} two`, status: "COMPLETED" });
    await createMission({ nameEn: `${tag} three`, status: "PLANNED" });
    const response = await exportMissions(new NextRequest(`http://localhost/api/admin/exports/missions?q=${tag}&status=PLANNED&sort=name&dir=asc`));
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const rows = await csvRows(response);
    expect(rows[0]).toBe("id,slug,nameEn,nameZh,body,status,opportunities,published,updatedAt");
    expect(rows.slice(1).map((row) => row.split(",")[2])).toEqual([`${tag} one`, `${tag} three`]);
    expect(rows[1]).toContain(",false,");
  });

  it("guard names that a spreadsheet would run as formulas", async () => {
    await createInstitution({ nameEn: "=HYPERLINK(\"http://evil.example\")", slug: uniqueName("formula").replace(/ /g, "-") });
    const rows = await csvRows(await exportInstitutions(new NextRequest("http://localhost/api/admin/exports/institutions?q=HYPERLINK")));
    expect(rows).toHaveLength(2);
    expect(rows[1]).toContain("'=HYPERLINK");
  });

  it("are refused to staff without content and download rights, and to visitors", async () => {
    actAs(await createStaff("REVIEWER"));
    expect((await exportMissions(new NextRequest("http://localhost/api/admin/exports/missions"))).status).toBe(403);
    actAs(null);
    expect((await exportMissions(new NextRequest("http://localhost/api/admin/exports/missions"))).status).toBe(401);
    actAs(await createStaff("VIEWER"));
    expect((await exportMissions(new NextRequest("http://localhost/api/admin/exports/missions"))).status).toBe(200);
  });
});
