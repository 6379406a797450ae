// What the production server (runtime/) and the app (src/) share in one process: the page cache the app empties,
// the database the server checks and closes, and the header that carries the client's address. The app imports
// this module, so every tie between the two shows in an import.
// Next.js loads this module once per bundle and the server once more outside it: its state is on one globalThis slot.
const SLOT = Symbol.for("space-cooperation-portal.runtime-bridge");
const shared = (globalThis[SLOT] ??= { pageCache: undefined, database: undefined });

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

/** The app's database, created by the first bundle that asks and the same object for every bundle and the server. */
export function shareDatabase(create) {
  shared.database ??= create();
  return shared.database;
}

/** The database as the app shared it, or undefined before the app opened it. */
export function sharedDatabase() {
  return shared.database;
}

/** Closes the shared database and forgets it, for a clean exit; the next shareDatabase() opens a new one. */
export async function closeSharedDatabase() {
  const database = shared.database;
  shared.database = undefined;
  await database?.close();
}
