import "server-only";
import type { SourceDto } from "@/lib/validation/public-data";
import { cachedQuery, CACHE_TAGS } from "../cache";
import { prisma } from "../db";
import { visibleAward, visibleInstitution, visibleOpportunity, visibleProject } from "./mappers";

/**
 * The published sources behind what a page says of an institution: those of the calls it holds a sample loan or a
 * project under. Institutions carry no sources of their own, so these are the announcements that name them.
 */
export const getInstitutionSources = cachedQuery(
  "institutions:sources",
  [CACHE_TAGS.institutions, CACHE_TAGS.opportunities, CACHE_TAGS.projects],
  async (slug: string): Promise<SourceDto[]> => {
    const rows = await prisma.source.findMany({
      where: {
        opportunities: {
          some: {
            ...visibleOpportunity,
            OR: [
              { awards: { some: { ...visibleAward, institution: { ...visibleInstitution, slug } } } },
              { projects: { some: { ...visibleProject, partners: { some: { institution: { ...visibleInstitution, slug } } } } } },
            ],
          },
        },
      },
      orderBy: { reference: "asc" },
      select: { url: true, label: true },
    });
    return rows;
  },
);
