import "server-only";
import { env } from "@/env";
import type { StaffRoleName } from "@/lib/permissions";
import type { SignInInput } from "@/lib/validation/staff";
import { consumeRateLimit, type RateLimitRule } from "../applications/rate-limit";
import { prisma } from "../db";
import { verifyPassword } from "./passwords";
import { verifyTotp } from "./totp";

export const SIGN_IN_LIMITS = {
  perIp: { limit: env.RATE_LIMIT_SIGN_IN_PER_IP, windowSeconds: 900 },
  perEmail: { limit: env.RATE_LIMIT_SIGN_IN_PER_EMAIL, windowSeconds: 900 },
} satisfies Record<string, RateLimitRule>;

/** After this many wrong passwords or codes in a row the account is locked for LOCKOUT_MINUTES. */
export const LOCKOUT_AFTER = 5;
export const LOCKOUT_MINUTES = 15;

export interface SignedInStaff {
  id: string;
  email: string;
  name: string;
  role: StaffRoleName;
  sessionVersion: number;
}

/** Why a sign-in was refused; each is a message key under "Errors", none tells whether the email exists. */
export type SignInRefusal = "signInFailed" | "signInLocked" | "signInRateLimited" | "totpRequired" | "totpInvalid";

export type SignInResult = { ok: true; staff: SignedInStaff } | { ok: false; reason: SignInRefusal };

/** Checks email, password and (when enabled) the TOTP code, counting failures toward lockout and the rate limits. */
export async function verifyStaffCredentials(input: SignInInput, clientIp: string): Promise<SignInResult> {
  const [byIp, byEmail] = await Promise.all([
    consumeRateLimit(`sign-in:ip:${clientIp}`, SIGN_IN_LIMITS.perIp),
    consumeRateLimit(`sign-in:email:${input.email}`, SIGN_IN_LIMITS.perEmail),
  ]);
  if (!byIp.allowed || !byEmail.allowed) return { ok: false, reason: "signInRateLimited" };

  const user = await prisma.staffUser.findUnique({ where: { email: input.email } });
  const passwordMatches = await verifyPassword(user?.passwordHash, input.password);
  if (!user || user.disabledAt) return { ok: false, reason: "signInFailed" };
  if (user.lockedUntil && user.lockedUntil > new Date()) return { ok: false, reason: "signInLocked" };
  if (!passwordMatches) return recordFailure(user.id, "signInFailed");

  if (user.totpEnabledAt && user.totpSecret) {
    if (!input.code) return { ok: false, reason: "totpRequired" };
    if (!(await verifyTotp(user.totpSecret, input.code))) return recordFailure(user.id, "totpInvalid");
  }

  await prisma.staffUser.update({
    where: { id: user.id },
    data: { failedSignIns: 0, lockedUntil: null, lastSignInAt: new Date() },
  });
  return { ok: true, staff: { id: user.id, email: user.email, name: user.name, role: user.role, sessionVersion: user.sessionVersion } };
}

async function recordFailure(userId: string, reason: SignInRefusal): Promise<SignInResult> {
  // One statement, so that failures counted by two instances at once are both counted; an expired lock starts a new count.
  const lockUntil = new Date(Date.now() + LOCKOUT_MINUTES * 60_000);
  const rows = await prisma.$queryRaw<{ failedSignIns: number }[]>`
    UPDATE "StaffUser" SET
      "failedSignIns" = CASE WHEN "lockedUntil" <= now() THEN 1 ELSE "failedSignIns" + 1 END,
      "lockedUntil" = CASE
        WHEN (CASE WHEN "lockedUntil" <= now() THEN 1 ELSE "failedSignIns" + 1 END) >= ${LOCKOUT_AFTER} THEN ${lockUntil}
        WHEN "lockedUntil" <= now() THEN NULL
        ELSE "lockedUntil" END
    WHERE id = ${userId} RETURNING "failedSignIns"`;
  return { ok: false, reason: Number(rows[0]?.failedSignIns ?? 0) >= LOCKOUT_AFTER ? "signInLocked" : reason };
}
