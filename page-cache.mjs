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

const TTL_MS = 60_000;
const MAX_ENTRIES = 1000;
const MAX_BODY_BYTES = 2 * 1024 * 1024;

// Requests Next answers differently from a plain document request.
const VARYING_HEADERS = ["rsc", "next-router-state-tree", "next-router-prefetch", "next-url", "next-action", "range", "authorization", "cookie"];

const entries = new Map();

/** Shared with the app, which runs in this process: revalidating content clears the cache. */
globalThis[Symbol.for("space-cooperation-portal.page-cache")] = { clear: () => entries.clear() };

function keyOf(req) {
  if (req.method !== "GET") return null;
  if (VARYING_HEADERS.some((h) => req.headers[h] !== undefined)) return null;
  const url = req.url ?? "/";
  if (url.startsWith("/api/") || url.startsWith("/_next/") || /\/applications\//.test(url)) return null;
  return url;
}

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
  const key = keyOf(req);
  if (!key) return null;
  const hit = entries.get(key);
  if (hit && hit.expires > Date.now()) {
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
  entries.delete(key);
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
      if (res.statusCode !== 200 || !/s-maxage=\d+/.test(cacheControl) || nextCache !== "HIT" || size > MAX_BODY_BYTES) return;
      if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value);
      const headers = { ...res.getHeaders() };
      for (const name of ["set-cookie", "content-length", "content-encoding", "vary", "content-security-policy", "date"]) delete headers[name];
      const prepared = prepareBody(Buffer.concat(chunks), placeholder);
      entries.set(key, { status: 200, headers, prepared, expires: Date.now() + TTL_MS });
    },
  };
}
