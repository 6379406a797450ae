// A small in-memory cache of whole public page responses in front of Next.js, like a reverse proxy's
// microcache: Next's own cache answers a cached App Router page at a few hundred requests a second on
// two cores, this answers it at static-file speed. Only responses Next itself marked publicly cacheable
// (s-maxage, served from its cache) are kept, search pages that refused nobody, and the public JSON API's reads
// that their handler marked public, for no longer than their max-age; the app clears it whenever it revalidates
// content (src/server/cache.ts), and entries also expire after TTL_MS.
//
// Bodies are kept as Next rendered them, with the build's placeholder nonce (security-headers.mjs), so each
// response gets its own nonce. For gzip, each stretch between placeholders is compressed once, ending on a byte
// boundary; a response is those stretches with its nonce between them as stored deflate blocks, so no page is
// compressed per request.
import { constants, crc32, deflateRawSync } from "node:zlib";
import { sharePageCache } from "./bridge.mjs";
import { isSearchPage } from "./edge-requests.mjs";
import { isPrivatePage } from "./security-headers.mjs";

const TTL_MS = 60_000;
const MAX_BODY_BYTES = 2 * 1024 * 1024;
// A ceiling on memory however many distinct addresses clients make up; the least recently used page goes first
// and is served from Next's own cache until it is kept again.
const MAX_ENTRIES = 1000;
const MAX_TOTAL_BYTES = 64 * 1024 * 1024;
// Search pages have a cache of their own, so that a stream of new queries never pushes the other pages out.
const MAX_SEARCH_ENTRIES = 200;
const MAX_SEARCH_BYTES = 16 * 1024 * 1024;

// Search pages are rendered per request (force-dynamic), since whether a search is refused depends on the client
// (src/components/open-data/search-results.tsx marks a refusal with this attribute); every other search page, results
// or not, is the same for everyone who asks the same query.
const SEARCH_REFUSAL_MARK = Buffer.from("data-refused");

// Requests Next answers differently from a plain document request.
const VARYING_HEADERS = ["rsc", "next-router-state-tree", "next-router-prefetch", "next-url", "next-action", "range", "authorization", "cookie"];

/**
 * The query parameters each cacheable page reads; the key keeps only these, so `?v=<random>` is the same page.
 * Next.js renders a page per query only when the page reads searchParams (src/app/[locale]/(public)) or
 * src/proxy.ts rewrites on them; any other public page is the same whatever the query says.
 */
export const PAGE_QUERY_PARAMS = [
  // src/proxy.ts rewrites these to the cached path of the filter pair.
  { path: /^\/[^/]+\/opportunities\/chang-e-8-cooperation-projects\/?$/, params: ["country", "kind"] },
  { path: /^\/[^/]+\/search\/?$/, params: ["q"] },
];

const PAGINATION = ["page", "pageSize"];

/**
 * The public JSON API's reads (src/app/api/v1) and the query parameters each handler reads: the keys of its schema
 * in src/lib/validation/api.ts (tests/unit/edge-page-cache-api.test.ts holds the two together). A handler refuses any
 * other parameter with a 400, so a request naming one is passed on uncached: were it ignored as a page ignores it,
 * the entry of the address without it would answer 200 where the API answers 400.
 */
export const API_QUERY_PARAMS = [
  { path: /^\/api\/v1\/(?:missions|opportunities)$/, params: PAGINATION },
  { path: /^\/api\/v1\/calls$/, params: [...PAGINATION, "status"] },
  { path: /^\/api\/v1\/institutions$/, params: [...PAGINATION, "country", "type"] },
  { path: /^\/api\/v1\/projects$/, params: [...PAGINATION, "country", "kind", "opportunity"] },
  { path: /^\/api\/v1\/(?:missions|opportunities|calls)\/[^/]+$/, params: [] },
  { path: /^\/api\/v1\/calls\/[^/]+\/openapi\.json$/, params: [] },
  { path: /^\/api\/v1\/openapi\.json$/, params: [] },
];

const UNRESERVED = /[A-Za-z0-9\-._~]/;

/** `path` and the parameters named in `names`, sorted by name, each value in the order given. */
function withParams(path, names, query) {
  const kept = new URLSearchParams();
  for (const name of [...names].sort()) for (const value of query.getAll(name)) kept.append(name, value);
  const search = kept.toString();
  return search ? `${path}?${search}` : path;
}

/**
 * The key of a page or public API read: its path (escapes of unreserved characters decoded, as RFC 3986 allows) and
 * the parameters it reads, sorted; null for what is never cached.
 */
