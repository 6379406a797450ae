import { describe, expect, it } from "vitest";
import { getInstitutionSources } from "@/server/queries/record-sources";
import { createInstitution } from "../factories";
import { testPrisma } from "../support/database";

const SUPARCO = "pakistan-space-and-upper-atmosphere-research-commission-suparco";

describe("the sources behind an institution's page", () => {
  it("gives SUPARCO the sources of both calls it takes part in, and nothing of calls it has no part in", async () => {
    const sources = await getInstitutionSources(SUPARCO);
    const calls = await testPrisma().opportunity.findMany({
      where: { slug: { in: ["chang-e-5-sample-loans", "chang-e-8-cooperation-projects", "tianwen-3-payload-offer"] } },
      select: { slug: true, sources: { select: { label: true } } },
    });
    const of = (slug: string) => calls.find((c) => c.slug === slug)!.sources.map((s) => s.label);
    const labels = sources.map((s) => s.label);
    for (const label of [...of("chang-e-5-sample-loans"), ...of("chang-e-8-cooperation-projects")]) expect(labels).toContain(label);
    const onlyTianwen = of("tianwen-3-payload-offer").filter((l) => !of("chang-e-5-sample-loans").includes(l) && !of("chang-e-8-cooperation-projects").includes(l));
    for (const label of onlyTianwen) expect(labels).not.toContain(label);
    expect(new Set(labels).size).toBe(labels.length);
  });

  it("gives nothing for an unknown, an uninvolved or an unpublished institution", async () => {
    expect(await getInstitutionSources("no-such-institution")).toEqual([]);
    expect(await getInstitutionSources((await createInstitution()).slug)).toEqual([]);
    await testPrisma().institution.update({ where: { slug: SUPARCO }, data: { published: false } });
    try {
      expect(await getInstitutionSources(SUPARCO)).toEqual([]);
    } finally {
      await testPrisma().institution.update({ where: { slug: SUPARCO }, data: { published: true } });
    }
  });
});
