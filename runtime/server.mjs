// Production server: Next.js behind a plain Node HTTP server, so that while the database is down every page
// answers 503 (App Router pages cannot set their own status). Run from the project root with
// `NODE_ENV=production node runtime/server.mjs`: the app's directory is the working directory, as it is for the
// worker scripts (src/server/platform/worker-pool.ts) and the build's nonce placeholder (.next/).
import { rmSync } from "node:fs";
import { createServer } from "node:http";
import compression from "compression";
import next from "next";
import { CLIENT_IP_HEADER, closeSharedDatabase, markCustomServer, requestContext, sharedDatabase, shareLocalServer } from "./bridge.mjs";
import { answerAtEdge, bilingualPage, createGate, edgeResponse, isSearchPage, searchBusy } from "./edge-requests.mjs";
import { missingInProduction, parseEnv, runtimeEnvSchema } from "./env.mjs";
import { servePageFromCache } from "./page-cache.mjs";
import { acceptRequestId, logger, logPath, REQUEST_ID_HEADER, routeConsoleToLog } from "./log.mjs";
import { observeRequest, serveMetrics } from "./metrics.mjs";
import { loadNoncePlaceholder, newNonce, pageCacheControl, renderingPolicy, securityHeaders, substituteNonce } from "./security-headers.mjs";

const log = logger();
let env;
try {
  env = parseEnv(runtimeEnvSchema, process.env);
} catch (error) {
  log.fatal(error.message);
  process.exit(1);
}
const missing = missingInProduction(env, process.env);
if (missing.length > 0) {
  log.fatal(`Invalid environment:\n${missing.map((problem) => `  ${problem}`).join("\n")}`);
  process.exit(1);
}
const { PORT: port, HOSTNAME: hostname } = env;
const dev = env.NODE_ENV !== "production";
// In production every line on stdout is JSON, what Next.js itself writes included.
if (!dev) routeConsoleToLog(log);

const REPROBE_AFTER_MS = 1000;
const RETRY_AFTER_SECONDS = 5;

const UNAVAILABLE_JSON = JSON.stringify({
  error: { code: "service_unavailable", message: "The database is not answering. Please try again in a few minutes." },
});

const UNAVAILABLE_HTML = bilingualPage({
  title: "Temporarily unavailable · 暂时无法访问",
  en: {
    heading: "The portal is temporarily unavailable",
    paragraphs: ["We cannot reach our database at the moment. Nothing is wrong on your side. Please try again in a few minutes."],
    link: { href: "", text: "Try again" },
  },
  zh: { heading: "门户网站暂时无法访问", paragraphs: ["我们目前无法连接数据库，这不是您的问题。请几分钟后再试。"], link: { href: "", text: "重试" } },
});

/** Whether to turn the request away: only while the app's database (src/server/db.ts) is down and a fresh probe agrees. */
async function databaseIsDown() {
  const state = sharedDatabase();
  if (!state || state.available) return false;
  // At most one probe a second; db.ts makes concurrent callers share the one in flight.
  if (Date.now() - state.checkedAt >= REPROBE_AFTER_MS) {
    await state.probe().catch(() => false);
  }
  return !state.available;
}

function pathnameOf(url) {
  try {
    return new URL(url ?? "/", "http://localhost").pathname;
  } catch {
    return "/";
  }
}

// Static assets need no database, and the health check must report for itself.
// The signing key needs no database, and verifying downloads must work while it is down.
// Expiring cache tags another instance published (src/server/cache.ts) needs none either.
const passesThrough = (pathname) =>
  pathname.startsWith("/_next/static/") ||
  pathname === "/api/internal/cache" ||
  pathname === "/api/health" ||
  pathname === "/api/health/live" ||
  pathname === "/api/health/ready" ||
  pathname === "/.well-known/cooperation-portal-signing-key";

// Load shed under a flood would write a line per request; one line a minute says the same.
let shedCount = 0;
function noteShed(edge) {
  if (shedCount++ > 0) return;
  setTimeout(() => {
    log.warn({ status: edge.status, code: edge.code, count: shedCount }, `turned away ${shedCount} requests in the last minute (${edge.status} ${edge.code}: ${edge.reason})`);
    shedCount = 0;
  }, 60_000).unref();
}

