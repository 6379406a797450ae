import { expect, test, type APIResponse } from "@playwright/test";
import { DOWN_BASE_URL } from "../../playwright.config";
import { OFFER_PATH } from "./apply-helpers";

const NONCE = /'nonce-([A-Za-z0-9_-]{22})'/;

/** The headers every response must carry; returns the response's script nonce. */
function expectSecurityHeaders(res: APIResponse, label: string): string {
  const headers = res.headers();
  const csp = headers["content-security-policy"] ?? "";
  const scriptSrc = csp.split(";").map((d) => d.trim()).find((d) => d.startsWith("script-src")) ?? "";
  expect(scriptSrc, `${label}: script-src`).toMatch(NONCE);
  expect(scriptSrc, `${label}: script-src`).toContain("'strict-dynamic'");
  expect(scriptSrc, `${label}: no inline scripts`).not.toContain("'unsafe-inline'");
  expect(csp, label).toContain("frame-ancestors 'none'");
  expect(csp, label).toContain("object-src 'none'");
  expect(csp, label).toContain("base-uri 'self'");
  expect(headers["strict-transport-security"], `${label}: HSTS`).toMatch(/^max-age=\d+; includeSubDomains$/);
  expect(headers["x-content-type-options"], label).toBe("nosniff");
  expect(headers["x-frame-options"], label).toBe("DENY");
  expect(headers["referrer-policy"], label).toMatch(/^(strict-origin-when-cross-origin|same-origin|no-referrer)$/);
  expect(headers["permissions-policy"], label).toContain("camera=()");
  expect(headers["x-powered-by"], label).toBeUndefined();
  return NONCE.exec(scriptSrc)?.[1] ?? "";
}

/** Every script element's nonce in an HTML body. */
function scriptNonces(html: string): { scripts: number; nonces: string[] } {
  const tags = html.match(/<script\b[^>]*>/g) ?? [];
  return { scripts: tags.length, nonces: tags.map((tag) => /\snonce="([^"]*)"/.exec(tag)?.[1] ?? "") };
}

