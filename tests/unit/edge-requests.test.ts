import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ALLOWED_METHODS, answerAtEdge, createGate, edgeResponse, FORM_BODY_LIMIT_BYTES, isSearchPage, MAX_URL_LENGTH, refuseTarget, searchBusy } from "../../runtime/edge-requests.mjs";
import { isPrivatePage, pageCacheControl } from "../../runtime/security-headers.mjs";

// The same fixed seed as the property tests (tests/support/property.ts), which this pure suite cannot import:
// that module opens the test database.
const seed = process.env.PROPERTY_SEED;
fc.configureGlobal(seed === "random" ? {} : { seed: Number.isInteger(Number(seed)) && seed ? Number(seed) : 20261125 });

const HOST = "portal.example";
const get = (url: string, method = "GET", headers: Record<string, string> = {}) => answerAtEdge({ method, url, headers: { host: HOST, ...headers } });
/** A request target as Node hands it over: each byte of the UTF-8 text as one latin1 character. */
const asReceived = (text: string) => Buffer.from(text, "utf8").toString("latin1");

const prefixes = ["/", "/en/", "/zh/missions/", "/api/v1/opportunities/", "/api/", "/data/", "/_next/static/chunks/"];
/** Escapes that are not percent-encoded UTF-8: cut short, not hex, a lone byte, a surrogate, an overlong form. */
const badEscape = fc.constantFrom("%", "%2", "%G0", "%%", "%E0%A4%A", "%E0%A4", "%FF", "%C0%AF", "%ED%A0%80", "%ED%BF%BF", "%F4%90%80%80", "%80");
const wellFormedText = fc.string({ unit: "grapheme", maxLength: 12 }).filter((s) => !s.includes("\0"));

describe("request targets", () => {
  it("refuses a path or query that is not percent-encoded UTF-8, wherever the bad escape sits", () => {
    fc.assert(
      fc.property(fc.constantFrom(...prefixes), wellFormedText, badEscape, wellFormedText, fc.boolean(), (prefix, before, bad, after, inQuery) => {
        const text = `${encodeURIComponent(before)}${bad}${encodeURIComponent(after)}`;
        const url = inQuery ? `${prefix}x?q=${text}` : `${prefix}${text}`;
        expect(refuseTarget(url), url).toMatchObject({ status: 400, code: "bad_request" });
      }),
    );
  });

  it("refuses U+0000 in the path or in any query name or value, encoded or raw", () => {
    const nul = fc.constantFrom("%00", "\0");
    fc.assert(
      fc.property(fc.constantFrom(...prefixes), wellFormedText, nul, fc.constantFrom("path", "name", "value"), (prefix, text, zero, where) => {
        const bad = `${encodeURIComponent(text)}${zero}`;
        const url = where === "path" ? `${prefix}${bad}` : where === "name" ? `${prefix}x?a=1&${bad}=2` : `${prefix}x?a=1&b=${bad}`;
        expect(refuseTarget(url), JSON.stringify(url)).toMatchObject({ status: 400, reason: expect.stringContaining("U+0000") });
      }),
    );
  });

  it("refuses raw bytes that are not UTF-8, and passes raw UTF-8", () => {
    expect(refuseTarget("/en/\xff")).toMatchObject({ status: 400 });
    expect(refuseTarget("/en/\xed\xa0\x80")).toMatchObject({ status: 400 });
    expect(refuseTarget(asReceived("/zh/任务?q=嫦娥"))).toBeNull();
  });

  it("passes every well-formed address, in any script, with reserved characters escaped", () => {
    fc.assert(
      fc.property(fc.constantFrom(...prefixes), fc.array(wellFormedText, { maxLength: 4 }), fc.dictionary(wellFormedText, wellFormedText, { maxKeys: 3 }), (prefix, segments, query) => {
        const search = new URLSearchParams(query).toString();
        const url = `${prefix}${segments.map(encodeURIComponent).join("/")}${search ? `?${search}` : ""}`;
        fc.pre(url.length <= MAX_URL_LENGTH);
        expect(refuseTarget(url), url).toBeNull();
      }),
    );
    for (const url of ["/en/../../etc/passwd", "/en/%2e%2e/%2F", "/en/map?v=1&v=2&", "/en?q=100%25+sure", "/en#%", "http://portal.example/en?q=x"]) expect(refuseTarget(url), url).toBeNull();
  });

  it("answers 414 past the length limit and 400 to a target that is not a path", () => {
    expect(refuseTarget(`/en/${"a".repeat(MAX_URL_LENGTH)}`)).toMatchObject({ status: 414, code: "uri_too_long" });
    expect(refuseTarget(`/en/map?x=${"a".repeat(MAX_URL_LENGTH - 9)}`)).toMatchObject({ status: 414 });
    expect(refuseTarget(`/en/${"a".repeat(MAX_URL_LENGTH - 4)}`)).toBeNull();
    expect(refuseTarget("*")).toMatchObject({ status: 400 });
    expect(refuseTarget("en/map")).toMatchObject({ status: 400 });
  });
});

