import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { type ListQuery, pageWindow } from "@/lib/admin-list";
import type { ProjectInput } from "@/lib/validation/admin/content";
import { projectKindSchema } from "@/lib/validation/public-data";
import { recordAudit } from "../audit";
import type { StaffSession } from "../authz";
import { CACHE_TAGS } from "../cache";
import { prisma } from "../db";
import {
  checkVersion,
  PUBLISHED_FILTER,
  publishedFilter,
  refuseField,
  refuseNotFound,
  refuseStale,
  refuseTaken,
  searchAny,
  versionOf,
  writeContent,
} from "./write";

export const PROJECT_TAGS = [CACHE_TAGS.projects, CACHE_TAGS.opportunities, CACHE_TAGS.institutions];

type ProjectKind = ProjectInput["kind"];

/** Projects belong to payload selections; the opportunity filter offers those. */
export async function projectListSpec() {
  const opportunities = await prisma.opportunity.findMany({ where: { kind: "PAYLOAD_SELECTION" }, select: { id: true } });
  return {
    sorts: ["position", "title", "kind", "updated"] as const,
    defaultSort: "position" as const,
    filters: { kind: projectKindSchema.options, opportunity: opportunities.map((o) => o.id), published: PUBLISHED_FILTER },
  };
}
export type ProjectListQuery = ListQuery<"position" | "title" | "kind" | "updated", "kind" | "opportunity" | "published">;

const orderBy = (query: ProjectListQuery): Prisma.CooperationProjectOrderByWithRelationInput[] => {
  const dir = query.dir;
  switch (query.sort) {
    case "title":
      return [{ titleEn: dir }];
    case "kind":
      return [{ kind: dir }, { position: "asc" }];
    case "updated":
      return [{ updatedAt: dir }];
    default:
      return [{ opportunity: { titleEn: "asc" } }, { position: dir }];
  }
};

export interface ProjectRow {
  id: string;
  slug: string;
  position: number;
  titleEn: string;
  titleZh: string;
  kind: ProjectKind;
  opportunityTitleEn: string;
  opportunityTitleZh: string;
  partners: { nameEn: string; nameZh: string | null; role: "LEAD" | "PARTNER" }[];
  published: boolean;
  updatedAt: string;
}

export async function listProjectsForStaff(query: ProjectListQuery, { all = false } = {}): Promise<{ rows: ProjectRow[]; total: number }> {
  const where: Prisma.CooperationProjectWhereInput = {
    ...searchAny(query.q, ["slug", "titleEn", "titleZh"]),
    ...(query.filters.kind ? { kind: query.filters.kind as ProjectKind } : {}),
    ...(query.filters.opportunity ? { opportunityId: query.filters.opportunity } : {}),
    ...publishedFilter(query.filters.published),
  };
  const [rows, total] = await Promise.all([
    prisma.cooperationProject.findMany({
      where,
      orderBy: orderBy(query),
      ...(all ? {} : pageWindow(query.page)),
      include: {
        opportunity: { select: { titleEn: true, titleZh: true } },
        partners: { orderBy: { position: "asc" }, include: { institution: { select: { nameEn: true, nameZh: true } } } },
      },
    }),
    prisma.cooperationProject.count({ where }),
  ]);
  return {
    total,
    rows: rows.map((p) => ({
      id: p.id,
      slug: p.slug,
      position: p.position,
      titleEn: p.titleEn,
      titleZh: p.titleZh,
      kind: p.kind,
      opportunityTitleEn: p.opportunity.titleEn,
      opportunityTitleZh: p.opportunity.titleZh,
      partners: p.partners.map((x) => ({ nameEn: x.institution.nameEn, nameZh: x.institution.nameZh, role: x.role })),
      published: p.published,
      updatedAt: p.updatedAt.toISOString(),
    })),
  };
}

