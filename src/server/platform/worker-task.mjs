// The worker side of worker-pool.ts: answers each input the pool posts with the handler's result, or its error.
import { parentPort } from "node:worker_threads";

/** Serves `handler` (sync or async) to the pool that started this worker, one task at a time. */
export function serveTasks(handler) {
  const port = parentPort;
  if (!port) throw new Error("serveTasks runs in a worker thread started by a worker pool");
  port.on("message", async (input) => {
    try {
      port.postMessage({ ok: true, value: await handler(input) });
    } catch (error) {
      port.postMessage({ ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    }
  });
}
