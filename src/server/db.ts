import "server-only";
import pg from "pg";
import { env } from "@/env";
import { createAdapter } from "../../prisma/adapter";
import { closeSharedDatabase, shareDatabase, sharedPool, type SharedDatabase } from "../../runtime/bridge.mjs";
import { type Prisma, PrismaClient } from "@/generated/prisma/client";
import { log } from "./log";
import { isProbeTimeout, probeVerdict } from "./platform/probe-verdict";

// One client per process, shared through the runtime's bridge: Next.js may load this module in several bundles
// (instrumentation, pages, route handlers), one PGlite directory allows one handle, and the production server
// reads the same object to answer 503 while the database is down and closes it on shutdown.
interface DatabaseState extends SharedDatabase {
  prisma: PrismaClient;
  probing?: Promise<boolean>;
  watcher?: NodeJS.Timeout;
  /** Probes in a row that ran out of time (see probeVerdict). */
  slowProbes: number;
}

type Releasable = { sql: string };
type AdapterTransaction = {
  executeRaw(query: Releasable): Promise<number>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
  client?: { release?: (error?: Error) => void };
};
type AdapterFactory = { connect(): Promise<{ startTransaction(isolationLevel?: never): Promise<unknown> }> };

/**
 * Prisma 6.19 hands a transaction's pooled connection back only after its COMMIT or ROLLBACK succeeds, so each
 * transaction open when the database drops its connections keeps one forever, and after the pool's `max` of them
 * the instance cannot reach a database that is back. When either statement fails, release it as broken (pg closes it).
 */
function releaseFailedTransactions<Factory extends AdapterFactory>(factory: Factory): Factory {
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    const startTransaction = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (isolationLevel) => {
      const tx = (await startTransaction(isolationLevel)) as AdapterTransaction;
      const release = tx.client?.release?.bind(tx.client);
      if (!release) return tx;
      const [executeRaw, commit, rollback] = [tx.executeRaw.bind(tx), tx.commit.bind(tx), tx.rollback.bind(tx)];
      let released = false;
      tx.executeRaw = async (query) => {
        try {
          return await executeRaw(query);
        } catch (error) {
          if (!released && /^\s*(COMMIT|ROLLBACK)\b/i.test(query.sql)) {
            released = true;
            release(error instanceof Error ? error : new Error(String(error)));
          }
          throw error;
        }
      };
      tx.commit = async () => (released ? undefined : commit());
      tx.rollback = async () => (released ? undefined : rollback());
      return tx;
    };
    return adapter;
  };
  return factory;
}

function createState(): DatabaseState {
  const { adapter, close } = createAdapter();
  const prisma = new PrismaClient({ adapter: releaseFailedTransactions(adapter) });
  const state: DatabaseState = {
    prisma,
    available: true,
    checkedAt: 0,
    slowProbes: 0,
    probe: () => probeDatabase(),
    close: async () => {
      clearInterval(state.watcher);
      await prisma.$disconnect().catch(() => {});
      await close().catch(() => {});
    },
  };
  return state;
}

const state = shareDatabase(createState);

export const prisma = state.prisma;

const PROBE_TIMEOUT_MS = 2000;

/** Records whether the database answers, logging each change, since every request is turned away while it does not. */
function setAvailable(available: boolean, reason: string): void {
  if (state.available !== available) {
    if (available) log.info(`[database] answering again (${reason})`);
    else log.warn(`[database] not answering: ${reason.split("\n").findLast((line) => line.trim()) ?? reason}`);
  }
  state.available = available;
  state.checkedAt = Date.now();
}

// PostgreSQL is asked on a connection of its own: with the pool busy serving requests, a probe queued behind them
// would time out and turn every visitor away from a database that is fine.
async function askDatabase(): Promise<void> {
  if (!env.DATABASE_URL) {
    await prisma.$queryRaw`SELECT 1`;
    return;
  }
  const client = new pg.Client({ connectionString: env.DATABASE_URL, connectionTimeoutMillis: PROBE_TIMEOUT_MS, query_timeout: PROBE_TIMEOUT_MS });
  client.on("error", () => {});
  try {
    await client.connect();
    await client.query("SELECT 1");
  } finally {
    await client.end().catch(() => {});
  }
}

async function runProbe(): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      askDatabase(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error("database probe timed out")), PROBE_TIMEOUT_MS);
      }),
    ]);
    state.slowProbes = 0;
    setAvailable(true, "probe answered");
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const verdict = probeVerdict(state, isProbeTimeout(reason) ? "timed out" : "failed");
    state.slowProbes = verdict.slowProbes;
    if (verdict.available) log.warn(`[database] a probe got no answer within ${PROBE_TIMEOUT_MS} ms (${reason}); asking again before turning visitors away`);
    setAvailable(verdict.available, reason);
  } finally {
    clearTimeout(timer);
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

// Raw queries report a lost server as P2010 with the driver's words ("Can't reach database server", SQLSTATE 57P0x
// while it shuts down or starts up), not as P1001.
const CONNECTION_ERROR =
  /ECONNREFUSED|ENOTFOUND|ETIMEDOUT|ECONNRESET|EAI_AGAIN|connect|Connection terminated|Can't reach database server|57P0[1-3]|the database system is (starting up|shutting down|in recovery mode)|P1001|P1002|P1017|timed out|PrismaClientInitializationError|PGlite is closed/i;

const POOL_BUSY = /timeout exceeded when trying to connect/i;

/** pg's pool gave no connection in time: this process is busy, the database is not down. */
export function isPoolBusyError(error: unknown): boolean {
  return POOL_BUSY.test(error instanceof Error ? error.message : String(error));
}

/**
 * True when an error means the database cannot serve this request now (answer 503); marks it unavailable for every
 * request when the error looks like a lost connection rather than this process's own pool being busy.
 */
export function noteDatabaseError(error: unknown): boolean {
  const text = error instanceof Error ? `${error.name} ${error.message} ${(error as { code?: string }).code ?? ""}` : String(error);
  if (!CONNECTION_ERROR.test(text)) return false;
  if (isPoolBusyError(error)) return true;
  // A connection that only ran out of time may be this process starved of CPU: the probe decides (probeVerdict).
  if (isProbeTimeout(text)) return true;
  setAvailable(false, text);
  return true;
}

/**
 * Runs one statement that carries a large parameter (a file's bytes) and answers its rows. On PostgreSQL it goes to
 * the pool directly: Prisma's client spends several milliseconds of CPU carrying a parameter of hundreds of kilobytes,
 * the driver almost none. On the embedded database, through Prisma. Everything else goes through Prisma.
 */
export async function queryWithLargeValues<Row>(query: Prisma.Sql): Promise<Row[]> {
  const pool = sharedPool();
  if (!pool) return prisma.$queryRaw<Row[]>(query);
  try {
    return (await pool.query(query.text, query.values)).rows as Row[];
  } catch (error) {
    noteDatabaseError(error);
    throw error;
  }
}

/** Closes the client and its driver, for scripts that must exit when done. */
export function closeDatabase(): Promise<void> {
  return closeSharedDatabase();
}
