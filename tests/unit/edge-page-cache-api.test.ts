import { readdirSync, readFileSync } from "node:fs";
import type { ServerResponse } from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { z } from "zod";
import { institutionListQuerySchema, noQuerySchema, paginationQuerySchema, projectListQuerySchema } from "@/lib/validation/api";
import { callListQuerySchema } from "@/server/api/calls";
import { clearPageCache } from "../../runtime/bridge.mjs";
import { API_QUERY_PARAMS, apiLifetimeMs, cacheKey, pageCacheStats, servePageFromCache } from "../../runtime/page-cache.mjs";
import { newNonce } from "../../runtime/security-headers.mjs";

// The server's cache in front of the public JSON API and the search pages (runtime/page-cache.mjs): which requests
// share an entry, which answers are kept, and for how long.

const seed = process.env.PROPERTY_SEED;
fc.configureGlobal(seed === "random" ? {} : { seed: Number.isInteger(Number(seed)) && seed ? Number(seed) : 20261207 });

const request = (url: string, headers: Record<string, string> = {}) => ({ method: "GET", url, headers });
const PUBLIC = "public, max-age=60, stale-while-revalidate=300";

afterEach(() => {
  vi.useRealTimers();
  clearPageCache();
});

describe("API cache keys", () => {
  it("keep the parameters a list reads, sorted, each value as sent", () => {
    expect(cacheKey(request("/api/v1/missions"))).toBe("/api/v1/missions");
    expect(cacheKey(request("/api/v1/missions?pageSize=5&page=2"))).toBe("/api/v1/missions?page=2&pageSize=5");
    expect(cacheKey(request("/api/v1/missions?page=2&pageSize=5"))).toBe("/api/v1/missions?page=2&pageSize=5");
    expect(cacheKey(request("/api/v1/calls?status=OPEN&page=1"))).toBe("/api/v1/calls?page=1&status=OPEN");
    expect(cacheKey(request("/api/v1/institutions?type=UNIVERSITY&country=de"))).toBe("/api/v1/institutions?country=de&type=UNIVERSITY");
    expect(cacheKey(request("/api/v1/projects?opportunity=x&kind=ROVER&country=PK"))).toBe("/api/v1/projects?country=PK&kind=ROVER&opportunity=x");
    // A repeated parameter is refused by the handler (400); it keeps its own key, which an error never fills.
    expect(cacheKey(request("/api/v1/missions?page=1&page=2"))).toBe("/api/v1/missions?page=1&page=2");
  });

  it("give items and the OpenAPI documents their path alone", () => {
    for (const url of ["/api/v1/missions/chang-e-8", "/api/v1/opportunities/chang-e-5-sample-loans", "/api/v1/calls/practice-call", "/api/v1/calls/practice-call/openapi.json", "/api/v1/openapi.json"]) {
      expect(cacheKey(request(url)), url).toBe(url);
    }
    expect(cacheKey(request("/api/v1/mission%73/chang-e-8"))).toBe("/api/v1/missions/chang-e-8");
  });

  it("pass on uncached any request naming a parameter its handler does not read, which it refuses with a 400", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("/api/v1/missions", "/api/v1/calls", "/api/v1/missions/chang-e-8", "/api/v1/openapi.json"),
        fc.string({ minLength: 1, maxLength: 8 }).filter((name) => !["page", "pageSize", "status"].includes(name)),
        fc.string({ maxLength: 8 }),
        (address, name, value) => {
          expect(cacheKey(request(`${address}?${new URLSearchParams([[name, value]])}`))).toBeNull();
        },
      ),
    );
  });

  it("never cache writes, the applicant's and staff routes, health, or a request with credentials", () => {
    for (const url of [
      "/api/v1/uploads",
      "/api/v1/opportunities/tianwen-3-payload-offer/applications",
      "/api/v1/calls/practice-call/applications",
      "/api/applications/token/receipt",
      "/api/admin/exports/missions",
      "/api/internal/cache",
      "/api/health",
      "/api/v1",
      "/api/v1/missions/",
    ]) {
      expect(cacheKey(request(url)), url).toBeNull();
    }
    expect(cacheKey({ method: "POST", url: "/api/v1/missions", headers: {} })).toBeNull();
    expect(cacheKey({ method: "HEAD", url: "/api/v1/missions", headers: {} })).toBeNull();
    expect(cacheKey(request("/api/v1/missions", { authorization: "Bearer x" }))).toBeNull();
    expect(cacheKey(request("/api/v1/missions", { cookie: "session=x" }))).toBeNull();
  });
});

