import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { type ProjectInput, projectSchema } from "@/lib/validation/admin/content";
import { prisma } from "../db";
import { defineStore, type ModelDelegate } from "./store";
import { refuseField, refuseTaken, versionOf } from "./write";

type ProjectKind = ProjectInput["kind"];
const listInclude = {
  opportunity: { select: { titleEn: true, titleZh: true } },
  partners: { orderBy: { position: "asc" }, include: { institution: { select: { nameEn: true, nameZh: true } } } },
} satisfies Prisma.CooperationProjectInclude;

export interface ProjectRow {
  id: string;
  slug: string;
  position: number;
  titleEn: string;
  titleZh: string;
  kind: ProjectKind;
  opportunityTitleEn: string;
  opportunityTitleZh: string;
  partners: { nameEn: string; nameZh: string | null; lead: boolean }[];
  published: boolean;
  updatedAt: string;
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

export const projectStore = defineStore({
  kind: "projects",
  model: (db) => db.cooperationProject as unknown as ModelDelegate,
  schema: projectSchema,
  listInclude,
  toRow: (p: Prisma.CooperationProjectGetPayload<{ include: typeof listInclude }>): ProjectRow => ({
    id: p.id,
    slug: p.slug,
    position: p.position,
    titleEn: p.titleEn,
    titleZh: p.titleZh,
    kind: p.kind,
    opportunityTitleEn: p.opportunity.titleEn,
    opportunityTitleZh: p.opportunity.titleZh,
    partners: p.partners.map((x) => ({ nameEn: x.institution.nameEn, nameZh: x.institution.nameZh, lead: x.role === "LEAD" })),
    published: p.published,
    updatedAt: p.updatedAt.toISOString(),
  }),
  get: getProjectForStaff,
  // Its partner rows are part of the project and go with it; the institutions stay.
  summarise: (p) => ({ id: p.id, version: p.version, name: { en: p.titleEn, zh: p.titleZh }, uses: [], parts: { label: "projects.parts" } }),
  async check(tx, input: ProjectInput, exceptId) {
    const holder = await tx.cooperationProject.findUnique({ where: { slug: input.slug }, select: { id: true } });
    if (holder && holder.id !== exceptId) refuseTaken("slug");
    const opportunity = await tx.opportunity.findUnique({ where: { id: input.opportunityId }, select: { kind: true } });
    if (opportunity?.kind !== "PAYLOAD_SELECTION") refuseField("opportunityId", "chooseOne");
    const ids = input.partners.map((p) => p.institutionId);
    const found = new Set((await tx.institution.findMany({ where: { id: { in: ids } }, select: { id: true } })).map((i) => i.id));
    if (ids.some((id) => !found.has(id))) refuseField("partners", "chooseOne");
  },
  columns: ({ partners: _partners, ...input }: ProjectInput) => input,
  createRelations: (input) => ({ partners: { create: input.partners } }),
  // Saving replaces the partner list with the one given.
  async updateRelations(tx, id, input) {
    await tx.projectPartner.deleteMany({ where: { projectId: id } });
    await tx.projectPartner.createMany({ data: input.partners.map((p) => ({ ...p, projectId: id })) });
  },
  uniqueField: "slug",
  snapshotInclude: { partners: { orderBy: { position: "asc" }, select: { institutionId: true, role: true, position: true } } },
});
