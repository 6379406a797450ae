import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { type ListQuery, pageWindow } from "@/lib/admin-list";
import type { CapacityInput, FigureInput, OpportunityInput } from "@/lib/validation/admin/content";
import { opportunityKindSchema, opportunityStatusSchema } from "@/lib/validation/public-data";
import { recordAudit } from "../audit";
import type { StaffSession } from "../authz";
import { CACHE_TAGS } from "../cache";
import { prisma } from "../db";
import { isoDate } from "../queries/mappers";
import { checkSourceIds } from "./sources";
import {
  checkVersion,
  PUBLISHED_FILTER,
  publishedFilter,
  refuseField,
  refuseInUse,
  refuseNotFound,
  refuseStale,
  refuseTaken,
  searchAny,
  versionOf,
  writeContent,
} from "./write";

export const OPPORTUNITY_TAGS = [CACHE_TAGS.opportunities, CACHE_TAGS.missions, CACHE_TAGS.projects, CACHE_TAGS.institutions];

type Kind = OpportunityInput["kind"];
type Status = OpportunityInput["status"];

export const opportunityListSpec = {
  sorts: ["title", "slug", "kind", "status", "closes", "updated"] as const,
  defaultSort: "title" as const,
  filters: { status: opportunityStatusSchema.options, kind: opportunityKindSchema.options, published: PUBLISHED_FILTER },
};
export type OpportunityListQuery = ListQuery<(typeof opportunityListSpec.sorts)[number], keyof typeof opportunityListSpec.filters>;

const orderBy = (query: OpportunityListQuery): Prisma.OpportunityOrderByWithRelationInput[] => {
  const dir = query.dir;
  switch (query.sort) {
    case "slug":
      return [{ slug: dir }];
    case "kind":
      return [{ kind: dir }, { titleEn: "asc" }];
    case "status":
      return [{ status: dir }, { titleEn: "asc" }];
    case "closes":
      return [{ closesOn: { sort: dir, nulls: "last" } }, { titleEn: "asc" }];
    case "updated":
      return [{ updatedAt: dir }];
    default:
      return [{ titleEn: dir }];
  }
};

export interface OpportunityRow {
  id: string;
  slug: string;
  titleEn: string;
  titleZh: string;
  kind: Kind;
  status: Status;
  missionNameEn: string;
  missionNameZh: string;
  opensOn: string | null;
  closesOn: string | null;
  published: boolean;
  updatedAt: string;
}

export async function listOpportunitiesForStaff(query: OpportunityListQuery, { all = false } = {}): Promise<{ rows: OpportunityRow[]; total: number }> {
  const where: Prisma.OpportunityWhereInput = {
    ...searchAny(query.q, ["slug", "titleEn", "titleZh"]),
    ...(query.filters.status ? { status: query.filters.status as Status } : {}),
    ...(query.filters.kind ? { kind: query.filters.kind as Kind } : {}),
    ...publishedFilter(query.filters.published),
  };
  const [rows, total] = await Promise.all([
    prisma.opportunity.findMany({
      where,
      orderBy: orderBy(query),
      ...(all ? {} : pageWindow(query.page)),
      include: { mission: { select: { nameEn: true, nameZh: true } } },
    }),
    prisma.opportunity.count({ where }),
  ]);
  return {
    total,
    rows: rows.map((o) => ({
      id: o.id,
      slug: o.slug,
      titleEn: o.titleEn,
      titleZh: o.titleZh,
      kind: o.kind,
      status: o.status,
      missionNameEn: o.mission.nameEn,
      missionNameZh: o.mission.nameZh,
      opensOn: isoDate(o.opensOn),
      closesOn: isoDate(o.closesOn),
      published: o.published,
      updatedAt: o.updatedAt.toISOString(),
    })),
  };
}

const detailInclude = {
  mission: { select: { id: true, nameEn: true, nameZh: true, published: true } },
  sources: { orderBy: { reference: "asc" }, select: { id: true, reference: true, label: true, url: true } },
  facts: { orderBy: { position: "asc" }, select: { position: true, textEn: true, textZh: true } },
  figures: { orderBy: { key: "asc" } },
  capacities: { orderBy: { carrier: "asc" } },
  _count: { select: { awards: true, projects: true, applications: true } },
} satisfies Prisma.OpportunityInclude;

