import { noQuerySchema } from "@/lib/validation/api";
import { handleApi, notFoundError, parseQuery, PUBLIC_CACHE_CONTROL, respondWithJson } from "@/server/api/respond";
import { getCallOpenApiDocument, listOpportunities } from "@/server/queries/opportunities";

export const GET = handleApi<{ slug: string }>(async (request, { params }) => {
  parseQuery(request, noQuerySchema);
  const { slug } = await params;
  // Checked against the cached list first, so made-up slugs never reach the database nor add entries to the data cache.
  const listed = (await listOpportunities()).some((call) => call.slug === slug && call.acceptsApplications);
  const document = listed ? await getCallOpenApiDocument(slug) : null;
  if (!document) throw notFoundError(`No call with the slug "${slug}" takes applications here.`);
  return respondWithJson(document, { cacheControl: PUBLIC_CACHE_CONTROL });
});
