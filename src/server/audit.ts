import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import type { StaffSession } from "./authz";

export type AuditAction = "create" | "update" | "delete" | "publish" | "unpublish" | "status" | "assign" | "unassign" | "conflict" | "score" | "decision" | "release" | "sign-out-everywhere" | "totp" | "extend-deadline" | "resend";

/** Who made a change: a staff member, or a command-line tool (id null, e.g. "staff:create"). */
export type AuditActor = Pick<StaffSession, "email"> & { id: string | null };

export interface AuditRecord {
  action: AuditAction;
  /** The model's name, e.g. "Mission", "Application", "StaffUser". */
  entity: string;
  entityId: string;
  summary?: string;
  before?: unknown;
  after?: unknown;
}

// Values as JSON: dates as ISO strings, Prisma decimals as strings, secrets never.
const secretFields = new Set(["passwordHash", "totpSecret", "accessTokenHash", "uploadTokenHash"]);

export function auditValue(value: unknown): Prisma.InputJsonValue | undefined {
  if (value === undefined || value === null) return undefined;
  return JSON.parse(
    JSON.stringify(value, (key, v) => (secretFields.has(key) ? "[redacted]" : typeof v === "bigint" ? v.toString() : v)),
  ) as Prisma.InputJsonValue;
}

/** Records one write, inside the transaction that makes it, so that a change and its record stand or fall together. */
export async function recordAudit(tx: Prisma.TransactionClient, actor: AuditActor, record: AuditRecord): Promise<void> {
  await tx.auditEntry.create({
    data: {
      actorId: actor.id,
      actorEmail: actor.email,
      action: record.action,
      entity: record.entity,
      entityId: record.entityId,
      summary: record.summary,
      before: auditValue(record.before),
      after: auditValue(record.after),
    },
  });
}
