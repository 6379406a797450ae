import { paginationQuerySchema } from "@/lib/validation/api";
import { handlePublicRead, parseQuery, respondWithPage } from "@/server/api/respond";
import { listMissions } from "@/server/queries/missions";

export const GET = handlePublicRead(async (request) => {
  const query = parseQuery(request, paginationQuerySchema);
  return respondWithPage(await listMissions(), query);
});
