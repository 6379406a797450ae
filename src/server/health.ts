import "server-only";
import type { Health, HealthLive } from "@/lib/validation/api";
import { listMigrations } from "../../prisma/migrate";
import { NO_STORE, respondWithJson } from "./api/respond";
import { prisma, probeDatabase } from "./db";

// Health checks answer in their own shape, outside handleApi, and never throw: a load balancer or a unit manager reads
// the status code, an operator the body. Route handlers run per request, so every call asks afresh.

let shipped: string[] | undefined;

/** The migrations this release ships (prisma/migrations); the files do not change while the process runs. */
function shippedMigrations(): string[] {
  return (shipped ??= listMigrations().map((migration) => migration.name));
}

/** Whether the database answers and holds every shipped migration, as prisma/migrate.ts records them. */
export async function checkReadiness(): Promise<Health> {
  if (!(await probeDatabase())) return { status: "unavailable", database: "down", migrations: "unknown" };
  const applied = new Set<string>();
  try {
    // A database never migrated has no table to read; its every migration is pending.
    const [table] = await prisma.$queryRaw<{ present: boolean }[]>`SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS present`;
    if (table?.present) {
      const rows = await prisma.$queryRaw<{ migration_name: string }[]>`
        SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;
      for (const row of rows) applied.add(row.migration_name);
    }
  } catch {
    return { status: "unavailable", database: "up", migrations: "unknown" };
  }
  const pendingMigrations = shippedMigrations().filter((name) => !applied.has(name));
  return pendingMigrations.length > 0
    ? { status: "unavailable", database: "up", migrations: "pending", pendingMigrations }
    : { status: "ok", database: "up", migrations: "applied" };
}

/** 200 when ready, 503 otherwise, with the reason in the body. */
export async function respondWithReadiness(): Promise<Response> {
  const health = await checkReadiness();
  return respondWithJson(health, { status: health.status === "ok" ? 200 : 503, cacheControl: NO_STORE });
}

/** 200 while the process can answer at all; the database is not asked, so a restart is never ordered for its outage. */
export function respondWithLiveness(): Response {
  const body: HealthLive = { status: "ok" };
  return respondWithJson(body, { status: 200, cacheControl: NO_STORE });
}
