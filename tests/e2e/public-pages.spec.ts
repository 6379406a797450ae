import { type APIRequestContext, expect, test } from "@playwright/test";
import { CALL_SLUG, COPY } from "./apply-helpers";

// What each carrier of the practice call can still take, as the API reports it: staff accepting payloads in other
// tests reserve capacity on the same server, so the pages are checked against the live figures.
async function remainingKg(request: APIRequestContext): Promise<{ ORBITER: number; SERVICE_MODULE: number }> {
  const body = (await (await request.get(`/api/v1/opportunities/${CALL_SLUG}`)).json()) as {
    data: { capacities: { carrier: "ORBITER" | "SERVICE_MODULE"; remainingKg: number }[] };
  };
  const of = (carrier: "ORBITER" | "SERVICE_MODULE") => body.data.capacities.find((c) => c.carrier === carrier)!.remainingKg;
  return { ORBITER: of("ORBITER"), SERVICE_MODULE: of("SERVICE_MODULE") };
}

test.describe("home", () => {
  test("shows the three rounds and the practice call with status and key figures in English", async ({ page, request }) => {
    await page.goto("/en");
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    const cards = page.getByRole("article");
    await expect(cards).toHaveCount(4);
    // The Tianwen-3 first round closed with its full proposals on 30 September 2025.
    const tianwen = cards.filter({ hasText: "Tianwen-3 payload offer" });
    await expect(tianwen.getByText("Closed", { exact: true })).toBeVisible();
    await expect(tianwen).toContainText("Closed 30 September 2025");
    await expect(tianwen).not.toContainText("still available");
    const practice = () => page.getByRole("article").filter({ hasText: "Practice call (demonstration)" });
    await expect(practice().getByText("Open", { exact: true })).toBeVisible();
    await expect(async () => {
      const left = await remainingKg(request);
      await page.reload();
      await expect(practice()).toContainText(`${left.ORBITER} kg of 15 kg still available`, { timeout: 1000 });
    }).toPass({ timeout: 15_000 });
    const sampleLoans = cards.filter({ hasText: "Chang'e-5 lunar sample loans" });
    await expect(sampleLoans).toContainText("Results published");
    await expect(sampleLoans).toContainText("5 of 7");
    await expect(cards.filter({ hasText: "Chang'e-8" })).toContainText("41");
    await expect(page.getByRole("link", { name: "Read the offer and its first round" })).toHaveAttribute(
      "href",
      "/en/opportunities/tianwen-3-payload-offer",
    );
    await expect(page.getByText(/^Last updated \d{1,2} \w+ \d{4}$/)).toBeVisible();
  });

  test("is in Chinese at /zh", async ({ page }) => {
    await page.goto("/zh");
    await expect(page.locator("html")).toHaveAttribute("lang", "zh-Hans");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("国际航天合作机会");
    await expect(page.getByRole("article").filter({ hasText: "天问三号载荷搭载机会" })).toContainText("已截止");
    await expect(page.getByText(/^最后更新：\d{4}年\d{1,2}月\d{1,2}日$/)).toBeVisible();
  });

  test("/ sends a visitor to the language their browser asks for", async ({ request }) => {
    const zh = await request.get("/", { headers: { "Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5" }, maxRedirects: 0 });
    expect(zh.status()).toBe(307);
    expect(zh.headers().location).toMatch(/\/zh$/);
    const fr = await request.get("/", { headers: { "Accept-Language": "fr-FR,en;q=0.8" }, maxRedirects: 0 });
    expect(fr.headers().location).toMatch(/\/fr$/);
    const en = await request.get("/", { headers: { "Accept-Language": "de-DE,en;q=0.8" }, maxRedirects: 0 });
    expect(en.headers().location).toMatch(/\/en$/);
    const fallback = await request.get("/", { headers: { "Accept-Language": "de-DE" }, maxRedirects: 0 });
    expect(fallback.headers().location).toMatch(/\/en$/);
  });

  test("the language switcher keeps the page", async ({ page }) => {
    await page.goto("/en/opportunities/chang-e-5-sample-loans");
    await page.locator("header summary").click();
    await page.getByRole("link", { name: "中文" }).click();
    await expect(page).toHaveURL(/\/zh\/opportunities\/chang-e-5-sample-loans$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("嫦娥五号月球样品借用");
    await page.locator("header summary").click();
    await page.getByRole("link", { name: "English" }).click();
    await expect(page).toHaveURL(/\/en\/opportunities\/chang-e-5-sample-loans$/);
  });

  test("every page has title, description, OpenGraph and hreflang alternates", async ({ page }) => {
    await page.goto("/en/opportunities/tianwen-3-payload-offer");
    await expect(page).toHaveTitle("Tianwen-3 payload offer · International Space Cooperation Portal");
    await expect(page.locator('meta[name="description"]')).toHaveAttribute("content", /20 kg/);
    await expect(page.locator('meta[property="og:title"]')).toHaveAttribute("content", "Tianwen-3 payload offer");
    await expect(page.locator('link[rel="alternate"][hreflang="zh-Hans"]')).toHaveAttribute(
      "href",
      /\/zh\/opportunities\/tianwen-3-payload-offer$/,
    );
    await expect(page.locator('link[rel="canonical"]')).toHaveAttribute("href", /\/en\/opportunities\/tianwen-3-payload-offer$/);
  });
});

test.describe("Chang'e-5 sample loans", () => {
  test("lists the seven accepted institutions with country and an unconfirmed agreement", async ({ page }) => {
    await page.goto("/en/opportunities/chang-e-5-sample-loans");
    const rows = page.getByRole("table").getByRole("row");
    await expect(rows).toHaveCount(8);
    for (const name of ["Institut de Physique du Globe de Paris (IPGP)", "University of Cologne", "Osaka University", "The Open University", "Brown University"]) {
      await expect(page.getByRole("rowheader", { name })).toBeVisible();
    }
    const suparco = rows.filter({ hasText: "SUPARCO" });
    await expect(suparco).toContainText("Pakistan");
    await expect(suparco).toContainText("Not confirmed");
    await expect(page.getByRole("table").getByText("Not confirmed")).toHaveCount(7);
    await expect(page.getByText("5 of the 7 accepted institutions signed")).toBeVisible();
  });

  test("shows the round's published figures and links each to its sources", async ({ page }) => {
    await page.goto("/en/opportunities/chang-e-5-sample-loans");
    const figure = (key: string) => page.locator(`[data-figure="${key}"]`);
    await expect(figure("APPLICATIONS_RECEIVED")).toHaveText("24");
    await expect(figure("COUNTRIES_AND_ORGANISATIONS")).toHaveText("11");
    await expect(figure("SAMPLE_SETS_REQUESTED")).toHaveText("71");
    await expect(figure("INSTITUTIONS_ACCEPTED")).toHaveText("7");
    await expect(figure("AGREEMENTS_SIGNED")).toHaveText("5 of 7");
    const sources = page.getByRole("region", { name: "Sources" });
    await expect(sources.getByRole("link", { name: "leonarddavid.com" })).toHaveAttribute("href", /^https:\/\/www\.leonarddavid\.com\//);
  });

  test("in Chinese shows the Chinese institution names", async ({ page }) => {
    await page.goto("/zh/opportunities/chang-e-5-sample-loans");
    await expect(page.getByRole("rowheader", { name: "科隆大学" })).toBeVisible();
    await expect(page.getByRole("row").filter({ hasText: "科隆大学" })).toContainText("德国");
    await expect(page.getByRole("table").getByText("尚未确认")).toHaveCount(7);
    await expect(page.locator('[data-figure="AGREEMENTS_SIGNED"]')).toHaveText("5/7");
  });
});

test.describe("Chang'e-8 cooperation projects", () => {
  test("shows the mission facts and the ten projects", async ({ page }) => {
    await page.goto("/en/opportunities/chang-e-8-cooperation-projects");
    await expect(page.getByText("around 2029")).toBeVisible();
    await expect(page.getByText("Leibnitz-Beta Plateau, near the lunar south pole")).toBeVisible();
    await expect(page.locator('[data-figure="PROPOSALS_RECEIVED"]')).toHaveText("41");
    await expect(page.locator('[data-figure="PROJECTS_SELECTED"]')).toHaveText("10");
    await expect(page.locator('[data-figure="CAPACITY_OFFERED_KG"]')).toHaveText("200");
    await expect(page.getByTestId("project")).toHaveCount(10);
    const hk = page.getByTestId("project").filter({ hasText: "mobile charging station" });
    await expect(hk.getByText("Hong Kong, China")).toHaveCount(2);
    const rover = page.getByTestId("project").filter({ hasText: "Pakistani lunar rover" });
    await expect(rover).toContainText("International Society for Terrain-Vehicle Systems (ISTVS) · International organisation");
  });

  test("filters by country and by kind, and the filter is in the address", async ({ page }) => {
    await page.goto("/en/opportunities/chang-e-8-cooperation-projects");
    await page.getByLabel("Country or region").selectOption({ label: "Thailand" });
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(page).toHaveURL(/country=TH/);
    await expect(page.getByTestId("project")).toHaveCount(1);
    await expect(page.getByTestId("project")).toContainText("Lunar neutron analyser");
    await page.getByLabel("Country or region").selectOption({ label: "All" });
    await page.getByLabel("Kind of project").selectOption({ label: "Robotics and mobility" });
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(page.getByTestId("project-count")).toHaveText("3 projects");
    await page.getByRole("link", { name: "Clear filters" }).click();
    await expect(page.getByTestId("project")).toHaveCount(10);
  });

  test("an unknown filter value says so and shows every project", async ({ page }) => {
    await page.goto("/en/opportunities/chang-e-8-cooperation-projects?country=ZZ");
    await expect(page.getByRole("alert").filter({ hasText: "not one of the listed choices" })).toBeVisible();
    await expect(page.getByTestId("project")).toHaveCount(10);
  });

  test("in Chinese, partners without a published Chinese name are shown in English and marked so", async ({ page }) => {
    await page.goto("/zh/opportunities/chang-e-8-cooperation-projects?country=HK");
    await expect(page.getByTestId("project")).toHaveCount(1);
    await expect(page.getByTestId("project")).toContainText("月面多功能操作机器人暨移动充电站");
    await expect(page.getByTestId("project").getByText("中国香港")).toHaveCount(2);
    await expect(page.locator('[lang="en"]', { hasText: "The Hong Kong Polytechnic University" })).toBeVisible();
  });

  test("each project has its own page", async ({ page }) => {
    await page.goto("/en/opportunities/chang-e-8-cooperation-projects");
    await page.getByRole("link", { name: "Radio astronomy array" }).click();
    await expect(page).toHaveURL(/\/en\/opportunities\/chang-e-8-cooperation-projects\/radio-astronomy-array$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Radio astronomy array");
    await expect(page.getByText("South African Radio Astronomy Observatory (SARAO)")).toBeVisible();
    await expect(page.getByTestId("project-partners").getByRole("link", { name: "Peru" })).toBeVisible();
  });
});

test.describe("Tianwen-3 payload offer", () => {
  test("shows the offer per carrier and the terms, and that its first round is closed, with no way to apply", async ({ page }) => {
    await page.goto("/en/opportunities/tianwen-3-payload-offer");
    await expect(page.getByText("20 kg of payload capacity for international partners")).toBeVisible();
    const offer = page.getByRole("region", { name: "The offer" });
    await expect(offer.getByRole("meter", { name: "Orbiter" })).toHaveAttribute("aria-valuenow", "15");
    await expect(offer.getByRole("meter", { name: "Service module" })).toHaveAttribute("aria-valuenow", "5");
    await expect(page.getByText("Payloads fly free of charge.")).toBeVisible();
    await expect(page.getByText("Partners share the payload's data with China.")).toBeVisible();
    // The call and both its stages, the letter of intent and the full proposal, say Closed.
    const terms = page.getByRole("region", { name: "Terms" });
    await expect(terms.getByText("Closed", { exact: true })).toHaveCount(3);
    await expect(terms).toContainText("Closed 30 September 2025");
    await expect(terms).not.toContainText("Open until further notice");
    await expect(page.getByRole("heading", { name: "Express interest" })).toBeVisible();
    await expect(page.getByRole("link", { name: COPY.en.startLink })).toHaveCount(0);
    await expect(page.locator("[data-apply-unavailable]")).toHaveAttribute("data-apply-unavailable", "applyClosed");
  });

  test("in Chinese", async ({ page }) => {
    await page.goto("/zh/opportunities/tianwen-3-payload-offer");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("天问三号载荷搭载机会");
    await expect(page.getByText("载荷免费搭载。")).toBeVisible();
    await expect(page.getByRole("meter", { name: "轨道器" })).toHaveAttribute("aria-valuetext", "15千克中尚余15千克");
    await expect(page.getByRole("region", { name: "合作条件" }).getByText("已截止", { exact: true })).toHaveCount(3);
    await expect(page.getByRole("link", { name: COPY.zh.startLink })).toHaveCount(0);
  });

  test("its first apply address leads to the call's start page, which takes no application", async ({ page }) => {
    expect((await page.request.get("/en/opportunities/tianwen-3-payload-offer/apply", { maxRedirects: 0 })).status()).toBe(308);
    await page.goto("/en/opportunities/tianwen-3-payload-offer/apply");
    await expect(page).toHaveURL(/\/en\/calls\/tianwen-3-payload-offer\/apply$/);
    await expect(page.getByTestId("call-not-open")).toBeVisible();
    await expect(page.getByRole("button", { name: COPY.en.start })).toHaveCount(0);
    await expect(page.getByLabel(COPY.en.email, { exact: true })).toHaveCount(0);
  });
});

test.describe("the practice call", () => {
  test("is open, shows the capacity left per carrier, and leads to its start page", async ({ page, request }) => {
    await page.goto(`/en/calls/${CALL_SLUG}`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Practice call (demonstration)");
    await expect(async () => {
      const left = await remainingKg(request);
      await page.reload();
      await expect(page.getByRole("meter", { name: "Orbiter" })).toHaveAttribute("aria-valuenow", String(left.ORBITER), { timeout: 1000 });
      await expect(page.getByRole("meter", { name: "Service module" })).toHaveAttribute("aria-valuenow", String(left.SERVICE_MODULE), { timeout: 1000 });
    }).toPass({ timeout: 15_000 });
    await expect(page.getByRole("link", { name: COPY.en.startLink })).toHaveAttribute("href", `/en/calls/${CALL_SLUG}/apply`);
  });
});

test.describe("missions, institutions and countries", () => {
  for (const [slug, name] of [
    ["chang-e-5", "Chang'e-5"],
    ["chang-e-7", "Chang'e-7"],
    ["chang-e-8", "Chang'e-8"],
    ["tianwen-3", "Tianwen-3"],
  ] as const) {
    test(`mission page ${slug}`, async ({ page }) => {
      await page.goto(`/en/missions/${slug}`);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);
      await expect(page.getByRole("region", { name: "Sources" })).toBeVisible();
    });
  }

  test("an institution page shows everything it takes part in", async ({ page }) => {
    await page.goto("/en/institutions/pakistan-space-and-upper-atmosphere-research-commission-suparco");
    await expect(page.getByRole("heading", { name: "Lunar sample loans" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Chang'e-5 lunar sample loans" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Pakistani lunar rover" })).toBeVisible();
  });

  test("ISTVS is an international organisation with no country", async ({ page }) => {
    await page.goto("/en/institutions/international-society-for-terrain-vehicle-systems-istvs");
    await expect(page.getByTestId("institution-glance").getByText("International organisation", { exact: true })).toBeVisible();
    await expect(page.getByTestId("institution-glance")).toContainText("International organisation (no country)");
    await expect(page.getByRole("link", { name: /All institutions of/ })).toHaveCount(0);
  });

  test("a country page lists its institutions; Hong Kong is Hong Kong, China", async ({ page }) => {
    await page.goto("/en/countries/hk");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Hong Kong, China: international cooperation");
    await expect(page.getByTestId("country-summary")).toHaveText("2 institutions, 0 sample loans, 1 cooperation project");
    await page.goto("/zh/countries/hk");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("中国香港：国际合作");
  });
});

test.describe("errors and machine-readable pages", () => {
  test("unknown pages answer 404 in the visitor's language", async ({ page }) => {
    const en = await page.goto("/en/no-such-page");
    expect(en?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page not found");
    const zh = await page.goto("/zh/institutions/no-such-institution");
    expect(zh?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("页面未找到");
    expect((await page.goto("/en/countries/zz"))?.status()).toBe(404);
    expect((await page.goto("/en/missions/chang-e-99"))?.status()).toBe(404);
  });

  test("sitemap.xml lists every public page in every language, and robots.txt points to it", async ({ request }) => {
    const sitemap = await (await request.get("/sitemap.xml")).text();
    for (const path of ["/en/opportunities/chang-e-5-sample-loans", "/zh/missions/tianwen-3", "/en/countries/hk", "/zh/institutions/osaka-university", "/ar/map", "/fr/timeline", "/ru/transparency", "/es/open-data"]) {
      expect(sitemap).toContain(path);
    }
    const robots = await (await request.get("/robots.txt")).text();
    expect(robots).toMatch(/Sitemap: .*\/sitemap\.xml/);
  });

  test("pages are readable without JavaScript, filters included", async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto("/zh/opportunities/chang-e-8-cooperation-projects");
    await page.getByLabel("项目类别").selectOption({ label: "科学载荷" });
    await page.getByRole("button", { name: "筛选" }).click();
    await expect(page.getByTestId("project")).toHaveCount(7);
    await context.close();
  });

  test("public pages are served from the cache", async ({ request }) => {
    await request.get("/en/missions/chang-e-7");
    const second = await request.get("/en/missions/chang-e-7");
    expect(second.headers()["x-nextjs-cache"]).toBe("HIT");
    const third = await request.get("/en/missions/chang-e-7");
    expect(third.headers()["x-portal-cache"]).toBe("HIT");
    expect(await third.text()).toContain("Chang'e-7");
  });

  test("private and dynamic answers never come from the page cache", async ({ request }) => {
    for (let i = 0; i < 3; i++) {
      const health = await request.get("/api/health");
      expect(health.headers()["x-portal-cache"]).toBeUndefined();
      const rsc = await request.get("/en/missions/chang-e-7", { headers: { RSC: "1" } });
      expect(rsc.headers()["x-portal-cache"]).toBeUndefined();
    }
  });
});
