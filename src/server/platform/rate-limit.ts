import "server-only";
import { env } from "@/env";
import { prisma } from "../db";

export interface RateLimitRule {
  limit: number;
  windowSeconds: number;
}

// Limits per client address and per email, counted in the database so they hold across app instances.
export const RATE_LIMITS = {
  startPerIp: { limit: env.RATE_LIMIT_START_PER_IP, windowSeconds: 3600 },
  startPerEmail: { limit: env.RATE_LIMIT_START_PER_EMAIL, windowSeconds: 3600 },
  submitPerIp: { limit: env.RATE_LIMIT_SUBMIT_PER_IP, windowSeconds: 3600 },
} satisfies Record<string, RateLimitRule>;

export interface RateLimitResult {
  allowed: boolean;
  retryAfterSeconds: number;
  /** The window the attempt was counted in, for refundRateLimit. */
  windowStart: Date;
}

/** Counts one attempt against `key`; refuses once the window's limit is reached. */
export async function consumeRateLimit(key: string, rule: RateLimitRule): Promise<RateLimitResult> {
  const windowMs = rule.windowSeconds * 1000;
  const now = Date.now();
  const windowStart = new Date(Math.floor(now / windowMs) * windowMs);
  const rows = await prisma.$queryRaw<{ count: number }[]>`
    INSERT INTO "RateLimitBucket" ("key", "windowStart", "count") VALUES (${key}, ${windowStart}, 1)
    ON CONFLICT ("key", "windowStart") DO UPDATE SET "count" = "RateLimitBucket"."count" + 1
    RETURNING "count"`;
  const count = Number(rows[0]?.count ?? 1);
  return { allowed: count <= rule.limit, retryAfterSeconds: Math.ceil((windowStart.getTime() + windowMs - now) / 1000), windowStart };
}

/** The wait a refusal tells people, in whole minutes rounded up (a window resets at its boundary, not an hour after). */
export const minutesToWait = (retryAfterSeconds: number): number => Math.max(1, Math.ceil(retryAfterSeconds / 60));

/** Takes back one attempt counted by consumeRateLimit, for attempts that turn out not to be the kind the limit is for. */
export async function refundRateLimit(key: string, windowStart: Date): Promise<void> {
  await prisma.$executeRaw`
    UPDATE "RateLimitBucket" SET "count" = "count" - 1 WHERE "key" = ${key} AND "windowStart" = ${windowStart} AND "count" > 0`;
}
