import { randomUUID } from "node:crypto";
import net from "node:net";
import { expect, test } from "@playwright/test";
import fc from "fast-check";
import { contextAs } from "./admin-helpers";
import { CALL_SLUG, OFFER_PATH } from "./apply-helpers";

// Generated hostile HTTP requests against the production server: none may answer 5xx (the database is up here, so
// not even 503), and the ones the edge refuses get their own status. Playwright's request API normalises URLs and
// methods, so requests go over raw sockets, byte for byte as generated.

// The project's seed convention (tests/support/property.ts, which needs vitest and the test database).
const seed = process.env.PROPERTY_SEED;
fc.configureGlobal(seed === "random" ? {} : { seed: Number.isInteger(Number(seed)) && seed ? Number(seed) : 20261125 });
/** Each run is a real request to a server on two shared cores. */
const RUNS = 100;

test.describe.configure({ timeout: 300_000 });

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

function dechunk(body: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = body.indexOf("\r\n", at);
    if (lineEnd === -1) break;
    const size = Number.parseInt(body.subarray(at, lineEnd).toString("latin1"), 16);
    if (!(size > 0)) break;
    parts.push(body.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

/**
 * Sends the bytes as they are and reads the answer to the end; status 0 when the server closed without one.
 * `thenClose` ends the client's side after sending, as a client that gives up mid-body does.
 */
function send(port: number, request: Buffer | string, { thenClose = false } = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1");
    const chunks: Buffer[] = [];
    socket.setTimeout(60_000, () => socket.destroy(new Error("no answer within 60 s")));
    socket.on("data", (chunk) => chunks.push(chunk));
    // A server that refuses a request early may close before reading all of it.
    socket.on("error", (error) => (["ECONNRESET", "EPIPE"].includes((error as NodeJS.ErrnoException).code ?? "") ? undefined : reject(error)));
    socket.on("close", () => {
      const raw = Buffer.concat(chunks);
      const headEnd = raw.indexOf("\r\n\r\n");
      if (headEnd === -1) return resolve({ status: 0, headers: {}, body: "" });
      const [statusLine, ...lines] = raw.subarray(0, headEnd).toString("latin1").split("\r\n");
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(":");
        headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      const rest = raw.subarray(headEnd + 4);
      const body = /chunked/i.test(headers["transfer-encoding"] ?? "") ? dechunk(rest) : rest;
      resolve({ status: Number(statusLine!.split(" ")[1]), headers, body: body.toString("utf8") });
    });
    const bytes = typeof request === "string" ? Buffer.from(request, "latin1") : request;
    if (thenClose) socket.end(bytes);
    else socket.write(bytes);
  });
}

const portOf = (baseURL: string | undefined) => Number(new URL(baseURL!).port);

/** One HTTP/1.1 request; `target` is written as latin1, one byte per character. */
function http(port: number, { method = "GET", target, headers = {}, body }: { method?: string; target: string; headers?: Record<string, string>; body?: string }) {
  const all: Record<string, string> = { Host: `127.0.0.1:${port}`, Connection: "close", ...headers };
  if (body !== undefined) all["Content-Length"] = String(Buffer.byteLength(body));
  const head = `${method} ${target} HTTP/1.1\r\n${Object.entries(all).map(([name, value]) => `${name}: ${value}\r\n`).join("")}\r\n`;
  return send(port, Buffer.concat([Buffer.from(head, "latin1"), Buffer.from(body ?? "", "utf8")]));
}

function expectNoServerError(res: RawResponse, label: string) {
  expect(res.status, `${label} answered ${res.status}: ${res.body.slice(0, 200)}`).toBeLessThan(500);
}

/** A refusal from the edge: the API's error shape under /api and /data, a page in both languages elsewhere. */
function expectEdgeRefusal(res: RawResponse, status: number, path: string, label: string) {
  expect(res.status, `${label}: ${res.body.slice(0, 200)}`).toBe(status);
  expect(res.headers["cache-control"], label).toBe("no-store");
  expect(res.headers["content-security-policy"], label).toContain("frame-ancestors 'none'");
  if (/^\/(api|data)(\/|$)/.test(path)) {
    expect(res.headers["content-type"], label).toMatch(/^application\/json/);
    const body = JSON.parse(res.body) as { error: { code: string; message: string } };
    expect(Object.keys(body.error).sort(), label).toEqual(["code", "message"]);
    expect(body.error.message.length, label).toBeGreaterThan(0);
  } else {
    expect(res.headers["content-type"], label).toMatch(/^text\/html/);
    expect(res.body, label).toContain('<section lang="en">');
    expect(res.body, label).toContain('<section lang="zh-Hans">');
  }
}

