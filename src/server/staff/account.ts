import "server-only";
import { recordAudit } from "../audit";
import { beginSignInAttempt, type ThrottleRefusal } from "../auth/throttle";
import { createTotpSecret, totpEnrolment, verifyTotp } from "../auth/totp";
import type { StaffSession } from "../authz";
import { prisma } from "../db";

export interface AccountView {
  email: string;
  name: string;
  totpEnabledAt: Date | null;
  /** While two-step verification is off: a pending secret to enrol, with its QR code. */
  enrolment?: { secret: string; uri: string; qrSvg: string };
}

/** The account page: keeps one pending TOTP secret until it is confirmed, so reloading shows the same QR code. */
export async function getAccountView(staff: StaffSession): Promise<AccountView> {
  const user = await prisma.staffUser.findUniqueOrThrow({ where: { id: staff.id } });
  if (user.totpEnabledAt) return { email: user.email, name: user.name, totpEnabledAt: user.totpEnabledAt };
  let secret = user.totpSecret;
  if (!secret) {
    secret = createTotpSecret();
    await prisma.staffUser.update({ where: { id: user.id }, data: { totpSecret: secret } });
  }
  return { email: user.email, name: user.name, totpEnabledAt: null, enrolment: { secret, ...(await totpEnrolment(user.email, secret)) } };
}

export type TotpChangeResult = { ok: true } | { ok: false; refused?: ThrottleRefusal; retryAfterSeconds?: number };

/** Checks a code typed on the account page, throttled like sign-in codes so that a held session cannot guess one. */
async function checkTotpCode(email: string, secret: string, code: string, clientIp: string): Promise<TotpChangeResult> {
  const attempt = await beginSignInAttempt(email, clientIp);
  if (!attempt.allowed) return { ok: false, refused: attempt.reason, retryAfterSeconds: attempt.retryAfterSeconds };
  if (!(await verifyTotp(secret, code))) return { ok: false };
  await attempt.withdraw();
  return { ok: true };
}

export async function enableTotp(staff: StaffSession, code: string, clientIp: string): Promise<TotpChangeResult> {
  const user = await prisma.staffUser.findUniqueOrThrow({ where: { id: staff.id } });
  if (user.totpEnabledAt || !user.totpSecret) return { ok: false };
  const checked = await checkTotpCode(user.email, user.totpSecret, code, clientIp);
  if (!checked.ok) return checked;
  await prisma.$transaction(async (tx) => {
    const enabledAt = new Date();
    await tx.staffUser.update({ where: { id: user.id }, data: { totpEnabledAt: enabledAt } });
    await recordAudit(tx, staff, { action: "totp", entity: "StaffUser", entityId: user.id, summary: "two-step verification on", before: { totpEnabledAt: null }, after: { totpEnabledAt: enabledAt } });
  });
  return { ok: true };
}

/**
 * Turns two-step verification off, only with a current code from the authenticator, and ends every session of
 * the account (this one included): whoever holds an old session must sign in again.
 */
export async function disableTotp(staff: StaffSession, code: string, clientIp: string): Promise<TotpChangeResult> {
  const user = await prisma.staffUser.findUniqueOrThrow({ where: { id: staff.id } });
  if (!user.totpEnabledAt || !user.totpSecret) return { ok: false };
  const checked = await checkTotpCode(user.email, user.totpSecret, code, clientIp);
  if (!checked.ok) return checked;
  await prisma.$transaction(async (tx) => {
    const after = await tx.staffUser.update({
      where: { id: staff.id },
      data: { totpEnabledAt: null, totpSecret: null, sessionVersion: { increment: 1 } },
      select: { sessionVersion: true },
    });
    await recordAudit(tx, staff, {
      action: "totp",
      entity: "StaffUser",
      entityId: staff.id,
      summary: "two-step verification off",
      before: { totpEnabledAt: user.totpEnabledAt, sessionVersion: user.sessionVersion },
      after: { totpEnabledAt: null, sessionVersion: after.sessionVersion },
    });
  });
  return { ok: true };
}

/** Ends every session of the account, this one included: each stops working at its next request. */
export async function endAllSessions(staff: StaffSession): Promise<void> {
  await prisma.$transaction(async (tx) => {
    await tx.staffSession.deleteMany({ where: { staffId: staff.id } });
    const user = await tx.staffUser.update({ where: { id: staff.id }, data: { sessionVersion: { increment: 1 } }, select: { sessionVersion: true } });
    await recordAudit(tx, staff, { action: "sign-out-everywhere", entity: "StaffUser", entityId: staff.id, after: { sessionVersion: user.sessionVersion } });
  });
}
