import { callListQuerySchema } from "@/server/api/calls";
import { handlePublicRead, parseQuery, respondWithPage } from "@/server/api/respond";
import { listOpportunities } from "@/server/queries/opportunities";

export const GET = handlePublicRead(async (request) => {
  const { status, ...page } = parseQuery(request, callListQuerySchema);
  const calls = await listOpportunities();
  return respondWithPage(status ? calls.filter((call) => call.status === status) : calls, page);
});
