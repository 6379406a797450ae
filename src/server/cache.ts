import "server-only";
import { timingSafeEqual } from "node:crypto";
import { revalidatePath, revalidateTag, unstable_cache } from "next/cache";
import { env } from "@/env";
import { clearPageCache, instanceIdentity, localServer } from "../../runtime/bridge.mjs";
import { CACHE_CHANNEL, type CacheListener, cacheMessage, listenForCacheTags } from "./cache-bus";
import { noteDatabaseError, prisma } from "./db";
import { log } from "./log";
import { now } from "./platform/clock";
import { createStatusAlarm, type StatusAlarm } from "./status-alarm";

// Public pages read through these cached queries; staff writes revalidate by tag.
export const CACHE_TAGS = {
  content: "content",
  missions: "missions",
  opportunities: "opportunities",
  institutions: "institutions",
  projects: "projects",
} as const;

export type CacheTag = (typeof CACHE_TAGS)[keyof typeof CACHE_TAGS];

export function cachedQuery<Args extends unknown[], Result>(
  name: string,
  tags: CacheTag[],
  query: (...args: Args) => Promise<Result>,
): (...args: Args) => Promise<Result> {
  const guarded = async (...args: Args) => {
    try {
      return await query(...args);
    } catch (error) {
      noteDatabaseError(error);
      throw error;
    }
  };
  // Keyed by this process as well: Next keeps these entries on disk (.next/cache/fetch-cache) with no time limit, so an
  // entry shared with another process, or left by an earlier one, could come from another database (a restore, a
  // re-seed, a second server started from the same build). runtime/server.mjs removes earlier processes' entries.
  return unstable_cache(guarded, [name, instanceIdentity().id], { tags: [CACHE_TAGS.content, ...tags] });
}

/**
 * The one way to publish a change to public content: expires the tagged queries and the pages built
 * from them, and empties the production server's page cache (runtime/page-cache.mjs) in this process.
 */
export function revalidateContent(tags: CacheTag[]): void {
  const changed = [...new Set<CacheTag>([CACHE_TAGS.content, ...tags])];
  for (const tag of changed) revalidateTag(tag, { expire: 0 });
  clearPageCache();
  void publishContentChange(changed);
  statusAlarm()?.arm();
}

const ALL_TAGS = Object.values(CACHE_TAGS);
const PUBLISH_ATTEMPTS = 3;

/**
 * Tells the other instances (PostgreSQL only), right after the change committed. A failed publish is tried again: a
 * database that dropped every connection meanwhile also made each listener reconnect, which expires everything.
 */
async function publishContentChange(tags: CacheTag[]): Promise<void> {
  if (!env.DATABASE_URL) return;
  const payload = cacheMessage(instanceIdentity().id, tags);
  for (let attempt = 1; ; attempt++) {
    try {
      await prisma.$executeRaw`SELECT pg_notify(${CACHE_CHANNEL}, ${payload})`;
      return;
    } catch (error) {
      if (attempt >= PUBLISH_ATTEMPTS) {
        log.warn({ err: error, tags }, "[cache-bus] could not tell the other instances of a change");
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 300 * attempt));
    }
  }
}

/** The route (src/app/api/internal/cache) through which this process expires tags another instance published. */
export const EXPIRE_PATH = "/api/internal/cache";
/** The header that carries this process's secret to that route. */
export const EXPIRE_SECRET_HEADER = "x-portal-cache-secret";

