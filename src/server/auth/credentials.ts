import "server-only";
import type { StaffRoleName } from "@/lib/permissions";
import type { SignInInput } from "@/lib/validation/staff";
import { prisma } from "../db";
import { verifyPassword } from "./passwords";
import { beginSignInAttempt, type ThrottleRefusal } from "./throttle";
import { verifyTotp } from "./totp";

export interface SignedInStaff {
  id: string;
  email: string;
  name: string;
  role: StaffRoleName;
  sessionVersion: number;
}

/** Why a sign-in was refused; each is a message key under "Errors", none tells whether the email exists. */
export type SignInRefusal = "signInFailed" | ThrottleRefusal | "totpRequired" | "totpInvalid";

export type SignInResult =
  | { ok: true; staff: SignedInStaff }
  | { ok: false; reason: SignInRefusal; retryAfterSeconds?: number };

/**
 * Checks email, password and (when enabled) the TOTP code, each attempt throttled per email and client address
 * (./throttle.ts). An unknown email, a disabled account and a wrong password take the same path and the same time.
 */
export async function verifyStaffCredentials(input: SignInInput, clientIp: string): Promise<SignInResult> {
  const attempt = await beginSignInAttempt(input.email, clientIp);
  if (!attempt.allowed) return { ok: false, reason: attempt.reason, retryAfterSeconds: attempt.retryAfterSeconds };

  const user = await prisma.staffUser.findUnique({ where: { email: input.email } });
  const passwordMatches = await verifyPassword(user?.passwordHash, input.password);
  if (!user || user.disabledAt || !passwordMatches) return { ok: false, reason: "signInFailed" };

  if (user.totpEnabledAt && user.totpSecret) {
    if (!input.code) {
      await attempt.withdraw();
      return { ok: false, reason: "totpRequired" };
    }
    if (!(await verifyTotp(user.totpSecret, input.code))) return { ok: false, reason: "totpInvalid" };
  }

  await Promise.all([attempt.succeeded(), prisma.staffUser.update({ where: { id: user.id }, data: { lastSignInAt: new Date() } })]);
  return { ok: true, staff: { id: user.id, email: user.email, name: user.name, role: user.role, sessionVersion: user.sessionVersion } };
}
