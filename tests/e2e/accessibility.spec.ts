import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { OFFER_PATH } from "./apply-helpers";

const PUBLIC_PATHS = [
  "",
  "/missions",
  "/missions/chang-e-5",
  "/missions/chang-e-7",
  "/missions/chang-e-8",
  "/missions/tianwen-3",
  "/opportunities/chang-e-5-sample-loans",
  "/opportunities/chang-e-8-cooperation-projects",
  "/opportunities/chang-e-8-cooperation-projects?country=PK&kind=ROBOTICS_AND_MOBILITY",
  "/opportunities/chang-e-8-cooperation-projects/pakistani-lunar-rover",
  "/opportunities/tianwen-3-payload-offer",
  OFFER_PATH,
  `${OFFER_PATH}/apply`,
  "/institutions/university-of-cologne",
  "/institutions/international-society-for-terrain-vehicle-systems-istvs",
  "/countries/hk",
  "/map",
  "/timeline",
  "/transparency",
  "/open-data",
  "/search?q=lunar",
  "/no-such-page",
];

for (const locale of ["en", "zh"]) {
  for (const path of PUBLIC_PATHS) {
    test(`axe finds no violation on /${locale}${path}`, async ({ page }) => {
      await page.goto(`/${locale}${path}`);
      const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]).analyze();
      expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
    });
  }
}

// The pages added for maps, open data and search, in the four other interface languages too.
const EXPLORE_PATHS = ["", "/map", "/timeline", "/transparency", "/open-data", "/search?q=lunar"];
for (const locale of ["ar", "fr", "ru", "es"]) {
  for (const path of EXPLORE_PATHS) {
    test(`axe finds no violation on /${locale}${path}`, async ({ page }) => {
      await page.goto(`/${locale}${path}`);
      const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]).analyze();
      expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
    });
  }
}

test.describe("on a 390 px phone", () => {
  test.use({ viewport: { width: 390, height: 844 } });
  for (const path of [
    "/en",
    "/zh/opportunities/chang-e-5-sample-loans",
    "/en/opportunities/chang-e-8-cooperation-projects",
    "/zh/opportunities/tianwen-3-payload-offer",
    `/zh${OFFER_PATH}/apply`,
  ]) {
    test(`${path} fits the screen without sideways scrolling`, async ({ page }) => {
      await page.goto(path);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await expect(page.getByRole("heading", { level: 1 })).toBeInViewport();
    });
  }
});

test("keyboard users can skip to the content and see where focus is", async ({ page }) => {
  await page.goto("/en/opportunities/tianwen-3-payload-offer");
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to main content" });
  await expect(skip).toBeFocused();
  await expect(skip).toBeVisible();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/#main$/);
  await page.keyboard.press("Tab");
  const outline = await page.evaluate(() => {
    const el = document.activeElement as HTMLElement;
    const style = getComputedStyle(el);
    return { tag: el.tagName, outline: style.outlineStyle, width: style.outlineWidth };
  });
  expect(outline.tag).toBe("A");
  expect(outline.outline).toBe("solid");
  expect(outline.width).toBe("3px");
});
