import { expect, test, type APIResponse } from "@playwright/test";

// The Chang'e slugs were first published as change-N…; every old address moves permanently to chang-e-N…,
// keeping the rest of its path and its query.
const MOVED: [from: string, to: string][] = [
  ["/en/missions/change-5", "/en/missions/chang-e-5"],
  ["/zh/missions/change-7", "/zh/missions/chang-e-7"],
  ["/ar/missions/change-8", "/ar/missions/chang-e-8"],
  ["/en/opportunities/change-5-sample-loans", "/en/opportunities/chang-e-5-sample-loans"],
  ["/fr/opportunities/change-5-sample-loans?utm_source=newsletter", "/fr/opportunities/chang-e-5-sample-loans?utm_source=newsletter"],
  ["/en/opportunities/change-8-cooperation-projects", "/en/opportunities/chang-e-8-cooperation-projects"],
  [
    "/zh/opportunities/change-8-cooperation-projects?country=PK&kind=ROBOTICS_AND_MOBILITY",
    "/zh/opportunities/chang-e-8-cooperation-projects?country=PK&kind=ROBOTICS_AND_MOBILITY",
  ],
  ["/en/opportunities/change-8-cooperation-projects/pakistani-lunar-rover", "/en/opportunities/chang-e-8-cooperation-projects/pakistani-lunar-rover"],
  ["/ru/opportunities/change-8-cooperation-projects/filter/PK/all", "/ru/opportunities/chang-e-8-cooperation-projects/filter/PK/all"],
  // Without a language the old address moves first; choosing the language stays a temporary redirect of its own.
  ["/missions/change-8", "/missions/chang-e-8"],
  ["/opportunities/change-8-cooperation-projects/radio-astronomy-array?x=1", "/opportunities/chang-e-8-cooperation-projects/radio-astronomy-array?x=1"],
  ["/api/v1/missions/change-8", "/api/v1/missions/chang-e-8"],
  ["/api/v1/opportunities/change-5-sample-loans?lang=zh", "/api/v1/opportunities/chang-e-5-sample-loans?lang=zh"],
  ["/api/v1/opportunities/change-8-cooperation-projects/applications", "/api/v1/opportunities/chang-e-8-cooperation-projects/applications"],
  ["/api/v1/projects?opportunity=change-8-cooperation-projects&page=2", "/api/v1/projects?opportunity=chang-e-8-cooperation-projects&page=2"],
];

/** Where a redirect points, as a path and query on this site. */
const movedTo = (res: APIResponse) => {
  const location = new URL(res.headers()["location"] ?? "", res.url());
  return location.pathname + location.search;
};

test.describe("addresses under the old Chang'e slugs", () => {
  for (const [from, to] of MOVED) {
    test(`${from} moves permanently to ${to}`, async ({ request }) => {
      const res = await request.get(from, { maxRedirects: 0 });
      expect(res.status()).toBe(308);
      expect(movedTo(res)).toBe(to);
    });
  }

  test("a POST to an old API address is sent on as a POST", async ({ request }) => {
    const res = await request.post("/api/v1/opportunities/change-8-cooperation-projects/applications", { data: {}, maxRedirects: 0 });
    expect(res.status()).toBe(308);
    expect(movedTo(res)).toBe("/api/v1/opportunities/chang-e-8-cooperation-projects/applications");
  });

  test("a browser following an old link lands on the page under its new address", async ({ page }) => {
    await page.goto("/en/opportunities/change-8-cooperation-projects?country=PK");
    await expect(page).toHaveURL(/\/en\/opportunities\/chang-e-8-cooperation-projects\?country=PK$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Chang'e-8 international cooperation projects");
    await expect(page.getByRole("link", { name: "Pakistani lunar rover" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Radio astronomy array" })).toHaveCount(0);

    await page.goto("/missions/change-5");
    await expect(page).toHaveURL(/\/en\/missions\/chang-e-5$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Chang'e-5");
  });

  test("an API client following an old address gets the data", async ({ request }) => {
    const mission = await request.get("/api/v1/missions/change-8");
    expect(mission.status()).toBe(200);
    expect((await mission.json()).data).toMatchObject({ slug: "chang-e-8" });
    const projects = await request.get("/api/v1/projects?opportunity=change-8-cooperation-projects");
    expect((await projects.json()).pagination).toMatchObject({ total: 10 });
  });

  test("other addresses do not move", async ({ request }) => {
    for (const path of ["/en/missions/tianwen-3", "/api/v1/missions/tianwen-3", "/api/v1/projects?opportunity=tianwen-3-payload-offer"]) {
      expect((await request.get(path, { maxRedirects: 0 })).status(), path).toBe(200);
    }
    expect((await request.get("/en/missions/change", { maxRedirects: 0 })).status()).toBe(404);
  });
});

const RENDERED: [path: string, heading: string][] = [
  ["/en/missions/chang-e-5", "Chang'e-5"],
  ["/en/missions/chang-e-7", "Chang'e-7"],
  ["/zh/missions/chang-e-8", "嫦娥八号"],
  ["/en/opportunities/chang-e-5-sample-loans", "Chang'e-5 lunar sample loans"],
  ["/zh/opportunities/chang-e-8-cooperation-projects", "嫦娥八号国际合作项目"],
  ["/en/opportunities/chang-e-8-cooperation-projects/pakistani-lunar-rover", "Pakistani lunar rover"],
];

test.describe("the pages under their new addresses", () => {
  for (const [path, heading] of RENDERED) {
    test(`${path} renders`, async ({ page }) => {
      const res = await page.goto(path);
      expect(res?.status()).toBe(200);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(heading);
    });
  }
});
