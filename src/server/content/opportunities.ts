import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { carrierOfPool, poolOfCarrier } from "@/lib/calls/pools";
import { CONTENT_KINDS } from "@/lib/content-kinds";
import { type CapacityInput, type FigureInput, type OpportunityInput, opportunitySchema } from "@/lib/validation/admin/content";
import { recordAudit } from "../audit";
import type { StaffSession } from "../authz";
import { currentDefinition, saveCallDefinition } from "../calls/definitions";
import { prisma } from "../db";
import { isoDate } from "../queries/mappers";
import { checkSourceIds } from "./sources";
import { defineStore, type ModelDelegate } from "./store";
import { checkVersion, refuseField, refuseNotFound, refuseStale, refuseTaken, versionOf, writeContent } from "./write";

const OPPORTUNITY_TAGS = [...CONTENT_KINDS.opportunities.tags];

type Kind = OpportunityInput["kind"];
type Status = OpportunityInput["status"];
type OpportunityListRow = Prisma.OpportunityGetPayload<{ include: { mission: { select: { nameEn: true; nameZh: true } } } }>;

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
  timeZone: string;
  contactEmail: string | null;
  published: boolean;
  updatedAt: string;
}

const detailInclude = {
  mission: { select: { id: true, nameEn: true, nameZh: true, published: true } },
  sources: { orderBy: { reference: "asc" }, select: { id: true, reference: true, label: true, url: true } },
  facts: { orderBy: { position: "asc" }, select: { position: true, textEn: true, textZh: true } },
  figures: { orderBy: { key: "asc" } },
  pools: { orderBy: { key: "asc" } },
  _count: { select: { awards: true, projects: true, applications: true } },
  stages: { orderBy: { position: "asc" }, include: { _count: { select: { applications: true } } } },
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
    timeZone: o.timeZone,
    contactEmail: o.contactEmail,
    referencePrefix: o.referencePrefix,
    stages: o.stages.map((s) => ({
      id: s.id,
      titleEn: s.titleEn,
      titleZh: s.titleZh,
      opensAt: s.opensAt?.toISOString() ?? null,
      opensPrecision: s.opensPrecision,
      closesAt: s.closesAt?.toISOString() ?? null,
      closesPrecision: s.closesPrecision,
      graceMinutes: s.graceMinutes,
      entry: s.entry,
      applications: s._count.applications,
    })),
    sources: o.sources,
    sourceIds: o.sources.map((s) => s.id),
    facts: o.facts,
    figures: o.figures.map((f) => ({ id: f.id, key: f.key, value: f.value, outOf: f.outOf })),
    // The carriers' pools, in kilograms; a call's other pools are kept in its form.
    capacities: o.pools.flatMap((c) => {
      const carrier = carrierOfPool(c.key);
      return carrier
        ? [{ id: c.id, carrier, massKg: c.capacity.toNumber(), reservedKg: c.reserved.toNumber(), maxPerPayloadKg: c.maxPerRequest?.toNumber() ?? null }]
        : [];
    }),
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
type Snapshot = Prisma.OpportunityGetPayload<{ include: typeof snapshotInclude }>;
type Deleted = Snapshot & { _count: { awards: number; projects: number; applications: number } };

export const opportunityStore = defineStore({
  kind: "opportunities",
  model: (db) => db.opportunity as unknown as ModelDelegate,
  schema: opportunitySchema,
  arrayFields: ["sourceIds"],
  listInclude: { mission: { select: { nameEn: true, nameZh: true } } },
  toRow: (o: OpportunityListRow): OpportunityRow => ({
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
    timeZone: o.timeZone,
    contactEmail: o.contactEmail,
    published: o.published,
    updatedAt: o.updatedAt.toISOString(),
  }),
  get: getOpportunityForStaff,
  summarise: (o) => ({
    id: o.id,
    version: o.version,
    name: { en: o.titleEn, zh: o.titleZh },
    uses: (["awards", "projects", "applications"] as const)
      .filter((part) => o.counts[part] > 0)
      .map((part) => ({ label: `opportunities.${part}`, count: o.counts[part] })),
    parts: { label: "opportunities.parts" },
  }),
  async check(tx, input: OpportunityInput, exceptId) {
    const holder = await tx.opportunity.findUnique({ where: { slug: input.slug }, select: { id: true } });
    if (holder && holder.id !== exceptId) refuseTaken("slug");
    if (input.referencePrefix) {
      const prefixHolder = await tx.opportunity.findUnique({ where: { referencePrefix: input.referencePrefix }, select: { id: true } });
      if (prefixHolder && prefixHolder.id !== exceptId) refuseTaken("referencePrefix");
    }
    if (!(await tx.mission.findUnique({ where: { id: input.missionId }, select: { id: true } }))) refuseField("missionId", "chooseOne");
    await checkSourceIds(tx, input.sourceIds);
  },
  // Also how a call is opened and closed: its status is one of the columns.
  columns: ({ sourceIds: _sourceIds, ...input }: OpportunityInput) => input,
  createRelations: (input) => ({ sources: { connect: input.sourceIds.map((id) => ({ id })) } }),
  async updateRelations(tx, id, input) {
    await tx.opportunity.update({ where: { id }, data: { sources: { set: input.sourceIds.map((sourceId) => ({ id: sourceId })) } } });
  },
  uniqueField: "slug",
  snapshotInclude,
  snapshot: ({ sources, ...row }: Snapshot) => ({ ...row, sourceIds: sources.map((s) => s.id).sort() }),
  // Refused while applications, awards or projects belong to it (each a record of its own, and applications are
  // restricted by the schema); its facts, figures and capacities go with it.
  deleteInclude: { ...snapshotInclude, facts: true, figures: true, pools: true, _count: { select: { awards: true, projects: true, applications: true } } },
  inUse: (_tx, { _count }: Deleted) => _count.awards + _count.projects + _count.applications > 0,
});

/**
 * Sets a carrier's capacity (adding the carrier if the call had none for it). Refused below the mass that accepted
 * applications already hold; the check and the write are one conditional update, so an acceptance reserving at the
 * same moment cannot slip past it. Where the call's form declares the carrier's pool, the form follows (one truth).
 */
export function setCapacity(staff: StaffSession, ref: { id: string; version: string }, input: CapacityInput) {
  return writeContent({ tags: OPPORTUNITY_TAGS }, async (tx) => {
    const opportunity = (await tx.opportunity.findUnique({ where: { id: ref.id } })) ?? refuseNotFound();
    checkVersion(versionOf(opportunity), ref.version);
    const key = poolOfCarrier(input.carrier);
    const where = { opportunityId_key: { opportunityId: ref.id, key } };
    const before = await tx.resourcePool.findUnique({ where });
    const data = { capacity: input.massKg, maxPerRequest: input.maxPerPayloadKg ?? null };
    let after;
    if (before) {
      const { count } = await tx.resourcePool.updateMany({ where: { id: before.id, reserved: { lte: input.massKg } }, data });
      if (count === 0) refuseField("massKg", "belowReserved");
      after = await tx.resourcePool.findUniqueOrThrow({ where: { id: before.id } });
    } else {
      after = await tx.resourcePool.create({ data: { ...data, opportunityId: ref.id, key } });
    }
    const form = await currentDefinition(ref.id, tx);
    const declared = form?.definition.pools.find((p) => p.key === key);
    if (form && declared) {
      const pools = form.definition.pools.map((p) => (p.key === key ? { ...p, capacity: input.massKg, maxPerRequest: input.maxPerPayloadKg } : p));
      const saved = await saveCallDefinition(tx, staff, ref.id, { ...form.definition, pools });
      if (!saved.ok) refuseField("massKg", Object.values(saved.fieldErrors)[0] ?? "invalid");
    }
    await touchOpportunity(tx, ref.id, opportunity.updatedAt);
    await recordAudit(tx, staff, {
      action: before ? "update" : "create",
      entity: "ResourcePool",
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
    await touchOpportunity(tx, ref.id, opportunity.updatedAt);
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
    await touchOpportunity(tx, ref.id, opportunity.updatedAt);
    await recordAudit(tx, staff, { action: "delete", entity: "OpportunityFigure", entityId: figureId, before });
    return { id: figureId };
  });
}

/** Marks the opportunity changed (the public "last updated"), unless someone else saved it in between. */
export async function touchOpportunity(tx: Prisma.TransactionClient, id: string, seen: Date): Promise<void> {
  const { count } = await tx.opportunity.updateMany({ where: { id, updatedAt: seen }, data: { updatedAt: new Date() } });
  if (count === 0) refuseStale();
}
