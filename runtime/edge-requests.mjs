// Requests the production server (server.mjs) answers itself, before Next.js sees them: each of the refused ones
// makes Next.js or PostgreSQL throw, which would answer 500 for what is the client's mistake. Pure functions, so
// they are tested without a server (tests/unit/edge-requests.test.ts).

/** Every method a route or page answers; server actions are POSTs. */
export const ALLOWED_METHODS = ["GET", "HEAD", "POST", "OPTIONS"];
const ALLOW = ALLOWED_METHODS.join(", ");

/** Longer request targets are refused with 414; no link of the portal comes near it. */
export const MAX_URL_LENGTH = 8 * 1024;

/**
 * What the edge answers instead of Next.js. `code` and `message` are the API's error shape (the HTML page says it in
 * both languages); `reason` is for the server's log.
 * @typedef {{ status: number, code: string, message: string, reason: string, headers?: Record<string, string> }} EdgeAnswer
 */

const answer = (status, code, message, reason, headers) => ({ status, code, message, reason, ...(headers ? { headers } : {}) });

const badRequest = (reason) =>
  answer(400, "bad_request", "The request's address is not valid: it must be percent-encoded UTF-8 without NUL characters.", reason);

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** The text with raw bytes (which Node hands over as latin1 characters) read as UTF-8; null when they are not. */
function rawUtf8(text) {
  if (/^[\x00-\x7f]*$/.test(text)) return text;
  try {
    return utf8.decode(Buffer.from(text, "latin1"));
  } catch {
    return null;
  }
}

/** The decoded text, or null when it is not percent-encoded UTF-8 (an encoded surrogate is not UTF-8 either). */
function decodeComponent(text, plusIsSpace) {
  const raw = rawUtf8(text);
  if (raw === null) return null;
  try {
    return decodeURIComponent(plusIsSpace ? raw.replaceAll("+", " ") : raw);
  } catch {
    return null;
  }
}

/** A request target's path and query (null when it has none), or null when it is neither origin- nor absolute-form. */
export function splitTarget(url) {
  // HTTP/1.1 servers must accept the absolute form too (RFC 9112, 3.2.2).
  const authority = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(url);
  let target = authority ? url.slice(authority[0].length) : url;
  if (authority && !target.startsWith("/")) target = `/${target}`;
  if (!target.startsWith("/")) return null;
  const hash = target.indexOf("#");
  if (hash !== -1) target = target.slice(0, hash);
  const mark = target.indexOf("?");
  return mark === -1 ? { path: target, query: null } : { path: target.slice(0, mark), query: target.slice(mark + 1) };
}

/** Why a request target cannot be handed to Next.js, or null when it can. */
export function refuseTarget(url) {
  if (url.length > MAX_URL_LENGTH) {
    return answer(414, "uri_too_long", `The request's address is longer than ${MAX_URL_LENGTH} characters.`, `target of ${url.length} characters`);
  }
  const target = splitTarget(url);
  if (!target) return badRequest("target is not a path");
  const pathText = decodeComponent(target.path, false);
  if (pathText === null) return badRequest("path is not percent-encoded UTF-8");
  if (pathText.includes("\0")) return badRequest("path holds U+0000");
  if (target.query === null) return null;
  for (const part of target.query.split("&")) {
    const text = decodeComponent(part, true);
    if (text === null) return badRequest("query is not percent-encoded UTF-8");
    if (text.includes("\0")) return badRequest("query holds U+0000");
  }
  return null;
}

/** The host Next.js compares a server action's Origin with: X-Forwarded-Host when present, else Host. */
function hostNextCompares(headers) {
  const forwarded = headers["x-forwarded-host"];
  const first = Array.isArray(forwarded) ? forwarded[0] : forwarded?.split(",")[0]?.trim();
  return first || headers.host || "";
}

function hostOf(origin) {
  try {
    const url = new URL(origin);
    return url.origin === "null" ? null : url.host;
  } catch {
    return null;
  }
}

/**
 * A POST Next.js takes for a server action (a Next-Action header, or a form posted without JavaScript) from an
 * Origin it would refuse by throwing. A missing Origin passes, as in Next.js: browsers send one with every POST, so
 * its absence marks a hand-made request, which carries no one else's cookies. `Origin: null` (sent under
 * Referrer-Policy: no-referrer and from sandboxed frames) is refused, as Next.js does.
 */