describe("methods", () => {
  it("refuses every method but GET, HEAD, POST and OPTIONS with 405 and an Allow header", () => {
    const token = fc.oneof(fc.constantFrom("TRACE", "TRACK", "PROPFIND", "PUT", "PATCH", "DELETE", "CONNECT", "MKCOL", "get", "Post"), fc.stringMatching(/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,16}$/));
    fc.assert(
      fc.property(
        token.filter((m) => !ALLOWED_METHODS.includes(m)),
        (method) => {
          const answer = get("/en", method);
          expect(answer, method).toMatchObject({ status: 405, code: "method_not_allowed", headers: { Allow: "GET, HEAD, POST, OPTIONS" } });
        },
      ),
    );
    for (const method of ALLOWED_METHODS.filter((m) => m !== "OPTIONS")) expect(get("/en", method), method).toBeNull();
  });

  it("answers OPTIONS for pages itself, and leaves the API's to its route handlers", () => {
    expect(get("/en/map", "OPTIONS")).toMatchObject({ status: 204, headers: { Allow: "GET, HEAD, POST, OPTIONS" } });
    expect(get("*", "OPTIONS")).toMatchObject({ status: 204 });
    expect(get("/api/v1/missions", "OPTIONS")).toBeNull();
    expect(get("/en/%", "OPTIONS")).toMatchObject({ status: 400 });
  });
});

describe("server actions from another origin", () => {
  const action = (headers: Record<string, string>, path = "/en/admin/sign-in") =>
    get(path, "POST", { "next-action": "7f0000000000000000000000000000000000000001", "content-type": "text/plain;charset=UTF-8", ...headers });

  it("are refused with 403 whatever the foreign origin looks like", () => {
    const isOwn = (origin: string) => URL.canParse(origin) && new URL(origin).host === HOST;
    const foreign = fc
      .oneof(
        fc.webUrl(),
        fc.constantFrom("null", "", "garbage", "http://", `http://${HOST}.evil.example`, `http://${HOST}:444`, "file://", "http://portal.example@evil.example"),
        fc.string({ maxLength: 30 }),
      )
      .filter((origin) => !isOwn(origin));
    fc.assert(
      fc.property(foreign, (origin) => {
        expect(action({ origin }), JSON.stringify(origin)).toMatchObject({ status: 403, code: "forbidden" });
      }),
    );
  });

  it("also when posted as a form without JavaScript", () => {
    expect(get("/en/admin/sign-in", "POST", { origin: "https://evil.example", "content-type": "multipart/form-data; boundary=x" })).toMatchObject({ status: 403 });
    expect(get("/en/admin/sign-in", "POST", { origin: "null", "content-type": "application/x-www-form-urlencoded" })).toMatchObject({ status: 403 });
  });

  it("pass from the site's own origin, behind a proxy that names it, or without an Origin as Next.js allows", () => {
    expect(action({ origin: `https://${HOST}` })).toBeNull();
    expect(action({ origin: "https://public.example", "x-forwarded-host": "public.example" })).toBeNull();
    expect(action({})).toBeNull();
  });

  it("leave the API and plain POSTs alone", () => {
    expect(get("/api/v1/uploads", "POST", { origin: "https://evil.example", "content-type": "multipart/form-data; boundary=x" })).toBeNull();
    expect(get("/en/map", "POST", { origin: "https://evil.example", "content-type": "text/plain" })).toBeNull();
  });

  it("explain in the log when the site's own origin meets a rewritten Host", () => {
    const answer = answerAtEdge(
      { method: "POST", url: "/en/admin", headers: { host: "127.0.0.1:3000", origin: "https://portal.example", "next-action": "x" } },
      "https://portal.example",
    );
    expect(answer?.reason).toContain("X-Forwarded-Host");
  });
});

describe("a form posted without JavaScript over the size limit", () => {
  const files = "/fr/applications/some-token/attachments";
  const post = (length: number, headers: Record<string, string> = {}) =>
    get(files, "POST", { origin: `https://${HOST}`, "content-type": "multipart/form-data; boundary=x", "content-length": String(length), ...headers });

  it("is answered 413 with a page in English and Chinese that says so and links back to the form", () => {
    const answer = post(FORM_BODY_LIMIT_BYTES + 1);
    expect(answer).toMatchObject({ status: 413, code: "form_too_large" });
    const page = edgeResponse(answer!, files);
    expect(page.status).toBe(413);
    expect(page.headers["Content-Type"]).toMatch(/^text\/html/);
    expect(page.body).toContain("The file is larger than 10 MB");
    expect(page.body).toContain("文件超过10 MB");
    expect(page.body).toContain('<a href="">Back to the form</a>');
  });

  it("passes at the limit, with JavaScript (Next-Action), and to the API, which answers in its own shape", () => {
    expect(post(FORM_BODY_LIMIT_BYTES)).toBeNull();
    expect(post(FORM_BODY_LIMIT_BYTES + 1, { "next-action": "7f00" })).toBeNull();
    expect(get("/api/v1/uploads", "POST", { "content-type": "multipart/form-data; boundary=x", "content-length": String(FORM_BODY_LIMIT_BYTES * 2) })).toBeNull();
  });
});

