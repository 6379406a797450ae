import { gzipSync } from "node:zlib";
import { expect, type Locator, type Page, test } from "@playwright/test";
import { contextAs } from "./admin-helpers";

// What a partner or a government portal checks before linking here: a map with no borders drawn, what comes after
// each call, right-to-left details, institution and project pages that say what is known, and staff lists that fit.

const SUPARCO = "/institutions/pakistan-space-and-upper-atmosphere-research-commission-suparco";
const ROVER = "/opportunities/chang-e-8-cooperation-projects/pakistani-lunar-rover";

/** Peru's tile stands left of Pakistan's, and Japan's right of it. */
async function expectWestToEast(map: Locator) {
  const x = async (code: string) => (await map.locator(`li[data-country="${code}"]`).boundingBox())!.x;
  expect(await x("PE")).toBeLessThan(await x("PK"));
  expect(await x("JP")).toBeGreaterThan(await x("PK"));
}

const mapText = {
  en: { pakistan: /^Pakistan: 1 Chang'e-5 sample loan, 1 Chang'e-8 project/ },
  zh: { pakistan: /^巴基斯坦：/ },
  fr: { pakistan: /^Pakistan : 1 prêt d'échantillons de Chang'e-5 et 1 projet de Chang'e-8/ },
  ar: { pakistan: /^باكستان: / },
} as const;

test.describe("the cooperation map is a tile grid", () => {
  for (const locale of ["en", "zh", "fr", "ar"] as const) {
    test(`/${locale}/map draws one equal tile per country, no border shapes, and keeps the table`, async ({ page }) => {
      await page.goto(`/${locale}/map`);
      const map = page.getByTestId("cooperation-map");
      await expect(map).toBeVisible();
      // No drawn geography at all: no SVG paths, circles or polygons inside the map.
      await expect(map.locator("svg, path, circle, polygon")).toHaveCount(0);
      await expect(page.locator("main path[d]")).toHaveCount(0);

      const tiles = map.locator("li[data-country] > :first-child");
      const count = await tiles.count();
      expect(count).toBeGreaterThanOrEqual(16);
      const sizes = await tiles.evaluateAll((els) => els.map((el) => [Math.round(el.getBoundingClientRect().width), Math.round(el.getBoundingClientRect().height)]));
      for (const [w, h] of sizes) {
        expect(w).toBe(sizes[0]![0]);
        expect(Math.abs(w! - h!)).toBeLessThanOrEqual(1);
      }
      // The same countries, by code, in the map and in the table.
      const onMap = await map.locator("li[data-country]").evaluateAll((els) => els.map((el) => el.getAttribute("data-country")).sort());
      const inTable = await page.getByTestId("country-table").locator("tbody tr[data-country]").evaluateAll((els) => els.map((el) => el.getAttribute("data-country")).sort());
      expect(onMap).toEqual(inTable);
      // Each tile says its country and figures, and leads to the country page.
      const pakistan = map.getByRole("link", { name: mapText[locale].pakistan });
      await expect(pakistan).toHaveAttribute("href", `/${locale}/countries/pk`);
      await expect(pakistan).toContainText("PK");
      // West to east: Peru's tile is left of Pakistan's, Japan's right of it (Arabic apart: see below).
      if (locale !== "ar") await expectWestToEast(map);
    });
  }

  test("/ar/map keeps west on the left: a map is not mirrored for a right-to-left language", async ({ page }) => {
    await page.goto("/ar/map");
    await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
    await expectWestToEast(page.getByTestId("cooperation-map"));
  });

  test("the tiles are reachable by keyboard and fit a 390 px phone", async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto("/en/map");
    const map = page.getByTestId("cooperation-map");
    const box = (await map.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    const links = map.getByRole("link");
    await links.first().focus();
    await expect(links.first()).toBeFocused();
    expect(await links.count()).toBeGreaterThanOrEqual(16);
  });

  test("ships little JavaScript: the map is markup, and the page's own script payload stays under 25 kB compressed", async ({ request }) => {
    const html = await (await request.get("/en/map")).text();
    expect(html).not.toMatch(/topojson|world-atlas|d3-geo/);
    // The page's own script is the inline data React hydrates from; the shared framework files are the same on every page.
    const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]).join("");
    expect(inline.length).toBeGreaterThan(0);
    expect(gzipSync(inline).length).toBeLessThan(25_000);
  });
});

const nextText = {
  en: { announced: "A further round has been announced.", none: "No further round has been announced.", asOf: /What this portal knows, as of \d{1,2} \w+ \d{4}\./ },
  zh: { announced: "已宣布新的批次。", none: "尚未宣布后续批次。", asOf: /本门户截至\d{4}年\d{1,2}月\d{1,2}日掌握的信息。/ },
  fr: { announced: "Une nouvelle session a été annoncée.", none: "Aucune nouvelle session n'a été annoncée.", asOf: /Ce que sait ce portail au \d{1,2} \S+ \d{4}\./ },
  ar: { announced: "أُعلن عن جولة أخرى.", none: "لم يُعلَن عن أي جولة أخرى.", asOf: /ما تعرفه هذه البوابة حتى \d{1,2} \S+ \d{4}\./ },
} as const;