export function refuseCrossOriginAction({ method, pathname, headers }, siteOrigin) {
  if (method !== "POST" || pathname.startsWith("/api/") || pathname.startsWith("/_next/")) return null;
  const contentType = String(headers["content-type"] ?? "").toLowerCase();
  const isAction =
    headers["next-action"] !== undefined || contentType.startsWith("multipart/form-data") || contentType.startsWith("application/x-www-form-urlencoded");
  const origin = headers.origin;
  if (!isAction || origin === undefined) return null;
  const host = hostNextCompares(headers);
  if (typeof origin === "string" && hostOf(origin) === host && host !== "") return null;
  // The site's own origin refused: a proxy in front rewrote Host without sending X-Forwarded-Host.
  const hint = siteOrigin && origin === siteOrigin ? " (the site's own origin: the proxy must pass Host or X-Forwarded-Host)" : "";
  return answer(
    403,
    "forbidden",
    "Forms of this site are accepted only from its own pages.",
    `server action from Origin ${JSON.stringify(String(origin).slice(0, 100))} to host ${JSON.stringify(host.slice(0, 100))}${hint}`,
  );
}

/**
 * What the edge answers in place of Next.js, or null to hand the request on. OPTIONS is answered here except under
 * /api, whose route handlers list their own methods. `siteOrigin` (SITE_URL's origin) only explains refusals in the log.
 */
export function answerAtEdge({ method, url, headers }, siteOrigin) {
  if (!ALLOWED_METHODS.includes(method)) {
    return answer(405, "method_not_allowed", `This site answers only ${ALLOW}.`, `method ${JSON.stringify(method.slice(0, 40))}`, { Allow: ALLOW });
  }
  if (method === "OPTIONS" && url === "*") return answer(204, "", "", "", { Allow: ALLOW });
  const refused = refuseTarget(url);
  if (refused) return refused;
  const pathname = splitTarget(url).path;
  if (method === "OPTIONS" && !pathname.startsWith("/api/")) return answer(204, "", "", "", { Allow: ALLOW });
  return refuseCrossOriginAction({ method, pathname, headers }, siteOrigin) ?? refuseLargeForm({ method, pathname, headers });
}

/** serverActions.bodySizeLimit in next.config.ts: one attachment of at most 10 MB and the multipart envelope. */
export const FORM_BODY_LIMIT_BYTES = 11 * 1024 * 1024;

/**
 * A form posted without JavaScript (no Next-Action header) whose body is over the server actions' limit: Next.js would
 * refuse it with its error page. With JavaScript the files form stops such a file in the browser, with its message.
 */
export function refuseLargeForm({ method, pathname, headers }) {
  if (method !== "POST" || pathname.startsWith("/api/") || pathname.startsWith("/_next/") || headers["next-action"] !== undefined) return null;
  const length = Number(headers["content-length"]);
  if (!Number.isFinite(length) || length <= FORM_BODY_LIMIT_BYTES) return null;
  return answer(413, "form_too_large", "The form's file is larger than 10 MB.", `form body of ${length} bytes`);
}

/** Whether an answer to this path takes the API's JSON error shape rather than an HTML page. */
export const answersWithJson = (pathname) => /^\/(api|data)(\/|$)/.test(pathname);

const escapeHtml = (text) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * A small page in English and Chinese that needs nothing from Next.js (no scripts, inline styles only), for answers
 * the server gives itself. Each language: a heading, paragraphs and one link.
 */