export async function getOpportunityForStaff(id: string) {
  const o = await prisma.opportunity.findUnique({ where: { id }, include: detailInclude });
  if (!o) return null;
  return {
    id: o.id,
    slug: o.slug,
    published: o.published,
    missionId: o.missionId,
    mission: o.mission,
    kind: o.kind,
    status: o.status,
    titleEn: o.titleEn,
    titleZh: o.titleZh,
    opensOn: isoDate(o.opensOn),
    opensPrecision: o.opensPrecision,
    closesOn: isoDate(o.closesOn),
    closesPrecision: o.closesPrecision,
    sources: o.sources,
    sourceIds: o.sources.map((s) => s.id),
    facts: o.facts,
    figures: o.figures.map((f) => ({ id: f.id, key: f.key, value: f.value, outOf: f.outOf })),
    capacities: o.capacities.map((c) => ({
      id: c.id,
      carrier: c.carrier,
      massKg: c.massKg.toNumber(),
      reservedKg: c.reservedKg.toNumber(),
      maxPerPayloadKg: c.maxPerPayloadKg?.toNumber() ?? null,
    })),
    counts: o._count,
    updatedAt: o.updatedAt.toISOString(),
    version: versionOf(o),
  };
}
export type OpportunityForStaff = NonNullable<Awaited<ReturnType<typeof getOpportunityForStaff>>>;

export async function listOpportunityOptions(kind?: Kind): Promise<{ id: string; titleEn: string; titleZh: string }[]> {
  return prisma.opportunity.findMany({
    where: kind ? { kind } : {},
    orderBy: { titleEn: "asc" },
    select: { id: true, titleEn: true, titleZh: true },
  });
}

const snapshotInclude = { sources: { select: { id: true } } } satisfies Prisma.OpportunityInclude;

function snapshot({ sources, ...row }: Prisma.OpportunityGetPayload<{ include: typeof snapshotInclude }>) {
  return { ...row, sourceIds: sources.map((s) => s.id).sort() };
}

const columns = ({ sourceIds: _sourceIds, ...input }: OpportunityInput) => input;

async function checkRelations(tx: Prisma.TransactionClient, input: OpportunityInput, exceptId?: string) {
  const holder = await tx.opportunity.findUnique({ where: { slug: input.slug }, select: { id: true } });
  if (holder && holder.id !== exceptId) refuseTaken("slug");
  if (!(await tx.mission.findUnique({ where: { id: input.missionId }, select: { id: true } }))) refuseField("missionId", "chooseOne");
  await checkSourceIds(tx, input.sourceIds);
}

/** A new opportunity, as a draft. */
export function createOpportunity(staff: StaffSession, input: OpportunityInput) {
  return writeContent({ tags: OPPORTUNITY_TAGS, uniqueField: "slug" }, async (tx) => {
    await checkRelations(tx, input);
    const row = await tx.opportunity.create({
      data: { ...columns(input), published: false, sources: { connect: input.sourceIds.map((id) => ({ id })) } },
      include: snapshotInclude,
    });
    await recordAudit(tx, staff, { action: "create", entity: "Opportunity", entityId: row.id, after: snapshot(row) });
    return { id: row.id };
  });
}

/** Also how a call is opened and closed: its status is one of the columns. */
export function updateOpportunity(staff: StaffSession, ref: { id: string; version: string }, input: OpportunityInput) {
  return writeContent({ tags: OPPORTUNITY_TAGS, uniqueField: "slug" }, async (tx) => {
    const before = (await tx.opportunity.findUnique({ where: { id: ref.id }, include: snapshotInclude })) ?? refuseNotFound();
    checkVersion(versionOf(before), ref.version);
    await checkRelations(tx, input, ref.id);
    const { count } = await tx.opportunity.updateMany({ where: { id: ref.id, updatedAt: before.updatedAt }, data: columns(input) });
    if (count === 0) refuseStale();
    const after = await tx.opportunity.update({
      where: { id: ref.id },
      data: { sources: { set: input.sourceIds.map((id) => ({ id })) } },
      include: snapshotInclude,
    });
    await recordAudit(tx, staff, { action: "update", entity: "Opportunity", entityId: ref.id, before: snapshot(before), after: snapshot(after) });
    return { id: ref.id };
  });
}

/**
 * Refused while applications, awards or projects belong to it (each is a record of its own, and applications
 * are restricted by the schema); its facts, figures and capacities go with it.
 */
