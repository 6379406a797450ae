import "server-only";
import { Prisma } from "@/generated/prisma/client";
import type { Pool } from "@/lib/calls/definition";
import { POOL_DECIMALS } from "@/lib/calls/pools";
import { prisma } from "../db";

// What a call shares out, kept per pool: the capacity its definition declares and what acceptances have reserved.
// Submissions read what is free under a share lock; an acceptance reserves under a row lock, pools always taken
// in the order of their keys, so two acceptances drawing on the same pools queue instead of deadlocking.

export type Db = Prisma.TransactionClient | typeof prisma;

/** An amount as a pool keeps it: rounded up to the pool's precision, so many small requests never exceed it. */
export const reservationAmount = (amount: Prisma.Decimal | number | string) => new Prisma.Decimal(amount).toDecimalPlaces(POOL_DECIMALS, Prisma.Decimal.ROUND_UP);

/** The total each pool is asked for, pools in key order (a group's rows may ask the same pool several times). */
export function totalsByPool(requests: { pool: string; amount: number }[]): { pool: string; amount: Prisma.Decimal }[] {
  const totals = new Map<string, Prisma.Decimal>();
  for (const r of requests) totals.set(r.pool, (totals.get(r.pool) ?? new Prisma.Decimal(0)).plus(reservationAmount(r.amount)));
  return [...totals.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([pool, amount]) => ({ pool, amount }));
}

/** What each of a call's pools (by its id or slug) can still take, by pool key. */
export async function remainingByPool(call: { id: string } | { slug: string }, db: Db = prisma): Promise<Record<string, number>> {
  const where = "id" in call ? { opportunityId: call.id } : { opportunity: { slug: call.slug } };
  const rows = await db.resourcePool.findMany({ where, select: { key: true, capacity: true, reserved: true } });
  return Object.fromEntries(rows.map((r) => [r.key, Math.max(0, r.capacity.minus(r.reserved).toNumber())]));
}

/**
 * The first pool that cannot take what is asked of it, with what it has free, read under a share lock: submissions
 * need not queue behind each other, while an acceptance waits for them and they for it. Null when all fit.
 */
export async function firstOverPool(tx: Prisma.TransactionClient, opportunityId: string, requests: { pool: string; amount: number }[]) {
  const totals = totalsByPool(requests);
  if (totals.length === 0) return null;
  // One statement for every pool asked, locked in code-point key order (COLLATE "C"), as acceptances lock them.
  const rows = await tx.$queryRaw<{ key: string; free: string }[]>`
    SELECT "key", ("capacity" - "reserved")::text AS free FROM "ResourcePool"
    WHERE "opportunityId" = ${opportunityId} AND "key" IN (${Prisma.join(totals.map((t) => t.pool))})
    ORDER BY "key" COLLATE "C" FOR SHARE`;
  const free = new Map(rows.map((r) => [r.key, new Prisma.Decimal(r.free)]));
  for (const { pool, amount } of totals) {
    const left = free.get(pool) ?? new Prisma.Decimal(0);
    if (amount.greaterThan(left)) return { pool, remaining: left.toNumber() };
  }
  return null;
}

export type Reservation = { pool: string; before: string; after: string };

/**
 * Reserves every amount an accepted application asks, all or nothing, under row locks taken in key order.
 * Returns what changed, or the pool that could not take its amount (nothing is then written).
 */
export async function reserve(
  tx: Prisma.TransactionClient,
  opportunityId: string,
  requests: { pool: string; amount: number }[],
): Promise<{ ok: true; reservations: Reservation[] } | { ok: false; pool: string }> {
  const totals = totalsByPool(requests);
  const locked: { id: string; key: string; capacity: Prisma.Decimal; reserved: Prisma.Decimal; amount: Prisma.Decimal }[] = [];
  for (const { pool, amount } of totals) {
    const rows = await tx.$queryRaw<{ id: string; capacity: string; reserved: string }[]>`
      SELECT "id", "capacity"::text AS "capacity", "reserved"::text AS "reserved" FROM "ResourcePool"
      WHERE "opportunityId" = ${opportunityId} AND "key" = ${pool} FOR UPDATE`;
    const row = rows[0];
    if (!row) return { ok: false, pool };
    const capacity = new Prisma.Decimal(row.capacity);
    const reserved = new Prisma.Decimal(row.reserved);
    if (reserved.plus(amount).greaterThan(capacity)) return { ok: false, pool };
    locked.push({ id: row.id, key: pool, capacity, reserved, amount });
  }
  const reservations: Reservation[] = [];
  for (const row of locked) {
    const after = row.reserved.plus(row.amount);
    await tx.resourcePool.update({ where: { id: row.id }, data: { reserved: after } });
    reservations.push({ pool: row.key, before: row.reserved.toFixed(POOL_DECIMALS), after: after.toFixed(POOL_DECIMALS) });
  }
  return { ok: true, reservations };
}

/**
 * Makes a call's pool rows follow its definition: each declared pool holds the declared capacity and limit per
 * request; a pool no longer declared goes. Refused, with nothing written, where a capacity would fall below what is
 * already reserved or a pool with reservations would go. The rows are locked first (in code-point key order, as acceptances
 * lock them), so an acceptance cannot reserve between the check and the write.
 */
export async function syncPools(tx: Prisma.TransactionClient, opportunityId: string, pools: Pool[]): Promise<Record<string, string> | null> {
  const rows = await tx.$queryRaw<{ key: string; reserved: string }[]>`
    SELECT "key", "reserved"::text AS "reserved" FROM "ResourcePool" WHERE "opportunityId" = ${opportunityId} ORDER BY "key" COLLATE "C" FOR UPDATE`;
  const reserved = new Map(rows.map((r) => [r.key, new Prisma.Decimal(r.reserved)]));
  const errors: Record<string, string> = {};
  pools.forEach((pool, i) => {
    if (reserved.get(pool.key)?.greaterThan(pool.capacity)) errors[`pools.${i}.capacity`] = "belowReserved";
  });
  const declared = new Set(pools.map((p) => p.key));
  if (rows.some((r) => !declared.has(r.key) && new Prisma.Decimal(r.reserved).greaterThan(0))) errors.pools = "reservedPoolRemoved";
  if (Object.keys(errors).length > 0) return errors;

  await tx.resourcePool.deleteMany({ where: { opportunityId, key: { notIn: [...declared] } } });
  for (const pool of pools) {
    const data = { capacity: pool.capacity, maxPerRequest: pool.maxPerRequest ?? null };
    await tx.resourcePool.upsert({ where: { opportunityId_key: { opportunityId, key: pool.key } }, update: data, create: { ...data, opportunityId, key: pool.key } });
  }
  return null;
}