export async function getProjectForStaff(id: string) {
  const p = await prisma.cooperationProject.findUnique({
    where: { id },
    include: {
      opportunity: { select: { id: true, titleEn: true, titleZh: true } },
      partners: {
        orderBy: { position: "asc" },
        include: { institution: { select: { id: true, nameEn: true, nameZh: true, countryCode: true, published: true } } },
      },
    },
  });
  if (!p) return null;
  return {
    id: p.id,
    slug: p.slug,
    published: p.published,
    opportunityId: p.opportunityId,
    opportunity: p.opportunity,
    position: p.position,
    titleEn: p.titleEn,
    titleZh: p.titleZh,
    kind: p.kind,
    partners: p.partners.map((x) => ({ institutionId: x.institutionId, role: x.role, position: x.position, institution: x.institution })),
    updatedAt: p.updatedAt.toISOString(),
    version: versionOf(p),
  };
}
export type ProjectForStaff = NonNullable<Awaited<ReturnType<typeof getProjectForStaff>>>;

const snapshotInclude = { partners: { orderBy: { position: "asc" }, select: { institutionId: true, role: true, position: true } } } satisfies Prisma.CooperationProjectInclude;

const columns = ({ partners: _partners, ...input }: ProjectInput) => input;

async function checkRelations(tx: Prisma.TransactionClient, input: ProjectInput, exceptId?: string) {
  const holder = await tx.cooperationProject.findUnique({ where: { slug: input.slug }, select: { id: true } });
  if (holder && holder.id !== exceptId) refuseTaken("slug");
  const opportunity = await tx.opportunity.findUnique({ where: { id: input.opportunityId }, select: { kind: true } });
  if (opportunity?.kind !== "PAYLOAD_SELECTION") refuseField("opportunityId", "chooseOne");
  const ids = input.partners.map((p) => p.institutionId);
  const found = new Set((await tx.institution.findMany({ where: { id: { in: ids } }, select: { id: true } })).map((i) => i.id));
  const missing = ids.findIndex((id) => !found.has(id));
  if (missing >= 0) refuseField("partners", "chooseOne");
}

/** A new project with its partners, as a draft. */
export function createProject(staff: StaffSession, input: ProjectInput) {
  return writeContent({ tags: PROJECT_TAGS, uniqueField: "slug" }, async (tx) => {
    await checkRelations(tx, input);
    const row = await tx.cooperationProject.create({
      data: { ...columns(input), published: false, partners: { create: input.partners } },
      include: snapshotInclude,
    });
    await recordAudit(tx, staff, { action: "create", entity: "CooperationProject", entityId: row.id, after: row });
    return { id: row.id };
  });
}

/** Saves the project and replaces its partner list with the one given. */
export function updateProject(staff: StaffSession, ref: { id: string; version: string }, input: ProjectInput) {
  return writeContent({ tags: PROJECT_TAGS, uniqueField: "slug" }, async (tx) => {
    const before = (await tx.cooperationProject.findUnique({ where: { id: ref.id }, include: snapshotInclude })) ?? refuseNotFound();
    checkVersion(versionOf(before), ref.version);
    await checkRelations(tx, input, ref.id);
    const { count } = await tx.cooperationProject.updateMany({ where: { id: ref.id, updatedAt: before.updatedAt }, data: columns(input) });
    if (count === 0) refuseStale();
    await tx.projectPartner.deleteMany({ where: { projectId: ref.id } });
    await tx.projectPartner.createMany({ data: input.partners.map((p) => ({ ...p, projectId: ref.id })) });
    const after = await tx.cooperationProject.findUniqueOrThrow({ where: { id: ref.id }, include: snapshotInclude });
    await recordAudit(tx, staff, { action: "update", entity: "CooperationProject", entityId: ref.id, before, after });
    return { id: ref.id };
  });
}

/** Its partner rows are part of the project and go with it; the institutions stay. */
export function deleteProject(staff: StaffSession, ref: { id: string; version: string }) {
  return writeContent({ tags: PROJECT_TAGS }, async (tx) => {
    const before = (await tx.cooperationProject.findUnique({ where: { id: ref.id }, include: snapshotInclude })) ?? refuseNotFound();
    checkVersion(versionOf(before), ref.version);
    await tx.cooperationProject.delete({ where: { id: ref.id } });
    await recordAudit(tx, staff, { action: "delete", entity: "CooperationProject", entityId: ref.id, before });
    return { id: ref.id };
  });
}