export function cacheKey(req) {
  if (req.method !== "GET") return null;
  if (VARYING_HEADERS.some((h) => req.headers[h] !== undefined)) return null;
  const url = req.url ?? "/";
  const mark = url.indexOf("?");
  const path = (mark === -1 ? url : url.slice(0, mark)).replace(/%([0-9A-Fa-f]{2})/g, (sequence, hex) => {
    const char = String.fromCharCode(Number.parseInt(hex, 16));
    return UNRESERVED.test(char) ? char : sequence.toUpperCase();
  });
  const query = new URLSearchParams(mark === -1 ? "" : url.slice(mark + 1));
  if (path.startsWith("/api/")) {
    const names = API_QUERY_PARAMS.find((read) => read.path.test(path))?.params;
    if (!names || [...query.keys()].some((name) => !names.includes(name))) return null;
    return withParams(path, names, query);
  }
  if (!path.startsWith("/") || path.startsWith("/_next/") || isPrivatePage(path)) return null;
  const names = PAGE_QUERY_PARAMS.find((page) => page.path.test(path))?.params ?? [];
  if (mark === -1 || names.length === 0) return path;
  return withParams(path, names, query);
}

/** Whether a key is an API read's, which is kept by its own Cache-Control rather than by Next's cache marks. */
export const isApiKey = (key) => key.startsWith("/api/");

/**
 * How long an API answer may be kept, in ms: 0 unless its handler marked it public, for no longer than its max-age
 * (src/server/api/respond.ts bounds that by the next change of a call's status), and never past TTL_MS.
 */
export function apiLifetimeMs(cacheControl) {
  const directives = cacheControl.toLowerCase().split(",").map((directive) => directive.trim());
  if (!directives.includes("public") || directives.some((d) => d === "no-store" || d === "no-cache" || d === "private")) return 0;
  const maxAge = directives.map((d) => /^max-age=(\d+)$/.exec(d)?.[1]).find((value) => value !== undefined);
  return maxAge === undefined ? 0 : Math.min(TTL_MS, Number(maxAge) * 1000);
}

/** Entries in least-recently-used order (a Map keeps insertion order; a hit re-inserts), bounded in count and bytes. */
export function createPageCache({ maxEntries = MAX_ENTRIES, maxBytes = MAX_TOTAL_BYTES, now = () => Date.now() } = {}) {
  const entries = new Map();
  let bytes = 0;
  // Counts clears: an answer recorded while one happened may hold the data it cleared, and is not kept.
  let generation = 0;
  const remove = (key) => {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    bytes -= entry.size;
  };
  return {
    get(key) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      entries.delete(key);
      if (entry.expires <= now()) {
        bytes -= entry.size;
        return undefined;
      }
      entries.set(key, entry);
      return entry;
    },
    /** Keeps `entry` unless the cache was cleared since `recordedIn` (its generation when recording began). */
    set(key, entry, recordedIn = generation) {
      if (recordedIn !== generation) return;
      remove(key);
      if (entry.size > maxBytes) return;
      entries.set(key, entry);
      bytes += entry.size;
      for (const oldest of entries.keys()) {
        if (entries.size <= maxEntries && bytes <= maxBytes) break;
        remove(oldest);
      }
    },
    clear() {
      entries.clear();
      bytes = 0;
      generation++;
    },
    generation: () => generation,
    stats: () => ({ entries: entries.size, bytes }),
  };
}

const cache = createPageCache();
const searchCache = createPageCache({ maxEntries: MAX_SEARCH_ENTRIES, maxBytes: MAX_SEARCH_BYTES });

const isSearchKey = (key) => isSearchPage(key.split("?", 1)[0]);
const cacheFor = (key) => (isSearchKey(key) ? searchCache : cache);

// The app runs in this process: revalidating content clears the cache (src/server/cache.ts).
sharePageCache({
  clear: () => {
    cache.clear();
    searchCache.clear();
  },
});

// Cacheable requests answered from the cache (hits) and passed on to Next.js (misses), for /metrics.
const counts = { hits: 0, misses: 0 };

/** How many pages are kept and their size in bytes, and the hits and misses since the server started. */
export const pageCacheStats = () => {
  const [pages, searches] = [cache.stats(), searchCache.stats()];
  return { entries: pages.entries + searches.entries, bytes: pages.bytes + searches.bytes, ...counts };
};

const acceptsGzip = (req) => /\bgzip\b/.test(String(req.headers["accept-encoding"] ?? ""));

const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03]);
// A last, empty stored block closes the deflate stream.
const FINAL_BLOCK = Buffer.from([0x01, 0x00, 0x00, 0xff, 0xff]);

/** A stored (uncompressed), not-last deflate block holding `data`; the stream must be at a byte boundary. */
function storedBlock(data) {
  const header = Buffer.alloc(5);
  header.writeUInt8(0x00, 0);
  header.writeUInt16LE(data.length, 1);
  header.writeUInt16LE(~data.length & 0xffff, 3);
  return Buffer.concat([header, data]);
}

