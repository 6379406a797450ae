// What each request leaves for the operators (its access-log line and its counts), and GET /metrics, which the
// production server (server.mjs) answers itself in Prometheus's text format, before Next.js and the database gate.
// Readings that need the app's database (mail queue, upload store) come from a collector the app shares through
// the bridge (src/server/metrics.ts); each scrape waits for it at most COLLECT_TIMEOUT_MS.
import { createHash, timingSafeEqual } from "node:crypto";
import client from "prom-client";
import * as bridge from "./bridge.mjs";
import { logPath, logger } from "./log.mjs";
import { pageCacheStats } from "./page-cache.mjs";
import { isPrivatePage } from "./security-headers.mjs";

const COLLECT_TIMEOUT_MS = 2000;

/** Whether a scrape may read the metrics: "off" while METRICS_TOKEN is unset (404), "refused" (401) or "allowed". */
export function metricsAccess(authorization, token) {
  if (!token) return "off";
  const given = /^Bearer +(\S+) *$/i.exec(String(authorization ?? ""))?.[1];
  if (!given) return "refused";
  // Hashes have equal lengths, so the comparison takes the same time whatever the token's length or first wrong byte.
  const digest = (text) => createHash("sha256").update(text).digest();
  return timingSafeEqual(digest(given), digest(token)) ? "allowed" : "refused";
}

/** The few kinds of request a metric label tells apart; never the path itself, which clients make up without end. */
export function routeGroup(pathname) {
  if (pathname.startsWith("/_next/")) return "asset";
  if (pathname === "/api/health" || pathname.startsWith("/api/health/")) return "health";
  if (pathname === "/metrics") return "metrics";
  if (pathname.startsWith("/api/v1/")) return "api";
  if (pathname === "/api" || pathname.startsWith("/api/")) return "api_other";
  if (/^\/[^/]+\/admin(?:\/|$)/.test(pathname)) return "admin";
  // The apply flow and an applicant's own pages.
  if (isPrivatePage(pathname)) return "applicant";
  return "page";
}

export const registry = new client.Registry();
// Node.js process metrics under their usual names: process_cpu_seconds_total, process_resident_memory_bytes,
// nodejs_eventloop_lag_seconds, nodejs_heap_size_used_bytes, nodejs_gc_duration_seconds, ...
client.collectDefaultMetrics({ register: registry });

// Requests answered, by route group (routeGroup) and status class (2xx, 3xx, 4xx, 5xx).
const requestsTotal = new client.Counter({
  name: "portal_http_requests_total",
  help: "HTTP requests answered, by route group and status class",
  labelNames: ["group", "status_class"],
  registers: [registry],
});

// Seconds from a request's arrival to the last byte of its answer handed to the network, by route group.
const requestDuration = new client.Histogram({
  name: "portal_http_request_duration_seconds",
  help: "Time to answer an HTTP request, by route group",
  labelNames: ["group"],
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});

// 503 answers by who gave them: database_unavailable (the outage page while the database is down), search_busy
// (the search gate shedding load), app (the app itself: a busy pool, a receipt or file check that timed out, ...).
const unavailableTotal = new client.Counter({
  name: "portal_http_unavailable_responses_total",
  help: "503 Service Unavailable answers, by code",
  labelNames: ["code"],
  registers: [registry],
});

// 1 while the app's database answers (the same state that turns pages into 503), 0 while it does not.
new client.Gauge({
  name: "portal_database_up",
  help: "Whether the database answers (1) or not (0), as the server's 503 gate sees it",
  registers: [registry],
  collect() {
    const database = bridge.sharedDatabase();
    if (database) this.set(database.available ? 1 : 0);
  },
});

// The PostgreSQL connection pool: open connections (total), of which idle, and queries waiting for one (waiting).
// Absent on the embedded database, which has no pool.
new client.Gauge({
  name: "portal_database_pool_clients",
  help: "PostgreSQL pool: open connections (total), idle ones (idle) and queries waiting for a connection (waiting)",
  labelNames: ["state"],
  registers: [registry],
  collect() {
    this.reset();
    const pool = bridge.sharedPool();
    if (!pool) return;
    this.set({ state: "total" }, pool.totalCount);
    this.set({ state: "idle" }, pool.idleCount);
    this.set({ state: "waiting" }, pool.waitingCount);
  },
});

// Cacheable page requests the server's page cache answered itself (hits), and those it passed to Next.js (misses).
new client.Counter({
  name: "portal_page_cache_hits_total",
  help: "Page requests answered from the server's page cache",
  registers: [registry],
  collect() {
    this.reset();
    this.inc(pageCacheStats().hits);
  },
});
new client.Counter({
  name: "portal_page_cache_misses_total",
  help: "Cacheable page requests the page cache did not hold and passed to Next.js",
  registers: [registry],
  collect() {
    this.reset();
    this.inc(pageCacheStats().misses);
  },
});
// Pages the page cache holds now, and their size in bytes (bounded by the cache at 1000 pages and 64 MiB).
new client.Gauge({
  name: "portal_page_cache_entries",
  help: "Pages held in the server's page cache",
  registers: [registry],
  collect() {
    this.set(pageCacheStats().entries);
  },
});
new client.Gauge({
  name: "portal_page_cache_bytes",
  help: "Bytes held in the server's page cache",
  registers: [registry],
  collect() {
    this.set(pageCacheStats().bytes);
  },
});

