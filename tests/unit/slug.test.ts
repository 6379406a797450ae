import { describe, expect, it } from "vitest";
import { slugify } from "@/lib/slug";
import { loadSeedData } from "../../prisma/seed";

describe("slugify", () => {
  it.each([
    ["INFN - Frascati National Laboratories", "infn-frascati-national-laboratories"],
    ["Chang'e-8", "chang-e-8"],
    ["Xi'an Jiaotong University", "xi-an-jiaotong-university"],
    ["People's Friendship University", "peoples-friendship-university"],
    ["Institut de Physique du Globe de Paris (IPGP)", "institut-de-physique-du-globe-de-paris-ipgp"],
    ["Université Côte d’Azur", "universite-cote-dazur"],
    ["  --Lunar  neutron analyser!-- ", "lunar-neutron-analyser"],
    ["Ministry of Higher Education, Science, Research and Innovation", "ministry-of-higher-education-science-research-and-innovation"],
  ])("turns %j into %j", (text, slug) => {
    expect(slugify(text)).toBe(slug);
  });

  it("gives every seeded institution and project its own address", () => {
    const { facts } = loadSeedData();
    const institutions = new Set(
      facts.opportunities.flatMap((o) => [
        ...o.awardees.map((a) => a.institution.en),
        ...o.projects.flatMap((p) => p.partners.map((partner) => partner.en)),
      ]),
    );
    const projects = facts.opportunities.flatMap((o) => o.projects.map((p) => p.title.en));

    expect(new Set([...institutions].map(slugify)).size).toBe(institutions.size);
    expect(new Set(projects.map(slugify)).size).toBe(projects.length);
    for (const slug of [...institutions, ...projects].map(slugify)) expect(slug).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
  });
});
