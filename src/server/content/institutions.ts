import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { type InstitutionInput, institutionSchema } from "@/lib/validation/admin/content";
import { prisma } from "../db";
import { defineStore, type ModelDelegate } from "./store";
import { refuseTaken, versionOf } from "./write";

type InstitutionType = InstitutionInput["type"];
type InstitutionListRow = Prisma.InstitutionGetPayload<{ include: { _count: { select: { awards: true; projects: true } } } }>;

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

export const institutionStore = defineStore({
  kind: "institutions",
  model: (db) => db.institution as unknown as ModelDelegate,
  schema: institutionSchema,
  listInclude: { _count: { select: { awards: true, projects: true } } },
  toRow: (i: InstitutionListRow): InstitutionRow => ({
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
  }),
  get: getInstitutionForStaff,
  summarise: (i) => ({
    id: i.id,
    version: i.version,
    name: { en: i.nameEn, zh: i.nameZh },
    uses: (["awards", "projects"] as const).filter((part) => i[part].length > 0).map((part) => ({ label: `institutions.${part}`, count: i[part].length })),
  }),
  async check(tx, input: InstitutionInput, exceptId) {
    const holder = await tx.institution.findUnique({ where: { slug: input.slug }, select: { id: true } });
    if (holder && holder.id !== exceptId) refuseTaken("slug");
  },
  columns: (input: InstitutionInput) => input,
  uniqueField: "slug",
  // Refused while the institution holds an award or takes part in a project (the schema restricts both).
  deleteInclude: { _count: { select: { awards: true, projects: true } } },
  inUse: (_tx, { _count }: { _count: { awards: number; projects: number } }) => _count.awards + _count.projects > 0,
});