test.describe("what comes next after a call", () => {
  for (const locale of ["en", "zh", "fr", "ar"] as const) {
    test(`/${locale}: Chang'e-5 names the announced second round; Chang'e-8 says none is announced, as of a date`, async ({ page }) => {
      await page.goto(`/${locale}/opportunities/chang-e-5-sample-loans`);
      const ce5 = page.getByTestId("next-round");
      await expect(ce5.locator('[data-state="announced"]')).toContainText(nextText[locale].announced);
      await expect(ce5).toContainText(locale === "zh" ? /嫦娥五号|International Astronautical Congress/ : "76th International Astronautical Congress");
      await expect(ce5.getByRole("link", { name: /bastillepost|CCTV/ })).toHaveAttribute("href", /^https:\/\/www\.bastillepost\.com\//);
      await expect(ce5).toContainText(nextText[locale].asOf);

      await page.goto(`/${locale}/opportunities/chang-e-8-cooperation-projects`);
      const ce8 = page.getByTestId("next-round");
      await expect(ce8.locator('[data-state="none"]')).toHaveText(nextText[locale].none);
      await expect(ce8).toContainText(nextText[locale].asOf);
    });
  }
});

test.describe("right-to-left details", () => {
  test("the back arrow points right in Arabic and left in English, Chinese and French", async ({ page }) => {
    const arrow = page.locator('main [data-icon="back"]');
    const arrowAndText = () =>
      page.evaluate(() => {
        const link = document.querySelector('main [data-icon="back"]')!.closest("a")!;
        return [link.querySelector('[data-icon="back"]')!.getBoundingClientRect().x, link.lastElementChild!.getBoundingClientRect().x];
      });
    for (const locale of ["en", "zh", "fr"] as const) {
      await page.goto(`/${locale}${ROVER}`);
      await expect(page.locator("html")).toHaveAttribute("dir", "ltr");
      await expect(arrow).toHaveCSS("scale", "none");
      const [icon, text] = await arrowAndText();
      expect(icon, locale).toBeLessThan(text!);
    }

    await page.goto(`/ar${ROVER}`);
    await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
    await expect(arrow).toHaveCSS("scale", "-1 1");
    // In a right-to-left line the arrow comes first, on the right, and is mirrored to point right: the way back.
    const [icon, text] = await arrowAndText();
    expect(icon).toBeGreaterThan(text!);
  });

  test("a mass reads number then unit, in the page's language: Arabic, English, Chinese and French", async ({ page }) => {
    await page.goto("/ar/opportunities/tianwen-3-payload-offer");
    const masses = page.getByTestId("carrier-mass");
    await expect(masses.first()).toHaveText(/^\d+ كغ$/);
    expect(await masses.allTextContents()).not.toContain(expect.stringContaining("kg"));
    // Drawn right to left, the number stands to the right of its unit.
    const order = await masses.first().evaluate((dd) => {
      const text = dd.firstChild as Text;
      const range = document.createRange();
      const digits = text.data.search(/\d/);
      range.setStart(text, digits);
      range.setEnd(text, digits + 1);
      const number = range.getBoundingClientRect().x;
      const unitAt = text.data.indexOf("كغ");
      range.setStart(text, unitAt);
      range.setEnd(text, unitAt + 2);
      return { number, unit: range.getBoundingClientRect().x };
    });
    expect(order.number).toBeGreaterThan(order.unit);

    for (const [locale, unit] of [["en", / kg$/], ["zh", /千克$/], ["fr", / kg$/]] as const) {
      await page.goto(`/${locale}/opportunities/tianwen-3-payload-offer`);
      await expect(page.getByTestId("carrier-mass").first(), locale).toHaveText(new RegExp(`^\\d+${unit.source}`));
    }
  });
});

const recordText = {
  en: { glance: "At a glance", agency: "Government agency", pakistan: "Pakistan", loans: "Lunar sample loans", role: "Role: Partner", partners: "Works with", sources: "Sources", about: "About this project", selected: "Selected under", proposals: "41 proposals were received" },
  zh: { glance: "概况", agency: "政府机构", pakistan: "巴基斯坦", loans: "月球样品借用", role: "角色：合作方", partners: "合作机构", sources: "信息来源", about: "项目概况", selected: "入选征集", proposals: /41/ },
  fr: { glance: "En bref", agency: "Organisme public", pakistan: "Pakistan", loans: "Prêts d'échantillons lunaires", role: "Rôle : Partenaire", partners: "Partenaires", sources: "Sources", about: "À propos de ce projet", selected: "Sélectionné dans le cadre de", proposals: "41 proposals were received" },
} as const;

test.describe("institution and project pages say what is known", () => {
  for (const locale of ["en", "zh", "fr"] as const) {
    test(`/${locale}: SUPARCO's page and the Pakistani lunar rover's page`, async ({ page }) => {
      const t = recordText[locale];
      await page.goto(`/${locale}${SUPARCO}`);
      const glance = page.getByTestId("institution-glance");
      await expect(glance.getByRole("heading", { level: 2 })).toHaveText(t.glance);
      await expect(glance).toContainText(t.agency);
      await expect(glance.getByRole("link", { name: t.pakistan })).toHaveAttribute("href", `/${locale}/countries/pk`);
      const loans = page.getByTestId("institution-loans");
      await expect(loans.getByRole("heading", { level: 2 })).toHaveText(t.loans);
      await expect(loans.locator("td[data-agreement]")).toHaveAttribute("data-agreement", "UNCONFIRMED");
      await expect(loans.getByRole("link").first()).toHaveAttribute("href", `/${locale}/opportunities/chang-e-5-sample-loans`);
      const projects = page.getByTestId("institution-projects");
      await expect(projects.getByRole("link").first()).toHaveAttribute("href", `/${locale}${ROVER}`);
      // The sources name no lead institution, so each partner is shown as a partner.
      await expect(projects).toContainText(t.role);
      await expect(page.getByTestId("institution-partners").getByRole("heading", { level: 2 })).toHaveText(t.partners);
      await expect(page.getByTestId("institution-partners")).toContainText("ISTVS");
      const sources = page.getByRole("region", { name: t.sources });
      expect(await sources.getByRole("link").count()).toBeGreaterThanOrEqual(2);
      // No address is made up: every outside link is one of the published sources.
      const outside = await page.locator('main a[href^="http"]').evaluateAll((links) => links.map((a) => a.closest("section")?.getAttribute("aria-labelledby")));
      expect(new Set(outside)).toEqual(new Set(["sources-heading"]));

      await page.goto(`/${locale}${ROVER}`);
      const about = page.getByTestId("project-about");
      await expect(about.getByRole("heading", { level: 2 })).toHaveText(t.about);
      await expect(about).toContainText(t.selected);
      await expect(about.getByRole("link", { name: t.pakistan })).toHaveAttribute("href", `/${locale}/countries/pk`);
      await expect(about.getByRole("link", { name: "Chang'e-8", exact: true }).or(about.getByRole("link", { name: "嫦娥八号", exact: true }))).toHaveAttribute("href", `/${locale}/missions/chang-e-8`);
      await expect(page.getByTestId("project-partners").locator(`a[href="/${locale}${SUPARCO}"]`)).toHaveCount(1);
      await expect(page.getByTestId("project-partners")).toContainText("ISTVS");
      await expect(page.getByTestId("project-selection")).toContainText(t.proposals);
      await expect(page.getByTestId("next-round")).toBeVisible();
    });
  }
});

test("malformed institution and project addresses are not found, never a server error", async ({ request }) => {
  for (const bad of ["%27%22%3Cx%3E", "a".repeat(200), "%E0%A4%A", "..%2F..%2Fetc"]) {
    for (const path of [`/en/institutions/${bad}`, `/ar/opportunities/chang-e-8-cooperation-projects/${bad}`]) {
      const response = await request.get(path);
      expect(response.status(), path.slice(0, 80)).toBeGreaterThanOrEqual(400);
      expect(response.status(), path.slice(0, 80)).toBeLessThan(500);
    }
  }
});

const LISTS = ["missions", "opportunities", "institutions", "projects", "awards", "agreements", "sources", "applications", "audit"];

async function expectNothingCutOff(page: Page, path: string) {
  await page.goto(path);
  await expect(page.getByRole("status").first(), path).toBeVisible();
  const list = page.getByTestId("admin-list");
  // A list with no rows has no table to cut off (no application may have been made on a fresh server).
  if ((await list.count()) === 0) return false;
  const fit = await list.evaluate((box) => ({
    scroll: box.scrollWidth,
    client: box.clientWidth,
    headers: [...box.querySelectorAll("thead th")].map((th) => th.getBoundingClientRect().right),
  }));
  expect(fit.scroll, `${path} scrolls sideways`).toBeLessThanOrEqual(fit.client + 1);
  for (const right of fit.headers) expect(right, `${path} has a column past the screen`).toBeLessThanOrEqual(1280);
  return true;
}

test.describe("staff lists at 1280 px", () => {
  // Nine staff lists a language, against a production server on a shared two-core machine.
  test.describe.configure({ timeout: 120_000 });
  for (const locale of ["en", "zh", "fr", "ar"] as const) {
    test(`/${locale}: the panel uses the full width and no list column is cut off`, async ({ browser }) => {
      const context = await contextAs(browser, "ADMIN");
      const page = await context.newPage();
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.goto(`/${locale}/admin/missions`);
      const main = await page.locator("main").boundingBox();
      expect(main!.width).toBeGreaterThan(1250);
      let checked = 0;
      for (const list of LISTS) if (await expectNothingCutOff(page, `/${locale}/admin/${list}`)) checked++;
      expect(checked).toBeGreaterThanOrEqual(LISTS.length - 1);
      await context.close();
    });
  }
});
