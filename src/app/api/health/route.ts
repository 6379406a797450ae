import type { Health } from "@/lib/validation/api";
import { NO_STORE, respondWithJson } from "@/server/api/respond";
import { probeDatabase } from "@/server/db";

// Outside handleApi on purpose: a health check answers in its own shape, and probeDatabase never throws.
// Route handlers run per request unless they opt into caching, so every call probes afresh.
export async function GET(): Promise<Response> {
  const up = await probeDatabase();
  const body: Health = up ? { status: "ok", database: "up" } : { status: "unavailable", database: "down" };
  return respondWithJson(body, { status: up ? 200 : 503, cacheControl: NO_STORE });
}