export function deleteOpportunity(staff: StaffSession, ref: { id: string; version: string }) {
  return writeContent({ tags: OPPORTUNITY_TAGS }, async (tx) => {
    const before =
      (await tx.opportunity.findUnique({
        where: { id: ref.id },
        include: { ...snapshotInclude, facts: true, figures: true, capacities: true, _count: { select: { awards: true, projects: true, applications: true } } },
      })) ?? refuseNotFound();
    checkVersion(versionOf(before), ref.version);
    const { _count, facts, figures, capacities, ...rest } = before;
    if (_count.awards + _count.projects + _count.applications > 0) refuseInUse();
    await tx.opportunity.delete({ where: { id: ref.id } });
    await recordAudit(tx, staff, { action: "delete", entity: "Opportunity", entityId: ref.id, before: { ...snapshot(rest), facts, figures, capacities } });
    return { id: ref.id };
  });
}

/**
 * Sets a carrier's capacity (adding the carrier if the call had none for it). Refused below the mass that
 * submitted applications already hold; the check and the write are one conditional update, so an application
 * reserving at the same moment cannot slip past it.
 */
export function setCapacity(staff: StaffSession, ref: { id: string; version: string }, input: CapacityInput) {
  return writeContent({ tags: OPPORTUNITY_TAGS }, async (tx) => {
    const opportunity = (await tx.opportunity.findUnique({ where: { id: ref.id } })) ?? refuseNotFound();
    checkVersion(versionOf(opportunity), ref.version);
    const where = { opportunityId_carrier: { opportunityId: ref.id, carrier: input.carrier } };
    const before = await tx.payloadCapacity.findUnique({ where });
    const data = { massKg: input.massKg, maxPerPayloadKg: input.maxPerPayloadKg ?? null };
    let after;
    if (before) {
      const { count } = await tx.payloadCapacity.updateMany({ where: { id: before.id, reservedKg: { lte: input.massKg } }, data });
      if (count === 0) refuseField("massKg", "belowReserved");
      after = await tx.payloadCapacity.findUniqueOrThrow({ where: { id: before.id } });
    } else {
      after = await tx.payloadCapacity.create({ data: { ...data, opportunityId: ref.id, carrier: input.carrier } });
    }
    await touch(tx, ref.id, opportunity.updatedAt);
    await recordAudit(tx, staff, {
      action: before ? "update" : "create",
      entity: "PayloadCapacity",
      entityId: after.id,
      before: before ?? undefined,
      after,
    });
    return { id: after.id };
  });
}

/** Publishes a result figure, or changes the one already published under the same key. */
export function setFigure(staff: StaffSession, ref: { id: string; version: string }, input: FigureInput) {
  return writeContent({ tags: OPPORTUNITY_TAGS }, async (tx) => {
    const opportunity = (await tx.opportunity.findUnique({ where: { id: ref.id } })) ?? refuseNotFound();
    checkVersion(versionOf(opportunity), ref.version);
    const where = { opportunityId_key: { opportunityId: ref.id, key: input.key } };
    const before = await tx.opportunityFigure.findUnique({ where });
    const after = await tx.opportunityFigure.upsert({
      where,
      update: { value: input.value, outOf: input.outOf },
      create: { opportunityId: ref.id, key: input.key, value: input.value, outOf: input.outOf },
    });
    await touch(tx, ref.id, opportunity.updatedAt);
    await recordAudit(tx, staff, {
      action: before ? "update" : "create",
      entity: "OpportunityFigure",
      entityId: after.id,
      before: before ?? undefined,
      after,
    });
    return { id: after.id };
  });
}

export function removeFigure(staff: StaffSession, ref: { id: string; version: string }, figureId: string) {
  return writeContent({ tags: OPPORTUNITY_TAGS }, async (tx) => {
    const opportunity = (await tx.opportunity.findUnique({ where: { id: ref.id } })) ?? refuseNotFound();
    checkVersion(versionOf(opportunity), ref.version);
    const before = (await tx.opportunityFigure.findFirst({ where: { id: figureId, opportunityId: ref.id } })) ?? refuseNotFound();
    await tx.opportunityFigure.delete({ where: { id: figureId } });
    await touch(tx, ref.id, opportunity.updatedAt);
    await recordAudit(tx, staff, { action: "delete", entity: "OpportunityFigure", entityId: figureId, before });
    return { id: figureId };
  });
}

/** Marks the opportunity changed (the public "last updated"), unless someone else saved it in between. */
async function touch(tx: Prisma.TransactionClient, id: string, seen: Date): Promise<void> {
  const { count } = await tx.opportunity.updateMany({ where: { id, updatedAt: seen }, data: { updatedAt: new Date() } });
  if (count === 0) refuseStale();
}