describe("the parameters each API read takes", () => {
  // A list cached without a parameter its handler reads would answer every value with the first one's page.
  const schemas: Record<string, z.ZodObject> = {
    "/api/v1/missions": paginationQuerySchema,
    "/api/v1/opportunities": paginationQuerySchema,
    "/api/v1/calls": callListQuerySchema,
    "/api/v1/institutions": institutionListQuerySchema,
    "/api/v1/projects": projectListQuerySchema,
    "/api/v1/missions/x": noQuerySchema,
    "/api/v1/opportunities/x": noQuerySchema,
    "/api/v1/calls/x": noQuerySchema,
    "/api/v1/calls/x/openapi.json": noQuerySchema,
    "/api/v1/openapi.json": noQuerySchema,
  };

  it("are the keys of the schema its handler parses the query with", () => {
    for (const [address, schema] of Object.entries(schemas)) {
      const read = API_QUERY_PARAMS.find((entry) => entry.path.test(address));
      expect([...(read?.params ?? ["(no entry)"])].sort(), address).toEqual(Object.keys(schema.shape).sort());
    }
  });

  it("are declared for every public GET route of the JSON API, and for nothing else", () => {
    const root = fileURLToPath(new URL("../../src/app/api/v1/", import.meta.url));
    const routes = readdirSync(root, { recursive: true, encoding: "utf8" })
      .filter((file) => /(^|\/)route\.ts$/.test(file) && /export const GET\b/.test(readFileSync(path.join(root, file), "utf8")))
      .map((file) => `/api/v1/${path.dirname(file)}`.replace(/\[[^\]]+\]/g, "x").replace(/\/\.$/, ""));
    expect(routes.sort()).toEqual(Object.keys(schemas).sort());
    for (const { path: address } of API_QUERY_PARAMS) {
      expect(routes.some((route) => address.test(route)), String(address)).toBe(true);
    }
  });
});

describe("how long an API answer is kept", () => {
  it("follows a public max-age, at most a minute, and nothing else", () => {
    expect(apiLifetimeMs(PUBLIC)).toBe(60_000);
    expect(apiLifetimeMs("public, max-age=12")).toBe(12_000);
    expect(apiLifetimeMs("public, max-age=12, stale-while-revalidate=30")).toBe(12_000);
    expect(apiLifetimeMs("Public, Max-Age=3600")).toBe(60_000);
    for (const refused of ["public, max-age=0", "no-store", "private, max-age=60", "max-age=60", "public", "public, no-cache, max-age=60", "public, no-store, max-age=60", ""]) {
      expect(apiLifetimeMs(refused), refused).toBe(0);
    }
  });
});

interface Answer {
  status: number;
  headers: Record<string, unknown>;
  body: string;
}

/** A request through the cache: served, or recorded from `answer` as runtime/server.mjs records Next's answer. */
function ask(url: string, answer: Answer, options: { between?: () => void } = {}): { served: boolean; sent?: Answer } {
  const sent: Partial<Answer> = {};
  const res = {
    writeHead: (status: number, headers: Record<string, unknown>) => Object.assign(sent, { status, headers }),
    end: (body: Buffer) => Object.assign(sent, { body: body.toString() }),
  };
  const outcome = servePageFromCache(request(url) as never, res as unknown as ServerResponse, newNonce());
  if (outcome === "served") return { served: true, sent: sent as Answer };
  options.between?.();
  if (outcome) {
    outcome.chunk(Buffer.from(answer.body));
    const headers = Object.fromEntries(Object.entries(answer.headers).map(([name, value]) => [name.toLowerCase(), value]));
    const upstream = { cacheControl: String(headers["cache-control"] ?? ""), nextCache: "", placeholder: newNonce() };
    outcome.finish({ statusCode: answer.status, getHeaders: () => headers } as never, upstream);
  }
  return { served: false };
}

const json = (body: unknown, cacheControl = PUBLIC, extra: Record<string, unknown> = {}): Answer => ({
  status: 200,
  headers: { "Cache-Control": cacheControl, "Content-Type": "application/json", "X-Request-Id": "first-request", Date: "Mon, 07 Dec 2026 12:00:00 GMT", ...extra },
  body: JSON.stringify(body),
});

