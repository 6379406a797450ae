import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
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
    const adapter = new PrismaPg({
      connectionString: env.DATABASE_URL,
      max: 10,
      connectionTimeoutMillis: 3000,
    });
    return { adapter, close: async () => {} };
  }
  const dataDir = pgliteDataDir();
  mkdirSync(path.dirname(dataDir), { recursive: true });
  const pglite = new PGlite({ dataDir });
  return { adapter: new PrismaPGlite(pglite), close: () => pglite.close() };
}
