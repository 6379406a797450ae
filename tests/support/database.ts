import { randomBytes } from "node:crypto";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { inject } from "vitest";
import type { PrismaClient } from "@/generated/prisma/client";
import { applyMigrations, openRunner, pgliteRunner, postgresRunner, type SqlRunner } from "../../prisma/migrate";
import { seedPracticeCall } from "../../prisma/practice-call";
import { seedDatabase } from "../../prisma/seed";
import { closeSharedDatabase, sharedDatabase, type SharedDatabase } from "../../runtime/bridge.mjs";
import { postgresServerUrl, withServerClient } from "./postgres-server";

// Every test file gets a database of its own: an embedded PGlite in a temporary directory or, when
// DATABASE_URL names a PostgreSQL server, a database created on that server and dropped afterwards.
// The app's src/server/db.ts connects to it from the environment, exactly as it does in production,
// so it must be installed before anything imports src/env.ts or src/server/db.ts.

// Read once, before installTestDatabase points DATABASE_URL at the test database itself.
const databaseServerUrl = process.env.DATABASE_URL || undefined;

// src/server/db.ts shares its client through the runtime's bridge; the production server closes it the same way.
const currentAppDatabase = () => sharedDatabase() as (SharedDatabase & { prisma?: PrismaClient }) | undefined;

export interface TestDatabase {
  kind: "pglite" | "postgres";
  /** The `prisma` that src/server/db.ts exports, connected to this file's database. */
  prisma: PrismaClient;
  close(): Promise<void>;
}

let installed: TestDatabase | undefined;

const serverUrlOfRun = () => postgresServerUrl(databaseServerUrl);

async function createPostgresDatabase(
  serverUrl: string,
  template?: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `test_${randomBytes(6).toString("hex")}`;
  await withServerClient(serverUrl, (client) =>
    client.query(`CREATE DATABASE "${name}"` + (template ? ` TEMPLATE "${template}"` : "")),
  );
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    // FORCE: a connection left open by a failed test must not keep the database alive.
    drop: async () => void (await withServerClient(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`))),
  };
}

/** Runs the cleanups in reverse order, all of them, then throws the first failure. */
async function runCleanups(cleanups: (() => unknown)[]): Promise<void> {
  let failure: unknown;
  for (const cleanup of cleanups.splice(0).reverse()) {
    try {
      await cleanup();
    } catch (error) {
      failure ??= error;
    }
  }
  if (failure) throw failure;
}

/**
 * The integration project's migrated and seeded template (tests/support/template-database.ts), if it made one:
 * a PGlite directory to copy, or a PostgreSQL database to create from.
 */
function seededTemplate(serverUrl: string | undefined): string | undefined {
  const template = serverUrl ? inject("templateDatabaseName") : inject("templatePgliteDir");
  return template || undefined;
}

/**
 * Creates this file's database, applies the migrations, seeds the published facts (unless told not to),
 * and has src/server/db.ts connect to it. Call it before importing anything that reads the database.
 * With seed, the database is a copy of the project's template, migrated and seeded once for every file.
 */
export async function installTestDatabase({ seed = true }: { seed?: boolean } = {}): Promise<TestDatabase> {
  if (installed || currentAppDatabase()) {
    throw new Error("src/server/db.ts already has a client in this process: install the test database before importing it");
  }
  const serverUrl = serverUrlOfRun();
  const savedEnv = { DATABASE_URL: process.env.DATABASE_URL, PGLITE_DATA_DIR: process.env.PGLITE_DATA_DIR };
  const cleanups: (() => unknown)[] = [
    () => {
      for (const [name, value] of Object.entries(savedEnv)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    },
  ];
  try {
    const template = seed ? seededTemplate(serverUrl) : undefined;
    let pgliteDir = "";
    if (serverUrl) {
      const database = await createPostgresDatabase(serverUrl, template);
      cleanups.push(database.drop);
      process.env.DATABASE_URL = database.url;
    } else {
      const dir = mkdtempSync(path.join(tmpdir(), "portal-test-"));
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      pgliteDir = path.join(dir, "pglite");
      if (template) cpSync(template, pgliteDir, { recursive: true });
      delete process.env.DATABASE_URL;
      process.env.PGLITE_DATA_DIR = pgliteDir;
    }

    if (!template) {
      // Our runner closes its PGlite handle before the app opens the same directory.
      const runner = await openRunner(process.env.DATABASE_URL, pgliteDir);
      try {
        await applyMigrations(runner);
      } finally {
        await runner.close();
      }
    }

    // A stale env.ts would connect the app to the developer's own database: refuse rather than touch it.
    const { env } = await import("@/env");
    if (env.DATABASE_URL !== process.env.DATABASE_URL || (!serverUrl && env.PGLITE_DATA_DIR !== pgliteDir)) {
      throw new Error("src/env.ts was loaded before the test database was installed");
    }
    const { prisma } = await import("@/server/db");
    const appDatabase = currentAppDatabase();
    if (!appDatabase || appDatabase.prisma !== prisma) {
      throw new Error("src/server/db.ts no longer shares its client through runtime/bridge.mjs");
    }
    cleanups.push(closeSharedDatabase);

    // The published facts, and the practice call that takes applications as the local portal's does.
    if (seed && !template) {
      await seedDatabase(prisma);
      await seedPracticeCall(prisma);
    }
    const database: TestDatabase = {
      kind: serverUrl ? "postgres" : "pglite",
      prisma,
      close: async () => {
        installed = undefined;
        await runCleanups(cleanups);
      },
    };
    installed = database;
    return database;
  } catch (error) {
    await runCleanups(cleanups).catch(() => {});
    throw error;
  }
}

/** The installed test database (integration tests get one from their setup file). */
export function testDatabase(): TestDatabase {
  if (!installed) throw new Error("No test database: call installTestDatabase() first");
  return installed;
}

/** The app's client of the installed test database, for factories and direct checks. */
export const testPrisma = (): PrismaClient => testDatabase().prisma;

export interface ScratchDatabase {
  runner: SqlRunner;
  /** Where another connection can reach it; null for PGlite, which allows one handle. */
  url: string | null;
  close(): Promise<void>;
}

/** A second, empty database of the same kind that the app does not use: for testing the migrations themselves. */
export async function createScratchDatabase(): Promise<ScratchDatabase> {
  const serverUrl = serverUrlOfRun();
  if (!serverUrl) {
    const runner = pgliteRunner(new PGlite());
    return { runner, url: null, close: () => runner.close() };
  }
  const database = await createPostgresDatabase(serverUrl);
  try {
    const runner = await postgresRunner(database.url);
    return { runner, url: database.url, close: () => runCleanups([database.drop, () => runner.close()]) };
  } catch (error) {
    await database.drop();
    throw error;
  }
}
