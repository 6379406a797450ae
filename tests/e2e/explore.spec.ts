import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";

// The cooperation map, the timeline and the transparency dashboard, in both languages.

const PAGES = ["/map", "/timeline", "/transparency"];

const mapLinks = (page: Page) => page.getByTestId("cooperation-map").locator("a");

test.describe("cooperation map", () => {
  test("a country on the map leads to its country page", async ({ page }) => {
    await page.goto("/en/map");
    const pakistan = page.getByRole("link", { name: /^Pakistan: 1 Chang'e-5 sample loan, 1 Chang'e-8 project/ });
    await expect(pakistan).toHaveAttribute("href", "/en/countries/pk");
    await pakistan.click();
    await expect(page).toHaveURL(/\/en\/countries\/pk$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Pakistan: international cooperation");
  });

  test("the table lists the same countries as the map links, with the same figures", async ({ page }) => {
    await page.goto("/en/map");
    const onMap = await mapLinks(page).evaluateAll((links) => links.map((a) => a.getAttribute("href")).sort());
    const inTable = await page
      .getByTestId("country-table")
      .locator("tbody th a")
      .evaluateAll((links) => links.map((a) => a.getAttribute("href")).sort());
    expect(onMap.length).toBeGreaterThanOrEqual(16);
    expect(inTable).toEqual(onMap);
    // Every seeded country and region with a loan or a project is on the map.
    for (const code of ["pk", "us", "fr", "de", "jp", "gb", "hk", "tr", "za", "pe", "it", "ru", "th", "bh", "eg", "ir"]) {
      expect(onMap).toContain(`/en/countries/${code}`);
    }
    const row = page.getByTestId("country-table").locator("tr", { has: page.getByRole("link", { name: "United States", exact: true }) });
    await expect(row.locator("td").nth(0)).toHaveText("2");
    await expect(row.locator("td").nth(1)).toHaveText("0");
  });

  test("Hong Kong, China and Bahrain get a full tile like any country; ISTVS is listed below, not drawn", async ({ page }) => {
    await page.goto("/en/map");
    const hongKong = page.getByRole("link", { name: "Hong Kong, China: 1 Chang'e-8 project" });
    const bahrain = page.getByRole("link", { name: /^Bahrain: 1 Chang'e-8 project/ });
    const pakistan = page.getByRole("link", { name: /^Pakistan: / });
    await expect(hongKong).toHaveText(/HK/);
    const [hk, bh, pk] = await Promise.all([hongKong.boundingBox(), bahrain.boundingBox(), pakistan.boundingBox()]);
    expect(Math.round(hk!.width)).toBe(Math.round(pk!.width));
    expect(Math.round(bh!.width)).toBe(Math.round(pk!.width));
    await expect(page.getByTestId("organisation-list")).toContainText("International Society for Terrain-Vehicle Systems (ISTVS)");
    await expect(page.getByTestId("cooperation-map")).not.toContainText("ISTVS");
    await expect(page.getByTestId("map-legend")).toContainText("No published cooperation");
    await expect(page.getByTestId("map-legend")).toContainText("5 or more records");
  });

  test("is in Chinese at /zh/map, with Hong Kong as 中国香港", async ({ page }) => {
    await page.goto("/zh/map");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("合作地图");
    await expect(page.getByRole("link", { name: "中国香港：1个嫦娥八号项目" })).toHaveAttribute("href", "/zh/countries/hk");
    await expect(page.getByTestId("country-table").getByRole("link", { name: "巴基斯坦" })).toBeVisible();
  });

  test("has its title, description, canonical and hreflang alternates", async ({ page }) => {
    await page.goto("/en/map");
    await expect(page).toHaveTitle("Cooperation map · International Space Cooperation Portal");
    await expect(page.locator('meta[name="description"]')).toHaveAttribute("content", /Chang'e-5 sample loans/);
    await expect(page.locator('link[rel="canonical"]')).toHaveAttribute("href", /\/en\/map$/);
    await expect(page.locator('link[rel="alternate"][hreflang="zh-Hans"]')).toHaveAttribute("href", /\/zh\/map$/);
  });
});

test.describe("timeline", () => {
  for (const locale of ["en", "zh"]) {
    test(`/${locale}/timeline lists milestones in date order, with today between the past and the future`, async ({ page }) => {
      await page.goto(`/${locale}/timeline`);
      const items = page.getByTestId("timeline").locator(":scope > li");
      const rows = await items.evaluateAll((lis) =>
        lis.map((li) => ({ date: li.getAttribute("data-date")!, today: li.hasAttribute("aria-current"), state: li.getAttribute("data-state") })),
      );
      const todayAt = rows.findIndex((r) => r.today);
      expect(todayAt).toBeGreaterThan(0);
      const today = rows[todayAt]!.date;
      const entries = rows.filter((r) => !r.today);
      expect(entries.length).toBeGreaterThanOrEqual(12);
      expect(entries.map((r) => r.date)).toEqual(entries.map((r) => r.date).sort());
      for (const before of rows.slice(0, todayAt)) expect(before.date <= today).toBe(true);
      for (const after of rows.slice(todayAt + 1)) {
        expect(after.date > today).toBe(true);
        expect(after.state).toBe("future");
      }
      expect(rows.slice(0, todayAt).every((r) => r.state !== "future")).toBe(true);
    });
  }

  test("shows the seeded milestones, approximate dates as such, and the calls without dates", async ({ page }) => {
    await page.goto("/en/timeline");
    const timeline = page.getByTestId("timeline");
    await expect(timeline.locator('[data-entry="chang-e-5-samples-returned"]')).toContainText("December 2020");
    await expect(timeline.locator('[data-entry="chang-e-5-samples-returned"]')).toContainText("Chang'e-5 returns about 1,731 g of lunar samples");
    await expect(timeline.locator('[data-entry="chang-e-8-projects-selected"]')).toContainText("24 April 2025");
    const launch = timeline.locator('[data-entry="tianwen-3-launch"]');
    await expect(launch).toContainText("around 2028");
    await expect(launch).toContainText("approximate");
    await expect(launch.locator("time")).toHaveAttribute("datetime", "2028");
    await expect(timeline.locator('[data-entry="chang-e-8-launch"]')).toContainText("around 2029");
    await expect(timeline.locator('[data-entry="tianwen-3-samples-return"]')).toContainText("around 2031");
    await expect(timeline.locator('[data-entry="chang-e-5-sample-loans:stage-0:opens"]')).toContainText("November 2023");
    // The Tianwen-3 first round has its dates: letters of intent were due on 30 June 2025, full proposals on 30 September.
    await expect(timeline.locator('[data-entry="tianwen-3-payload-offer:stage-0:closes"]')).toContainText("30 June 2025");
    await expect(timeline.locator('[data-entry="tianwen-3-payload-offer:stage-1:closes"]')).toContainText("30 September 2025");
    const undated = page.getByTestId("undated-calls");
    await expect(undated.locator('[data-opportunity="tianwen-3-payload-offer"]')).toHaveCount(0);
    await expect(undated.locator('[data-opportunity="chang-e-8-cooperation-projects"]')).toContainText("Closing date not published.");
  });

  test("is in Chinese at /zh/timeline", async ({ page }) => {
    await page.goto("/zh/timeline");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("时间线");
    await expect(page.getByTestId("timeline").locator('[data-entry="tianwen-3-launch"]')).toContainText("2028年前后");
    await expect(page.getByTestId("timeline-today")).toContainText(/^今天：\d{4}年\d{1,2}月\d{1,2}日$/);
  });
});

test.describe("transparency dashboard", () => {
  test("shows Chang'e-8's 41 proposals and Chang'e-5's figures as charts with tables", async ({ page }) => {
    await page.goto("/en/transparency");
    const projectSelection = page.locator('[data-opportunity="chang-e-8-cooperation-projects"]');
    const selection8 = projectSelection.locator('[data-chart="selection"]');
    await expect(selection8.getByRole("img", { name: /Proposals received 41/ })).toBeVisible();
    await expect(selection8.locator('svg [data-figure="PROPOSALS_RECEIVED"]')).toContainText("41");
    await expect(selection8.getByRole("table").getByRole("row", { name: "Proposals received 41" })).toBeVisible();

    const sampleLoans = page.locator('[data-opportunity="chang-e-5-sample-loans"]');
    for (const [chart, figure, value] of [
      ["selection", "Applications received", "24"],
      ["selection", "Institutions accepted", "7"],
      ["selection", "Loan agreements signed", "5 of 7"],
      ["reach", "Countries and organisations applying", "11"],
      ["reach", "Countries accepted", "6"],
      ["requests", "Sample sets requested", "71"],
    ] as const) {
      const block = sampleLoans.locator(`[data-chart="${chart}"]`);
      await expect(block.locator("svg")).toContainText(value);
      await expect(block.getByRole("table").getByRole("row", { name: `${figure} ${value}` })).toBeVisible();
    }
  });

  test("shows Tianwen-3's capacity per carrier, what is not yet published, and interest as a count only", async ({ page }) => {
    await page.goto("/en/transparency");
    const tianwen = page.locator('[data-opportunity="tianwen-3-payload-offer"]');
    const carriers = tianwen.locator('[data-chart="carriers"]');
    await expect(carriers.getByRole("table").getByRole("row", { name: /^Orbiter 15 / })).toBeVisible();
    await expect(carriers.getByRole("table").getByRole("row", { name: /^Service module 5 / })).toBeVisible();
    await expect(tianwen.locator('[data-chart="selection"]')).toContainText("Not published yet: Proposals received and Projects selected.");
    await expect(page.getByTestId("tianwen-3-payload-offer-interest")).toHaveText(
      /^(No expression of interest has been submitted through this portal yet\.|\d+ expressions? of interest submitted through this portal so far, from \d+ (country or region|countries and regions)\.)$/,
    );
  });

  test("is in Chinese at /zh/transparency", async ({ page }) => {
    await page.goto("/zh/transparency");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("数据公开");
    await expect(page.locator('[data-opportunity="chang-e-5-sample-loans"] [data-chart="selection"] svg')).toContainText("5/7");
  });
});

for (const locale of ["en", "zh"]) {
  for (const path of PAGES) {
    test(`axe finds no violation on /${locale}${path}`, async ({ page }) => {
      await page.goto(`/${locale}${path}`);
      const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]).analyze();
      expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
    });
  }
}

for (const width of [1280, 390]) {
  test.describe(`at ${width} px`, () => {
    test.use({ viewport: { width, height: 900 } });
    for (const locale of ["en", "zh"]) {
      for (const path of PAGES) {
        test(`/${locale}${path} fits the screen, one h1 in view`, async ({ page }, testInfo) => {
          await page.goto(`/${locale}${path}`);
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          expect(overflow).toBeLessThanOrEqual(0);
          await expect(page.getByRole("heading", { level: 1 })).toHaveCount(1);
          await expect(page.getByRole("heading", { level: 1 })).toBeInViewport();
          await page.screenshot({ path: testInfo.outputPath(`${locale}${path.replace("/", "-")}-${width}.png`), fullPage: true });
        });
      }
    }
  });
}
