import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { requestContext, shareMetricsCollector } from "../../runtime/bridge.mjs";
import { acceptRequestId, createLogger, logPath } from "../../runtime/log.mjs";
import { collectShared, metricsAccess, observeRequest, routeGroup, serveMetrics } from "../../runtime/metrics.mjs";

// What an operator reads: log lines that carry the request's id and never an applicant's token, and /metrics that
// answers only the scraper holding METRICS_TOKEN.

afterEach(() => {
  vi.restoreAllMocks();
});

describe("the request id", () => {
  it("keeps the id nginx sends ($request_id) or a UUID", () => {
    expect(acceptRequestId("6f1b0c1e9d7a4e2f8b3c5d6e7f809a1b")).toBe("6f1b0c1e9d7a4e2f8b3c5d6e7f809a1b");
    expect(acceptRequestId("0b9c2a3e-1f4d-4c5b-8a6e-7d8f9a0b1c2d")).toBe("0b9c2a3e-1f4d-4c5b-8a6e-7d8f9a0b1c2d");
  });

  it("replaces a missing, repeated or forged id with a new one each time", () => {
    const forged = ['abc" ,"level":"fatal', "abc\ndef", "a b", "x".repeat(129), "", undefined, ["one", "two"]];
    const ids = forged.map((header) => acceptRequestId(header));
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe("the path a log line shows", () => {
  it("hides the applicant's token on their pages and API links, and drops the query", () => {
    expect(logPath("/en/applications/4kQ9xY2mZr7Tn1Vb/check?step=2")).toBe("/en/applications/:token/check");
    expect(logPath("/zh/applications/4kQ9xY2mZr7Tn1Vb")).toBe("/zh/applications/:token");
    expect(logPath("/api/applications/4kQ9xY2mZr7Tn1Vb/receipt")).toBe("/api/applications/:token/receipt");
    expect(logPath("/en/search?q=my+name&email=someone%40example.org")).toBe("/en/search");
  });

  it("hides the token however the address spells it", () => {
    for (const url of [
      "/en/%61pplications/4kQ9xY2mZr7Tn1Vb/team",
      "/en/applications%2F4kQ9xY2mZr7Tn1Vb",
      "/en/%2561pplications/4kQ9xY2mZr7Tn1Vb",
      "http://portal.example.org/en/applications/4kQ9xY2mZr7Tn1Vb?x=1",
      "/en/APPLICATIONS/4kQ9xY2mZr7Tn1Vb",
    ]) {
      expect(logPath(url)).not.toContain("4kQ9xY2mZr7Tn1Vb");
    }
  });

  it("keeps other paths whole, staff record ids included", () => {
    expect(logPath("/en/admin/applications/cm9abc123")).toBe("/en/admin/applications/cm9abc123");
    expect(logPath("/api/v1/calls/lunar-samples-2027")).toBe("/api/v1/calls/lunar-samples-2027");
    expect(logPath("/en/%E0%A4%A")).toBe("/en/%E0%A4%A");
  });
});

describe("the logger", () => {
  const capture = () => {
    const lines: Record<string, unknown>[] = [];
    const log = createLogger({ production: true, destination: { write: (line: string) => void lines.push(JSON.parse(line)) } });
    return { log, lines };
  };

  it("writes JSON lines with the level's name, and the id of the request being answered", async () => {
    const { log, lines } = capture();
    log.info("outside any request");
    await requestContext().run({ id: "req-42" }, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      log.warn({ applicationId: "a1" }, "inside, after an await");
    });
    expect(lines[0]).toMatchObject({ level: "info", msg: "outside any request" });
    expect(lines[0]).not.toHaveProperty("requestId");
    expect(lines[1]).toMatchObject({ level: "warn", msg: "inside, after an await", requestId: "req-42", applicationId: "a1" });
    expect(typeof lines[1]!.time).toBe("string");
  });

  it("leaves out lines below its level", () => {
    const lines: string[] = [];
    const log = createLogger({ level: "warn", production: true, destination: { write: (line: string) => void lines.push(line) } });
    log.info("not shown");
    log.error({ err: new Error("disk full") }, "shown");
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: "error", msg: "shown", err: { message: "disk full" } });
  });

  it("writes one readable line through the console outside production", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    createLogger({ production: false }).warn({ count: 3 }, "turned away");
    expect(warn).toHaveBeenCalledWith('turned away {"count":3}');
  });
});

describe("who may read /metrics", () => {
  const token = "s3cr3t-token-for-prometheus";

  it("nobody while METRICS_TOKEN is unset", () => {
    expect(metricsAccess(`Bearer ${token}`, undefined)).toBe("off");
    expect(metricsAccess(`Bearer ${token}`, "")).toBe("off");
  });

  it("only a scraper sending the token as a bearer token", () => {
    expect(metricsAccess(`Bearer ${token}`, token)).toBe("allowed");
    expect(metricsAccess(`bearer ${token}`, token)).toBe("allowed");
    for (const header of [undefined, "", "Bearer", `Bearer ${token}x`, `Bearer ${token.slice(0, -1)}`, `Basic ${token}`, token, "Bearer wrong"]) {
      expect(metricsAccess(header, token)).toBe("refused");
    }
  });
});

