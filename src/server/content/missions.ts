import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { type ListQuery, pageWindow } from "@/lib/admin-list";
import type { MissionInput } from "@/lib/validation/admin/content";
import { missionStatusSchema, targetBodySchema } from "@/lib/validation/public-data";
import { recordAudit } from "../audit";
import type { StaffSession } from "../authz";
import { CACHE_TAGS } from "../cache";
import { prisma } from "../db";
import { checkSourceIds } from "./sources";
import {
  checkVersion,
  PUBLISHED_FILTER,
  publishedFilter,
  refuseInUse,
  refuseNotFound,
  refuseStale,
  refuseTaken,
  searchAny,
  versionOf,
  writeContent,
} from "./write";

export const MISSION_TAGS = [CACHE_TAGS.missions, CACHE_TAGS.opportunities];

export const missionListSpec = {
  sorts: ["name", "slug", "status", "body", "updated"] as const,
  defaultSort: "name" as const,
  filters: { status: missionStatusSchema.options, body: targetBodySchema.options, published: PUBLISHED_FILTER },
};
export type MissionListQuery = ListQuery<(typeof missionListSpec.sorts)[number], keyof typeof missionListSpec.filters>;

const orderBy = (query: MissionListQuery): Prisma.MissionOrderByWithRelationInput[] => {
  const dir = query.dir;
  switch (query.sort) {
    case "slug":
      return [{ slug: dir }];
    case "status":
      return [{ status: dir }, { nameEn: "asc" }];
    case "body":
      return [{ body: dir }, { nameEn: "asc" }];
    case "updated":
      return [{ updatedAt: dir }];
    default:
      return [{ nameEn: dir }];
  }
};

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

/** One page of the list (or, with all, every row the filters select, for the CSV). */
export async function listMissionsForStaff(query: MissionListQuery, { all = false } = {}): Promise<{ rows: MissionRow[]; total: number }> {
  const where: Prisma.MissionWhereInput = {
    ...searchAny(query.q, ["slug", "nameEn", "nameZh"]),
    ...(query.filters.status ? { status: query.filters.status as MissionRow["status"] } : {}),
    ...(query.filters.body ? { body: query.filters.body as MissionRow["body"] } : {}),
    ...publishedFilter(query.filters.published),
  };
  const [rows, total] = await Promise.all([
    prisma.mission.findMany({
      where,
      orderBy: orderBy(query),
      ...(all ? {} : pageWindow(query.page)),
      include: { _count: { select: { opportunities: true } } },
    }),
    prisma.mission.count({ where }),
  ]);
  return {
    total,
    rows: rows.map((m) => ({
      id: m.id,
      slug: m.slug,
      nameEn: m.nameEn,
      nameZh: m.nameZh,
      body: m.body,
      status: m.status,
      published: m.published,
      opportunities: m._count.opportunities,
      updatedAt: m.updatedAt.toISOString(),
    })),
  };
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

/** What the audit trail keeps of a mission: its columns and the ids of its sources. */
function snapshot({ sources, ...row }: Prisma.MissionGetPayload<{ include: typeof snapshotInclude }>) {
  return { ...row, sourceIds: sources.map((s) => s.id).sort() };
}

const columns = ({ sourceIds: _sourceIds, ...input }: MissionInput) => input;

async function checkSlugFree(tx: Prisma.TransactionClient, slug: string, exceptId?: string) {
  const holder = await tx.mission.findUnique({ where: { slug }, select: { id: true } });
  if (holder && holder.id !== exceptId) refuseTaken("slug");
}

/** A new mission, as a draft. */
export function createMission(staff: StaffSession, input: MissionInput) {
  return writeContent({ tags: MISSION_TAGS, uniqueField: "slug" }, async (tx) => {
    await checkSlugFree(tx, input.slug);
    await checkSourceIds(tx, input.sourceIds);
    const row = await tx.mission.create({
      data: { ...columns(input), published: false, sources: { connect: input.sourceIds.map((id) => ({ id })) } },
      include: snapshotInclude,
    });
    await recordAudit(tx, staff, { action: "create", entity: "Mission", entityId: row.id, after: snapshot(row) });
    return { id: row.id };
  });
}

export function updateMission(staff: StaffSession, ref: { id: string; version: string }, input: MissionInput) {
  return writeContent({ tags: MISSION_TAGS, uniqueField: "slug" }, async (tx) => {
    const before = (await tx.mission.findUnique({ where: { id: ref.id }, include: snapshotInclude })) ?? refuseNotFound();
    checkVersion(versionOf(before), ref.version);
    await checkSlugFree(tx, input.slug, ref.id);
    await checkSourceIds(tx, input.sourceIds);
    // Only if nobody saved in between: the check above and this write see the same row.
    const { count } = await tx.mission.updateMany({ where: { id: ref.id, updatedAt: before.updatedAt }, data: columns(input) });
    if (count === 0) refuseStale();
    const after = await tx.mission.update({
      where: { id: ref.id },
      data: { sources: { set: input.sourceIds.map((id) => ({ id })) } },
      include: snapshotInclude,
    });
    await recordAudit(tx, staff, { action: "update", entity: "Mission", entityId: ref.id, before: snapshot(before), after: snapshot(after) });
    return { id: ref.id };
  });
}

/** Refused while opportunities belong to the mission; its facts go with it. */
export function deleteMission(staff: StaffSession, ref: { id: string; version: string }) {
  return writeContent({ tags: MISSION_TAGS }, async (tx) => {
    const before = (await tx.mission.findUnique({ where: { id: ref.id }, include: { ...snapshotInclude, facts: true } })) ?? refuseNotFound();
    checkVersion(versionOf(before), ref.version);
    if ((await tx.opportunity.count({ where: { missionId: ref.id } })) > 0) refuseInUse();
    await tx.mission.delete({ where: { id: ref.id } });
    const { facts, ...rest } = before;
    await recordAudit(tx, staff, { action: "delete", entity: "Mission", entityId: ref.id, before: { ...snapshot(rest), facts } });
    return { id: ref.id };
  });
}
