import { noQuerySchema } from "@/lib/validation/api";
import { handlePublicRead, parseQuery, respondWithListedItem } from "@/server/api/respond";
import { getOpportunity, listOpportunities } from "@/server/queries/opportunities";

export const GET = handlePublicRead<{ slug: string }>(async (request, { params }) => {
  parseQuery(request, noQuerySchema);
  const { slug } = await params;
  return respondWithListedItem({ slug, noun: "opportunity", list: listOpportunities, get: getOpportunity });
});
