import { exec } from "node:child_process";
import { createHash, createPublicKey, verify } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { csvRecords } from "../factories/open-data-csv";

// The open-data page and everything it links to, fetched and parsed as a partner's tools would; the
// verification commands it shows, run as shown; and the search page in both languages.

const sh = promisify(exec);

async function downloadsOf(page: Page): Promise<string[]> {
  const hrefs = await page.locator("main a[href]").evaluateAll((links) => links.map((a) => a.getAttribute("href")!));
  return [...new Set(hrefs)].filter((href) => /^\/(data\/|calendar\.ics|\.well-known\/|[a-z]{2}\/feed\.xml|api\/v1\/)/.test(href));
}

async function body(request: APIRequestContext, href: string) {
  const response = await request.get(href, { maxRedirects: 0 });
  expect(response.status(), href).toBe(200);
  return { response, bytes: await response.body() };
}

test.describe("open data", () => {
  test("every download linked from /en/open-data is served and parses, CSV and JSON agree, digests and signatures match", async ({ page, request }) => {
    await page.goto("/en/open-data");
    const links = await downloadsOf(page);
    const dataFiles = links.filter((l) => /^\/data\/[a-z-]+\.(csv|json)$/.test(l));
    expect(dataFiles).toHaveLength(14);
    expect(links.filter((l) => l.endsWith(".sha256"))).toHaveLength(14);
    expect(links.filter((l) => l.endsWith(".sig"))).toHaveLength(14);
    expect(links).toEqual(expect.arrayContaining(["/en/feed.xml", "/calendar.ics", "/.well-known/cooperation-portal-signing-key", "/api/v1/openapi.json"]));

    const keyPem = (await body(request, "/.well-known/cooperation-portal-signing-key")).bytes;
    const publicKey = createPublicKey(keyPem);
    expect(publicKey.asymmetricKeyType).toBe("ed25519");
    const fingerprint = createHash("sha256").update(publicKey.export({ type: "spki", format: "der" })).digest("hex");
    await expect(page.locator("[data-fingerprint]")).toHaveText(fingerprint);

    for (const name of ["missions", "opportunities", "call-stages", "institutions", "sample-loan-awards", "projects", "milestones"]) {
      const json = await body(request, `/data/${name}.json`);
      const csv = await body(request, `/data/${name}.csv`);
      expect(json.response.headers()["content-type"]).toBe("application/json; charset=utf-8");
      expect(csv.response.headers()["content-type"]).toBe("text/csv; charset=utf-8");
      const items = (JSON.parse(json.bytes.toString("utf8")) as { data: unknown[] }).data;
      const rows = csvRecords(csv.bytes.toString("utf8"));
      expect(rows.length, name).toBe(items.length);
      expect(items.length, name).toBeGreaterThan(0);
      // The count the page shows is the count the files hold.
      await expect(page.locator(`#dataset-${name} ~ [data-records]`)).toHaveAttribute("data-records", String(items.length));
      for (const [format, file] of [["json", json], ["csv", csv]] as const) {
        const hex = createHash("sha256").update(file.bytes).digest("hex");
        expect(file.response.headers().etag).toBe(`"${hex}"`);
        expect((await body(request, `/data/${name}.${format}.sha256`)).bytes.toString("utf8")).toBe(`${hex}  ${name}.${format}\n`);
        const signature = (await body(request, `/data/${name}.${format}.sig`)).bytes;
        expect(signature).toHaveLength(64);
        expect(verify(null, file.bytes, publicKey, signature), `${name}.${format}`).toBe(true);
      }
    }

    const feed = (await body(request, "/en/feed.xml")).bytes.toString("utf8");
    const parsed = await page.evaluate((xml) => {
      const doc = new DOMParser().parseFromString(xml, "application/xml");
      const text = (el: Element | Document, selector: string) => el.querySelector(selector)?.textContent ?? null;
      return {
        error: doc.querySelector("parsererror")?.textContent ?? null,
        root: doc.documentElement.namespaceURI,
        id: text(doc, "feed > id"),
        updated: text(doc, "feed > updated"),
        author: text(doc, "feed > author > name"),
        entries: [...doc.querySelectorAll("entry")].map((e) => ({
          id: text(e, "id"),
          title: text(e, "title"),
          updated: text(e, "updated"),
          link: e.querySelector("link")?.getAttribute("href") ?? null,
        })),
      };
    }, feed);
    expect(parsed.error).toBeNull();
    expect(parsed.root).toBe("http://www.w3.org/2005/Atom");
    expect(parsed.id).toMatch(/\/en\/feed\.xml$/);
    expect(parsed.author).toBe("International Space Cooperation Portal");
    expect(Date.parse(parsed.updated ?? "")).not.toBeNaN();
    expect(parsed.entries.length).toBeGreaterThan(5);
    for (const entry of parsed.entries) {
      expect(entry.id).toMatch(/^tag:/);
      expect(entry.title).toBeTruthy();
      expect(Date.parse(entry.updated ?? "")).not.toBeNaN();
      expect(entry.link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/en\//);
    }
    expect(parsed.entries.map((e) => e.title)).toContain("Chang'e-5 lunar sample loans — Application opened in November 2023");
    expect(parsed.entries.map((e) => e.title)).toContain("Tianwen-3 payload offer — Letter of intent closed on 30 June 2025 (Beijing time)");
    expect(parsed.entries.some((e) => e.link?.includes("practice-call"))).toBe(false);

    const calendar = await body(request, "/calendar.ics");
    expect(calendar.response.headers()["content-type"]).toBe("text/calendar; charset=utf-8");
    const ics = calendar.bytes.toString("utf8");
    const events = ics.split("BEGIN:VEVENT").slice(1);
    expect(ics.startsWith("BEGIN:VCALENDAR\r\n")).toBe(true);
    expect(events.length).toBeGreaterThan(3);
    for (const event of events) {
      // All day where only a day, month or year was announced; at its instant in UTC where an exact time was.
      expect(event).toMatch(/\r\nDTSTART(;VALUE=DATE:\d{8}|:\d{8}T\d{6}Z)\r\n/);
      expect(event).toMatch(/\r\nUID:[^\r]+@127\.0\.0\.1\r\n/);
    }
    const eventOf = (uid: string) => events.find((e) => e.includes(`\r\nUID:${uid}@`));
    expect(eventOf("opportunity-tianwen-3-payload-offer-stage-0-closes")).toContain("\r\nDTSTART;VALUE=DATE:20250630\r\n");
    expect(eventOf("opportunity-chang-e-5-sample-loans-stage-0-closes")).toContain("\r\nDTSTART:20231222T160000Z\r\n");
    expect(ics).not.toContain("practice-call");

    const openapi = JSON.parse((await body(request, "/api/v1/openapi.json")).bytes.toString("utf8")) as { paths: Record<string, unknown> };
    expect(Object.keys(openapi.paths)).toEqual(expect.arrayContaining(["/data/missions.json", "/data/{dataset}.csv", "/calendar.ics", "/{locale}/feed.xml"]));
  });

  test("the three commands on the page verify a download with curl and openssl, exactly as shown", async ({ page }) => {
    await page.goto("/en/open-data");
    const commands = (await page.locator("[data-commands]").first().innerText()).trim().split("\n");
    expect(commands).toHaveLength(3);
    expect(commands[2]).toBe("openssl pkeyutl -verify -pubin -inkey key.pem -rawin -in missions.csv -sigfile missions.csv.sig");
    const dir = mkdtempSync(path.join(tmpdir(), "open-data-e2e-"));
    try {
      for (const command of commands.slice(0, 2)) await sh(command, { cwd: dir });
      expect((await sh(commands[2]!, { cwd: dir })).stdout).toContain("Signature Verified Successfully");
      const fingerprint = (await sh((await page.locator("[data-commands]").nth(1).innerText()).trim(), { cwd: dir })).stdout;
      expect(fingerprint).toContain(await page.locator("[data-fingerprint]").innerText());
      for (const command of (await page.locator("[data-commands]").nth(2).innerText()).trim().split("\n")) await sh(command, { cwd: dir });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("files outside the locale paths are served as they are, not redirected to a language", async ({ request }) => {
    for (const href of ["/data/missions.csv", "/data/missions.csv.sig", "/calendar.ics", "/.well-known/cooperation-portal-signing-key", "/en/feed.xml", "/zh/feed.xml"]) {
      const response = await request.get(href, { maxRedirects: 0 });
      expect(response.status(), href).toBe(200);
    }
    const missing = await request.get("/data/staff.csv", { maxRedirects: 0 });
    expect(missing.status()).toBe(404);
    const zhFeed = (await (await request.get("/zh/feed.xml")).body()).toString("utf8");
    expect(zhFeed).toContain("嫦娥五号月球样品借用 — 申请已于2023年11月开放");
  });

  test("the Chinese page explains the same in Chinese and links its own feed", async ({ page }) => {
    await page.goto("/zh/open-data");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("开放数据");
    await expect(page.getByRole("heading", { name: "文件为什么要签名" })).toBeVisible();
    await expect(page.getByText("虚假的征集公告是一种已知的诈骗手段", { exact: false })).toBeVisible();
    await expect(page.getByRole("link", { name: "zh/feed.xml" })).toHaveAttribute("href", "/zh/feed.xml");
    // Tianwen-3's stages give it deadlines; Chang'e-8's call never published one.
    const absent = page.getByText("未公布截止日期的征集在日历中没有截止日期", { exact: false });
    await expect(absent).toContainText("嫦娥八号国际合作项目");
    await expect(absent).not.toContainText("天问三号载荷搭载机会");
  });
});

test.describe("search", () => {
  test("finds an institution by its English and its Chinese name from the search page", async ({ page }) => {
    await page.goto("/en/search");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Search");
    await page.getByRole("searchbox", { name: "Search the portal" }).fill("Cologne");
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await expect(page).toHaveURL(/\/en\/search\?q=Cologne$/);
    await expect(page.getByRole("status")).toHaveText("1 result for “Cologne”");
    const institutions = page.getByRole("region", { name: /Institutions/ });
    await expect(institutions.getByRole("link", { name: "University of Cologne" })).toHaveAttribute("href", "/en/institutions/university-of-cologne");
    await expect(institutions).toContainText("科隆大学");

    await page.goto("/zh/search");
    await page.getByRole("searchbox", { name: "搜索本门户" }).fill("巴基斯坦");
    await page.getByRole("button", { name: "搜索", exact: true }).click();
    await expect(page.getByRole("status")).toHaveText("“巴基斯坦”的搜索结果：2 条");
    await expect(page.getByRole("region", { name: /机构/ }).getByRole("link", { name: "巴基斯坦空间与外大气层研究委员会" })).toBeVisible();
    await page.getByRole("region", { name: /项目/ }).getByRole("link", { name: "巴基斯坦月球车" }).click();
    await expect(page).toHaveURL(/\/zh\/opportunities\/chang-e-8-cooperation-projects\/pakistani-lunar-rover$/);
  });

  test.describe("without JavaScript", () => {
    test.use({ javaScriptEnabled: false });
    test("the form still searches, and an overlong query is refused with a clear message", async ({ page }) => {
      await page.goto("/zh/search");
      await page.getByRole("searchbox", { name: "搜索本门户" }).fill("科隆");
      await page.getByRole("button", { name: "搜索", exact: true }).click();
      await expect(page.getByRole("status")).toHaveText("“科隆”的搜索结果：1 条");
      await expect(page.getByRole("link", { name: "科隆大学" })).toBeVisible();

      await page.goto(`/en/search?q=${"moon".repeat(125)}`);
      const box = page.getByRole("searchbox", { name: "Search the portal" });
      await expect(box).toHaveAttribute("aria-invalid", "true");
      await expect(page.getByText("The search is too long: use at most 100 characters.")).toBeVisible();
      await expect(page.getByRole("status")).toHaveCount(0);
    });
  });

  test("says so when nothing matches, and suggests what to try", async ({ page }) => {
    await page.goto("/en/search?q=zzqxv");
    await expect(page.getByRole("status")).toHaveText("No results for “zzqxv”");
    await expect(page.getByRole("heading", { name: "Nothing found" })).toBeVisible();
    await expect(page.getByRole("main").getByRole("link", { name: "missions", exact: true })).toHaveAttribute("href", "/en/missions");
  });
});

test("in Arabic the commands still read left to right, from the box's left edge, as a terminal takes them", async ({ page }) => {
  await page.goto("/ar/open-data");
  await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
  const boxes = page.locator("[data-commands]");
  await expect(boxes).toHaveCount(3);
  for (const box of await boxes.all()) {
    const layout = await box.evaluate((pre) => {
      // Where the first command's text begins (its span is a block as wide as the box, whichever the direction).
      const text = document.createRange();
      text.selectNodeContents(pre.querySelector("span")!);
      const padding = parseFloat(getComputedStyle(pre).paddingLeft);
      return { direction: getComputedStyle(pre).direction, fromLeft: Math.round(text.getClientRects()[0]!.left - pre.getBoundingClientRect().left - padding) };
    });
    expect(layout).toEqual({ direction: "ltr", fromLeft: 0 });
  }
  expect((await boxes.first().innerText()).trim()).toMatch(/^curl /);
});

const AXE_PAGES = ["/en/open-data", "/zh/open-data", "/en/search", "/en/search?q=Cologne", "/zh/search?q=%E7%A7%91%E9%9A%86", "/en/search?q=zzqxv", `/zh/search?q=${"x".repeat(150)}`];

for (const url of AXE_PAGES) {
  test(`axe finds no violation on ${url}`, async ({ page }) => {
    await page.goto(url);
    const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
  });
}

for (const width of [1280, 390]) {
  test.describe(`at ${width} px`, () => {
    test.use({ viewport: { width, height: 900 } });
    for (const url of ["/en/open-data", "/zh/open-data", "/en/search?q=Pakistan", "/zh/search?q=%E5%B7%B4%E5%9F%BA%E6%96%AF%E5%9D%A6"]) {
      test(`${url} fits the screen`, async ({ page }, testInfo) => {
        await page.goto(url);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow).toBeLessThanOrEqual(0);
        await expect(page.getByRole("heading", { level: 1 })).toBeInViewport();
        await page.screenshot({ path: testInfo.outputPath(`${url.split("?")[0]!.replace(/\//g, "_")}-${url.includes("?") ? "results-" : ""}${width}.png`), fullPage: true });
      });
    }
  });
}
