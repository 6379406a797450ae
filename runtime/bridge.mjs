// What the production server (runtime/) and the app (src/) share in one process: the page cache the app empties,
// the database the server checks and closes, and the header that carries the client's address. The app imports
// this module, so every tie between the two shows in an import.
import { AsyncLocalStorage } from "node:async_hooks";
import { randomBytes, randomUUID } from "node:crypto";

// Next.js loads this module once per bundle and the server once more outside it: its state is on one globalThis slot.
const SLOT = Symbol.for("space-cooperation-portal.runtime-bridge");
const shared = (globalThis[SLOT] ??= { pageCache: undefined, database: undefined });
// This process's name on the cache bus (src/server/cache-bus.ts), and the secret its own server asks for when it
// expires tags another instance published; the secret never leaves the process.
shared.instance ??= { id: randomUUID(), secret: randomBytes(32).toString("base64url") };
if (!shared.localServer) {
  let resolve;
  shared.localServer = { promise: new Promise((settle) => (resolve = settle)), resolve: (origin) => resolve(origin) };
}

/** The request being answered ({ id }, set by the server around each request), for every log line written for it. */
export function requestContext() {
  return (shared.requestContext ??= new AsyncLocalStorage());
}

/** The process's logger (runtime/log.mjs), created by the first module that asks. */
export function shareLogger(create) {
  shared.logger ??= create();
  return shared.logger;
}

/** The app adds readings to the server's /metrics (runtime/metrics.mjs): `collect` answers with samples at each scrape. */
export function shareMetricsCollector(name, collect) {
  (shared.metricsCollectors ??= new Map()).set(name, collect);
}

/** The readings the app shared, by name. */
export function sharedMetricsCollectors() {
  return shared.metricsCollectors ?? new Map();
}

/** The request header with the client's address as the server recorded it; the server overwrites any value a client sends. */
export const CLIENT_IP_HEADER = "x-portal-client-ip";

/** The server's page cache makes itself known, so that the app can empty it. */
export function sharePageCache(pageCache) {
  shared.pageCache = pageCache;
}

/** Empties the server's page cache; nothing to do when the app runs without the server (next dev, tests, scripts). */
export function clearPageCache() {
  shared.pageCache?.clear();
}

/** This process's id and secret (see `shared.instance`). */
export function instanceIdentity() {
  return shared.instance;
}

/** The server tells where it listens, so that the app can send requests to its own process. */
export function shareLocalServer(address) {
  const host = !address.address || address.address === "0.0.0.0" || address.address === "::" ? "127.0.0.1" : address.address;
  shared.localServer.resolve(`http://${host.includes(":") ? `[${host}]` : host}:${address.port}`);
}

/** The origin of this process's own server, once it listens; never settles without runtime/server.mjs. */
export function localServer() {
  return shared.localServer.promise;
}

/** The app's database, created by the first bundle that asks and the same object for every bundle and the server. */
export function shareDatabase(create) {
  shared.database ??= create();
  return shared.database;
}

/** The database as the app shared it, or undefined before the app opened it. */
export function sharedDatabase() {
  return shared.database;
}

/** The PostgreSQL connection pool the app's queries use (prisma/adapter.ts), for /metrics; undefined on PGlite. */
export function sharePool(pool) {
  shared.pool = pool;
}

/** The pool as shared: its totalCount, idleCount and waitingCount are read at each scrape. */
export function sharedPool() {
  return shared.pool;
}

/** The production server marks itself before Next.js prepares, so the app can tell it is behind runtime/server.mjs. */
export function markCustomServer() {
  shared.customServer = true;
}

/** Whether this process was started by runtime/server.mjs rather than `next start` or `next dev`. */
export function isCustomServer() {
  return shared.customServer === true;
}

/** Background work on the database (the job runner) says how to stop it: closeSharedDatabase stops it first. */
export function beforeDatabaseClose(stop) {
  (shared.stoppers ??= new Set()).add(stop);
  return () => shared.stoppers.delete(stop);
}

/** Closes the shared database and forgets it, for a clean exit; the next shareDatabase() opens a new one. */
export async function closeSharedDatabase() {
  await Promise.allSettled([...(shared.stoppers ?? [])].map((stop) => stop()));
  const database = shared.database;
  shared.database = undefined;
  await database?.close();
}