/** Answers a request the edge handles itself (edge-requests.mjs), logging each refusal of a bad request. */
function respondAtEdge(req, res, pathname, edge) {
  noteRefusal(edge.code);
  if (edge.status >= 500) noteShed(edge);
  else if (edge.status >= 400) log.warn({ status: edge.status, code: edge.code, method: req.method.slice(0, 40), path: logPath(req.url) }, `refused ${edge.status} ${edge.code}: ${edge.reason}`);
  const { status, headers, body } = edgeResponse(edge, pathname);
  res.writeHead(status, { ...headers, "Content-Length": Buffer.byteLength(body) });
  res.end(req.method === "HEAD" ? undefined : body);
}

/** Which of the server's own refusals answered the request, for the 503 count in /metrics. */
function noteRefusal(code) {
  const request = requestContext().getStore();
  if (request) request.refusal = code;
}

function respondUnavailable(req, res, pathname) {
  noteRefusal("database_unavailable");
  const api = pathname === "/api" || pathname.startsWith("/api/");
  const body = api ? UNAVAILABLE_JSON : UNAVAILABLE_HTML;
  res.writeHead(503, {
    "Content-Type": api ? "application/json; charset=utf-8" : "text/html; charset=utf-8",
    "Content-Length": Buffer.byteLength(body),
    "Retry-After": String(RETRY_AFTER_SECONDS),
    "Cache-Control": "no-store",
  });
  res.end(req.method === "HEAD" ? undefined : body);
}

const app = next({ dev, hostname, port });
const handle = app.getRequestHandler();
const siteUrl = new URL(env.SITE_URL);
const https = siteUrl.protocol === "https:";
const siteOrigin = siteUrl.origin;
// Compression happens here rather than in Next.js (compress: false), after the nonce is in the body.
const compress = compression();

// Before prepare(), which runs src/instrumentation.ts: it refuses to serve when this mark is missing (`next start`).
markCustomServer();
// The app's cached queries are keyed by process (src/server/cache.ts): what earlier processes left on disk is never
// read again, and may come from another database. Removing it bounds the folder; an instance running beside this one
// on the same build only computes its entries again.
try {
  rmSync(".next/cache/fetch-cache", { recursive: true, force: true, maxRetries: 3 });
} catch (error) {
  log.warn({ err: error }, "could not remove earlier processes' cached queries (.next/cache/fetch-cache); they are not read");
}
try {
  await app.prepare();
} catch (error) {
  log.fatal({ err: error }, "Next.js failed to start");
  process.exit(1);
}

// Rate limits key on the client's address: taken from the socket, or from X-Forwarded-For only behind a trusted proxy.
function recordClientIp(req) {
  const forwarded = env.TRUST_PROXY ? String(req.headers["x-forwarded-for"] ?? "").split(",")[0].trim() : "";
  req.headers[CLIENT_IP_HEADER] = forwarded || req.socket.remoteAddress || "unknown";
}

const placeholder = loadNoncePlaceholder();

// Each search renders a page of its own; a few at a time, so a flood of searches leaves the other pages their speed.
const SEARCH_RETRY_AFTER_SECONDS = 5;
const searchPages = createGate({ limit: env.SEARCH_CONCURRENCY, queueLimit: 16, maxWaitMs: 2000 });

/**
 * Next.js renders with the placeholder nonce, and the body it writes gets this response's nonce. HTML that carries a
 * nonce is never stored by shared caches or revalidated by ETag, which would pair a stored body with another nonce;
 * private pages are not stored at all (pageCacheControl).
 */
