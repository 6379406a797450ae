import "server-only";
import type { StaffRoleName } from "@/lib/permissions";
import type { CreateStaffInput } from "@/lib/validation/staff";
import type { StaffDetailsInput } from "@/lib/validation/admin/staff";
import type { Prisma } from "@/generated/prisma/client";
import { type AuditActor, recordAudit } from "../audit";
import { hashPassword } from "../auth/passwords";
import { clearSignInFailures } from "../auth/throttle";
import type { StaffSession } from "../authz";
import { prisma } from "../db";

export class StaffEmailTaken extends Error {
  constructor() {
    super("A staff account with this email already exists.");
  }
}

export interface StaffSummary {
  id: string;
  email: string;
  name: string;
  role: StaffRoleName;
}

/** Creates a staff account with an argon2id password hash, recorded in the audit trail. */
export async function createStaffUser(input: CreateStaffInput, actor: AuditActor): Promise<StaffSummary> {
  const passwordHash = await hashPassword(input.password);
  return prisma.$transaction(async (tx) => {
    if (await tx.staffUser.findUnique({ where: { email: input.email }, select: { id: true } })) throw new StaffEmailTaken();
    const user = await tx.staffUser.create({
      data: { email: input.email, name: input.name, role: input.role, passwordHash },
      select: { id: true, email: true, name: true, role: true },
    });
    await recordAudit(tx, actor, { action: "create", entity: "StaffUser", entityId: user.id, summary: `${user.email} (${user.role})`, after: user });
    return user;
  });
}

/** Why an administrator's change to an account was refused; each is a message key under "Errors". */
export type StaffChangeRefusal = "staffNotFound" | "staffSelfDisable" | "staffSelfDemote" | "staffLastAdmin" | "staleEdit";

export type StaffChangeResult = { ok: true } | { ok: false; reason: StaffChangeRefusal };

interface LockedAccount {
  id: string;
  role: StaffRoleName;
  disabledAt: Date | null;
}

/**
 * Locks the account and every active administrator for the rest of the transaction, so that two
 * administrators demoting or disabling each other at once cannot leave the panel without one.
 */
async function lockAccountAndAdmins(tx: Prisma.TransactionClient, id: string): Promise<{ target?: LockedAccount; activeAdminIds: string[] }> {
  const rows = await tx.$queryRaw<LockedAccount[]>`
    SELECT id, role::text AS role, "disabledAt" FROM "StaffUser"
    WHERE id = ${id} OR (role = 'ADMIN' AND "disabledAt" IS NULL)
    ORDER BY id FOR UPDATE`;
  return {
    target: rows.find((row) => row.id === id),
    activeAdminIds: rows.filter((row) => row.role === "ADMIN" && row.disabledAt === null).map((row) => row.id),
  };
}

/** The rules that keep the panel administrable: no one locks themselves out, and one active administrator always remains. */
function refusalFor(
  actor: StaffSession,
  target: LockedAccount,
  activeAdminIds: string[],
  next: { role: StaffRoleName; disabled: boolean },
): StaffChangeRefusal | undefined {
  const self = target.id === actor.id;
  if (self && next.disabled && !target.disabledAt) return "staffSelfDisable";
  if (self && target.role === "ADMIN" && next.role !== "ADMIN") return "staffSelfDemote";
  const wasActiveAdmin = target.role === "ADMIN" && !target.disabledAt;
  const staysActiveAdmin = next.role === "ADMIN" && !next.disabled;
  if (wasActiveAdmin && !staysActiveAdmin && activeAdminIds.every((adminId) => adminId === target.id)) return "staffLastAdmin";
  return undefined;
}

/** Changes an account's name and role; a new role ends the account's sessions, so it takes effect at once. */
export async function updateStaffDetails(actor: StaffSession, input: StaffDetailsInput): Promise<StaffChangeResult> {
  return prisma.$transaction(async (tx) => {
    const { target, activeAdminIds } = await lockAccountAndAdmins(tx, input.id);
    if (!target) return { ok: false, reason: "staffNotFound" };
    const before = await tx.staffUser.findUniqueOrThrow({ where: { id: input.id }, select: { name: true, role: true, sessionVersion: true, updatedAt: true } });
    if (before.updatedAt.toISOString() !== input.updatedAt) return { ok: false, reason: "staleEdit" };
    const refusal = refusalFor(actor, target, activeAdminIds, { role: input.role, disabled: target.disabledAt !== null });
    if (refusal) return { ok: false, reason: refusal };
    if (before.name === input.name && before.role === input.role) return { ok: true };
    const roleChanged = before.role !== input.role;
    const after = await tx.staffUser.update({
      where: { id: input.id },
      data: { name: input.name, role: input.role, ...(roleChanged ? { sessionVersion: { increment: 1 } } : {}) },
      select: { name: true, role: true, sessionVersion: true, email: true },
    });
    await recordAudit(tx, actor, {
      action: "update",
      entity: "StaffUser",
      entityId: input.id,
      summary: roleChanged ? `${after.email}: role ${before.role} → ${after.role}` : `${after.email}: name changed`,
      before: { name: before.name, role: before.role, sessionVersion: before.sessionVersion },
      after: { name: after.name, role: after.role, sessionVersion: after.sessionVersion },
    });
    return { ok: true };
  });
}