test.describe("security headers", () => {
  const pages = [
    "/en",
    "/zh",
    "/en/opportunities/tianwen-3-payload-offer",
    "/zh/opportunities/chang-e-5-sample-loans",
    `/en${OFFER_PATH}/apply`,
    "/en/map",
    "/ar/timeline",
    "/en/admin/sign-in",
  ];

  for (const path of pages) {
    test(`${path} carries them, with every script bearing this response's own nonce`, async ({ request }) => {
      const first = await request.get(path);
      expect(first.status()).toBe(200);
      const nonce = expectSecurityHeaders(first, path);
      const html = await first.text();
      const { scripts, nonces } = scriptNonces(html);
      expect(scripts, "the page has scripts").toBeGreaterThan(0);
      expect(new Set(nonces)).toEqual(new Set([nonce]));
      // Staff pages and the apply flow stay out of every cache; other pages carry a nonce and are revalidated.
      expect(first.headers()["cache-control"]).toBe(/\/(admin|apply)(\/|$)/.test(path) ? "no-store" : "private, no-cache");
      expect(first.headers()["etag"]).toBeUndefined();

      // A second answer (cached by now) has another nonce, and the same page otherwise.
      const second = await request.get(path);
      const again = expectSecurityHeaders(second, `${path} (again)`);
      expect(again).not.toBe(nonce);
      const secondHtml = await second.text();
      expect(new Set(scriptNonces(secondHtml).nonces)).toEqual(new Set([again]));
    });
  }

  test("cached pages are compressed, and still carry a fresh nonce", async ({ request }) => {
    const path = "/en/opportunities/chang-e-8-cooperation-projects";
    // Rendered, then served from Next's cache (and kept), then served from the page cache.
    await expect.poll(async () => (await request.get(path)).headers()["x-portal-cache"]).toBe("HIT");
    const res = await request.get(path, { headers: { "accept-encoding": "gzip" } });
    expect(res.headers()["content-encoding"]).toBe("gzip");
    expect(res.headers()["x-portal-cache"]).toBe("HIT");
    const nonce = expectSecurityHeaders(res, "cached page");
    const html = await res.text();
    expect(html).toContain("</html>");
    expect(new Set(scriptNonces(html).nonces)).toEqual(new Set([nonce]));
  });

  test("a nonce sent by the client is never used for the page's scripts", async ({ request }) => {
    const res = await request.get("/en/missions", { headers: { "content-security-policy": "script-src 'nonce-AAAAAAAAAAAAAAAAAAAAAA'" } });
    const nonce = expectSecurityHeaders(res, "/en/missions with a client CSP header");
    const html = await res.text();
    expect(html).not.toContain("AAAAAAAAAAAAAAAAAAAAAA");
    expect(new Set(scriptNonces(html).nonces)).toEqual(new Set([nonce]));
  });

  test("the API, downloads, feeds, static files and errors carry them too", async ({ request }) => {
    const targets: Array<[string, number]> = [
      ["/api/v1/missions", 200],
      ["/api/v1/no-such-resource", 404],
      ["/api/v1/opportunities/no-such-call", 404],
      ["/api/health", 200],
      ["/data/missions.csv", 200],
      ["/en/feed.xml", 200],
      ["/calendar.ics", 200],
      ["/.well-known/cooperation-portal-signing-key", 200],
      ["/en/no-such-page", 404],
      ["/zh/missions/no-such-mission", 404],
      ["/robots.txt", 200],
    ];
    for (const [path, status] of targets) {
      const res = await request.get(path);
      expect(res.status(), path).toBe(status);
      expectSecurityHeaders(res, path);
    }
    const home = await (await request.get("/en")).text();
    const asset = /\/_next\/static\/[^"]+\.js/.exec(home)?.[0];
    expect(asset).toBeTruthy();
    expectSecurityHeaders(await request.get(asset!), asset!);
  });

  test("an applicant's private pages never send their address to another site", async ({ request }) => {
    const res = await request.get("/en/applications/not-a-real-token");
    expectSecurityHeaders(res, "applicant page");
    expect(res.headers()["referrer-policy"]).toBe("same-origin");
  });

  test("private pages are never stored, however their address is spelled and whatever the router asks for", async ({ request }) => {
    for (const path of ["/en/applications/not-a-real-token", "/zh/admin/sign-in", "/en/%61dmin/sign-in", `/en${OFFER_PATH}/apply`, "/en/opportunities/tianwen-3-payload-offer/apply", "/en/admin/audit"]) {
      for (const headers of [{}, { RSC: "1" }] as Record<string, string>[]) {
        const res = await request.get(path, { headers, maxRedirects: 0 });
        expect(res.headers()["cache-control"], `${path} ${JSON.stringify(headers)} (${res.status()})`).toBe("no-store");
      }
    }
  });

  test("the outage page and the API's 503 carry them", async ({ request }) => {
    for (const path of ["/en", "/api/v1/missions"]) {
      const res = await request.get(`${DOWN_BASE_URL}${path}`);
      expect(res.status(), path).toBe(503);
      expectSecurityHeaders(res, `${path} while the database is down`);
    }
  });
});

test.describe("pages under the policy", () => {
  for (const path of ["/en", "/zh/opportunities/tianwen-3-payload-offer", "/en/map", "/en/admin/sign-in"]) {
    test(`${path} runs its scripts with no policy violation`, async ({ page }) => {
      const violations: string[] = [];
      page.on("console", (message) => {
        if (/Content.Security.Policy/i.test(message.text())) violations.push(message.text());
      });
      await page.addInitScript(() => {
        document.addEventListener("securitypolicyviolation", (event) => {
          console.error(`Content-Security-Policy violation: ${event.violatedDirective} ${event.blockedURI}`);
        });
      });
      await page.goto(path);
      await page.waitForLoadState("networkidle");
      // Next.js has hydrated: its router answers, which needs its scripts to have run.
      await expect.poll(() => page.evaluate(() => typeof (window as unknown as { next?: { router?: unknown } }).next?.router)).toBe("object");
      expect(violations).toEqual([]);
    });
  }

  test("a link followed in the browser navigates without reloading the page", async ({ page }) => {
    await page.goto("/en");
    await page.evaluate(() => ((window as unknown as { stayed?: boolean }).stayed = true));
    await page.locator("header").getByRole("link", { name: /map/i }).first().click();
    await expect(page).toHaveURL(/\/en\/map$/);
    expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
  });
});
