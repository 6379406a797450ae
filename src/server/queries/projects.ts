import "server-only";
import { cachedQuery, CACHE_TAGS } from "../cache";
import { prisma } from "../db";
import type { ProjectSummary } from "@/lib/validation/public-data";
import { projectInclude, toProjectSummary, visibleProject } from "./mappers";

export const listProjects = cachedQuery("projects:list", [CACHE_TAGS.projects, CACHE_TAGS.institutions], async (): Promise<ProjectSummary[]> => {
  const rows = await prisma.cooperationProject.findMany({ where: visibleProject, include: projectInclude, orderBy: [{ opportunityId: "asc" }, { position: "asc" }] });
  return rows.map(toProjectSummary);
});

export const getProject = cachedQuery(
  "projects:detail",
  [CACHE_TAGS.projects, CACHE_TAGS.institutions],
  async (slug: string): Promise<ProjectSummary | null> => {
    const row = await prisma.cooperationProject.findUnique({ where: { slug, ...visibleProject }, include: projectInclude });
    return row ? toProjectSummary(row) : null;
  },
);
