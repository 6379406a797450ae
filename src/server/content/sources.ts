import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { type ListQuery, pageWindow } from "@/lib/admin-list";
import type { SourceInput } from "@/lib/validation/admin/content";
import { recordAudit } from "../audit";
import type { StaffSession } from "../authz";
import { CACHE_TAGS } from "../cache";
import { prisma } from "../db";
import { checkVersion, fingerprint, refuseField, refuseInUse, refuseNotFound, refuseStale, refuseTaken, searchAny, writeContent } from "./write";

export const SOURCE_TAGS = [CACHE_TAGS.missions, CACHE_TAGS.opportunities];

export const sourceListSpec = {
  sorts: ["reference", "label", "created"] as const,
  defaultSort: "reference" as const,
  filters: { cited: ["yes", "no"] as const },
};
export type SourceListQuery = ListQuery<(typeof sourceListSpec.sorts)[number], keyof typeof sourceListSpec.filters>;

const citedBy = { OR: [{ missions: { some: {} } }, { opportunities: { some: {} } }] } satisfies Prisma.SourceWhereInput;

export interface SourceRow {
  id: string;
  reference: string;
  label: string;
  url: string | null;
  missions: number;
  opportunities: number;
  createdAt: string;
}

// Sources have no updatedAt: a form carries a digest of the columns it edits instead.
const sourceVersion = (row: { reference: string; label: string; url: string | null }) =>
  fingerprint({ reference: row.reference, label: row.label, url: row.url });

export async function listSourcesForStaff(query: SourceListQuery, { all = false } = {}): Promise<{ rows: SourceRow[]; total: number }> {
  const where: Prisma.SourceWhereInput = {
    ...searchAny(query.q, ["reference", "label", "url"]),
    ...(query.filters.cited === "yes" ? citedBy : query.filters.cited === "no" ? { NOT: citedBy } : {}),
  };
  const orderBy: Prisma.SourceOrderByWithRelationInput =
    query.sort === "label" ? { label: query.dir } : query.sort === "created" ? { createdAt: query.dir } : { reference: query.dir };
  const [rows, total] = await Promise.all([
    prisma.source.findMany({
      where,
      orderBy,
      ...(all ? {} : pageWindow(query.page)),
      include: { _count: { select: { missions: true, opportunities: true } } },
    }),
    prisma.source.count({ where }),
  ]);
  return {
    total,
    rows: rows.map((s) => ({
      id: s.id,
      reference: s.reference,
      label: s.label,
      url: s.url,
      missions: s._count.missions,
      opportunities: s._count.opportunities,
      createdAt: s.createdAt.toISOString(),
    })),
  };
}

export async function getSourceForStaff(id: string) {
  const s = await prisma.source.findUnique({
    where: { id },
    include: {
      missions: { orderBy: { nameEn: "asc" }, select: { id: true, nameEn: true, nameZh: true } },
      opportunities: { orderBy: { titleEn: "asc" }, select: { id: true, titleEn: true, titleZh: true } },
    },
  });
  if (!s) return null;
  return { ...s, createdAt: s.createdAt.toISOString(), version: sourceVersion(s) };
}
export type SourceForStaff = NonNullable<Awaited<ReturnType<typeof getSourceForStaff>>>;

export async function listSourceOptions(): Promise<{ id: string; reference: string; label: string }[]> {
  return prisma.source.findMany({ orderBy: { reference: "asc" }, select: { id: true, reference: true, label: true } });
}

/** Refuses a list of source ids that names a source that does not exist (a form sent with a stale list). */
export async function checkSourceIds(tx: Prisma.TransactionClient, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  const found = await tx.source.count({ where: { id: { in: ids } } });
  if (found !== new Set(ids).size) refuseField("sourceIds", "chooseOne");
}

async function checkReferenceFree(tx: Prisma.TransactionClient, reference: string, exceptId?: string) {
  const holder = await tx.source.findUnique({ where: { reference }, select: { id: true } });
  if (holder && holder.id !== exceptId) refuseTaken("reference");
}

export function createSource(staff: StaffSession, input: SourceInput) {
  return writeContent({ tags: SOURCE_TAGS, uniqueField: "reference" }, async (tx) => {
    await checkReferenceFree(tx, input.reference);
    const row = await tx.source.create({ data: input });
    await recordAudit(tx, staff, { action: "create", entity: "Source", entityId: row.id, after: row });
    return { id: row.id };
  });
}

export function updateSource(staff: StaffSession, ref: { id: string; version: string }, input: SourceInput) {
  return writeContent({ tags: SOURCE_TAGS, uniqueField: "reference" }, async (tx) => {
    const before = (await tx.source.findUnique({ where: { id: ref.id } })) ?? refuseNotFound();
    checkVersion(sourceVersion(before), ref.version);
    await checkReferenceFree(tx, input.reference, ref.id);
    // Conditional on the columns the form saw, as an updatedAt check would be.
    const { count } = await tx.source.updateMany({
      where: { id: ref.id, reference: before.reference, label: before.label, url: before.url },
      data: input,
    });
    if (count === 0) refuseStale();
    const after = await tx.source.findUniqueOrThrow({ where: { id: ref.id } });
    await recordAudit(tx, staff, { action: "update", entity: "Source", entityId: ref.id, before: before, after: after });
    return { id: ref.id };
  });
}

/** Refused while a mission or opportunity cites the source. */
export function deleteSource(staff: StaffSession, ref: { id: string; version: string }) {
  return writeContent({ tags: SOURCE_TAGS }, async (tx) => {
    const before = (await tx.source.findUnique({ where: { id: ref.id } })) ?? refuseNotFound();
    checkVersion(sourceVersion(before), ref.version);
    if ((await tx.source.count({ where: { id: ref.id, ...citedBy } })) > 0) refuseInUse();
    await tx.source.delete({ where: { id: ref.id } });
    await recordAudit(tx, staff, { action: "delete", entity: "Source", entityId: ref.id, before: before });
    return { id: ref.id };
  });
}