function splitOn(body, separator) {
  const parts = [];
  let from = 0;
  for (let at = body.indexOf(separator); at !== -1; at = body.indexOf(separator, from)) {
    parts.push(body.subarray(from, at));
    from = at + separator.length;
  }
  parts.push(body.subarray(from));
  return parts;
}

/** Compresses a page body once, in stretches between placeholders that per-response nonces fill in later. */
export function prepareBody(body, placeholder) {
  const stretches = splitOn(body, Buffer.from(placeholder));
  const compressed = stretches.map((stretch) => deflateRawSync(stretch, { finishFlush: constants.Z_SYNC_FLUSH }));
  return { body, placeholder, stretches, compressed };
}

/** The body with `nonce` in place of each placeholder, identity-encoded. */
export function identityBody(prepared, nonce) {
  return Buffer.concat(prepared.stretches.flatMap((stretch, i) => (i === 0 ? [stretch] : [Buffer.from(nonce), stretch])));
}

/** The same body gzip-encoded, from the stretches compressed in advance. */
export function gzipBody(prepared, nonce) {
  const filler = Buffer.from(nonce);
  const parts = [GZIP_HEADER];
  let crc = 0;
  let length = 0;
  prepared.stretches.forEach((stretch, i) => {
    if (i > 0) {
      parts.push(storedBlock(filler));
      crc = crc32(filler, crc);
      length += filler.length;
    }
    parts.push(prepared.compressed[i]);
    crc = crc32(stretch, crc);
    length += stretch.length;
  });
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc >>> 0, 0);
  trailer.writeUInt32LE(length % 2 ** 32, 4);
  parts.push(FINAL_BLOCK, trailer);
  return Buffer.concat(parts);
}

/** Answers from the cache with `nonce` if it can; otherwise returns a recorder for Next's answer, or null. */
export function servePageFromCache(req, res, nonce) {
  const key = cacheKey(req);
  if (!key) return null;
  const hit = cacheFor(key).get(key);
  counts[hit ? "hits" : "misses"]++;
  if (hit) {
    const gzip = acceptsGzip(req);
    const body = gzip ? gzipBody(hit.prepared, nonce) : identityBody(hit.prepared, nonce);
    res.writeHead(hit.status, {
      ...hit.headers,
      ...(gzip ? { "content-encoding": "gzip" } : {}),
      vary: "Accept-Encoding",
      "content-length": body.length,
      "x-portal-cache": "HIT",
    });
    res.end(body);
    return "served";
  }
  return recorder(key);
}

/** How long an answer to `key` may be kept, in ms; 0: not at all. */
function lifetimeMs(key, res, body, { cacheControl, nextCache }) {
  // Only a 200 is kept: a redirect, such as an old address's (src/proxy.ts), always reaches the app, and an error passes.
  if (res.statusCode !== 200) return 0;
  if (isSearchKey(key)) return body.includes(SEARCH_REFUSAL_MARK) || res.getHeaders()["set-cookie"] !== undefined ? 0 : TTL_MS;
  if (!isApiKey(key)) return /s-maxage=\d+/.test(cacheControl) && nextCache === "HIT" ? TTL_MS : 0;
  // An answer that sets a cookie is someone's own.
  return res.getHeaders()["set-cookie"] === undefined ? apiLifetimeMs(cacheControl) : 0;
}

/**
 * Collects the body as Next writes it (placeholder included) and keeps it if Next marked the page publicly
 * cacheable, if it is a search page that refused nobody, or if its API handler marked it public. `finish` receives
 * the Cache-Control and X-Nextjs-Cache Next set, before the server rewrote them. An entry's lifetime counts from
 * before the app answered, so an API answer whose max-age ends at a call's next status change is gone by then.
 */
function recorder(key) {
  const chunks = [];
  let size = 0;
  const startedAt = Date.now();
  const target = cacheFor(key);
  const recordedIn = target.generation();
  return {
    chunk(buffer) {
      size += buffer.length;
      if (size <= MAX_BODY_BYTES) chunks.push(buffer);
    },
    finish(res, upstream) {
      if (size > MAX_BODY_BYTES || target.generation() !== recordedIn) return;
      const body = Buffer.concat(chunks);
      const lifetime = lifetimeMs(key, res, body, upstream);
      if (lifetime <= 0) return;
      const headers = { ...res.getHeaders() };
      // A stored answer keeps none of its own request: its cookies, length, encoding, policy, date or request id.
      for (const name of ["set-cookie", "content-length", "content-encoding", "vary", "content-security-policy", "date", "x-request-id"]) delete headers[name];
      const prepared = prepareBody(body, upstream.placeholder);
      const kept = prepared.body.length + prepared.compressed.reduce((sum, part) => sum + part.length, 0);
      target.set(key, { status: 200, headers, prepared, size: kept, expires: startedAt + lifetime }, recordedIn);
    },
  };
}