const prefixes = ["/en/", "/zh/missions/", "/api/v1/opportunities/", "/api/", "/data/", "/_next/static/chunks/", "/"];
const badEscape = fc.constantFrom("%", "%2", "%G0", "%E0%A4%A", "%FF", "%C0%AF", "%ED%A0%80", "%ED%BF%BF", "%80");
const text = fc.string({ unit: "grapheme", maxLength: 8 }).filter((s) => !s.includes("\0")).map(encodeURIComponent);

test.describe("addresses", () => {
  test("bad percent-encoding, encoded surrogates and U+0000 in a path or query answer 400", async ({ baseURL }) => {
    const port = portOf(baseURL);
    const bad = fc.oneof(badEscape, fc.constant("%00"));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...prefixes), text, bad, text, fc.constantFrom("path", "query name", "query value"), async (prefix, before, sequence, after, where) => {
        const part = `${before}${sequence}${after}`;
        const target = where === "path" ? `${prefix}${part}` : where === "query name" ? `${prefix}x?${part}=1` : `${prefix}x?a=b&q=${part}`;
        expectEdgeRefusal(await http(port, { target }), 400, prefix, target);
      }),
      { numRuns: RUNS },
    );
  });

  test("U+0000 never reaches the database from a public page, a staff filter, the audit filter or an export", async ({ baseURL, browser }) => {
    const port = portOf(baseURL);
    // Signed in, so that staff pages and exports would run their queries rather than redirect to the sign-in page.
    const staff = await contextAs(browser, "ADMIN");
    const cookie = (await staff.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
    await staff.close();
    expect((await http(port, { target: "/en/admin/audit?action=x", headers: { Cookie: cookie } })).status, "signed in").toBe(200);
    const targets = [
      "/en/search?q=",
      "/en/missions/",
      "/zh/institutions/",
      "/en/opportunities/chang-e-8-cooperation-projects?country=",
      "/en/admin/staff?q=",
      "/en/admin/audit?action=",
      "/en/admin/applications?status=",
      "/api/admin/exports/audit?action=",
      "/api/admin/exports/applications?status=",
      "/api/v1/institutions?country=",
      "/data/missions.csv?x=",
    ];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...targets), text, text, async (start, before, after) => {
        const target = `${start}${before}%00${after}`;
        expectEdgeRefusal(await http(port, { target, headers: { Cookie: cookie } }), 400, start, target);
      }),
      { numRuns: RUNS },
    );
  });

  test("any other address, however odd, answers below 500", async ({ baseURL }) => {
    const port = portOf(baseURL);
    const segment = fc.oneof(
      text,
      fc.constantFrom("..", ".", "%2e%2e", "%2E", "%2F", "%5C", "", "admin", "applications", "apply", "en", "zh", "_next", "api", "%61dmin", "%E4%B8%AD", "~", "%20", "a b"),
      fc.string({ unit: "binary", maxLength: 6 }).filter((s) => s.isWellFormed()).map(encodeURIComponent),
      // Raw UTF-8 bytes, as a client that does not escape sends them.
      fc.string({ unit: "grapheme-composite", maxLength: 4 }).map((s) => Buffer.from(s, "utf8").toString("latin1")),
    );
    const query = fc.array(fc.tuple(text, text).map(([k, v]) => `${k}=${v}`), { maxLength: 3 });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom("/", "/en/", "/zh/", "/api/v1/", "/data/", "/_next/static/"), fc.array(segment, { maxLength: 5 }), query, async (prefix, segments, pairs) => {
        // Whitespace and control bytes would end the request line; a fragment is never sent.
        const target = `${prefix}${segments.join("/")}${pairs.length ? `?${pairs.join("&")}` : ""}`.replace(/[\x00-\x20\x7f#]/g, "");
        expectNoServerError(await http(port, { target }), JSON.stringify(target));
      }),
      { numRuns: RUNS },
    );
  });

  test("an address longer than 8 KB answers 414, or 431 once Node's header limit is passed", async ({ baseURL }) => {
    const port = portOf(baseURL);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom("/en/", "/api/v1/missions?x=", "/en/map?v="), fc.integer({ min: 8193, max: 40_000 }), async (prefix, length) => {
        const target = `${prefix}${"a".repeat(length - prefix.length)}`;
        const res = await http(port, { target });
        if (length < 16_000) expectEdgeRefusal(res, 414, prefix, `${length} characters`);
        else expect([414, 431], `${length} characters`).toContain(res.status);
      }),
      { numRuns: 20 },
    );
  });
});

