import { noQuerySchema } from "@/lib/validation/api";
import { toCallDetail } from "@/server/api/calls";
import { handlePublicRead, parseQuery, respondWithListedItem } from "@/server/api/respond";
import { getCallForm, getOpportunity, listOpportunities } from "@/server/queries/opportunities";

const getCall = async (slug: string) => {
  const [call, form] = await Promise.all([getOpportunity(slug), getCallForm(slug)]);
  return call && toCallDetail(call, form);
};

export const GET = handlePublicRead<{ slug: string }>(async (request, { params }) => {
  parseQuery(request, noQuerySchema);
  const { slug } = await params;
  return respondWithListedItem({ slug, noun: "call", list: listOpportunities, get: getCall });
});