function prepareResponse(req, res, pathname, nonce, recording) {
  req.headers["content-security-policy"] = renderingPolicy(placeholder);
  delete req.headers["content-security-policy-report-only"];
  compress(req, res, () => {});
  // On a client's disconnect the compression middleware never ends its zlib stream; release it.
  res.once("close", () => {
    if (res.writableFinished) return;
    const stream = res.on("drain", () => {});
    if (stream !== res && typeof stream?.destroy === "function") stream.destroy();
  });
  const upstream = { cacheControl: "", nextCache: "", placeholder };
  const writeHead = res.writeHead.bind(res);
  res.writeHead = (...args) => {
    upstream.cacheControl = String(res.getHeader("cache-control") ?? "");
    upstream.nextCache = String(res.getHeader("x-nextjs-cache") ?? "");
    const contentType = String(res.getHeader("content-type") ?? "");
    const cacheControl = pageCacheControl(pathname, contentType);
    if (cacheControl) res.setHeader("cache-control", cacheControl);
    if (/^text\/html/i.test(contentType)) res.removeHeader("etag");
    return writeHead(...args);
  };
  substituteNonce(res, placeholder, nonce, recording ? (chunk) => recording.chunk(chunk) : undefined);
  if (recording) res.once("finish", () => recording.finish(res, upstream));
}

const server = createServer((req, res) => {
  recordClientIp(req);
  // Nginx's id for the request when it looks like one, else a new one: on every log line written for it, and in the answer.
  const request = { id: acceptRequestId(req.headers[REQUEST_ID_HEADER]) };
  req.headers[REQUEST_ID_HEADER] = request.id;
  res.setHeader("X-Request-Id", request.id);
  observeRequest(req, res, request, req.headers[CLIENT_IP_HEADER]);
  return requestContext().run(request, () => answer(req, res, request));
});

async function answer(req, res, request) {
  try {
    const pathname = pathnameOf(req.url);
    const nonce = newNonce();
    for (const [name, value] of Object.entries(securityHeaders({ pathname, nonce, production: !dev, https }))) res.setHeader(name, value);
    const edge = answerAtEdge(req, siteOrigin);
    if (edge) {
      respondAtEdge(req, res, pathname, edge);
      return;
    }
    // Before the database gate: the metrics say most while the database is down.
    if (pathname === "/metrics") {
      await serveMetrics(req, res, env.METRICS_TOKEN);
      return;
    }
    if (!passesThrough(pathname) && (await databaseIsDown())) {
      respondUnavailable(req, res, pathname);
      return;
    }
    const cached = servePageFromCache(req, res, nonce);
    if (cached) request.pageCache = cached === "served" ? "hit" : "miss";
    if (cached === "served") return;
    if (isSearchPage(pathname)) {
      // A client may leave while it waits for a place; its place must still be given back.
      let left = false;
      res.once("close", () => (left = true));
      const release = await searchPages.enter();
      if (!release) {
        respondAtEdge(req, res, pathname, searchBusy(SEARCH_RETRY_AFTER_SECONDS));
        return;
      }
      if (left) {
        release();
        return;
      }
      res.once("close", release);
    }
    prepareResponse(req, res, pathname, nonce, cached);
    await handle(req, res);
  } catch (error) {
    log.error({ err: error }, "request failed");
    if (!res.headersSent) {
      res.writeHead(500, { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" });
    }
    res.end("Internal Server Error");
  }
}

server.on("error", (error) => {
  log.fatal({ err: error }, "server error");
  process.exit(1);
});

server.listen(port, hostname, () => {
  // The app expires tags another instance published through a request to this server (src/server/cache.ts).
  shareLocalServer(server.address());
  log.info(`Ready on http://${hostname}:${port} (${dev ? "development" : "production"})`);
});

let closing = false;
function shutdown(signal) {
  if (closing) return;
  closing = true;
  log.info(`${signal}: closing the server`);
  // Keep-alive sockets would hold close() open; a hard deadline covers any request that never ends.
  setTimeout(() => process.exit(1), 10_000).unref();
  server.close(async () => {
    await app.close().catch(() => {});
    await closeSharedDatabase().catch(() => {});
    process.exit(0);
  });
  server.closeIdleConnections();
}

process.on("SIGTERM", () => shutdown("SIGTERM"));
process.on("SIGINT", () => shutdown("SIGINT"));
