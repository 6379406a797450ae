import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import type { TestProject } from "vitest/node";
import { PrismaClient } from "../../src/generated/prisma/client";
import { applyMigrations, pgliteRunner, postgresRunner } from "../../prisma/migrate";
import { seedPracticeCall } from "../../prisma/practice-call";
import { seedDatabase } from "../../prisma/seed";
import { postgresServerUrl, withServerClient } from "./postgres-server";

// The integration project's global setup: migrates and seeds one template database before any test file runs,
// and each file's database starts as a copy of it (tests/support/database.ts): a copied PGlite directory, or on
// PostgreSQL `CREATE DATABASE ... TEMPLATE`. Migrating and seeding once instead of once per file.

declare module "vitest" {
  export interface ProvidedContext {
    /** The migrated, seeded PGlite directory to copy, or "" on PostgreSQL. */
    templatePgliteDir: string;
    /** The migrated, seeded PostgreSQL database to create each file's from, or "" on PGlite. */
    templateDatabaseName: string;
  }
}

async function seed(prisma: PrismaClient): Promise<void> {
  try {
    await seedDatabase(prisma);
    await seedPracticeCall(prisma);
  } finally {
    await prisma.$disconnect();
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const serverUrl = postgresServerUrl(process.env.DATABASE_URL);
  if (serverUrl) {
    const name = `test_template_${randomBytes(6).toString("hex")}`;
    const drop = () => withServerClient(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    await withServerClient(serverUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
    try {
      const url = new URL(serverUrl);
      url.pathname = `/${name}`;
      const runner = await postgresRunner(url.toString());
      try {
        await applyMigrations(runner);
      } finally {
        await runner.close();
      }
      const pool = new pg.Pool({ connectionString: url.toString(), max: 2 });
      try {
        await seed(new PrismaClient({ adapter: new PrismaPg(pool) }));
      } finally {
        await pool.end();
      }
    } catch (error) {
      await drop();
      throw error;
    }
    project.provide("templateDatabaseName", name);
    project.provide("templatePgliteDir", "");
    return async () => void (await drop());
  }

  const dir = mkdtempSync(path.join(tmpdir(), "portal-test-template-"));
  const remove = async () => rmSync(dir, { recursive: true, force: true });
  try {
    const dataDir = path.join(dir, "pglite");
    const db = new PGlite({ dataDir });
    try {
      await applyMigrations(pgliteRunner(db));
      await seed(new PrismaClient({ adapter: new PrismaPGlite(db) }));
    } finally {
      if (!db.closed) await db.close();
    }
    project.provide("templatePgliteDir", dataDir);
    project.provide("templateDatabaseName", "");
  } catch (error) {
    await remove();
    throw error;
  }
  return remove;
}
