import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { type MissionInput, missionSchema } from "@/lib/validation/admin/content";
import { prisma } from "../db";
import { checkSourceIds } from "./sources";
import { defineStore, type ModelDelegate } from "./store";
import { refuseTaken, versionOf } from "./write";

type MissionListRow = Prisma.MissionGetPayload<{ include: { _count: { select: { opportunities: true } } } }>;

export interface MissionRow {
  id: string;
  slug: string;
  nameEn: string;
  nameZh: string;
  body: "MOON" | "MARS";
  status: "PLANNED" | "IN_PROGRESS" | "COMPLETED";
  published: boolean;
  opportunities: number;
  updatedAt: string;
}

const detailInclude = {
  sources: { orderBy: { reference: "asc" }, select: { id: true, reference: true, label: true, url: true } },
  facts: { orderBy: { position: "asc" }, select: { position: true, textEn: true, textZh: true } },
  opportunities: { orderBy: { slug: "asc" }, select: { id: true, slug: true, titleEn: true, titleZh: true, published: true } },
} satisfies Prisma.MissionInclude;

export async function getMissionForStaff(id: string) {
  const m = await prisma.mission.findUnique({ where: { id }, include: detailInclude });
  if (!m) return null;
  return {
    id: m.id,
    slug: m.slug,
    published: m.published,
    nameEn: m.nameEn,
    nameZh: m.nameZh,
    body: m.body,
    status: m.status,
    launchWindowEn: m.launchWindowEn,
    launchWindowZh: m.launchWindowZh,
    landingSiteEn: m.landingSiteEn,
    landingSiteZh: m.landingSiteZh,
    sources: m.sources,
    sourceIds: m.sources.map((s) => s.id),
    facts: m.facts,
    opportunities: m.opportunities,
    updatedAt: m.updatedAt.toISOString(),
    version: versionOf(m),
  };
}
export type MissionForStaff = NonNullable<Awaited<ReturnType<typeof getMissionForStaff>>>;

export async function listMissionOptions(): Promise<{ id: string; nameEn: string; nameZh: string }[]> {
  return prisma.mission.findMany({ orderBy: { nameEn: "asc" }, select: { id: true, nameEn: true, nameZh: true } });
}

const snapshotInclude = { sources: { select: { id: true } } } satisfies Prisma.MissionInclude;
type Snapshot = Prisma.MissionGetPayload<{ include: typeof snapshotInclude }> & { facts?: unknown };

async function checkSlugFree(tx: Prisma.TransactionClient, slug: string, exceptId?: string) {
  const holder = await tx.mission.findUnique({ where: { slug }, select: { id: true } });
  if (holder && holder.id !== exceptId) refuseTaken("slug");
}

export const missionStore = defineStore({
  kind: "missions",
  model: (db) => db.mission as unknown as ModelDelegate,
  schema: missionSchema,
  arrayFields: ["sourceIds"],
  listInclude: { _count: { select: { opportunities: true } } },
  toRow: (m: MissionListRow): MissionRow => ({
    id: m.id,
    slug: m.slug,
    nameEn: m.nameEn,
    nameZh: m.nameZh,
    body: m.body,
    status: m.status,
    published: m.published,
    opportunities: m._count.opportunities,
    updatedAt: m.updatedAt.toISOString(),
  }),
  get: getMissionForStaff,
  summarise: (m) => ({
    id: m.id,
    version: m.version,
    name: { en: m.nameEn, zh: m.nameZh },
    uses: m.opportunities.length > 0 ? [{ label: "missions.opportunities", count: m.opportunities.length }] : [],
    parts: { label: "missions.parts" },
  }),
  async check(tx, input: MissionInput, exceptId) {
    await checkSlugFree(tx, input.slug, exceptId);
    await checkSourceIds(tx, input.sourceIds);
  },
  columns: ({ sourceIds: _sourceIds, ...input }: MissionInput) => input,
  createRelations: (input) => ({ sources: { connect: input.sourceIds.map((id) => ({ id })) } }),
  async updateRelations(tx, id, input) {
    await tx.mission.update({ where: { id }, data: { sources: { set: input.sourceIds.map((sourceId) => ({ id: sourceId })) } } });
  },
  uniqueField: "slug",
  snapshotInclude,
  // What the audit trail keeps of a mission: its columns and the ids of its sources (and, when deleted, its facts).
  snapshot: ({ sources, ...row }: Snapshot) => ({ ...row, sourceIds: sources.map((s) => s.id).sort() }),
  deleteInclude: { ...snapshotInclude, facts: true },
  inUse: async (tx, row: { id: string }) => (await tx.opportunity.count({ where: { missionId: row.id } })) > 0,
});
