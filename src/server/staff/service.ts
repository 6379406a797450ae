import "server-only";
import type { StaffRoleName } from "@/lib/permissions";
import type { CreateStaffInput } from "@/lib/validation/staff";
import { type AuditActor, recordAudit } from "../audit";
import { hashPassword } from "../auth/passwords";
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
