import { describe, expect, it } from "vitest";
import { listMigrations } from "../../prisma/migrate";
import { seedDatabase } from "../../prisma/seed";
import { getInstitution, listInstitutions } from "@/server/queries/institutions";
import { getMission } from "@/server/queries/missions";
import { getOpportunity } from "@/server/queries/opportunities";
import { testPrisma } from "../support/database";

// The seed runs on every deployment: it must add what is missing and leave alone what staff changed.

/** Every row of every application table, as text, in a stable order. */
async function snapshot(): Promise<Record<string, string[]>> {
  const prisma = testPrisma();
  const tables = await prisma.$queryRaw<{ name: string }[]>`
    SELECT table_name::text AS name FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> '_prisma_migrations'
    ORDER BY table_name`;
  const rows: Record<string, string[]> = {};
  for (const { name } of tables) {
    const result = await prisma.$queryRawUnsafe<{ row: string }[]>(`SELECT row_to_json(t)::text AS row FROM "${name}" t ORDER BY 1`);
    rows[name] = result.map((r) => r.row);
  }
  return rows;
}

const SUPARCO = "pakistan-space-and-upper-atmosphere-research-commission-suparco";
const ISTVS = "international-society-for-terrain-vehicle-systems-istvs";

describe("seedDatabase", () => {
  it("changes nothing when run again, not even a last-updated date", async () => {
    const before = await snapshot();
    expect(Object.keys(before).length).toBeGreaterThanOrEqual(12);
    expect(before.Institution).toHaveLength(20);

    await seedDatabase(testPrisma());

    expect(await snapshot()).toEqual(before);
  });

  it("renames the Chang'e slugs of a database seeded before the rename, and seeding it again then changes nothing", async () => {
    const prisma = testPrisma();
    const before = await snapshot();
    // As the database stood before the rename: the slugs as first published.
    for (const table of ["Mission", "Opportunity", "Milestone"]) {
      await prisma.$executeRawUnsafe(`UPDATE "${table}" SET slug = 'change-' || substr(slug, 9) WHERE slug LIKE 'chang-e-%'`);
    }
    expect((await prisma.mission.findMany({ select: { slug: true }, orderBy: { slug: "asc" } })).map((m) => m.slug)).toEqual([
      "change-5",
      "change-7",
      "change-8",
      "tianwen-3",
    ]);

    const rename = listMigrations().find((m) => m.name.endsWith("_chang_e_slugs"))!;
    for (const statement of rename.sql.replace(/^--.*$/gm, "").split(";").filter((s) => s.trim())) {
      await prisma.$executeRawUnsafe(statement);
    }
    expect(await snapshot()).toEqual(before);

    await seedDatabase(prisma);
    expect(await snapshot()).toEqual(before);
  });

  it("keeps what staff edited", async () => {
    const prisma = testPrisma();
    const suparco = await prisma.institution.findUniqueOrThrow({ where: { slug: SUPARCO }, include: { awards: true } });
    await prisma.loanAgreement.update({
      where: { awardId: suparco.awards[0]!.id },
      data: { status: "SIGNED", signedOn: new Date("2025-05-20T00:00:00Z") },
    });
    await prisma.institution.update({ where: { slug: ISTVS }, data: { nameZh: "国际地面车辆系统学会" } });
    await prisma.mission.update({ where: { slug: "chang-e-8" }, data: { launchWindowEn: "2029", launchWindowZh: "2029年" } });
    const tianwen3 = await prisma.opportunity.findUniqueOrThrow({ where: { slug: "tianwen-3-payload-offer" } });
    await prisma.resourcePool.update({
      where: { opportunityId_key: { opportunityId: tianwen3.id, key: "orbiter" } },
      data: { reserved: 2.5 },
    });

    await seedDatabase(prisma);

    const shown = await getInstitution(SUPARCO);
    expect(shown!.awards.map((a) => a.agreement)).toEqual([{ status: "SIGNED", signedOn: "2025-05-20", expiresOn: null }]);
    expect((await getInstitution(ISTVS))!.name).toEqual({ en: "International Society for Terrain-Vehicle Systems (ISTVS)", zh: "国际地面车辆系统学会" });
    expect((await getMission("chang-e-8"))!.launchWindow).toEqual({ en: "2029", zh: "2029年" });
    expect((await getOpportunity("tianwen-3-payload-offer"))!.capacities[0]).toMatchObject({ carrier: "ORBITER", reservedKg: 2.5, remainingKg: 12.5 });
    expect(await listInstitutions()).toHaveLength(20);
  });
});
