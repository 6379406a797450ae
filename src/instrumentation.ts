// Runs once when the Next.js server starts: learn whether the database answers before the first request,
// then keep the answer fresh for runtime/server.mjs, which turns visitors away with a 503 while it is down.
const DATABASE_PROBE_INTERVAL_MS = 5000;

export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { probeDatabase, watchDatabase } = await import("./server/db");
  if (!(await probeDatabase())) console.warn("[database] not answering at start-up; pages will answer 503 until it does");
  watchDatabase(DATABASE_PROBE_INTERVAL_MS);
}