/** Whether a request to the expire route came from this process itself. */
export function isOwnExpireRequest(secret: string | null): boolean {
  const expected = Buffer.from(instanceIdentity().secret);
  const given = Buffer.from(secret ?? "");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The known tags among `tags`; anything else is refused by the expire route. */
export function knownCacheTags(tags: unknown): CacheTag[] | null {
  if (!Array.isArray(tags) || !tags.every((tag): tag is CacheTag => (ALL_TAGS as string[]).includes(tag as string))) return null;
  return tags;
}

/**
 * What another instance's change expires here, run in a request scope by the expire route. The public pages also
 * by path, as writeContent does: a page cached as a 404 while its record was a draft carries only its path's tag.
 */
export function expireContent(tags: CacheTag[]): void {
  for (const tag of new Set<CacheTag>([CACHE_TAGS.content, ...tags])) revalidateTag(tag, { expire: 0 });
  revalidatePath("/[locale]/(public)", "layout");
  statusAlarm()?.arm();
}

const pending = new Set<CacheTag>();
let draining: Promise<void> | undefined;
const EXPIRE_RETRY_MS = 500;

/**
 * Expires tags in this process through its own server's expire route. revalidateTag needs Next's request scope,
 * and a request to our own route gives it with public API only: the same call the edit made on its instance, so
 * pages, cached queries and any cache handler expire exactly as there, where Next's tag manifest is internal.
 * Bursts are merged; a failed request is retried with whatever arrived meanwhile.
 */
function expireOnThisInstance(tags: readonly CacheTag[]): void {
  for (const tag of tags) pending.add(tag);
  draining ??= drainPending().finally(() => {
    draining = undefined;
    if (pending.size > 0) expireOnThisInstance([]);
  });
}

async function drainPending(): Promise<void> {
  const origin = await localServer();
  let wait = EXPIRE_RETRY_MS;
  while (pending.size > 0) {
    const batch = [...pending];
    pending.clear();
    try {
      const response = await fetch(`${origin}${EXPIRE_PATH}`, {
        method: "POST",
        headers: { "content-type": "application/json", [EXPIRE_SECRET_HEADER]: instanceIdentity().secret },
        body: JSON.stringify({ tags: batch }),
        signal: AbortSignal.timeout(5000),
      });
      await response.arrayBuffer().catch(() => undefined);
      if (!response.ok) throw new Error(`${EXPIRE_PATH} answered ${response.status}`);
      // After the route answered, so that no request in between refills the page cache from expired entries.
      clearPageCache();
      wait = EXPIRE_RETRY_MS;
    } catch (error) {
      log.warn({ err: error, tags: batch }, "[cache-bus] could not expire another instance's change here; trying again");
      for (const tag of batch) pending.add(tag);
      await new Promise((resolve) => setTimeout(resolve, wait));
      wait = Math.min(wait * 2, 5000);
    }
  }
}

const BUS_SLOT = Symbol.for("space-cooperation-portal.cache-bus");

/**
 * Starts this process's listener when the portal runs on PostgreSQL (several instances may share it); on the
 * embedded database there is one process and nothing to listen for, and the pages an earlier process left expire once.
 * Calling it again changes nothing.
 */
export function startCacheBus(): CacheListener | undefined {
  if (!env.DATABASE_URL) {
    // No listener here, whose start expires everything: pages regenerated on disk (.next/server/route-cache) by an
    // earlier process, maybe on another database (a restore, a re-seed), expire once now instead.
    const slot = globalThis as { [BUS_SLOT]?: CacheListener | "embedded" };
    if (slot[BUS_SLOT] === undefined) {
      slot[BUS_SLOT] = "embedded";
      expireOnThisInstance(ALL_TAGS);
    }
    return undefined;
  }
  const slot = globalThis as { [BUS_SLOT]?: CacheListener };
  slot[BUS_SLOT] ??= listenForCacheTags({
    connectionString: env.DATABASE_URL,
    origin: instanceIdentity().id,
    // Tags this build does not know come from a newer one: expire everything rather than guess.
    onTags: (tags) => expireOnThisInstance(knownCacheTags(tags) ?? ALL_TAGS),
    onListening: () => expireOnThisInstance(ALL_TAGS),
    log: (level, message) => log[level](message),
  });
  return slot[BUS_SLOT];
}

const ALARM_SLOT = Symbol.for("space-cooperation-portal.status-alarm");
const statusAlarm = () => (globalThis as { [ALARM_SLOT]?: StatusAlarm })[ALARM_SLOT];

/**
 * Starts this process's status alarm (src/server/status-alarm.ts): at each opening or closing of a call's stage, the
 * public pages here expire as after an edit, so none says "open" past a deadline. Content changes here and from other
 * instances set it again. Calling it again changes nothing.
 */
export function startStatusAlarm(nextChange: () => Promise<Date | null>): void {
  const slot = globalThis as { [ALARM_SLOT]?: StatusAlarm };
  if (slot[ALARM_SLOT]) return;
  slot[ALARM_SLOT] = createStatusAlarm({
    nextChange,
    expire: () => expireOnThisInstance([CACHE_TAGS.opportunities]),
    now,
    onError: (error) => log.warn({ err: error }, "[status-alarm] could not read when a call next opens or closes; trying again later"),
  });
  slot[ALARM_SLOT].arm();
}