describe("the server's cache of API answers", () => {
  it("answers a public read again from its entry, with its headers and none of the first request's", () => {
    const address = `/api/v1/missions/${newNonce().toLowerCase()}`;
    const answer = json({ data: { slug: "x" } }, PUBLIC, { ETag: '"abc"' });
    expect(ask(address, answer).served).toBe(false);
    const again = ask(address, answer);
    expect(again.served).toBe(true);
    expect(again.sent?.status).toBe(200);
    expect(again.sent?.body).toBe(answer.body);
    expect(again.sent?.headers).toMatchObject({ "cache-control": PUBLIC, "content-type": "application/json", etag: '"abc"', "x-portal-cache": "HIT" });
    expect(again.sent?.headers).not.toHaveProperty("x-request-id");
    expect(again.sent?.headers).not.toHaveProperty("date");
  });

  it("keeps no error, no answer marked private or uncacheable, and none that sets a cookie", () => {
    const answers: Answer[] = [
      { ...json({ error: { code: "not_found" } }, "no-store"), status: 404 },
      { ...json({ error: { code: "invalid_parameters" } }, PUBLIC), status: 400 },
      { ...json({ error: { code: "service_unavailable" } }, "no-store"), status: 503 },
      { ...json({ error: { code: "internal_error" } }, PUBLIC), status: 500 },
      json({ data: [] }, "no-store"),
      json({ data: [] }, "private, max-age=60"),
      json({ data: [] }, "public, max-age=0"),
      json({ data: [] }, PUBLIC, { "Set-Cookie": "a=b" }),
    ];
    answers.forEach((answer, i) => {
      const address = `/api/v1/calls/refused-${i}`;
      ask(address, answer);
      expect(ask(address, json({ data: "fresh" })).served, `${answer.status} ${String(answer.headers["Cache-Control"])}`).toBe(false);
    });
  });

  it("drops an answer when its max-age ends, counted from before the app answered", () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-12-07T12:00:00Z"));
    const address = "/api/v1/calls?status=OPEN";
    // The app takes 2 s to answer; the call it shows closes 5 s after the request arrived.
    ask(address, json({ data: [{ status: "OPEN" }] }, "public, max-age=5"), { between: () => vi.setSystemTime(new Date("2026-12-07T12:00:02Z")) });
    vi.setSystemTime(new Date("2026-12-07T12:00:04.999Z"));
    expect(ask(address, json({})).served).toBe(true);
    vi.setSystemTime(new Date("2026-12-07T12:00:05Z"));
    expect(ask(address, json({ data: [{ status: "CLOSED" }] }, "public, max-age=60")).served).toBe(false);
  });

  it("keeps nothing recorded while content changed, so an answer read before a change never outlives it", () => {
    const address = "/api/v1/opportunities";
    ask(address, json({ data: ["before the edit"] }), { between: () => clearPageCache() });
    expect(ask(address, json({ data: ["after the edit"] })).served).toBe(false);
    const after = ask(address, json({}));
    expect(after.served).toBe(true);
    expect(after.sent?.body).toContain("after the edit");
  });

  it("is emptied whenever content is revalidated", () => {
    ask("/api/v1/projects", json({ data: [] }));
    expect(ask("/api/v1/projects", json({})).served).toBe(true);
    clearPageCache();
    expect(ask("/api/v1/projects", json({})).served).toBe(false);
  });
});

const html = (main: string): Answer => ({ status: 200, headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "private, no-cache" }, body: `<html><main>${main}</main></html>` });

describe("the server's cache of search pages", () => {
  it("answers a query searched before from its entry, whatever else the address holds", () => {
    ask("/en/search?q=Pakistan", html('<p data-total="2">2 results</p>'));
    const again = ask("/en/search?q=Pakistan&utm_source=x", html(""));
    expect(again.served).toBe(true);
    expect(again.sent?.body).toContain('data-total="2"');
    expect(ask("/en/search?q=Cologne", html("")).served).toBe(false);
  });

  it("never keeps a refusal, which depends on the client", () => {
    for (const reason of ["busy", "limited"]) {
      ask(`/en/search?q=${reason}`, html(`<p data-refused="${reason}">try again shortly</p>`));
      expect(ask(`/en/search?q=${reason}`, html("")).served, reason).toBe(false);
    }
  });

  it("keeps searches apart, so a stream of new queries never pushes the other pages out", () => {
    const recorder = servePageFromCache(request("/en/map") as never, {} as ServerResponse, newNonce());
    if (!recorder || recorder === "served") throw new Error("/en/map was not recorded");
    recorder.chunk(Buffer.from("<p>map</p>"));
    recorder.finish({ statusCode: 200, getHeaders: () => ({ "content-type": "text/html" }) } as never, { cacheControl: "s-maxage=31536000", nextCache: "HIT", placeholder: newNonce() });
    for (let i = 0; i < 260; i++) ask(`/en/search?q=query-${i}`, html(`<p data-total="0">query ${i}</p>`));
    expect(pageCacheStats().entries).toBeLessThanOrEqual(201);
    expect(ask("/en/map", html("")).served).toBe(true);
  });
});
