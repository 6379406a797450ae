import { describe, expect, it } from "vitest";
import { createAward, createInstitution, createOpportunity, createProject, FACTORY_COUNTRY } from "../factories";
import { getCountryInstitutions, getInstitution } from "@/server/queries/institutions";
import { getProject, listProjects } from "@/server/queries/projects";
import { getMission } from "@/server/queries/missions";
import { getOpportunity } from "@/server/queries/opportunities";
import { testPrisma } from "../support/database";

// Looking things up by address: what a visitor gets for a page that exists, and for one that does not.

describe("unknown addresses", () => {
  it.each([
    ["getInstitution", getInstitution],
    ["getProject", getProject],
    ["getMission", getMission],
    ["getOpportunity", getOpportunity],
  ] as const)("%s returns null for a slug that does not exist", async (_name, lookup) => {
    expect(await lookup("no-such-slug")).toBeNull();
  });

  it("finds no institutions for a country with none", async () => {
    expect(await getCountryInstitutions("XX")).toEqual([]);
  });
});

describe("country pages", () => {
  it("shows the two Hong Kong universities, each with its Chang'e-8 project", async () => {
    const hongKong = await getCountryInstitutions("HK");
    expect(hongKong.map((i) => [i.slug, i.type, i.countryCode])).toEqual([
      ["the-hong-kong-polytechnic-university", "UNIVERSITY", "HK"],
      ["the-hong-kong-university-of-science-and-technology", "UNIVERSITY", "HK"],
    ]);
    for (const institution of hongKong) {
      expect(institution.projects.map((p) => p.slug)).toEqual(["lunar-surface-multi-functional-robotic-system-and-mobile-charging-station"]);
      expect(institution.awards).toEqual([]);
    }
  });
});

