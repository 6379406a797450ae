import "server-only";
import { createAdapter } from "../../prisma/adapter";
import { PrismaClient } from "@/generated/prisma/client";

// One client per process, kept on globalThis: Next.js may load this module in several bundles
// (instrumentation, pages, route handlers), and one PGlite directory allows one handle.
// server.mjs reads this same object (plain JS, no imports) to answer 503 while the database is down.
interface DatabaseState {
  prisma: PrismaClient;
  available: boolean;
  checkedAt: number;
  /** Asks the database whether it answers; concurrent callers share one probe. */
  probe: () => Promise<boolean>;
  /** Disconnects Prisma and closes the PGlite handle, for a clean shutdown. */
  close: () => Promise<void>;
  probing?: Promise<boolean>;
  watcher?: NodeJS.Timeout;
}

const key = Symbol.for("space-cooperation-portal.database");
const globalState = globalThis as unknown as { [key]?: DatabaseState };

function createState(): DatabaseState {
  const { adapter, close } = createAdapter();
  const prisma = new PrismaClient({ adapter });
  const state: DatabaseState = {
    prisma,
    available: true,
    checkedAt: 0,
    probe: () => probeDatabase(),
    close: async () => {
      clearInterval(state.watcher);
      await prisma.$disconnect().catch(() => {});
      await close().catch(() => {});
    },
  };
  return state;
}

const state = (globalState[key] ??= createState());

export const prisma = state.prisma;

const PROBE_TIMEOUT_MS = 2000;

async function runProbe(): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      prisma.$queryRaw`SELECT 1`,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error("database probe timed out")), PROBE_TIMEOUT_MS);
      }),
    ]);
    state.available = true;
  } catch {
    state.available = false;
  } finally {
    clearTimeout(timer);
    state.checkedAt = Date.now();
  }
  return state.available;
}

/** Asks the database a trivial question; records and returns whether it answered in time. */
export function probeDatabase(): Promise<boolean> {
  state.probing ??= runProbe().finally(() => {
    state.probing = undefined;
  });
  return state.probing;
}

/** Re-probes every intervalMs for the life of the process; calling it again changes nothing. */
export function watchDatabase(intervalMs: number): void {
  if (state.watcher) return;
  // unref: the watch must never be what keeps the process alive.
  state.watcher = setInterval(() => void probeDatabase(), intervalMs).unref();
}

/** Whether the last probe, or the last failed query, found the database answering. */
export function isDatabaseAvailable(): boolean {
  return state.available;
}

const CONNECTION_ERROR =
  /ECONNREFUSED|ENOTFOUND|ETIMEDOUT|ECONNRESET|EAI_AGAIN|connect|Connection terminated|P1001|P1002|P1017|timed out|PrismaClientInitializationError|PGlite is closed/i;

/** Marks the database unavailable when an error looks like a lost connection; true if it did. */
export function noteDatabaseError(error: unknown): boolean {
  const text = error instanceof Error ? `${error.name} ${error.message} ${(error as { code?: string }).code ?? ""}` : String(error);
  if (!CONNECTION_ERROR.test(text)) return false;
  state.available = false;
  state.checkedAt = Date.now();
  return true;
}

/** Closes the client and its driver, for scripts that must exit when done. */
export function closeDatabase(): Promise<void> {
  return state.close();
}