/** Disables an account (ending its sessions) or enables it again. */
export async function setStaffDisabled(actor: StaffSession, id: string, disabled: boolean): Promise<StaffChangeResult> {
  return prisma.$transaction(async (tx) => {
    const { target, activeAdminIds } = await lockAccountAndAdmins(tx, id);
    if (!target) return { ok: false, reason: "staffNotFound" };
    const refusal = refusalFor(actor, target, activeAdminIds, { role: target.role, disabled });
    if (refusal) return { ok: false, reason: refusal };
    if ((target.disabledAt !== null) === disabled) return { ok: true };
    const before = await tx.staffUser.findUniqueOrThrow({ where: { id }, select: { disabledAt: true, sessionVersion: true } });
    const after = await tx.staffUser.update({
      where: { id },
      data: disabled ? { disabledAt: new Date(), sessionVersion: { increment: 1 } } : { disabledAt: null },
      select: { email: true, disabledAt: true, sessionVersion: true },
    });
    await recordAudit(tx, actor, {
      action: "update",
      entity: "StaffUser",
      entityId: id,
      summary: `${after.email}: ${disabled ? "disabled" : "enabled"}`,
      before,
      after: { disabledAt: after.disabledAt, sessionVersion: after.sessionVersion },
    });
    return { ok: true };
  });
}

/** Sets a new password chosen by an administrator and ends the account's sessions. */
export async function resetStaffPassword(actor: StaffSession, id: string, password: string): Promise<StaffChangeResult> {
  const passwordHash = await hashPassword(password);
  return prisma.$transaction(async (tx) => {
    const before = await tx.staffUser.findUnique({ where: { id }, select: { sessionVersion: true } });
    if (!before) return { ok: false, reason: "staffNotFound" };
    const after = await tx.staffUser.update({
      where: { id },
      data: { passwordHash, sessionVersion: { increment: 1 } },
      select: { email: true, sessionVersion: true },
    });
    await recordAudit(tx, actor, {
      action: "update",
      entity: "StaffUser",
      entityId: id,
      summary: `${after.email}: password reset`,
      before,
      after: { sessionVersion: after.sessionVersion },
    });
    return { ok: true };
  });
}

/** Forgets the account's failed sign-ins from every address, so that none of them has to wait before trying again. */
export async function unlockStaff(actor: StaffSession, id: string): Promise<StaffChangeResult> {
  return prisma.$transaction(async (tx) => {
    const user = await tx.staffUser.findUnique({ where: { id }, select: { email: true } });
    if (!user) return { ok: false, reason: "staffNotFound" };
    const failedSignIns = await clearSignInFailures(tx, user.email);
    if (failedSignIns === 0) return { ok: true };
    await recordAudit(tx, actor, {
      action: "update",
      entity: "StaffUser",
      entityId: id,
      summary: `${user.email}: failed sign-ins cleared`,
      before: { failedSignIns },
      after: { failedSignIns: 0 },
    });
    return { ok: true };
  });
}

/** Turns off someone's two-step verification (e.g. a lost phone) and ends their sessions; they may enrol again. */
export async function resetStaffTotp(actor: StaffSession, id: string): Promise<StaffChangeResult> {
  return prisma.$transaction(async (tx) => {
    const before = await tx.staffUser.findUnique({ where: { id }, select: { totpEnabledAt: true, sessionVersion: true } });
    if (!before) return { ok: false, reason: "staffNotFound" };
    if (!before.totpEnabledAt) return { ok: true };
    const after = await tx.staffUser.update({
      where: { id },
      data: { totpEnabledAt: null, totpSecret: null, sessionVersion: { increment: 1 } },
      select: { email: true, totpEnabledAt: true, sessionVersion: true },
    });
    await recordAudit(tx, actor, {
      action: "totp",
      entity: "StaffUser",
      entityId: id,
      summary: `${after.email}: two-step verification turned off by an administrator`,
      before,
      after: { totpEnabledAt: after.totpEnabledAt, sessionVersion: after.sessionVersion },
    });
    return { ok: true };
  });
}
