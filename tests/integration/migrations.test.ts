import { afterEach, describe, expect, it } from "vitest";
import { applyMigrations, listMigrations, postgresRunner } from "../../prisma/migrate";
import { createScratchDatabase, testDatabase, testPrisma, type ScratchDatabase } from "../support/database";

// Our own runner applies prisma/migrations; Prisma's _prisma_migrations table is its record.

const scratchDatabases: ScratchDatabase[] = [];
afterEach(async () => {
  for (const database of scratchDatabases.splice(0)) await database.close();
});

async function scratch() {
  const database = await createScratchDatabase();
  scratchDatabases.push(database);
  return database;
}

describe("applyMigrations", () => {
  it("recorded every migration of this database, finished, with its checksum", async () => {
    const recorded = await testPrisma().$queryRaw<{ migration_name: string; checksum: string; finished: boolean; rolled_back: boolean }[]>`
      SELECT migration_name, checksum, finished_at IS NOT NULL AS finished, rolled_back_at IS NOT NULL AS rolled_back
      FROM "_prisma_migrations" ORDER BY migration_name`;
    expect(recorded).toEqual(listMigrations().map((m) => ({ migration_name: m.name, checksum: m.checksum, finished: true, rolled_back: false })));
  });

  it("applies every migration to an empty database, then nothing when run again", async () => {
    const { runner } = await scratch();
    const names = listMigrations().map((m) => m.name);
    expect(names.length).toBeGreaterThan(0);

    expect(await applyMigrations(runner)).toEqual(names);
    expect(await applyMigrations(runner)).toEqual([]);
    expect(await runner.query<{ count: number }>(`SELECT count(*)::int AS count FROM "_prisma_migrations"`)).toEqual([{ count: names.length }]);
    expect(await runner.query(`SELECT count(*)::int AS count FROM "Institution"`)).toEqual([{ count: 0 }]);
  });

  it("refuses to go on when an applied migration was edited afterwards", async () => {
    const { runner } = await scratch();
    await applyMigrations(runner);
    const [first] = listMigrations();
    await runner.query(`UPDATE "_prisma_migrations" SET checksum = $1 WHERE migration_name = $2`, ["0".repeat(64), first!.name]);

    await expect(applyMigrations(runner)).rejects.toThrow(`Migration ${first!.name} was changed after it was applied`);
  });

  it.runIf(testDatabase().kind === "postgres")("lets several instances start together: each migration is applied once", async () => {
    const { runner, url } = await scratch();
    const others = await Promise.all([postgresRunner(url!), postgresRunner(url!)]);
    try {
      const applied = await Promise.all([runner, ...others].map((r) => applyMigrations(r)));
      // Whichever instance takes the lock for a migration applies it: together they applied each one exactly once.
      expect(applied.flat().sort()).toEqual(listMigrations().map((m) => m.name).sort());
    } finally {
      await Promise.all(others.map((r) => r.close()));
    }
  });
});
