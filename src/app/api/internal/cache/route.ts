import { respondWithError } from "@/server/api/respond";
import { EXPIRE_SECRET_HEADER, expireContent, isOwnExpireRequest, knownCacheTags } from "@/server/cache";

// Where this process expires the tags another instance published (src/server/cache.ts): only the process itself holds
// the secret, so for anyone else the address does not exist.
export async function POST(request: Request): Promise<Response> {
  if (!isOwnExpireRequest(request.headers.get(EXPIRE_SECRET_HEADER))) {
    return respondWithError(404, "not_found", "There is no API endpoint at /api/internal/cache. See /api/v1/openapi.json.");
  }
  const body = (await request.json().catch(() => null)) as { tags?: unknown } | null;
  const tags = knownCacheTags(body?.tags);
  if (!tags) return respondWithError(400, "invalid_parameters", "tags must be a list of known cache tags");
  expireContent(tags);
  return new Response(null, { status: 204, headers: { "Cache-Control": "no-store" } });
}
