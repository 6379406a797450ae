import { projectListQuerySchema } from "@/lib/validation/api";
import { handleApi, parseQuery, respondWithPage } from "@/server/api/respond";
import { listProjects } from "@/server/queries/institutions";

export const GET = handleApi(async (request) => {
  const { country, kind, opportunity, ...page } = parseQuery(request, projectListQuerySchema);
  const projects = (await listProjects()).filter(
    (project) =>
      (!country || project.countryCodes.includes(country)) &&
      (!kind || project.kind === kind) &&
      (!opportunity || project.opportunitySlug === opportunity),
  );
  return respondWithPage(projects, page);
});
