// A small in-memory cache of whole public page responses in front of Next.js, like a reverse proxy's
// microcache: Next's own cache answers a cached App Router page at a few hundred requests a second on
// two cores, this answers it at static-file speed. Only responses Next itself marked publicly cacheable
// (s-maxage, served from its cache) are kept; the app clears it whenever it revalidates content
// (src/server/cache.ts), and entries also expire after TTL_MS.
//
// Bodies are kept as Next rendered them, with the build's placeholder nonce (security-headers.mjs), so each
// response gets its own nonce. For gzip, each stretch between placeholders is compressed once, ending on a byte
// boundary; a response is those stretches with its nonce between them as stored deflate blocks, so no page is
// compressed per request.
import { constants, crc32, deflateRawSync } from "node:zlib";
import { sharePageCache } from "./bridge.mjs";
import { isPrivatePage } from "./security-headers.mjs";

const TTL_MS = 60_000;
const MAX_BODY_BYTES = 2 * 1024 * 1024;
// A ceiling on memory however many distinct addresses clients make up; the least recently used page goes first
// and is served from Next's own cache until it is kept again.
const MAX_ENTRIES = 1000;
const MAX_TOTAL_BYTES = 64 * 1024 * 1024;

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

const UNRESERVED = /[A-Za-z0-9\-._~]/;

/** The page's key: its path (escapes of unreserved characters decoded, as RFC 3986 allows) and the parameters it reads, sorted. */
export function cacheKey(req) {
  if (req.method !== "GET") return null;
  if (VARYING_HEADERS.some((h) => req.headers[h] !== undefined)) return null;
  const url = req.url ?? "/";
  const mark = url.indexOf("?");
  const path = (mark === -1 ? url : url.slice(0, mark)).replace(/%([0-9A-Fa-f]{2})/g, (sequence, hex) => {
    const char = String.fromCharCode(Number.parseInt(hex, 16));
    return UNRESERVED.test(char) ? char : sequence.toUpperCase();
  });
  if (!path.startsWith("/") || path.startsWith("/api/") || path.startsWith("/_next/") || isPrivatePage(path)) return null;
  const names = PAGE_QUERY_PARAMS.find((page) => page.path.test(path))?.params ?? [];
  if (mark === -1 || names.length === 0) return path;
  const query = new URLSearchParams(url.slice(mark + 1));
  const kept = new URLSearchParams();
  for (const name of [...names].sort()) for (const value of query.getAll(name)) kept.append(name, value);
  const search = kept.toString();
  return search ? `${path}?${search}` : path;
}

/** Entries in least-recently-used order (a Map keeps insertion order; a hit re-inserts), bounded in count and bytes. */
export function createPageCache({ maxEntries = MAX_ENTRIES, maxBytes = MAX_TOTAL_BYTES, now = Date.now } = {}) {
  const entries = new Map();
  let bytes = 0;
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
    set(key, entry) {
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
    },
    stats: () => ({ entries: entries.size, bytes }),
  };
}

const cache = createPageCache();

// The app runs in this process: revalidating content clears the cache (src/server/cache.ts).
sharePageCache({ clear: () => cache.clear() });

// Cacheable requests answered from the cache (hits) and passed on to Next.js (misses), for /metrics.
const counts = { hits: 0, misses: 0 };

/** How many pages are kept and their size in bytes, and the hits and misses since the server started. */
export const pageCacheStats = () => ({ ...cache.stats(), ...counts });

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
  const hit = cache.get(key);
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

/**
 * Collects the body as Next writes it (placeholder included) and keeps it if Next marked the page publicly
 * cacheable. `finish` receives the Cache-Control and X-Nextjs-Cache Next set, before the server rewrote them.
 */
function recorder(key) {
  const chunks = [];
  let size = 0;
  return {
    chunk(buffer) {
      size += buffer.length;
      if (size <= MAX_BODY_BYTES) chunks.push(buffer);
    },
    finish(res, { cacheControl, nextCache, placeholder }) {
      // Only a 200 is kept: a redirect, such as an old address's (src/proxy.ts), always reaches the app.
      if (res.statusCode !== 200 || !/s-maxage=\d+/.test(cacheControl) || nextCache !== "HIT" || size > MAX_BODY_BYTES) return;
      const headers = { ...res.getHeaders() };
      // A stored answer keeps none of its own request: its cookies, length, encoding, policy, date or request id.
      for (const name of ["set-cookie", "content-length", "content-encoding", "vary", "content-security-policy", "date", "x-request-id"]) delete headers[name];
      const prepared = prepareBody(Buffer.concat(chunks), placeholder);
      const kept = prepared.body.length + prepared.compressed.reduce((sum, part) => sum + part.length, 0);
      cache.set(key, { status: 200, headers, prepared, size: kept, expires: Date.now() + TTL_MS });
    },
  };
}