describe("route groups", () => {
  it("name a handful of kinds, never a made-up path", () => {
    expect(routeGroup("/_next/static/chunks/app.js")).toBe("asset");
    expect(routeGroup("/api/health")).toBe("health");
    expect(routeGroup("/api/v1/calls")).toBe("api");
    expect(routeGroup("/api/applications/:token/receipt")).toBe("api_other");
    expect(routeGroup("/en/admin/calls")).toBe("admin");
    expect(routeGroup("/en/applications/:token/check")).toBe("applicant");
    expect(routeGroup("/zh/calls/lunar/apply")).toBe("applicant");
    expect(routeGroup("/en/no-such-page-8f3a")).toBe("page");
  });
});

/** A server answering every request with `answer`, watched as the production server watches each request. */
async function withServer(answer: (req: IncomingMessage, res: ServerResponse) => Promise<void> | void, run: (base: string) => Promise<void>) {
  const server = createServer((req, res) => {
    const request = { id: acceptRequestId(req.headers["x-request-id"]) };
    res.setHeader("X-Request-Id", request.id);
    observeRequest(req, res, request, "203.0.113.7");
    void requestContext().run(request, () => answer(req, res));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  try {
    await run(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    server.close();
  }
}

describe("the access log", () => {
  it("has one line per request: masked path, status, duration, bytes sent, client address, request id", async () => {
    const info = vi.spyOn(console, "info").mockImplementation(() => {});
    await withServer(
      (req, res) => {
        res.writeHead(200, { "Content-Type": "text/plain" });
        res.write("hello ");
        res.end(Buffer.from("world"));
      },
      async (base) => {
        const response = await fetch(`${base}/en/applications/4kQ9xY2mZr7Tn1Vb/check?token=abc`, { headers: { "X-Request-Id": "nginx-id-1" } });
        expect(response.headers.get("x-request-id")).toBe("nginx-id-1");
        await response.text();
        await vi.waitFor(() => expect(info).toHaveBeenCalled());
      },
    );
    const line = String(info.mock.calls.at(-1)![0]);
    expect(line).not.toContain("4kQ9xY2mZr7Tn1Vb");
    expect(line).not.toContain("abc");
    const fields = JSON.parse(line.slice(line.indexOf("{")));
    expect(line.startsWith("request ")).toBe(true);
    expect(fields).toMatchObject({ requestId: "nginx-id-1", method: "GET", path: "/en/applications/:token/check", status: 200, bytes: 11, clientIp: "203.0.113.7" });
    expect(fields.durationMs).toBeGreaterThanOrEqual(0);
  });
});

describe("GET /metrics", () => {
  const token = "s3cr3t-token-for-prometheus";
  const get = (base: string, authorization?: string) => fetch(`${base}/metrics`, { headers: authorization ? { Authorization: authorization } : {} });

  it("answers 404 while off, 401 without the token, and the metrics with it", async () => {
    vi.spyOn(console, "info").mockImplementation(() => {});
    await withServer(
      (req, res) => serveMetrics(req, res, undefined),
      async (base) => expect((await get(base, `Bearer ${token}`)).status).toBe(404),
    );
    await withServer(
      (req, res) => serveMetrics(req, res, token),
      async (base) => {
        const refused = await get(base);
        expect(refused.status).toBe(401);
        expect(refused.headers.get("www-authenticate")).toMatch(/^Bearer/);
        expect((await get(base, "Bearer not-the-token-at-all")).status).toBe(401);
        await get(base, `Bearer ${token}`);
        const response = await get(base, `Bearer ${token}`);
        expect(response.status).toBe(200);
        expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
        const text = await response.text();
        for (const name of ["process_cpu_seconds_total", "nodejs_eventloop_lag_seconds", "portal_page_cache_hits_total", "portal_page_cache_misses_total"]) {
          expect(text).toContain(`\n${name} `);
        }
        // The scrapes before this one were counted, by route group and status class.
        expect(text).toMatch(/portal_http_requests_total\{group="metrics",status_class="4xx"\} [1-9]/);
        expect(text).toMatch(/portal_http_request_duration_seconds_count\{group="metrics"\} [1-9]/);
      },
    );
  });

  it("does not wait past its time limit for a collector that hangs, and says which one failed", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    shareMetricsCollector("quick", async () => [{ name: "test_quick_reading", help: "A reading that comes at once", value: 7, labels: { kind: "a" } }]);
    shareMetricsCollector("stuck", () => new Promise(() => {}));
    const started = Date.now();
    const scrape = await collectShared(100);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await scrape.metrics()).toContain('test_quick_reading{kind="a"} 7');
    const { registry } = await import("../../runtime/metrics.mjs");
    const up = await registry.getSingleMetricAsString("portal_metrics_collector_up");
    expect(up).toContain('portal_metrics_collector_up{collector="quick"} 1');
    expect(up).toContain('portal_metrics_collector_up{collector="stuck"} 0');
  });
});
