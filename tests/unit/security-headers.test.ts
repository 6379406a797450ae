import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { gunzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { gzipBody, identityBody, prepareBody } from "../../runtime/page-cache.mjs";
import {
  contentSecurityPolicy,
  loadNoncePlaceholder,
  newNonce,
  securityHeaders,
  substituteNonce,
  writeNoncePlaceholder,
} from "../../runtime/security-headers.mjs";

/** A stand-in for http.ServerResponse: records what reaches the socket through write/end. */
function fakeResponse() {
  const received: Buffer[] = [];
  const sink = new Writable({
    write(chunk, _encoding, callback) {
      received.push(Buffer.from(chunk));
      callback();
    },
  });
  const res = {
    write: (chunk: Buffer, callback?: () => void) => sink.write(chunk, callback),
    end: (chunk?: Buffer, callback?: () => void) => {
      if (chunk) received.push(Buffer.from(chunk));
      callback?.();
      return res;
    },
  };
  return { res, body: () => Buffer.concat(received).toString("utf8") };
}

const directories: string[] = [];
afterEach(() => {
  for (const dir of directories.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("the script nonce", () => {
  it("is fresh for every response and as long as the placeholder it replaces", () => {
    const nonces = new Set(Array.from({ length: 200 }, () => newNonce()));
    expect(nonces.size).toBe(200);
    for (const nonce of nonces) expect(nonce).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it("keeps one placeholder per build, shared by every process that reads it", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "csp-"));
    directories.push(dir);
    const first = loadNoncePlaceholder(dir);
    expect(first).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(loadNoncePlaceholder(dir)).toBe(first);
    expect(readFileSync(path.join(dir, "csp-nonce-placeholder"), "utf8")).toBe(first);
  });

  it("is written by the build, so every instance given a copy of the build reads the same one, and a new build gets a new one", () => {
    const build = mkdtempSync(path.join(tmpdir(), "csp-build-"));
    const copy = mkdtempSync(path.join(tmpdir(), "csp-copy-"));
    directories.push(build, copy);
    const written = writeNoncePlaceholder(build);
    expect(written).toMatch(/^[A-Za-z0-9_-]{22}$/);
    cpSync(build, copy, { recursive: true });
    expect(loadNoncePlaceholder(build)).toBe(written);
    expect(loadNoncePlaceholder(copy)).toBe(written);
    expect(writeNoncePlaceholder(build)).not.toBe(written);
  });

  it("replaces the placeholder in a streamed body even when a chunk boundary splits it", () => {
    const placeholder = newNonce();
    const nonce = newNonce();
    const html = `<script nonce="${placeholder}">a()</script><p>text</p><script nonce="${placeholder}" src="/x.js"></script>`;
    const bytes = Buffer.from(html);
    // Every way of cutting the body in two, and a byte-at-a-time stream.
    for (let cut = 0; cut <= bytes.length; cut++) {
      const { res, body } = fakeResponse();
      const seen: Buffer[] = [];
      substituteNonce(res as never, placeholder, nonce, (chunk: Buffer) => seen.push(chunk));
      res.write(bytes.subarray(0, cut));
      res.end(bytes.subarray(cut));
      expect(body()).toBe(html.replaceAll(placeholder, nonce));
      expect(Buffer.concat(seen).toString()).toBe(html);
    }
    const { res, body } = fakeResponse();
    substituteNonce(res as never, placeholder, nonce);
    for (const byte of bytes) res.write(Buffer.from([byte]));
    res.end();
    expect(body()).toBe(html.replaceAll(placeholder, nonce));
    expect(body()).not.toContain(placeholder);
  });

  it("leaves a body without the placeholder untouched, byte for byte", () => {
    const { res, body } = fakeResponse();
    substituteNonce(res as never, newNonce(), newNonce());
    res.write(Buffer.from("{\"data\":"));
    res.end(Buffer.from("[1,2,3]}"));
    expect(body()).toBe("{\"data\":[1,2,3]}");
  });
});

describe("cached pages with a nonce per response", () => {
  const placeholder = newNonce();
  const page = Buffer.from(
    `<!doctype html><html><head><script nonce="${placeholder}" src="/a.js"></script></head><body>${"<p>Chang'e-5 嫦娥五号</p>".repeat(500)}<script nonce="${placeholder}">self.__next_f.push([1,"x"])</script></body></html>`,
  );
  const prepared = prepareBody(page, placeholder);

  it("serves each response gzip-encoded with its own nonce, decompressing to the page", () => {
    const nonce = newNonce();
    const gzipped = gzipBody(prepared, nonce);
    const expected = page.toString().replaceAll(placeholder, nonce);
    expect(gunzipSync(gzipped).toString()).toBe(expected);
    expect(gzipped.length).toBeLessThan(page.length / 5);
    const other = newNonce();
    expect(gunzipSync(gzipBody(prepared, other)).toString()).toBe(page.toString().replaceAll(placeholder, other));
  });

  it("serves the same page identity-encoded, and a page without scripts unchanged", () => {
    const nonce = newNonce();
    expect(identityBody(prepared, nonce).toString()).toBe(page.toString().replaceAll(placeholder, nonce));
    const plain = prepareBody(Buffer.from("<p>no scripts</p>"), placeholder);
    expect(gunzipSync(gzipBody(plain, nonce)).toString()).toBe("<p>no scripts</p>");
    const empty = prepareBody(Buffer.alloc(0), placeholder);
    expect(gunzipSync(gzipBody(empty, nonce)).length).toBe(0);
  });
});

describe("security headers", () => {
  it("name the nonce, forbid inline scripts and framing, and add HSTS in production", () => {
    const nonce = newNonce();
    const headers = securityHeaders({ pathname: "/en", nonce, production: true, https: true });
    const csp = headers["Content-Security-Policy"];
    expect(csp).toContain(`script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`);
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("upgrade-insecure-requests");
    expect(headers["Strict-Transport-Security"]).toMatch(/max-age=\d{8}/);
    expect(headers["X-Content-Type-Options"]).toBe("nosniff");
    expect(headers["Referrer-Policy"]).toBe("strict-origin-when-cross-origin");
    expect(headers["Permissions-Policy"]).toContain("camera=()");
    expect(securityHeaders({ pathname: "/en", nonce, production: false, https: false })["Strict-Transport-Security"]).toBeUndefined();
    expect(contentSecurityPolicy(nonce)).not.toContain("upgrade-insecure-requests");
  });

  it("keep an applicant's private link from leaving the site as a referrer", () => {
    const nonce = newNonce();
    expect(securityHeaders({ pathname: "/zh/applications/abc/payload", nonce, production: true })["Referrer-Policy"]).toBe("same-origin");
    expect(securityHeaders({ pathname: "/api/applications/abc/receipt", nonce, production: true })["Referrer-Policy"]).toBe("same-origin");
  });
});
