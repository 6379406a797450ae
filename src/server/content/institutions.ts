import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { type ListQuery, pageWindow } from "@/lib/admin-list";
import type { InstitutionInput } from "@/lib/validation/admin/content";
import { institutionTypeSchema } from "@/lib/validation/public-data";
import { recordAudit } from "../audit";
import type { StaffSession } from "../authz";
import { CACHE_TAGS } from "../cache";
import { prisma } from "../db";
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

export const INSTITUTION_TAGS = [CACHE_TAGS.institutions, CACHE_TAGS.opportunities, CACHE_TAGS.projects];

type InstitutionType = InstitutionInput["type"];

/** The filter values depend on the data: the countries that institutions are in. */
export async function institutionListSpec() {
  const countries = await prisma.institution.findMany({
    where: { countryCode: { not: null } },
    distinct: ["countryCode"],
    select: { countryCode: true },
    orderBy: { countryCode: "asc" },
  });
  return {
    sorts: ["name", "slug", "type", "country", "updated"] as const,
    defaultSort: "name" as const,
    filters: {
      type: institutionTypeSchema.options,
      country: countries.map((c) => c.countryCode!),
      published: PUBLISHED_FILTER,
    },
  };
}
export type InstitutionListQuery = ListQuery<"name" | "slug" | "type" | "country" | "updated", "type" | "country" | "published">;

const orderBy = (query: InstitutionListQuery): Prisma.InstitutionOrderByWithRelationInput[] => {
  const dir = query.dir;
  switch (query.sort) {
    case "slug":
      return [{ slug: dir }];
    case "type":
      return [{ type: dir }, { nameEn: "asc" }];
    case "country":
      return [{ countryCode: { sort: dir, nulls: "last" } }, { nameEn: "asc" }];
    case "updated":
      return [{ updatedAt: dir }];
    default:
      return [{ nameEn: dir }];
  }
};

export interface InstitutionRow {
  id: string;
  slug: string;
  nameEn: string;
  nameZh: string | null;
  type: InstitutionType;
  countryCode: string | null;
  awards: number;
  projects: number;
  published: boolean;
  updatedAt: string;
}

export async function listInstitutionsForStaff(query: InstitutionListQuery, { all = false } = {}): Promise<{ rows: InstitutionRow[]; total: number }> {
  const where: Prisma.InstitutionWhereInput = {
    ...searchAny(query.q, ["slug", "nameEn", "nameZh"]),
    ...(query.filters.type ? { type: query.filters.type as InstitutionType } : {}),
    ...(query.filters.country ? { countryCode: query.filters.country } : {}),
    ...publishedFilter(query.filters.published),
  };
  const [rows, total] = await Promise.all([
    prisma.institution.findMany({
      where,
      orderBy: orderBy(query),
      ...(all ? {} : pageWindow(query.page)),
      include: { _count: { select: { awards: true, projects: true } } },
    }),
    prisma.institution.count({ where }),
  ]);
  return {
    total,
    rows: rows.map((i) => ({
      id: i.id,
      slug: i.slug,
      nameEn: i.nameEn,
      nameZh: i.nameZh,
      type: i.type,
      countryCode: i.countryCode,
      awards: i._count.awards,
      projects: i._count.projects,
      published: i.published,
      updatedAt: i.updatedAt.toISOString(),
    })),
  };
}

export async function getInstitutionForStaff(id: string) {
  const i = await prisma.institution.findUnique({
    where: { id },
    include: {
      awards: { orderBy: { createdAt: "asc" }, select: { id: true, opportunity: { select: { titleEn: true, titleZh: true } } } },
      projects: { orderBy: { project: { position: "asc" } }, select: { role: true, project: { select: { id: true, titleEn: true, titleZh: true } } } },
    },
  });
  if (!i) return null;
  return {
    id: i.id,
    slug: i.slug,
    published: i.published,
    nameEn: i.nameEn,
    nameZh: i.nameZh,
    type: i.type,
    countryCode: i.countryCode,
    awards: i.awards,
    projects: i.projects,
    updatedAt: i.updatedAt.toISOString(),
    version: versionOf(i),
  };
}
export type InstitutionForStaff = NonNullable<Awaited<ReturnType<typeof getInstitutionForStaff>>>;

export async function listInstitutionOptions(): Promise<{ id: string; nameEn: string; nameZh: string | null; countryCode: string | null }[]> {
  return prisma.institution.findMany({ orderBy: { nameEn: "asc" }, select: { id: true, nameEn: true, nameZh: true, countryCode: true } });
}

async function checkSlugFree(tx: Prisma.TransactionClient, slug: string, exceptId?: string) {
  const holder = await tx.institution.findUnique({ where: { slug }, select: { id: true } });
  if (holder && holder.id !== exceptId) refuseTaken("slug");
}

/** A new institution, as a draft. */
export function createInstitution(staff: StaffSession, input: InstitutionInput) {
  return writeContent({ tags: INSTITUTION_TAGS, uniqueField: "slug" }, async (tx) => {
    await checkSlugFree(tx, input.slug);
    const row = await tx.institution.create({ data: { ...input, published: false } });
    await recordAudit(tx, staff, { action: "create", entity: "Institution", entityId: row.id, after: row });
    return { id: row.id };
  });
}

export function updateInstitution(staff: StaffSession, ref: { id: string; version: string }, input: InstitutionInput) {
  return writeContent({ tags: INSTITUTION_TAGS, uniqueField: "slug" }, async (tx) => {
    const before = (await tx.institution.findUnique({ where: { id: ref.id } })) ?? refuseNotFound();
    checkVersion(versionOf(before), ref.version);
    await checkSlugFree(tx, input.slug, ref.id);
    const { count } = await tx.institution.updateMany({ where: { id: ref.id, updatedAt: before.updatedAt }, data: input });
    if (count === 0) refuseStale();
    const after = await tx.institution.findUniqueOrThrow({ where: { id: ref.id } });
    await recordAudit(tx, staff, { action: "update", entity: "Institution", entityId: ref.id, before, after });
    return { id: ref.id };
  });
}

/** Refused while the institution holds an award or takes part in a project (the schema restricts both). */
export function deleteInstitution(staff: StaffSession, ref: { id: string; version: string }) {
  return writeContent({ tags: INSTITUTION_TAGS }, async (tx) => {
    const before =
      (await tx.institution.findUnique({ where: { id: ref.id }, include: { _count: { select: { awards: true, projects: true } } } })) ??
      refuseNotFound();
    checkVersion(versionOf(before), ref.version);
    const { _count, ...row } = before;
    if (_count.awards + _count.projects > 0) refuseInUse();
    await tx.institution.delete({ where: { id: ref.id } });
    await recordAudit(tx, staff, { action: "delete", entity: "Institution", entityId: ref.id, before: row });
    return { id: ref.id };
  });
}
