import { expect, test } from "@playwright/test";
import { DOWN_BASE_URL, METRICS_TOKEN } from "../../playwright.config";

// What an operator relies on in production: each answer names its request's id (the same id is on the request's log
// lines), and Prometheus reads /metrics with its token while nobody else can, on a healthy server and on one whose
// database is down.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const bearer = { Authorization: `Bearer ${METRICS_TOKEN}` };

test("every answer carries a request id: nginx's when it sends one, else a new one", async ({ request }) => {
  const first = await request.get("/en");
  const second = await request.get("/en");
  expect(first.status()).toBe(200);
  expect(first.headers()["x-request-id"]).toMatch(UUID);
  expect(second.headers()["x-request-id"]).toMatch(UUID);
  expect(second.headers()["x-request-id"]).not.toBe(first.headers()["x-request-id"]);

  const fromProxy = await request.get("/api/v1/calls", { headers: { "X-Request-Id": "6f1b0c1e9d7a4e2f8b3c5d6e7f809a1b" } });
  expect(fromProxy.headers()["x-request-id"]).toBe("6f1b0c1e9d7a4e2f8b3c5d6e7f809a1b");
  // A made-up value that could forge a log field is replaced, not echoed.
  const forged = await request.get("/api/v1/calls", { headers: { "X-Request-Id": 'x","level":"fatal' } });
  expect(forged.headers()["x-request-id"]).toMatch(UUID);
});

test("/metrics answers only the scraper holding METRICS_TOKEN", async ({ request }) => {
  const anonymous = await request.get("/metrics");
  expect(anonymous.status()).toBe(401);
  expect(await anonymous.text()).not.toContain("portal_");
  expect((await request.get("/metrics", { headers: { Authorization: "Bearer not-the-metrics-token" } })).status()).toBe(401);

  // A page asked for a few times: the server keeps it once Next.js answers it from its own cache, then answers it itself.
  for (let i = 0; i < 3; i++) await request.get("/en/missions");
  const response = await request.get("/metrics", { headers: bearer });
  expect(response.status()).toBe(200);
  expect(response.headers()["cache-control"]).toBe("no-store");
  const text = await response.text();
  for (const name of [
    "process_cpu_seconds_total",
    "nodejs_eventloop_lag_seconds",
    "portal_http_requests_total",
    "portal_http_request_duration_seconds_bucket",
    "portal_page_cache_hits_total",
    "portal_page_cache_misses_total",
    "portal_page_cache_entries",
    "portal_mail_queue_length",
    "portal_mail_oldest_unsent_age_seconds",
    "portal_upload_store_bytes",
  ]) {
    expect(text, name).toMatch(new RegExp(`^${name}(\\{[^}]*\\})? [0-9.e+-]+$`, "m"));
  }
  expect(text).toMatch(/^portal_database_up 1$/m);
  expect(text).toMatch(/^portal_metrics_collector_up\{collector="app"\} 1$/m);
  expect(text).toMatch(/^portal_page_cache_hits_total [1-9]/m);
  expect(text).toMatch(/^portal_http_requests_total\{group="page",status_class="2xx"\} [1-9]/m);
});

test("/metrics reports a database that is down, and counts the 503 pages it causes", async ({ request }) => {
  const page = await request.get(`${DOWN_BASE_URL}/en`);
  expect(page.status()).toBe(503);
  expect(page.headers()["x-request-id"]).toMatch(UUID);
  expect((await request.get(`${DOWN_BASE_URL}/metrics`)).status()).toBe(401);
  const response = await request.get(`${DOWN_BASE_URL}/metrics`, { headers: bearer, timeout: 10_000 });
  expect(response.status()).toBe(200);
  const text = await response.text();
  expect(text).toMatch(/^portal_database_up 0$/m);
  expect(text).toMatch(/^portal_http_unavailable_responses_total\{code="database_unavailable"\} [1-9]/m);
  // The readings that need the database are absent, not zero, and say why.
  expect(text).toMatch(/^portal_metrics_collector_up\{collector="app"\} 0$/m);
  expect(text).not.toMatch(/^portal_mail_queue_length /m);
});