export function bilingualPage({ title, en, zh }) {
  const section = (lang, { heading, paragraphs, link }) =>
    [
      `  <section lang="${lang}">`,
      `    <h1>${escapeHtml(heading)}</h1>`,
      ...paragraphs.map((p) => `    <p>${escapeHtml(p)}</p>`),
      `    <p><a href="${escapeHtml(link.href)}">${escapeHtml(link.text)}</a></p>`,
      "  </section>",
    ].join("\n");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>
  body { margin: 0; min-height: 100vh; display: grid; place-items: center; font-family: system-ui, -apple-system, "Segoe UI", "Noto Sans", "PingFang SC", "Microsoft YaHei", sans-serif; color: #0f172a; background: #f8fafc; }
  main { max-width: 36rem; padding: 2rem; }
  section + section { margin-top: 2rem; padding-top: 2rem; border-top: 1px solid #cbd5e1; }
  h1 { font-size: 1.5rem; margin: 0 0 .75rem; }
  p { line-height: 1.6; margin: 0 0 .75rem; }
  a { color: #1d4ed8; }
  @media (prefers-color-scheme: dark) { body { color: #e2e8f0; background: #0f172a; } section + section { border-color: #334155; } a { color: #93c5fd; } }
</style>
</head>
<body>
<main>
${section("en", en)}
${section("zh-Hans", zh)}
</main>
</body>
</html>
`;
}

const home = { en: { href: "/en", text: "Go to the home page" }, zh: { href: "/zh", text: "返回首页" } };

const PAGES = {
  bad_request: {
    title: "Bad request · 请求无效",
    en: { heading: "This address is not valid", paragraphs: ["It holds characters that are not allowed or are wrongly encoded. Check the link, or start again from the home page."], link: home.en },
    zh: { heading: "此网址无效", paragraphs: ["网址中含有不允许的字符或编码错误。请检查链接，或从首页重新开始。"], link: home.zh },
  },
  uri_too_long: {
    title: "Address too long · 网址过长",
    en: { heading: "This address is too long", paragraphs: ["No page of the portal has an address this long. Check the link, or start again from the home page."], link: home.en },
    zh: { heading: "此网址过长", paragraphs: ["本门户没有如此长的网址。请检查链接，或从首页重新开始。"], link: home.zh },
  },
  method_not_allowed: {
    title: "Method not allowed · 不支持的请求方法",
    en: { heading: "This request method is not supported", paragraphs: [`The portal answers only ${ALLOW} requests.`], link: home.en },
    zh: { heading: "不支持此请求方法", paragraphs: [`本门户只接受 ${ALLOW} 请求。`], link: home.zh },
  },
  search_busy: {
    title: "Search busy · 搜索繁忙",
    en: {
      heading: "Search is busy right now",
      paragraphs: ["Many searches are running at this moment. Please try again in a few seconds."],
      link: { href: "/en/search", text: "Search again" },
    },
    zh: { heading: "搜索繁忙", paragraphs: ["此刻正在进行的搜索较多。请几秒钟后再试。"], link: { href: "/zh/search", text: "重新搜索" } },
  },
  form_too_large: {
    title: "File too large · 文件过大",
    en: {
      heading: "The file is larger than 10 MB",
      paragraphs: ["Nothing was saved. Go back to the page, choose a PDF of at most 10 MB, and send the form again."],
      link: { href: "", text: "Back to the form" },
    },
    zh: { heading: "文件超过10 MB", paragraphs: ["未保存任何内容。请返回该页面，选择不超过10 MB的PDF文件后重新提交。"], link: { href: "", text: "返回表单" } },
  },
  forbidden: {
    title: "Form refused · 表单被拒绝",
    en: {
      heading: "This form was sent from another site",
      paragraphs: ["For your security, the portal accepts its forms only from its own pages. Open the page on this site and send the form again."],
      link: home.en,
    },
    zh: { heading: "此表单来自其他网站", paragraphs: ["为保障您的安全，本门户只接受从其自身页面提交的表单。请在本站打开该页面后重新提交。"], link: home.zh },
  },
};

/** The status, headers and body of an edge answer: the API's error shape under /api and /data, else a page. */
export function edgeResponse(edge, pathname) {
  const headers = { "Cache-Control": "no-store", ...edge.headers };
  if (edge.status === 204) return { status: 204, headers, body: "" };
  const json = answersWithJson(pathname);
  const body = json ? JSON.stringify({ error: { code: edge.code, message: edge.message } }) : bilingualPage(PAGES[edge.code]);
  headers["Content-Type"] = json ? "application/json; charset=utf-8" : "text/html; charset=utf-8";
  return { status: edge.status, headers, body };
}

/** Whether the path is a language's search page, which renders per query and so cannot come from the page cache. */
export const isSearchPage = (pathname) => /^\/[a-z]{2}\/search\/?$/.test(pathname);

/** What the edge answers when search pages are all taken. */
export const searchBusy = (retryAfterSeconds) =>
  answer(503, "search_busy", "Many searches are running at this moment; try again in a few seconds.", "search render gate full", {
    "Retry-After": String(retryAfterSeconds),
  });

/**
 * Lets at most `limit` holders in at once; up to `queueLimit` more wait, each at most `maxWaitMs`. enter() resolves to
 * a release function, or to null at once when the queue is full or once the wait ran out.
 */
export function createGate({ limit, queueLimit, maxWaitMs }) {
  let active = 0;
  const waiting = [];
  const releaser = () => {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = waiting.shift();
      if (next) {
        clearTimeout(next.timer);
        next.resolve(releaser());
      } else {
        active -= 1;
      }
    };
  };
  return {
    get active() {
      return active;
    },
    get waiting() {
      return waiting.length;
    },
    enter() {
      if (active < limit) {
        active += 1;
        return Promise.resolve(releaser());
      }
      if (waiting.length >= queueLimit) return Promise.resolve(null);
      return new Promise((resolve) => {
        const entry = { resolve, timer: undefined };
        entry.timer = setTimeout(() => {
          const index = waiting.indexOf(entry);
          if (index >= 0) waiting.splice(index, 1);
          resolve(null);
        }, maxWaitMs);
        waiting.push(entry);
      });
    },
  };
}