test.describe("methods", () => {
  const unsupported = ["TRACE", "PROPFIND", "PROPPATCH", "DELETE", "PUT", "PATCH", "MKCOL", "COPY", "MOVE", "LOCK", "UNLOCK", "SEARCH", "REPORT", "PURGE", "LINK", "UNLINK", "NOTIFY", "SUBSCRIBE"];

  test("every method but GET, HEAD, POST and OPTIONS answers 405 with an Allow header, on pages and the API", async ({ baseURL }) => {
    const port = portOf(baseURL);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...unsupported), fc.constantFrom("/en", "/zh/map", "/api/v1/missions", "/api/v1/uploads", "/data/missions.csv", "/en/admin/staff", "/_next/static/x.js"), async (method, target) => {
        const res = await http(port, { method, target, headers: { "Content-Length": "0" } });
        expectEdgeRefusal(res, 405, target, `${method} ${target}`);
        expect(res.headers.allow).toBe("GET, HEAD, POST, OPTIONS");
      }),
      { numRuns: RUNS },
    );
  });

  test("a made-up method token is refused below 500", async ({ baseURL }) => {
    const port = portOf(baseURL);
    await fc.assert(
      // CONNECT asks for a tunnel, which Node closes without an answer when nothing listens for it.
      fc.asyncProperty(fc.stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,11}$/).filter((m) => m !== "CONNECT"), async (method) => {
        const res = await http(port, { method, target: "/en" });
        expectNoServerError(res, method);
        if (!["GET", "HEAD", "POST", "OPTIONS"].includes(method)) expect([400, 405], method).toContain(res.status);
      }),
      { numRuns: RUNS },
    );
  });

  test("OPTIONS is answered with the allowed methods", async ({ baseURL }) => {
    const port = portOf(baseURL);
    for (const target of ["*", "/en", "/zh/opportunities/tianwen-3-payload-offer"]) {
      const res = await http(port, { method: "OPTIONS", target });
      expect(res.status, target).toBe(204);
      expect(res.headers.allow, target).toBe("GET, HEAD, POST, OPTIONS");
    }
    expectNoServerError(await http(port, { method: "OPTIONS", target: "/api/v1/missions" }), "OPTIONS /api/v1/missions");
  });
});

