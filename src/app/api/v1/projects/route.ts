import { filterProjects } from "@/lib/project-filters";
import { projectListQuerySchema } from "@/lib/validation/api";
import { handlePublicRead, parseQuery, respondWithPage } from "@/server/api/respond";
import { listProjects } from "@/server/queries/projects";

export const GET = handlePublicRead(async (request) => {
  const { country, kind, opportunity, ...page } = parseQuery(request, projectListQuerySchema);
  const projects = filterProjects(await listProjects(), { country, kind }).filter(
    (project) => !opportunity || project.opportunitySlug === opportunity,
  );
  return respondWithPage(projects, page);
});
