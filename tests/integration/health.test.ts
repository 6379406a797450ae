import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { GET as getHealth } from "@/app/api/health/route";
import { GET as getHealthLive } from "@/app/api/health/live/route";
import { GET as getHealthReady } from "@/app/api/health/ready/route";
import { env } from "@/env";
import { healthLiveSchema, healthSchema } from "@/lib/validation/api";
import { sharedPool } from "../../runtime/bridge.mjs";
import { testDatabase, testPrisma } from "../support/database";

// What a load balancer and a unit manager read: /api/health/ready (and /api/health) say whether this instance may take
// traffic, /api/health/live only whether the process answers.

const shipped = readdirSync("prisma/migrations", { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();
const newest = shipped.at(-1)!;

async function read(get: () => Response | Promise<Response>) {
  const response = await get();
  return { status: response.status, cacheControl: response.headers.get("cache-control"), body: await response.json() };
}

describe("health checks", () => {
  it("answer ready on a migrated database, in the documented shapes, never cached", async () => {
    for (const get of [getHealthReady, getHealth]) {
      const answer = await read(get);
      expect(answer).toEqual({ status: 200, cacheControl: "no-store", body: { status: "ok", database: "up", migrations: "applied" } });
      expect(healthSchema.safeParse(answer.body).success).toBe(true);
    }
    const live = await read(getHealthLive);
    expect(live).toEqual({ status: 200, cacheControl: "no-store", body: { status: "ok" } });
    expect(healthLiveSchema.safeParse(live.body).success).toBe(true);
  });

  it("answer not ready, naming the migration, while one the release ships is missing; live stays 200", async () => {
    await testPrisma().$executeRaw`UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE migration_name = ${newest}`;
    try {
      for (const get of [getHealthReady, getHealth]) {
        expect(await read(get)).toEqual({
          status: 503,
          cacheControl: "no-store",
          body: { status: "unavailable", database: "up", migrations: "pending", pendingMigrations: [newest] },
        });
      }
      expect((await read(getHealthLive)).status).toBe(200);
    } finally {
      await testPrisma().$executeRaw`UPDATE "_prisma_migrations" SET rolled_back_at = NULL WHERE migration_name = ${newest}`;
    }
    expect((await read(getHealthReady)).status).toBe(200);
  });

  it("answer not ready, with every migration pending, on a database that was never migrated", async () => {
    await testPrisma().$executeRawUnsafe(`ALTER TABLE "_prisma_migrations" RENAME TO "_prisma_migrations_hidden"`);
    try {
      const answer = await read(getHealthReady);
      expect(answer.status).toBe(503);
      expect(answer.body).toEqual({ status: "unavailable", database: "up", migrations: "pending", pendingMigrations: shipped });
    } finally {
      await testPrisma().$executeRawUnsafe(`ALTER TABLE "_prisma_migrations_hidden" RENAME TO "_prisma_migrations"`);
    }
  });

  it("share the PostgreSQL pool, sized by DATABASE_POOL_MAX and DATABASE_POOL_TIMEOUT_MS, for /metrics; none on PGlite", async () => {
    await read(getHealthReady);
    const pool = sharedPool();
    if (testDatabase().kind === "postgres") {
      expect(pool?.options.max).toBe(env.DATABASE_POOL_MAX);
      expect(pool?.options.connectionTimeoutMillis).toBe(env.DATABASE_POOL_TIMEOUT_MS);
      expect(pool!.totalCount).toBeGreaterThan(0);
      expect(pool!.waitingCount).toBe(0);
    } else {
      expect(pool).toBeUndefined();
    }
  });
});