describe("rows created by staff", () => {
  it("shows a new project with its partners in order and each country once", async () => {
    const lead = await createInstitution({ countryCode: "CL" });
    const partner = await createInstitution({ countryCode: "CL" });
    const international = await createInstitution({ type: "INTERNATIONAL_ORGANISATION", countryCode: null });
    const project = await createProject({
      kind: "ROBOTICS_AND_MOBILITY",
      partners: [
        { institutionId: lead.id, role: "LEAD" },
        { institutionId: international.id },
        { institutionId: partner.id },
      ],
    });

    const shown = await getProject(project.slug);
    expect(shown).toMatchObject({ slug: project.slug, kind: "ROBOTICS_AND_MOBILITY", title: { en: project.titleEn, zh: "测试项目" } });
    expect(shown!.partners.map((p) => [p.institution.slug, p.role])).toEqual([
      [lead.slug, "LEAD"],
      [international.slug, "PARTNER"],
      [partner.slug, "PARTNER"],
    ]);
    expect(shown!.countryCodes).toEqual(["CL"]);
    expect((await listProjects()).map((p) => p.slug)).toContain(project.slug);
  });

  it("lists a new project under its opportunity, ordered by position", async () => {
    const opportunity = await createOpportunity({ kind: "PAYLOAD_SELECTION", status: "RESULTS_PUBLISHED" });
    const second = await createProject({ opportunityId: opportunity.id, position: 2 });
    const first = await createProject({ opportunityId: opportunity.id, position: 1 });

    const shown = await getOpportunity(opportunity.slug);
    expect(shown!.projects.map((p) => p.slug)).toEqual([first.slug, second.slug]);
    expect(shown!.mission.slug).not.toBe("");
  });

  it("shows an institution's award with its signed agreement and its projects", async () => {
    const award = await createAward({ agreement: { status: "SIGNED", signedOn: new Date("2025-03-01T00:00:00Z") } });
    const project = await createProject({ partners: [{ institutionId: award.institutionId, role: "LEAD" }] });

    const institution = await getInstitution(award.institution.slug);
    expect(institution).toMatchObject({ slug: award.institution.slug, countryCode: FACTORY_COUNTRY, name: { zh: null } });
    expect(institution!.awards).toEqual([
      {
        opportunity: expect.objectContaining({ slug: award.opportunity.slug }),
        agreement: { status: "SIGNED", signedOn: "2025-03-01", expiresOn: null },
      },
    ]);
    expect(institution!.projects.map((p) => p.slug)).toEqual([project.slug]);
    expect((await getCountryInstitutions(FACTORY_COUNTRY)).map((i) => i.slug)).toContain(award.institution.slug);
  });

  it("shows an award whose agreement is not recorded yet", async () => {
    const award = await createAward({ agreement: null });
    const shown = await getOpportunity(award.opportunity.slug);
    expect(shown!.awards).toEqual([{ institution: expect.objectContaining({ slug: award.institution.slug }), agreement: null }]);
  });

  it("shows remaining capacity as offered minus reserved, per carrier and per pool", async () => {
    const offer = await createOpportunity({
      capacities: [
        { carrier: "ORBITER", massKg: 15, reservedKg: 3.25 },
        { carrier: "SERVICE_MODULE", massKg: 5, reservedKg: 5, maxPerPayloadKg: 2 },
      ],
      pools: [{ key: "basalt-grams", capacity: 2.5, reserved: 0.125, maxPerRequest: 0.5 }],
    });
    const shown = await getOpportunity(offer.slug);
    // A pool that is no carrier (grams of a sample category) is left out of the carriers' kilograms.
    expect(shown!.capacities).toEqual([
      { carrier: "ORBITER", massKg: 15, reservedKg: 3.25, remainingKg: 11.75, maxPerPayloadKg: null },
      { carrier: "SERVICE_MODULE", massKg: 5, reservedKg: 5, remainingKg: 0, maxPerPayloadKg: 2 },
    ]);
    expect(shown!.pools).toEqual([
      { key: "basalt-grams", capacity: 2.5, reserved: 0.125, remaining: 2.375, maxPerRequest: 0.5 },
      { key: "orbiter", capacity: 15, reserved: 3.25, remaining: 11.75, maxPerRequest: null },
      { key: "service-module", capacity: 5, reserved: 5, remaining: 0, maxPerRequest: 2 },
    ]);
  });

  it("never lets a pool be reserved beyond what it holds, so what is left is never below zero", async () => {
    const offer = await createOpportunity({ capacities: [{ carrier: "SERVICE_MODULE", massKg: 5, reservedKg: 5 }] });
    const pool = offer.pools[0]!;
    const refused = /ResourcePool_reserved_within_capacity/;
    await expect(testPrisma().resourcePool.update({ where: { id: pool.id }, data: { reserved: 5.001 } })).rejects.toThrow(refused);
    await expect(testPrisma().resourcePool.update({ where: { id: pool.id }, data: { capacity: 4.999 } })).rejects.toThrow(refused);
    await expect(testPrisma().resourcePool.update({ where: { id: pool.id }, data: { reserved: -1 } })).rejects.toThrow(refused);
    await expect(createOpportunity({ capacities: [{ carrier: "ORBITER", massKg: 5, reservedKg: 5.5 }] })).rejects.toThrow(refused);
    const shown = await getOpportunity(offer.slug);
    expect(shown!.capacities).toEqual([{ carrier: "SERVICE_MODULE", massKg: 5, reservedKg: 5, remainingKg: 0, maxPerPayloadKg: null }]);
  });

  it("dates a page by its latest change, including a reservation", async () => {
    const offer = await createOpportunity({ capacities: [{ carrier: "LANDER", massKg: 10 }] });
    const capacity = offer.pools[0]!;
    const reserved = await testPrisma().resourcePool.update({ where: { id: capacity.id }, data: { reserved: 4 } });

    const after = await getOpportunity(offer.slug);
    expect(after!.capacities[0]).toMatchObject({ reservedKg: 4, remainingKg: 6 });
    expect(after!.updatedAt).toBe(reserved.updatedAt.toISOString());
  });
});
