import { handleApi, notFoundError } from "@/server/api/respond";

// Any /api path without a route answers 404 in the API's error shape, not with an HTML page.
const respondNotFound = handleApi<{ path: string[] }>(async (request) => {
  throw notFoundError(`There is no API endpoint at ${request.nextUrl.pathname}. See /api/v1/openapi.json.`);
});

export { respondNotFound as GET, respondNotFound as HEAD, respondNotFound as POST };
export { respondNotFound as PUT, respondNotFound as PATCH, respondNotFound as DELETE };
