import { createHash, randomUUID } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";

// Applies prisma/migrations in order and records them in Prisma's own _prisma_migrations table,
// so `prisma migrate status` agrees. It closes its connection, which the Prisma CLI does not do
// for the embedded database.
export interface SqlRunner {
  exec(sql: string): Promise<void>;
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

// From the project root, the working directory of every command and of the server, so that the bundled scripts in
// dist/ and the app read the same folder.
const migrationsDir = path.resolve(/*turbopackIgnore: true*/ process.cwd(), "prisma", "migrations");

export function listMigrations(): { name: string; sql: string; checksum: string }[] {
  return readdirSync(migrationsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(migrationsDir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

export function pgliteRunner(db: PGlite): SqlRunner {
  return {
    exec: async (sql) => void (await db.exec(sql)),
    query: async <T>(sql: string, params?: unknown[]) => (await db.query<T>(sql, params)).rows,
    close: () => db.close(),
  };
}

export async function postgresRunner(connectionString: string): Promise<SqlRunner> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  return {
    exec: async (sql) => void (await client.query(sql)),
    query: async <T>(sql: string, params?: unknown[]) => (await client.query(sql, params)).rows as T[],
    close: () => client.end(),
  };
}

export async function openRunner(databaseUrl: string | undefined, pgliteDir: string): Promise<SqlRunner> {
  if (databaseUrl) return postgresRunner(databaseUrl);
  mkdirSync(path.dirname(pgliteDir), { recursive: true });
  return pgliteRunner(new PGlite({ dataDir: pgliteDir }));
}

// Several instances may start together: each step holds this lock, so the second waits, then finds nothing to do.
async function withMigrationLock<T>(db: SqlRunner, step: () => Promise<T>): Promise<T> {
  await db.exec("BEGIN");
  try {
    await db.exec("SELECT pg_advisory_xact_lock(72707369)");
    const result = await step();
    await db.exec("COMMIT");
    return result;
  } catch (error) {
    await db.exec("ROLLBACK");
    throw error;
  }
}

/** Returns the names of the migrations it applied. */
export async function applyMigrations(db: SqlRunner): Promise<string[]> {
  // Under the lock too: two instances creating the table at once collide in PostgreSQL's catalog.
  await withMigrationLock(db, () =>
    db.exec(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" VARCHAR(36) PRIMARY KEY NOT NULL,
      "checksum" VARCHAR(64) NOT NULL,
      "finished_at" TIMESTAMPTZ,
      "migration_name" VARCHAR(255) NOT NULL,
      "logs" TEXT,
      "rolled_back_at" TIMESTAMPTZ,
      "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
      "applied_steps_count" INTEGER NOT NULL DEFAULT 0
    )`),
  );
  const applied = [];
  for (const migration of listMigrations()) {
    const applies = await withMigrationLock(db, async () => {
      const done = await db.query<{ checksum: string }>(
        `SELECT checksum FROM "_prisma_migrations" WHERE migration_name = $1 AND finished_at IS NOT NULL AND rolled_back_at IS NULL`,
        [migration.name],
      );
      if (done.length > 0) {
        if (done[0]!.checksum !== migration.checksum) {
          throw new Error(`Migration ${migration.name} was changed after it was applied`);
        }
        return false;
      }
      await db.exec(migration.sql);
      await db.query(
        `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, finished_at, applied_steps_count) VALUES ($1, $2, $3, now(), 1)`,
        [randomUUID(), migration.checksum, migration.name],
      );
      return true;
    });
    if (applies) applied.push(migration.name);
  }
  return applied;
}
