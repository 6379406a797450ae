import "server-only";
import { env } from "@/env";
import { Prisma } from "@/generated/prisma/client";
import { consumeRateLimit, refundRateLimit, type RateLimitRule } from "../platform/rate-limit";
import { prisma } from "../db";
import { addressGroup } from "../platform/client-address";

/**
 * Growing delays instead of a lockout (OWASP Authentication Cheat Sheet): each (email, client address) pair may
 * fail `freeFailures` times, then waits 1 s before its next attempt, 2 s after the next failure, 4 s, … up to
 * `maxDelaySeconds`. Only that pair waits, so a stranger's guesses never keep the owner out from elsewhere; a
 * successful sign-in clears the pair. Each address may also fail `perAddress.limit` times in 15 minutes whatever
 * the emails, against trying one password on many accounts. Unknown emails are throttled exactly like real ones.
 */
export const SIGN_IN_THROTTLE = {
  freeFailures: 5,
  maxDelaySeconds: 15 * 60,
  /** A pair's failures older than this are forgotten. */
  forgetAfterHours: 24,
  perAddress: { limit: env.RATE_LIMIT_SIGN_IN_PER_IP, windowSeconds: 15 * 60 } satisfies RateLimitRule,
};

// The wait after a pair's n-th failure, in SQL, so that counting a failure and setting the wait are one statement.
const delayAfter = (failures: Prisma.Sql) => {
  const { freeFailures, maxDelaySeconds } = SIGN_IN_THROTTLE;
  return Prisma.sql`make_interval(secs => CASE WHEN ${failures} < ${freeFailures}::int THEN 0
    ELSE LEAST(power(2, ${failures} - ${freeFailures}::int), ${maxDelaySeconds}::int) END)`;
};

const forgetBefore = (now: Date) => new Date(now.getTime() - SIGN_IN_THROTTLE.forgetAfterHours * 3_600_000);

export type ThrottleRefusal = "signInDelayed" | "signInRateLimited";

export type SignInAttempt =
  | { allowed: false; reason: ThrottleRefusal; retryAfterSeconds: number }
  | {
      allowed: true;
      /** The right credentials: the pair starts again from nothing. */
      succeeded(): Promise<void>;
      /** Not a failure, yet no sign-in (the right password with the code still to come, a right code on the account page). */
      withdraw(): Promise<void>;
    };

/**
 * Admits one password or code attempt for `email` from `clientIp`, or says how long to wait. An admitted attempt
 * is counted as a failure before it is checked, so that parallel guesses cannot slip past the wait; a right one
 * is then taken back with succeeded() or withdraw().
 */
export async function beginSignInAttempt(email: string, clientIp: string): Promise<SignInAttempt> {
  const address = addressGroup(clientIp);
  const addressKey = `sign-in:ip:${address}`;
  const byAddress = await consumeRateLimit(addressKey, SIGN_IN_THROTTLE.perAddress);
  if (!byAddress.allowed) return { allowed: false, reason: "signInRateLimited", retryAfterSeconds: byAddress.retryAfterSeconds };

  const now = new Date();
  if (!(await countFailure(email, address, now))) {
    await refundRateLimit(addressKey, byAddress.windowStart);
    return { allowed: false, reason: "signInDelayed", retryAfterSeconds: await secondsToWait(email, address, now) };
  }
  return {
    allowed: true,
    async succeeded() {
      await Promise.all([
        refundRateLimit(addressKey, byAddress.windowStart),
        prisma.signInThrottle.deleteMany({ where: { OR: [{ email, address }, { lastFailureAt: { lt: forgetBefore(new Date()) } }] } }),
      ]);
    },
    async withdraw() {
      await Promise.all([
        refundRateLimit(addressKey, byAddress.windowStart),
        prisma.$executeRaw`
          UPDATE "SignInThrottle" SET "failures" = GREATEST("failures" - 1, 0), "retryAt" = LEAST("retryAt", ${new Date()}::timestamp)
          WHERE "email" = ${email} AND "address" = ${address}`,
      ]);
    },
  };
}

/** Counts a failure for the pair and sets its next wait, unless it is still waiting (then false). */
async function countFailure(email: string, address: string, now: Date): Promise<boolean> {
  const failures = Prisma.sql`(CASE WHEN t."lastFailureAt" < ${forgetBefore(now)}::timestamp THEN 1 ELSE t."failures" + 1 END)`;
  const rows = await prisma.$queryRaw<{ failures: number }[]>`
    INSERT INTO "SignInThrottle" AS t ("email", "address", "failures", "lastFailureAt", "retryAt")
    VALUES (${email}, ${address}, 1, ${now}::timestamp, ${now}::timestamp + ${delayAfter(Prisma.sql`1`)})
    ON CONFLICT ("email", "address") DO UPDATE SET
      "failures" = ${failures}, "lastFailureAt" = ${now}::timestamp, "retryAt" = ${now}::timestamp + ${delayAfter(failures)}
    WHERE t."retryAt" <= ${now}::timestamp
    RETURNING t."failures"`;
  return rows.length > 0;
}

async function secondsToWait(email: string, address: string, now: Date): Promise<number> {
  const row = await prisma.signInThrottle.findUnique({ where: { email_address: { email, address } }, select: { retryAt: true } });
  const waitMs = row ? row.retryAt.getTime() - now.getTime() : 0;
  return Math.max(1, Math.ceil(waitMs / 1000));
}

export interface RecentSignInFailures {
  failures: number;
  /** Client addresses (IPv6: networks) they came from. */
  addresses: number;
  /** The latest time one of those addresses must wait until, if any still waits. */
  waitUntil: Date | null;
}

/** Failed sign-ins for an email not yet followed by a successful one from the same address, for administrators. */
export async function recentSignInFailures(email: string, now = new Date()): Promise<RecentSignInFailures> {
  const rows = await prisma.signInThrottle.findMany({
    where: { email, failures: { gt: 0 }, lastFailureAt: { gte: forgetBefore(now) } },
    select: { failures: true, retryAt: true },
  });
  const waiting = rows.map((r) => r.retryAt).filter((at) => at > now);
  return {
    failures: rows.reduce((sum, r) => sum + r.failures, 0),
    addresses: rows.length,
    waitUntil: waiting.length ? new Date(Math.max(...waiting.map((at) => at.getTime()))) : null,
  };
}

/** Forgets every failed sign-in for an email, from every address: an administrator's "let them try again now". */
export async function clearSignInFailures(tx: Prisma.TransactionClient, email: string): Promise<number> {
  const rows = await tx.signInThrottle.findMany({ where: { email }, select: { failures: true } });
  await tx.signInThrottle.deleteMany({ where: { email } });
  return rows.reduce((sum, r) => sum + r.failures, 0);
}