test.describe("headers and bodies", () => {
  const ACTION_ID = "7f0000000000000000000000000000000000000001";
  const pages = ["/en/admin/sign-in", `/zh${OFFER_PATH}/apply`, "/en", "/en/admin/staff"];

  test("a server action posted from another origin answers 403", async ({ baseURL }) => {
    const port = portOf(baseURL);
    const own = `127.0.0.1:${port}`;
    const origin = fc
      .oneof(fc.webUrl(), fc.constantFrom("null", "garbage", "http://", `http://${own}.evil.example`, "http://127.0.0.1:1", "https://localhost"), fc.string({ maxLength: 20 }))
      .map((o) => o.replace(/[\r\n\0]/g, "").trim())
      .filter((o) => !(URL.canParse(o) && new URL(o).host === own));
    const form = fc.constantFrom<Record<string, string>>(
      { "Next-Action": ACTION_ID, "Content-Type": "text/plain;charset=UTF-8" },
      { "Next-Action": ACTION_ID, "Content-Type": "multipart/form-data; boundary=x" },
      { "Content-Type": "multipart/form-data; boundary=x" },
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...pages), origin, form, async (target, from, headers) => {
        const res = await http(port, { method: "POST", target, headers: { ...headers, Origin: from }, body: "[]" });
        expectEdgeRefusal(res, 403, target, `Origin ${JSON.stringify(from)} → ${target}`);
      }),
      { numRuns: RUNS },
    );
  });

  test("a server action from the site itself is not refused at the edge, whatever it names", async ({ baseURL }) => {
    const port = portOf(baseURL);
    for (const id of [ACTION_ID, "x", "0".repeat(200)]) {
      for (const contentType of ["text/plain;charset=UTF-8", "multipart/form-data", "multipart/form-data; boundary=", "application/x-www-form-urlencoded"]) {
        const res = await http(port, { method: "POST", target: "/en/admin/sign-in", headers: { "Next-Action": id, "Content-Type": contentType, Origin: `http://127.0.0.1:${port}` }, body: "[]" });
        expectNoServerError(res, `action ${id.slice(0, 10)} as ${contentType}`);
        expect(res.status).not.toBe(403);
      }
    }
  });

  test("odd Content-Type, Accept-Encoding, Range and oversized headers answer below 500", async ({ baseURL }) => {
    const port = portOf(baseURL);
    const headerValue = fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom("multipart/form-data", "multipart/form-data; boundary=", "application/json; charset=utf-16", "text/html; charset=x-unknown", "gzip;q=2, br;q=-1, *", "bytes=-1", "bytes=99999999-", "\u00ff\u00fe"));
    const header = fc.tuple(fc.constantFrom("Content-Type", "Accept-Encoding", "Range", "Accept", "Accept-Language", "Content-Encoding", "If-None-Match", "Cookie"), headerValue);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom("GET", "POST", "HEAD"), fc.constantFrom("/en", "/en/map", "/api/v1/missions", "/api/v1/uploads", `/api/v1/opportunities/${CALL_SLUG}/applications`, "/data/missions.json"), header, fc.string({ maxLength: 60 }), async (method, target, [name, value], body) => {
        const clean = value.replace(/[\r\n\0]/g, "");
        const res = await http(port, { method, target, headers: { [name]: clean }, body: method === "POST" ? body : undefined });
        // Node itself refuses a header with characters HTTP does not allow (400), before the server sees it.
        expectNoServerError(res, `${method} ${target} ${name}: ${JSON.stringify(clean)}`);
      }),
      { numRuns: RUNS },
    );
    const large = await http(port, { target: "/en", headers: { "X-Padding": "a".repeat(20_000) } });
    expect(large.status, "a 20 KB header").toBe(431);
    // Node may close before reading a far larger one: no answer at all is fine, a 5xx is not.
    expectNoServerError(await http(port, { target: "/en", headers: { "X-Padding": "a".repeat(200_000) } }), "a 200 KB header");
    const many = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`X-H${i}`, "v"]));
    expectNoServerError(await http(port, { target: "/en", headers: many }), "500 headers");
  });

  test("broken chunked, cut-off and compressed bodies answer below 500, and leave the server answering", async ({ baseURL }) => {
    const port = portOf(baseURL);
    const head = (target: string, extra: string) =>
      `POST ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\nContent-Type: application/json\r\n${extra}\r\n`;
    for (const target of [`/api/v1/opportunities/${CALL_SLUG}/applications`, "/api/v1/uploads", "/en/admin/sign-in"]) {
      for (const [request, thenClose] of [
        [`${head(target, "Transfer-Encoding: chunked\r\n")}zz\r\n{}\r\n0\r\n\r\n`, false],
        [`${head(target, "Transfer-Encoding: chunked\r\n")}2\r\n{}\r\n`, true],
        [`${head(target, "Content-Length: 100\r\n")}{"email":`, true],
        [`${head(target, "Content-Encoding: gzip\r\nContent-Length: 2\r\n")}{}`, false],
        [`${head(target, "Content-Length: 1\r\nContent-Length: 2\r\n")}{}`, false],
        [`${head(target, "Transfer-Encoding: chunked\r\nContent-Length: 2\r\n")}{}`, false],
      ] as const) {
        expectNoServerError(await send(port, request, { thenClose }), `${target}: ${JSON.stringify(request.slice(-40))}`);
      }
    }
    // A client's broken-off body is not a lost database: nobody else gets a 503 for it.
    for (const target of ["/api/health", "/api/v1/missions", "/en/missions"]) {
      expect((await http(port, { target })).status, target).toBe(200);
    }
  });

  test("a lone surrogate or NUL anywhere in a JSON body answers 400 in the API's error shape", async ({ request }) => {
    const valid = {
      email: "edge@example.org",
      locale: "en",
      lead: { institutionName: "Edge Institute", institutionType: "UNIVERSITY", country: "CL", contactName: "Ana Rojas", contactEmail: "ana.rojas@example.org", participants: [] },
      payload: { payloadName: "Edge probe", payloadKind: "INSTRUMENT", carrier: "ORBITER", massKg: 0.1, trl: 6 },
      science: { objectives: ["INTERNAL_STRUCTURE"] },
      attachments: [{ uploadId: "missing", uploadToken: "missing" }],
    };
    const bad = fc.constantFrom("\\ud800", "\\udfff", "\\udbff", "\\ude00x", "\\u0000", "a\\u0000");
    const where = fc.constantFrom("lead.institutionName", "lead.contactName", "payload.payloadName", "email", "science.objectives.0", "key");
    await fc.assert(
      fc.asyncProperty(bad, where, async (escape, at) => {
        const marker = `MARK${randomUUID().slice(0, 8)}`;
        const body = structuredClone(valid) as Record<string, unknown>;
        if (at === "key") body[marker] = 1;
        else {
          const path = at.split(".");
          let node = body as Record<string, unknown>;
          for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
          node[path.at(-1)!] = `${String(node[path.at(-1)!])}${marker}`;
        }
        const json = JSON.stringify(body).replace(marker, escape);
        const res = await request.post(`/api/v1/opportunities/${CALL_SLUG}/applications`, {
          headers: { "content-type": "application/json", "idempotency-key": randomUUID() },
          data: json,
        });
        const text = await res.text();
        expect(res.status(), `${escape} at ${at}: ${text.slice(0, 300)}`).toBe(400);
        expect(res.headers()["cache-control"]).toBe("no-store");
        const { error } = JSON.parse(text) as { error: { code: string; issues: { message: string }[] } };
        expect(error.code).toBe("invalid_parameters");
        expect(error.issues[0]!.message).toMatch(/surrogate|NUL/);
      }),
      { numRuns: 30 },
    );
  });
});

