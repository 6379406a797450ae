import { paginationQuerySchema } from "@/lib/validation/api";
import { handlePublicRead, parseQuery, respondWithPage } from "@/server/api/respond";
import { listOpportunities } from "@/server/queries/opportunities";

export const GET = handlePublicRead(async (request) => {
  const query = parseQuery(request, paginationQuerySchema);
  return respondWithPage(await listOpportunities(), query);
});
