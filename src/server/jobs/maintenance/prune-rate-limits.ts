import "server-only";
import { SIGN_IN_THROTTLE } from "../../auth/throttle";
import { prisma } from "../../db";
import { RATE_LIMITS } from "../../platform/rate-limit";
import type { PeriodicTask } from "../types";

// The longest window any rule counts in (an hour; the team's invitation limit in applications/team.ts is an hour
// too): a bucket that started longer ago than that counts for nothing.
const LONGEST_WINDOW_MS = Math.max(...[...Object.values(RATE_LIMITS), SIGN_IN_THROTTLE.perAddress].map((rule) => rule.windowSeconds)) * 1000;

/** Deletes rate-limit buckets whose window has passed and sign-in throttles that no longer count; how many of each. */
export async function pruneRateLimits(now: Date): Promise<{ buckets: number; throttles: number }> {
  const buckets = await prisma.rateLimitBucket.deleteMany({ where: { windowStart: { lt: new Date(now.getTime() - LONGEST_WINDOW_MS) } } });
  // A pair's failures older than forgetAfterHours are forgotten (throttle.ts counts afresh), and it waits no more.
  const forgetBefore = new Date(now.getTime() - SIGN_IN_THROTTLE.forgetAfterHours * 3_600_000);
  const throttles = await prisma.signInThrottle.deleteMany({
    where: { retryAt: { lte: now }, OR: [{ lastFailureAt: { lt: forgetBefore } }, { failures: { lte: 0 } }] },
  });
  return { buckets: buckets.count, throttles: throttles.count };
}

export const pruneRateLimitsTask: PeriodicTask = {
  name: "prune-rate-limits",
  everyMs: 15 * 60_000,
  // Buckets and throttles are counted on the real clock (rate-limit.ts, throttle.ts), not the deadline clock tests move.
  run: async () => {
    const { buckets, throttles } = await pruneRateLimits(new Date());
    return `pruned ${buckets} rate-limit buckets and ${throttles} sign-in throttles`;
  },
};