// 1 when the app's readings (src/server/metrics.ts: mail queue, upload store) came in time for this scrape, 0 when
// they failed or took longer than COLLECT_TIMEOUT_MS; their own metrics are then absent from the scrape.
const collectorUp = new client.Gauge({
  name: "portal_metrics_collector_up",
  help: "Whether a scrape-time collector answered in time (1) or not (0)",
  labelNames: ["collector"],
  registers: [registry],
});

// A slow collector is asked once at a time: scrapes during its run wait for the same answer.
const collecting = new Map();

function withTimeout(promise, ms) {
  let timer;
  return Promise.race([promise, new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)))]).finally(() =>
    clearTimeout(timer),
  );
}

/** The app's readings as a registry of their own for this scrape, each collector given at most `timeoutMs`. */
export async function collectShared(timeoutMs = COLLECT_TIMEOUT_MS) {
  const scrape = new client.Registry();
  const gauges = new Map();
  await Promise.all(
    [...bridge.sharedMetricsCollectors()].map(async ([name, collect]) => {
      if (!collecting.has(name)) collecting.set(name, Promise.resolve().then(collect).finally(() => collecting.delete(name)));
      try {
        const samples = await withTimeout(collecting.get(name), timeoutMs);
        for (const sample of samples) {
          let gauge = gauges.get(sample.name);
          if (!gauge) {
            gauge = new client.Gauge({ name: sample.name, help: sample.help, labelNames: Object.keys(sample.labels ?? {}), registers: [scrape] });
            gauges.set(sample.name, gauge);
          }
          gauge.set(sample.labels ?? {}, sample.value);
        }
        collectorUp.set({ collector: name }, 1);
      } catch (error) {
        collectorUp.set({ collector: name }, 0);
        logger().warn({ collector: name, err: error }, "metrics collector failed");
      }
    }),
  );
  return scrape;
}

/** Answers GET /metrics: 404 while METRICS_TOKEN is unset, 401 without it, else every metric in Prometheus's format. */
export async function serveMetrics(req, res, token) {
  const access = metricsAccess(req.headers.authorization, token);
  const headers = { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" };
  if (access !== "allowed") {
    const [status, body] = access === "off" ? [404, "Not Found\n"] : [401, "Unauthorized\n"];
    res.writeHead(status, { ...headers, ...(status === 401 ? { "WWW-Authenticate": 'Bearer realm="metrics"' } : {}), "Content-Length": Buffer.byteLength(body) });
    res.end(req.method === "HEAD" ? undefined : body);
    return;
  }
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.writeHead(405, { ...headers, Allow: "GET, HEAD", "Content-Length": 0 });
    res.end();
    return;
  }
  const body = await client.Registry.merge([registry, await collectShared()]).metrics();
  res.writeHead(200, { ...headers, "Content-Type": registry.contentType, "Content-Length": Buffer.byteLength(body) });
  res.end(req.method === "HEAD" ? undefined : body);
}

const byteLength = (chunk, encoding) =>
  typeof chunk === "string" ? Buffer.byteLength(chunk, typeof encoding === "string" ? encoding : "utf8") : (chunk?.byteLength ?? 0);

// Health checks and scrapes come every few seconds: their lines are debug unless they fail.
const QUIET_GROUPS = new Set(["health", "metrics"]);

/**
 * Watches one response from its start: counts the body bytes sent (after compression, since this wraps the socket
 * side first), then writes its access-log line and its counts once it is done or the client left. `request` is the
 * request's context (bridge requestContext): the server notes on it whether the page cache answered (`pageCache`)
 * and which refusal it sent itself (`refusal`).
 */
export function observeRequest(req, res, request, clientIp) {
  const started = process.hrtime.bigint();
  let bytes = 0;
  const write = res.write;
  const end = res.end;
  res.write = function (chunk, encoding, callback) {
    bytes += byteLength(chunk, encoding);
    return write.call(this, chunk, encoding, callback);
  };
  res.end = function (chunk, encoding, callback) {
    if (typeof chunk !== "function") bytes += byteLength(chunk, encoding);
    return end.call(this, chunk, encoding, callback);
  };
  res.once("close", () => {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const path = logPath(req.url);
    const group = routeGroup(path);
    const status = res.statusCode;
    requestsTotal.inc({ group, status_class: `${Math.floor(status / 100)}xx` });
    requestDuration.observe({ group }, seconds);
    if (status === 503) unavailableTotal.inc({ code: request.refusal ?? "app" });
    const line = {
      requestId: request.id,
      method: req.method,
      path,
      status,
      durationMs: Math.round(seconds * 10_000) / 10,
      bytes,
      clientIp,
      ...(request.pageCache ? { pageCache: request.pageCache } : {}),
      // The client left before the whole answer was sent.
      ...(res.writableFinished ? {} : { aborted: true }),
    };
    const level = QUIET_GROUPS.has(group) && status < 400 ? "debug" : "info";
    logger()[level](line, "request");
  });
}
