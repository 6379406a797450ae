import { paginationQuerySchema } from "@/lib/validation/api";
import { handleApi, parseQuery, respondWithPage } from "@/server/api/respond";
import { listOpportunities } from "@/server/queries/opportunities";

export const GET = handleApi(async (request) => {
  const query = parseQuery(request, paginationQuerySchema);
  return respondWithPage(await listOpportunities(), query);
});
