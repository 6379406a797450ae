import "server-only";
import pg from "pg";

// Staff edits reach every instance on PostgreSQL: each change's cache tags are published with pg_notify on one channel,
// and every instance holds one connection that LISTENs on it. The embedded database serves one process, which needs
// no bus.

/** The PostgreSQL channel that carries changed cache tags between instances. */
export const CACHE_CHANNEL = "portal_cache_tags";

/** What one notification carries: the instance that made the change (so that it skips its own) and the tags. */
export interface CacheMessage {
  origin: string;
  tags: string[];
}

// pg_notify refuses payloads of 8000 bytes or more; a handful of tag names stays far below it.
const MAX_PAYLOAD_BYTES = 7900;

/** The notification's text; throws when the tags would not fit in one. */
export function cacheMessage(origin: string, tags: readonly string[]): string {
  const payload = JSON.stringify({ origin, tags: [...new Set(tags)] } satisfies CacheMessage);
  if (Buffer.byteLength(payload) > MAX_PAYLOAD_BYTES) throw new Error(`cache tags too long for one notification (${payload.length} bytes)`);
  return payload;
}

/** The message a notification carries, or null for anything else on the channel. */
export function parseCacheMessage(payload: string | undefined): CacheMessage | null {
  try {
    const value = JSON.parse(payload ?? "") as Partial<CacheMessage>;
    if (typeof value.origin !== "string" || !Array.isArray(value.tags) || !value.tags.every((tag) => typeof tag === "string")) return null;
    return { origin: value.origin, tags: value.tags };
  } catch {
    return null;
  }
}

export interface CacheListenerOptions {
  connectionString: string;
  /** This process's id: its own notifications are already applied, so they are skipped. */
  origin: string;
  /** Tags another instance changed. */
  onTags: (tags: string[]) => void;
  /**
   * Called on every (re)connection once LISTEN holds: notifications sent while this process was not listening are
   * lost, so whatever it cached meanwhile must count as stale.
   */
  onListening: () => void;
  /** First wait before reconnecting, doubled after each failure up to maxRetryMs. */
  retryMs?: number;
  maxRetryMs?: number;
  log?: (level: "info" | "warn", message: string) => void;
}

export interface CacheListener {
  /** Whether LISTEN currently holds on a live connection. */
  listening(): boolean;
  close(): Promise<void>;
}

/** One dedicated connection that LISTENs on the channel and reconnects, with backoff, whenever it is lost. */
export function listenForCacheTags(options: CacheListenerOptions): CacheListener {
  const { connectionString, origin, onTags, onListening, retryMs = 250, maxRetryMs = 5000, log = (level, message) => console[level](message) } = options;
  let client: pg.Client | undefined;
  let isListening = false;
  let closed = false;
  let wait = retryMs;
  let timer: NodeJS.Timeout | undefined;
  let failures = 0;

  const scheduleReconnect = (reason: string) => {
    if (closed || timer) return;
    if (isListening || failures === 0) log("warn", `[cache-bus] connection lost (${reason}); reconnecting`);
    isListening = false;
    failures++;
    timer = setTimeout(() => {
      timer = undefined;
      void connect();
    }, wait);
    timer.unref();
    wait = Math.min(wait * 2, maxRetryMs);
  };

  const connect = async () => {
    // Keep-alive probes notice a peer that vanished without closing the connection (a host or network gone).
    const next = new pg.Client({ connectionString, keepAlive: true, keepAliveInitialDelayMillis: 10_000, connectionTimeoutMillis: 5000 });
    client = next;
    let lost = false;
    const drop = (reason: string) => {
      if (lost) return;
      lost = true;
      if (client === next) client = undefined;
      next.end().catch(() => {});
      scheduleReconnect(reason);
    };
    next.on("error", (error) => drop(error.message));
    next.on("end", () => drop("connection ended"));
    next.on("notification", (notification) => {
      if (notification.channel !== CACHE_CHANNEL) return;
      const message = parseCacheMessage(notification.payload);
      if (message && message.origin !== origin && message.tags.length > 0) onTags(message.tags);
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${CACHE_CHANNEL}`);
    } catch (error) {
      drop(error instanceof Error ? error.message : String(error));
      return;
    }
    if (closed || lost) {
      if (closed) await next.end().catch(() => {});
      return;
    }
    if (failures > 0) log("info", "[cache-bus] listening again; expiring every cached tag once");
    isListening = true;
    failures = 0;
    wait = retryMs;
    onListening();
  };

  void connect();
  return {
    listening: () => isListening,
    close: async () => {
      closed = true;
      isListening = false;
      clearTimeout(timer);
      const current = client;
      client = undefined;
      await current?.end().catch(() => {});
    },
  };
}
