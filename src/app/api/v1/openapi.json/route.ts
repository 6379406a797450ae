import { noQuerySchema } from "@/lib/validation/api";
import { getOpenApiDocument } from "@/server/api/openapi";
import { handleApi, parseQuery, PUBLIC_CACHE_CONTROL, respondWithJson } from "@/server/api/respond";

export const GET = handleApi(async (request) => {
  parseQuery(request, noQuerySchema);
  return respondWithJson(getOpenApiDocument(), { cacheControl: PUBLIC_CACHE_CONTROL });
});
