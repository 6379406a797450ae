import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { sharedPool, sharePool } from "../runtime/bridge.mjs";
import { env } from "../src/env";

// The driver adapter is chosen from DATABASE_URL: shared by the app, the seed and the Prisma CLI.
export function databaseKind(): "postgres" | "pglite" {
  return env.DATABASE_URL ? "postgres" : "pglite";
}

export function pgliteDataDir(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.cwd(), env.PGLITE_DATA_DIR);
}

export function createAdapter() {
  if (env.DATABASE_URL) {
    // The pool is ours rather than the adapter's, so that the server's metrics can read its waits (runtime/bridge.mjs).
    const pool = new pg.Pool({
      connectionString: env.DATABASE_URL,
      max: env.DATABASE_POOL_MAX,
      connectionTimeoutMillis: env.DATABASE_POOL_TIMEOUT_MS,
    });
    // An idle connection the server drops emits here; the next query opens a new one.
    pool.on("error", () => {});
    sharePool(pool);
    return {
      adapter: new PrismaPg(pool),
      close: async () => {
        if (sharedPool() === pool) sharePool(undefined);
        await pool.end();
      },
    };
  }
  const dataDir = pgliteDataDir();
  mkdirSync(path.dirname(dataDir), { recursive: true });
  const pglite = new PGlite({ dataDir });
  return { adapter: new PrismaPGlite(pglite), close: () => pglite.close() };
}
