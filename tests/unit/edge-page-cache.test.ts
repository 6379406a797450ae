import { readdirSync, readFileSync } from "node:fs";
import type { ServerResponse } from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cacheKey, createPageCache, PAGE_QUERY_PARAMS, pageCacheStats, prepareBody, servePageFromCache, type PageCacheEntry } from "../../runtime/page-cache.mjs";
import { newNonce } from "../../runtime/security-headers.mjs";

const seed = process.env.PROPERTY_SEED;
fc.configureGlobal(seed === "random" ? {} : { seed: Number.isInteger(Number(seed)) && seed ? Number(seed) : 20261125 });

const request = (url: string, headers: Record<string, string> = {}) => ({ method: "GET", url, headers });
const queryPart = fc.tuple(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 })).map(([k, v]) => new URLSearchParams([[k, v]]).toString());

describe("page cache keys", () => {
  it("ignore every query parameter a page does not read", () => {
    fc.assert(
      fc.property(fc.constantFrom("/en/map", "/zh/missions", "/en", "/en/opportunities/tianwen-3-payload-offer"), fc.array(queryPart, { maxLength: 4 }), (path, parts) => {
        expect(cacheKey(request(`${path}?${parts.join("&")}`))).toBe(path);
      }),
    );
  });

  it("keep the parameters a page reads, sorted, so their order makes no second entry", () => {
    const path = "/en/opportunities/chang-e-8-cooperation-projects";
    expect(cacheKey(request(`${path}?kind=LANDER&v=1&country=FR`))).toBe(`${path}?country=FR&kind=LANDER`);
    expect(cacheKey(request(`${path}?country=FR&kind=LANDER&utm_source=x`))).toBe(`${path}?country=FR&kind=LANDER`);
    expect(cacheKey(request(`${path}?country=FR`))).not.toBe(cacheKey(request(`${path}?country=DE`)));
    expect(cacheKey(request(`${path}?v=2`))).toBe(path);
  });

  it("treat escaped unreserved characters as the characters, and keep private pages, the API's writes and non-GETs out", () => {
    expect(cacheKey(request("/%65n/m%61p?v=1"))).toBe("/en/map");
    expect(cacheKey(request("/en/%e4%b8%ad"))).toBe("/en/%E4%B8%AD");
    for (const url of ["/en/applications/tok", "/en/%61dmin", "/en/opportunities/tianwen-3-payload-offer/apply", "/en/calls/practice-call/apply", "/api/v1/uploads", "/_next/static/x.js"]) {
      expect(cacheKey(request(url)), url).toBeNull();
    }
    expect(cacheKey({ method: "HEAD", url: "/en/map", headers: {} })).toBeNull();
    expect(cacheKey(request("/en/map", { cookie: "a=b" }))).toBeNull();
  });
});

const entry = (size: number, expires = Number.POSITIVE_INFINITY): PageCacheEntry => ({
  status: 200,
  headers: {},
  prepared: prepareBody(Buffer.alloc(0), "x"),
  size,
  expires,
});

describe("page cache bounds", () => {
  it("evicts the least recently used entry past the entry limit", () => {
    const cache = createPageCache({ maxEntries: 3, maxBytes: 1000 });
    for (const key of ["a", "b", "c"]) cache.set(key, entry(10));
    cache.get("a");
    cache.set("d", entry(10));
    expect(cache.get("b")).toBeUndefined();
    expect(["a", "c", "d"].map((key) => cache.get(key) !== undefined)).toEqual([true, true, true]);
    expect(cache.stats()).toEqual({ entries: 3, bytes: 30 });
  });

  it("never holds more bytes than its limit, whatever is stored in whatever order", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 1, max: 400 }), fc.boolean()), { maxLength: 200 }), (operations) => {
        const cache = createPageCache({ maxEntries: 8, maxBytes: 1000 });
        for (const [key, size, read] of operations) {
          if (read) cache.get(String(key));
          else cache.set(String(key), entry(size));
          const { entries, bytes } = cache.stats();
          expect(entries).toBeLessThanOrEqual(8);
          expect(bytes).toBeLessThanOrEqual(1000);
        }
      }),
    );
  });

  it("drops expired entries when they are read", () => {
    let now = 0;
    const cache = createPageCache({ now: () => now });
    cache.set("a", entry(10, 100));
    expect(cache.get("a")).toBeDefined();
    now = 100;
    expect(cache.get("a")).toBeUndefined();
    expect(cache.stats()).toEqual({ entries: 0, bytes: 0 });
  });
});

