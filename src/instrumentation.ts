import type { Instrumentation } from "next";

// Runs once when the Next.js server starts: learn whether the database answers before the first request,
// then keep the answer fresh for runtime/server.mjs, which turns visitors away with a 503 while it is down.
const DATABASE_PROBE_INTERVAL_MS = 5000;

/**
 * Why this process must not serve, or undefined. In production only runtime/server.mjs (`npm start`) adds the security
 * headers and nonce, the 503 page while the database is down, and each client's own address for the rate limits;
 * under `next start` every client would share one rate-limit bucket.
 */
export function refusalWithoutProductionServer(nodeEnv: string | undefined, customServer: boolean): string | undefined {
  if (nodeEnv !== "production" || customServer) return undefined;
  return (
    "This portal does not run under `next start`: start it with `npm start` (node runtime/server.mjs), which adds the " +
    "security headers, the 503 page while the database is down, and each client's address for the rate limits."
  );
}

export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { isCustomServer } = await import("../runtime/bridge.mjs");
  const refusal = refusalWithoutProductionServer(process.env.NODE_ENV, isCustomServer());
  if (refusal) {
    console.error(`> ${refusal}`);
    process.exit(1);
  }
  const { probeDatabase, watchDatabase } = await import("./server/db");
  const { log } = await import("./server/log");
  if (!(await probeDatabase())) log.warn("[database] not answering at start-up; pages will answer 503 until it does");
  watchDatabase(DATABASE_PROBE_INTERVAL_MS);
  // Sends the outbox's mail and runs the periodic tasks; it stops before the database closes on shutdown.
  const { startJobRunner } = await import("./server/jobs/runner");
  startJobRunner();
  // The mail queue and upload store readings of the server's /metrics (runtime/metrics.mjs).
  const { shareAppMetrics } = await import("./server/metrics");
  shareAppMetrics();
  // On PostgreSQL, other instances' edits reach this one's caches (src/server/cache.ts); on PGlite it expires the pages an earlier process left.
  const { startCacheBus, startStatusAlarm } = await import("./server/cache");
  startCacheBus();
  // At each opening or closing of a call's stage, the public pages that show its status expire.
  const { nextStageChange } = await import("./server/queries/opportunities");
  startStatusAlarm(nextStageChange);
}

/** Every error a request meets in the app, logged once with the request's id, its route and the digest its error page shows. */
export const onRequestError: Instrumentation.onRequestError = async (error, request, context) => {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const [{ log }, { logPath, REQUEST_ID_HEADER }] = await Promise.all([import("./server/log"), import("../runtime/log.mjs")]);
  // runtime/server.mjs puts the request's id in this header too, for when Next.js reports outside the request's context.
  const requestId = request.headers[REQUEST_ID_HEADER];
  const digest = error instanceof Object && "digest" in error ? String(error.digest) : undefined;
  log.error(
    {
      err: error,
      ...(typeof requestId === "string" ? { requestId } : {}),
      ...(digest ? { digest } : {}),
      method: request.method,
      path: logPath(request.path),
      routePath: context.routePath,
      routeType: context.routeType,
      ...(context.renderSource ? { renderSource: context.renderSource } : {}),
    },
    "request error",
  );
};
