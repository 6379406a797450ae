import "server-only";
import type { Localized } from "@/lib/validation/public-data";
import { OPPORTUNITY_PATHS, opportunityPath } from "@/lib/site";
import { cachedQuery, CACHE_TAGS } from "../cache";
import { prisma } from "../db";
import { localized, visibleInstitution, visibleMission, visibleProject } from "../queries/mappers";
import { realOpportunity } from "../queries/real-calls";

export type RecordKind = "mission" | "opportunity" | "institution" | "project";

export interface UpdatedRecord {
  kind: RecordKind;
  slug: string;
  name: Localized;
  /** Path under /{locale}. */
  path: string;
  updatedAt: string;
}

export const RECENT_UPDATES = 20;

/** The published records changed most recently, of every kind, newest first; nothing of a practice call. */
export const listRecentlyUpdated = cachedQuery(
  "open-data:recently-updated",
  [CACHE_TAGS.missions, CACHE_TAGS.opportunities, CACHE_TAGS.institutions, CACHE_TAGS.projects],
  async (): Promise<UpdatedRecord[]> => {
    const recent = { orderBy: [{ updatedAt: "desc" as const }, { slug: "asc" as const }], take: RECENT_UPDATES };
    const [missions, opportunities, institutions, projects] = await Promise.all([
      prisma.mission.findMany({ where: visibleMission, select: { slug: true, nameEn: true, nameZh: true, updatedAt: true }, ...recent }),
      prisma.opportunity.findMany({ where: realOpportunity, select: { slug: true, titleEn: true, titleZh: true, updatedAt: true }, ...recent }),
      prisma.institution.findMany({ where: visibleInstitution, select: { slug: true, nameEn: true, nameZh: true, updatedAt: true }, ...recent }),
      prisma.cooperationProject.findMany({ where: { ...visibleProject, opportunity: realOpportunity }, select: { slug: true, titleEn: true, titleZh: true, updatedAt: true }, ...recent }),
    ]);
    const records: UpdatedRecord[] = [
      ...missions.map((m) => ({ kind: "mission" as const, slug: m.slug, name: localized(m.nameEn, m.nameZh), path: `/missions/${m.slug}`, updatedAt: m.updatedAt.toISOString() })),
      ...opportunities.map((o) => ({
        kind: "opportunity" as const,
        slug: o.slug,
        name: localized(o.titleEn, o.titleZh),
        path: opportunityPath(o.slug),
        updatedAt: o.updatedAt.toISOString(),
      })),
      ...institutions.map((i) => ({
        kind: "institution" as const,
        slug: i.slug,
        name: localized(i.nameEn, i.nameZh),
        path: `/institutions/${i.slug}`,
        updatedAt: i.updatedAt.toISOString(),
      })),
      ...projects.map((p) => ({
        kind: "project" as const,
        slug: p.slug,
        name: localized(p.titleEn, p.titleZh),
        path: `${OPPORTUNITY_PATHS["chang-e-8-cooperation-projects"]}/${p.slug}`,
        updatedAt: p.updatedAt.toISOString(),
      })),
    ];
    return records
      .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt) || a.kind.localeCompare(b.kind) || a.slug.localeCompare(b.slug))
      .slice(0, RECENT_UPDATES);
  },
);
