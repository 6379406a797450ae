import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { type SourceInput, sourceSchema } from "@/lib/validation/admin/content";
import { prisma } from "../db";
import { defineStore, type ModelDelegate } from "./store";
import { fingerprint, refuseField, refuseTaken } from "./write";

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

type SourceColumns = { reference: string; label: string; url: string | null };

// Sources have no updatedAt: a form carries a digest of the columns it edits instead.
const sourceVersion = (row: SourceColumns) =>
  fingerprint({ reference: row.reference, label: row.label, url: row.url });

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

export const sourceStore = defineStore({
  kind: "sources",
  model: (db) => db.source as unknown as ModelDelegate,
  schema: sourceSchema,
  listInclude: { _count: { select: { missions: true, opportunities: true } } },
  toRow: (s: Prisma.SourceGetPayload<{ include: { _count: { select: { missions: true; opportunities: true } } } }>): SourceRow => ({
    id: s.id,
    reference: s.reference,
    label: s.label,
    url: s.url,
    missions: s._count.missions,
    opportunities: s._count.opportunities,
    createdAt: s.createdAt.toISOString(),
  }),
  where: { cited: (value) => (value === "yes" ? citedBy : { NOT: citedBy }) },
  get: getSourceForStaff,
  summarise: (s) => ({
    id: s.id,
    version: s.version,
    name: { en: s.label, zh: null },
    uses: (["missions", "opportunities"] as const)
      .filter((part) => s[part].length > 0)
      .map((part) => ({ label: `${part}.title`, count: s[part].length })),
  }),
  async check(tx, input: SourceInput, exceptId) {
    const holder = await tx.source.findUnique({ where: { reference: input.reference }, select: { id: true } });
    if (holder && holder.id !== exceptId) refuseTaken("reference");
  },
  columns: (input: SourceInput) => input,
  uniqueField: "reference",
  // Refused while a mission or opportunity cites the source.
  inUse: async (tx, row: { id: string }) => (await tx.source.count({ where: { id: row.id, ...citedBy } })) > 0,
  version: sourceVersion,
  // Conditional on the columns the form saw, as an updatedAt check would be.
  staleGuard: (row: SourceColumns) => ({ reference: row.reference, label: row.label, url: row.url }),
});
