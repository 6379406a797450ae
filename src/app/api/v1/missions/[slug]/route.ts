import { noQuerySchema } from "@/lib/validation/api";
import { handlePublicRead, parseQuery, respondWithListedItem } from "@/server/api/respond";
import { getMission, listMissions } from "@/server/queries/missions";

export const GET = handlePublicRead<{ slug: string }>(async (request, { params }) => {
  parseQuery(request, noQuerySchema);
  const { slug } = await params;
  return respondWithListedItem({ slug, noun: "mission", list: listMissions, get: getMission });
});