describe("edge responses", () => {
  const refusals = ["/en/%", "/data/%E0%A4%A", "/api/v1/opportunities/%00"].map((url) => [url, refuseTarget(url)!] as const);

  it("take the API's error shape under /api and /data, never cached", () => {
    for (const [url, answer] of refusals.filter(([url]) => !url.startsWith("/en"))) {
      const response = edgeResponse(answer, url);
      expect(response.status).toBe(400);
      expect(response.headers["Content-Type"]).toMatch(/^application\/json/);
      expect(response.headers["Cache-Control"]).toBe("no-store");
      expect(JSON.parse(response.body)).toEqual({ error: { code: "bad_request", message: expect.any(String) } });
    }
  });

  it("are a small page in both languages elsewhere, escaping nothing from the request into it", () => {
    for (const answer of [refuseTarget("/en/%<script>")!, get("/en", "TRACE")!, get("/en", "POST", { origin: "null", "next-action": "x" })!, refuseTarget(`/${"a".repeat(9000)}`)!]) {
      const response = edgeResponse(answer, "/en/%<script>");
      expect(response.status).toBe(answer.status);
      expect(response.headers["Content-Type"]).toMatch(/^text\/html/);
      expect(response.body).toContain('<section lang="en">');
      expect(response.body).toContain('<section lang="zh-Hans">');
      expect(response.body).not.toContain("<script");
    }
    expect(edgeResponse(get("/en", "TRACE")!, "/en").headers.Allow).toBe("GET, HEAD, POST, OPTIONS");
  });
});

describe("Cache-Control of pages", () => {
  it("keeps staff pages, the applicant's pages and the apply flow out of every cache", () => {
    const privatePages = [
      "/en/admin",
      "/zh/admin/audit",
      "/en/admin/sign-in",
      "/en/applications/tok/payload",
      "/en/opportunities/tianwen-3-payload-offer/apply",
      "/en/calls/practice-call/apply",
      "/zh/calls/tianwen-3-payload-offer/apply",
      "/en/%61dmin/staff",
      "/zh/%61pplications/tok",
    ];
    for (const path of privatePages) {
      expect(isPrivatePage(path), path).toBe(true);
      expect(pageCacheControl(path, "text/html; charset=utf-8"), path).toBe("no-store");
      expect(pageCacheControl(path, "text/x-component"), path).toBe("no-store");
    }
  });

  it("lets a public page be kept privately and revalidated, and leaves other public answers as Next.js sent them", () => {
    for (const path of ["/en", "/en/map", "/en/opportunities/tianwen-3-payload-offer", "/en/calls/practice-call", "/en/administration", "/en/missions/applications-of-rovers"]) {
      expect(isPrivatePage(path), path).toBe(false);
      expect(pageCacheControl(path, "text/html; charset=utf-8"), path).toBe("private, no-cache");
    }
    expect(pageCacheControl("/en/map", "text/x-component")).toBeNull();
    expect(pageCacheControl("/data/missions.csv", "text/csv")).toBeNull();
  });
});

describe("the search page gate", () => {
  it("knows each language's search page and nothing else", () => {
    for (const path of ["/en/search", "/zh/search", "/ar/search/"]) expect(isSearchPage(path)).toBe(true);
    for (const path of ["/en", "/en/search/x", "/api/v1/search", "/en/searching", "/search"]) expect(isSearchPage(path)).toBe(false);
  });

  it("lets the limit in, queues a few, turns the rest away at once, and hands a freed place to the longest waiter", async () => {
    const gate = createGate({ limit: 2, queueLimit: 1, maxWaitMs: 10_000 });
    const first = await gate.enter();
    const second = await gate.enter();
    expect(first).toBeTypeOf("function");
    expect(second).toBeTypeOf("function");
    const queued = gate.enter();
    expect(await gate.enter()).toBeNull();
    expect(gate.waiting).toBe(1);
    first!();
    first!();
    const third = await queued;
    expect(third).toBeTypeOf("function");
    expect(gate.active).toBe(2);
    second!();
    third!();
    expect(gate.active).toBe(0);
  });

  it("turns a waiter away once its wait runs out", async () => {
    const gate = createGate({ limit: 1, queueLimit: 4, maxWaitMs: 20 });
    const held = await gate.enter();
    expect(await gate.enter()).toBeNull();
    expect(gate.waiting).toBe(0);
    held!();
    expect(await gate.enter()).toBeTypeOf("function");
  });

  it("answers 503 with Retry-After and a page in both languages", () => {
    const { status, headers, body } = edgeResponse(searchBusy(5), "/zh/search");
    expect(status).toBe(503);
    expect(headers["Retry-After"]).toBe("5");
    expect(body).toContain("Search is busy right now");
    expect(body).toContain("搜索繁忙");
  });
});
