// Security headers for every response of the production server (server.mjs), and the per-response script nonce.
//
// Next.js puts the nonce it reads from the request's Content-Security-Policy header on every script it renders.
// Pages are rendered once and cached, so server.mjs asks Next to render with a placeholder nonce, secret to the build
// (never sent to a client), and replaces it in every response with a fresh random nonce of the same length, which
// the response's own CSP names. A script injected through content never carries the placeholder, so it never runs.
import { randomBytes } from "node:crypto";
import { linkSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

const NONCE_BYTES = 16;

/** A fresh nonce: 22 base64url characters, the same length as the placeholder. */
export function newNonce() {
  return randomBytes(NONCE_BYTES).toString("base64url");
}

const PLACEHOLDER_FILE = "csp-nonce-placeholder";

/**
 * Gives a new build its placeholder, run by `npm run build` right after `next build` (scripts/nonce-placeholder.mjs): a
 * random one, since anything derived from the build's public identity (BUILD_ID, the deployment id) could be
 * computed by whoever injects a script. Every instance given a copy of this build then agrees on it.
 */
export function writeNoncePlaceholder(distDir = ".next") {
  const file = path.join(distDir, PLACEHOLDER_FILE);
  const temporary = `${file}.${process.pid}.${Date.now()}`;
  writeFileSync(temporary, newNonce(), { mode: 0o600 });
  renameSync(temporary, file);
  return loadNoncePlaceholder(distDir);
}

/**
 * The build's placeholder nonce, kept beside the build so that every process serving it (and its cached pages)
 * agrees. Written by the build; for a build made without it, created once, atomically: concurrent first starts all
 * read the value the first one linked into place.
 */
export function loadNoncePlaceholder(distDir = ".next") {
  const file = path.join(distDir, PLACEHOLDER_FILE);
  const read = () => {
    const value = readFileSync(file, "utf8").trim();
    if (!/^[A-Za-z0-9_-]{22}$/.test(value)) throw new Error(`${file} does not hold a nonce placeholder`);
    return value;
  };
  try {
    return read();
  } catch (error) {
    if (error.code !== "ENOENT") throw error;
  }
  mkdirSync(distDir, { recursive: true });
  const temporary = `${file}.${process.pid}.${Date.now()}`;
  writeFileSync(temporary, newNonce(), { mode: 0o600 });
  try {
    linkSync(temporary, file);
  } catch (error) {
    if (error.code !== "EEXIST") throw error;
  } finally {
    rmSync(temporary, { force: true });
  }
  return read();
}

/** The request header that makes Next.js render every script with the placeholder nonce. */
export function renderingPolicy(placeholder) {
  return `script-src 'nonce-${placeholder}'`;
}

/**
 * The Content-Security-Policy of a response. 'strict-dynamic' lets the nonced Next.js runtime load its own chunks;
 * inline styles stay allowed (React style attributes and the outage page), inline scripts never are.
 */
export function contentSecurityPolicy(nonce, { https = false } = {}) {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "media-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "manifest-src 'self'",
    "worker-src 'self'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

// The applicant's private link is their key: it never leaves the site, even as a referrer's path.
const PRIVATE_PATH = /^\/[^/]+\/applications\/|^\/api\/applications\//;

/** Headers every response carries; routes may tighten Referrer-Policy or Cache-Control for themselves. */
export function securityHeaders({ pathname, nonce, production, https }) {
  const headers = {
    "Content-Security-Policy": contentSecurityPolicy(nonce, { https }),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": PRIVATE_PATH.test(pathname) ? "same-origin" : "strict-origin-when-cross-origin",
    "Permissions-Policy": "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()",
    "Cross-Origin-Opener-Policy": "same-origin",
  };
  if (production) headers["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains";
  return headers;
}

// Staff pages, the applicant's pages and the apply flow show personal data, which must not stay on disk after sign-out.
const PRIVATE_PAGE = /^\/[^/]+\/(?:admin(?:\/|$)|applications(?:\/|$)|(?:opportunities|calls)\/[^/]+\/apply(?:\/|$))/;

/** Whether the path is a private page's, also when spelled with escapes Next.js decodes (`/en/%61dmin`). */
export function isPrivatePage(pathname) {
  if (PRIVATE_PAGE.test(pathname)) return true;
  try {
    return PRIVATE_PAGE.test(decodeURIComponent(pathname));
  } catch {
    return false;
  }
}

/**
 * The Cache-Control a page response is sent with, replacing Next.js's, or null to keep Next.js's. Private pages
 * (HTML and the router's RSC payloads alike) are never stored. Other HTML is private and revalidated, since it
 * carries this response's nonce; shared caches must not pair it with another.
 */
export function pageCacheControl(pathname, contentType) {
  if (isPrivatePage(pathname)) return "no-store";
  return /^text\/html/i.test(contentType) ? "private, no-cache" : null;
}

/** Replaces every whole occurrence of `from` in `buffer` by `to` (same length) in a copy; returns the copy. */
export function replaceEqualLength(buffer, from, to) {
  let at = buffer.indexOf(from);
  if (at === -1) return buffer;
  const copy = Buffer.from(buffer);
  while (at !== -1) {
    to.copy(copy, at);
    at = copy.indexOf(from, at + from.length);
  }
  return copy;
}

/**
 * Wraps res.write/res.end so that the placeholder becomes the response's nonce in a streamed body, across chunk
 * boundaries (a tail shorter than the placeholder waits for the next chunk). `observe` sees the body as Next
 * wrote it, placeholder included, for the page cache.
 */
export function substituteNonce(res, placeholder, nonce, observe) {
  const from = Buffer.from(placeholder);
  const to = Buffer.from(nonce);
  if (from.length !== to.length) throw new Error("The nonce and its placeholder must have the same length");
  const write = res.write.bind(res);
  const end = res.end.bind(res);
  let carry = Buffer.alloc(0);
  const toBuffer = (chunk, encoding) =>
    Buffer.isBuffer(chunk) ? chunk : chunk instanceof Uint8Array ? Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength) : Buffer.from(String(chunk), typeof encoding === "string" ? encoding : "utf8");
  const take = (chunk, encoding, final) => {
    const incoming = toBuffer(chunk, encoding);
    observe?.(incoming);
    const joined = replaceEqualLength(carry.length ? Buffer.concat([carry, incoming]) : incoming, from, to);
    if (final) {
      carry = Buffer.alloc(0);
      return joined;
    }
    // Keep back only what could be the start of a placeholder completed by the next chunk.
    let keep = 0;
    for (let n = Math.min(from.length - 1, joined.length); n > 0; n--) {
      if (joined.subarray(joined.length - n).equals(from.subarray(0, n))) {
        keep = n;
        break;
      }
    }
    carry = keep ? Buffer.from(joined.subarray(joined.length - keep)) : Buffer.alloc(0);
    return keep ? joined.subarray(0, joined.length - keep) : joined;
  };
  res.write = (chunk, encoding, callback) => {
    if (typeof encoding === "function") [callback, encoding] = [encoding, undefined];
    const out = take(chunk, encoding, false);
    if (out.length === 0) {
      if (callback) process.nextTick(callback);
      return true;
    }
    return write(out, callback);
  };
  res.end = (chunk, encoding, callback) => {
    if (typeof chunk === "function") [callback, chunk, encoding] = [chunk, undefined, undefined];
    if (typeof encoding === "function") [callback, encoding] = [encoding, undefined];
    const out = chunk === undefined || chunk === null ? (carry.length ? take(Buffer.alloc(0), undefined, true) : undefined) : take(chunk, encoding, true);
    return end(out, callback);
  };
}
