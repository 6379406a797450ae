import { randomBytes } from "node:crypto";
import { request as httpRequest } from "node:http";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";

// The per-client limit on searches the cache cannot answer, seen by one visitor who exceeds it. That visitor
// connects from a loopback address of its own (127.0.0.x): the server counts clients by socket address, so
// the browser tests sharing 127.0.0.1 keep their whole budget.

const limitedAddress = `127.0.0.${2 + (randomBytes(1)[0]! % 250)}`;
// The default SEARCH_RATE_PER_MINUTE is 30; searching stops at the first refusal, whatever the limit.
const MAX_TRIES = 200;

/** GET `path` from `localAddress`: status, headers and body as the server sent them. */
function getFrom(localAddress: string, base: string, path: string): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(new URL(path, base), { localAddress, headers: { accept: "text/html" } }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => {
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(response.headers)) {
          if (value !== undefined && !["content-length", "transfer-encoding", "connection", "keep-alive"].includes(name)) headers[name] = String(value);
        }
        resolve({ status: response.statusCode ?? 0, headers, body: Buffer.concat(chunks).toString("utf8") });
      });
      response.on("error", reject);
    });
    request.on("error", reject);
    request.end();
  });
}

const fresh = () => `limit${randomBytes(4).toString("hex")}`;
const searchPath = (locale: string, query: string) => `/${locale}/search?q=${encodeURIComponent(query)}`;

/** Searches new text from the limited address until it is refused; returns how many searches it took. */
async function exhaust(base: string): Promise<number> {
  for (let tries = 0; tries < MAX_TRIES; tries++) {
    const { status, body } = await getFrom(limitedAddress, base, searchPath("en", fresh()));
    expect(status).toBe(200);
    if (body.includes('data-refused="limited"')) return tries;
    // "busy" only if the other tests happen to fill the search slots just then; that search did not count.
    if (!body.includes('data-refused="busy"')) expect(body).toContain("No results for");
  }
  throw new Error(`no refusal after ${MAX_TRIES} searches from ${limitedAddress}`);
}

/**
 * Shows `page` the limited visitor's answer to `query` (with a suffix of its own, so the cache cannot answer it).
 * The budget refills as time passes, so the answer is fetched right after a refusal, and again should a token
 * have come back in between.
 */
async function openAsLimitedVisitor(page: Page, base: string, locale: string, query: string): Promise<string> {
  for (let attempt = 0; attempt < 5; attempt++) {
    await exhaust(base);
    const shown = `${query} ${randomBytes(2).toString("hex")}`;
    const path = searchPath(locale, shown);
    const answer = await getFrom(limitedAddress, base, path);
    if (!answer.body.includes('data-refused="limited"')) continue;
    const href = new URL(path, base).href;
    await page.route((url) => url.href === href, (route) => route.fulfill(answer));
    await page.goto(path);
    return shown;
  }
  throw new Error("the limited visitor kept getting answers");
}

test("a visitor over the search limit is asked to wait, in their language, while others still search", async ({ page, baseURL }) => {
  const base = baseURL!;
  expect(await exhaust(base), "searches before the first refusal").toBeGreaterThan(0);

  const shown = await openAsLimitedVisitor(page, base, "en", "lunar sample return");
  await expect(page.getByRole("status")).toHaveText("You have run many searches in the last minute. Please wait a moment, then try again.");
  await expect(page.getByRole("searchbox", { name: "Search the portal" })).toHaveValue(shown);
  const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]).analyze();
  expect(axe.violations.map((v) => v.id)).toEqual([]);

  await openAsLimitedVisitor(page, base, "zh", "月球样品");
  await expect(page.getByRole("status")).toHaveText("您在过去一分钟内搜索的次数较多，请稍候片刻再试。");

  // Everyone else searches as before.
  const other = fresh();
  await page.unrouteAll();
  await page.goto(searchPath("en", other));
  await expect(page.getByRole("status")).toHaveText(`No results for “${other}”`);
});