/** A response Next.js marked publicly cacheable and served from its cache, as runtime/server.mjs records it. */
function recordPage(url: string, html: string, placeholder: string) {
  const recorder = servePageFromCache(request(url) as never, {} as ServerResponse, newNonce());
  if (!recorder || recorder === "served") throw new Error(`${url} was not recorded`);
  recorder.chunk(Buffer.from(html));
  const res = { statusCode: 200, getHeaders: () => ({ "content-type": "text/html; charset=utf-8" }) };
  recorder.finish(res as never, { cacheControl: "s-maxage=31536000", nextCache: "HIT", placeholder });
}

function fakeResponse() {
  const sent: { status?: number; headers?: Record<string, unknown>; body?: Buffer } = {};
  const res = {
    writeHead: (status: number, headers: Record<string, unknown>) => Object.assign(sent, { status, headers }),
    end: (body: Buffer) => Object.assign(sent, { body }),
  };
  return { res: res as unknown as ServerResponse, sent };
}

describe("the server's page cache", () => {
  it("answers /en/map?v=<anything> from the one entry of /en/map", () => {
    const placeholder = newNonce();
    const before = pageCacheStats().entries;
    recordPage("/en/map?v=first", `<script nonce="${placeholder}"></script><p>map</p>`, placeholder);
    expect(pageCacheStats().entries).toBe(before + 1);
    fc.assert(
      fc.property(fc.array(queryPart, { minLength: 1, maxLength: 3 }), (parts) => {
        const { res, sent } = fakeResponse();
        const nonce = newNonce();
        expect(servePageFromCache(request(`/en/map?${parts.join("&")}`) as never, res, nonce)).toBe("served");
        expect(sent.headers?.["x-portal-cache"]).toBe("HIT");
        expect(sent.body?.toString()).toBe(`<script nonce="${nonce}"></script><p>map</p>`);
      }),
    );
    expect(pageCacheStats().entries).toBe(before + 1);
  });
});

describe("an old address the app redirects", () => {
  it("is never answered from the cache, so the app's 308 reaches every visitor", () => {
    const old = "/en/opportunities/change-8-cooperation-projects?country=FR&kind=LANDER";
    for (let visit = 0; visit < 3; visit++) {
      const recorder = servePageFromCache(request(old) as never, {} as ServerResponse, newNonce());
      if (!recorder || recorder === "served") throw new Error(`${old} was answered from the cache`);
      const res = { statusCode: 308, getHeaders: () => ({ location: "/en/opportunities/chang-e-8-cooperation-projects?country=FR&kind=LANDER" }) };
      recorder.finish(res as never, { cacheControl: "s-maxage=31536000", nextCache: "HIT", placeholder: newNonce() });
    }
  });
});

describe("the parameters a page reads", () => {
  const root = fileURLToPath(new URL("../../src/app/", import.meta.url));
  const publicPages = readdirSync(root, { recursive: true, encoding: "utf8" }).filter((file) => /(^|\/)page\.tsx$/.test(file) && file.includes("(public)"));
  /** An English address of the page a file renders, with `x` for each other dynamic segment. */
  const urlOf = (file: string) =>
    `/${path.dirname(file)}`
      .split("/")
      .filter((segment) => !/^\(.*\)$/.test(segment))
      .map((segment) => (segment === "[locale]" ? "en" : segment.startsWith("[") ? "x" : segment))
      .join("/");

  // A cached page that reads a query parameter missing from PAGE_QUERY_PARAMS would answer every value with the
  // first one's page.
  it("every public page that reads searchParams has its parameters in the cache key", () => {
    const reading = publicPages.filter((file) => readFileSync(path.join(root, file), "utf8").includes("searchParams"));
    expect(reading.length).toBeGreaterThan(0);
    for (const file of reading) {
      expect(PAGE_QUERY_PARAMS.some((page) => page.path.test(urlOf(file))), `${file} (${urlOf(file)})`).toBe(true);
    }
  });

  // An entry left on a page's old address would drop the filters from the key of the page's new one.
  it("every address in the cache key is a public page's", () => {
    for (const { path: address } of PAGE_QUERY_PARAMS) {
      expect(publicPages.some((file) => address.test(urlOf(file))), String(address)).toBe(true);
    }
  });
});
