import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { callDefinitionSchema, type CallDefinition } from "@/lib/calls/definition";
import { fieldErrorsOf, type FieldErrors } from "@/lib/form-state";
import type { AuditActor } from "../audit";
import { recordAudit } from "../audit";
import { prisma } from "../db";
import { createLruCache } from "../platform/lru";
import { syncPools } from "./pools";

// A call's form as data, in versions: a version is edited in place until an application has been submitted against
// it; from then on a change makes a new version, and every application keeps (and is shown against) its own.

export interface StoredDefinition {
  id: string;
  version: number;
  definition: CallDefinition;
}

type Db = Prisma.TransactionClient | typeof prisma;

// Parsing a definition walks every question; a version is parsed once per process and per edit. Which version and
// edit is read first (a small row); the definition itself only when this process has not parsed that edit yet.
const parsed = createLruCache<CallDefinition>(64);
const versionSelect = { id: true, version: true, updatedAt: true } as const;

/** Which version and edit of a call's form: the small row a cached read may carry (its instant as a Date or ISO string). */
export type DefinitionVersion = { id: string; version: number; updatedAt: Date | string };

/** A version's definition, parsed once per process and edit. */
export async function storedDefinition(row: DefinitionVersion, db: Db = prisma): Promise<StoredDefinition> {
  const key = `${row.id}@${new Date(row.updatedAt).getTime()}`;
  let definition = parsed.get(key);
  if (!definition) {
    const { definition: json } = await db.callDefinition.findUniqueOrThrow({ where: { id: row.id }, select: { definition: true } });
    definition = callDefinitionSchema.parse(json);
    parsed.set(key, definition);
  }
  return { id: row.id, version: row.version, definition };
}

/** The call's latest version and edit, without its definition. */
export function currentDefinitionVersion(opportunityId: string, db: Db = prisma): Promise<DefinitionVersion | null> {
  return db.callDefinition.findFirst({ where: { opportunityId }, orderBy: { version: "desc" }, select: versionSelect });
}

/** The call's latest version; null for a call whose form is not defined here. */
export async function currentDefinition(opportunityId: string, db: Db = prisma): Promise<StoredDefinition | null> {
  const row = await currentDefinitionVersion(opportunityId, db);
  return row ? storedDefinition(row, db) : null;
}

/** The version an application answers: the one it started on (or, for one started before versions, the first). */
export async function definitionOf(application: { opportunityId: string; definitionId: string | null }, db: Db = prisma): Promise<StoredDefinition | null> {
  const row = application.definitionId
    ? await db.callDefinition.findUnique({ where: { id: application.definitionId }, select: versionSelect })
    : await db.callDefinition.findFirst({ where: { opportunityId: application.opportunityId }, orderBy: { version: "asc" }, select: versionSelect });
  return row ? storedDefinition(row, db) : null;
}

export type SaveDefinitionResult = { ok: true; version: number; newVersion: boolean } | { ok: false; fieldErrors: FieldErrors };

/**
 * Saves a call's definition after the meta-schema accepts it: in place while no application has been submitted
 * against the latest version, else as the next version. Audited in the same transaction.
 */
export async function saveCallDefinition(tx: Prisma.TransactionClient, actor: AuditActor, opportunityId: string, input: unknown): Promise<SaveDefinitionResult> {
  const checked = callDefinitionSchema.safeParse(input);
  if (!checked.success) return { ok: false, fieldErrors: fieldErrorsOf(checked.error) };
  // The pools follow the definition (capacity, limit per request) in the same transaction, or nothing is saved.
  const poolErrors = await syncPools(tx, opportunityId, checked.data.pools);
  if (poolErrors) return { ok: false, fieldErrors: poolErrors };
  const definition = checked.data as unknown as Prisma.InputJsonValue;
  const latest = await tx.callDefinition.findFirst({ where: { opportunityId }, orderBy: { version: "desc" }, select: { id: true, version: true } });
  const answered = latest ? (await tx.application.count({ where: { definitionId: latest.id, status: { not: "DRAFT" } } })) > 0 : false;
  const row =
    latest && !answered
      ? await tx.callDefinition.update({ where: { id: latest.id }, data: { definition } })
      : await tx.callDefinition.create({ data: { opportunityId, version: (latest?.version ?? 0) + 1, definition } });
  await recordAudit(tx, actor, {
    action: latest && !answered ? "update" : "create",
    entity: "CallDefinition",
    entityId: row.id,
    summary: `version ${row.version}`,
  });
  return { ok: true, version: row.version, newVersion: !latest || answered };
}
