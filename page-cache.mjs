// A small in-memory cache of whole public page responses in front of Next.js, like a reverse proxy's
// microcache: Next's own cache answers a cached App Router page at a few hundred requests a second on
// two cores, this answers it at static-file speed. Only responses Next itself marked publicly cacheable
// (s-maxage, served from its cache) are kept; the app clears it whenever it revalidates content
// (src/server/cache.ts), and entries also expire after TTL_MS.

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
  const gzip = /\bgzip\b/.test(String(req.headers["accept-encoding"] ?? ""));
  return `${gzip ? "gz" : "id"} ${url}`;
}

/** Answers from the cache if it can; otherwise returns a function that records Next's answer. */
export function servePageFromCache(req, res) {
  const key = keyOf(req);
  if (!key) return null;
  const hit = entries.get(key);
  if (hit && hit.expires > Date.now()) {
    res.writeHead(hit.status, { ...hit.headers, "x-portal-cache": "HIT" });
    res.end(hit.body);
    return "served";
  }
  entries.delete(key);
  return () => recordResponse(key, res);
}

function recordResponse(key, res) {
  const chunks = [];
  let size = 0;
  const write = res.write.bind(res);
  const end = res.end.bind(res);
  const keep = (chunk, encoding) => {
    if (chunk === undefined || chunk === null || typeof chunk === "function") return;
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk, typeof encoding === "string" ? encoding : "utf8");
    size += buffer.length;
    if (size <= MAX_BODY_BYTES) chunks.push(buffer);
  };
  res.write = (chunk, encoding, callback) => {
    keep(chunk, encoding);
    return write(chunk, encoding, callback);
  };
  res.end = (chunk, encoding, callback) => {
    keep(chunk, encoding);
    const result = end(chunk, encoding, callback);
    const cacheControl = String(res.getHeader("cache-control") ?? "");
    const nextCache = String(res.getHeader("x-nextjs-cache") ?? "");
    if (res.statusCode === 200 && /s-maxage=\d+/.test(cacheControl) && nextCache === "HIT" && size <= MAX_BODY_BYTES) {
      if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value);
      const headers = { ...res.getHeaders() };
      delete headers["set-cookie"];
      entries.set(key, { status: 200, headers, body: Buffer.concat(chunks), expires: Date.now() + TTL_MS });
    }
    return result;
  };
}