test.describe("the page cache", () => {
  test("a page answers every made-up query from its one cached entry, and a filter keeps its own", async ({ request }) => {
    const path = "/en/map";
    await expect.poll(async () => (await request.get(path)).headers()["x-portal-cache"], { timeout: 30_000 }).toBe("HIT");
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.string({ maxLength: 6 }), fc.string({ maxLength: 6 })), { minLength: 1, maxLength: 3 }), async (pairs) => {
        const res = await request.get(`${path}?${new URLSearchParams([["v", randomUUID()], ...pairs]).toString()}`);
        expect(res.status()).toBe(200);
        expect(res.headers()["x-portal-cache"]).toBe("HIT");
      }),
      { numRuns: 20 },
    );

    // The parameters a page reads (src/proxy.ts rewrites these) are part of its key: never the unfiltered entry.
    const projects = "/en/opportunities/chang-e-8-cooperation-projects";
    await expect.poll(async () => (await request.get(projects)).headers()["x-portal-cache"], { timeout: 30_000 }).toBe("HIT");
    expect((await request.get(`${projects}?v=${randomUUID()}`)).headers()["x-portal-cache"]).toBe("HIT");
    const filtered = await request.get(`${projects}?country=FR&kind=${randomUUID()}`);
    expectNoServerError({ status: filtered.status(), headers: {}, body: "" }, "a filter never seen before");
    expect(filtered.headers()["x-portal-cache"]).toBeUndefined();
  });
});

test.describe("the search page gate", () => {
  // Each request names its own client address (the test server trusts X-Forwarded-For), so that no visitor's
  // search budget runs out and the other tests' searches keep theirs.
  const searchRequest = (port: number, client: string) =>
    `GET /en/search?q=${randomUUID()} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-Forwarded-For: ${client}\r\nConnection: close\r\n\r\n`;

  test("searches beyond the few rendering at once answer 503 with Retry-After, and clients that leave give their place back", async ({ baseURL, request }) => {
    const port = portOf(baseURL);
    const flood = await Promise.all(Array.from({ length: 40 }, (_, i) => send(port, searchRequest(port, `10.251.${i}.1`))));
    for (const res of flood) {
      expect([200, 503], "a search under load is answered or turned away, never failed").toContain(res.status);
      if (res.status === 503) {
        expect(res.headers["retry-after"]).toBe("5");
        expect(res.body).toContain("Search is busy right now");
      }
    }
    expect(flood.some((res) => res.status === 200)).toBe(true);

    // Forty clients that send a search and hang up 100 ms later, most of them while waiting for a place.
    await Promise.all(
      Array.from(
        { length: 40 },
        (_, i) =>
          new Promise<void>((resolve) => {
            const socket = net.connect(port, "127.0.0.1", () => socket.write(searchRequest(port, `10.252.${i}.1`)));
            socket.on("error", () => undefined);
            socket.on("close", () => resolve());
            setTimeout(() => socket.destroy(), 100);
          }),
      ),
    );
    // Every wait ends within 2 s; then the places must all be free again.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const after = await Promise.all(
      Array.from({ length: 2 }, (_, i) => request.get(`/en/search?q=${randomUUID()}`, { headers: { "X-Forwarded-For": `10.253.${i}.1` } })),
    );
    for (const res of after) expect(res.status()).toBe(200);
  });
});
