import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import ar from "../../src/i18n/messages/ar.json" with { type: "json" };
import es from "../../src/i18n/messages/es.json" with { type: "json" };
import fr from "../../src/i18n/messages/fr.json" with { type: "json" };
import ru from "../../src/i18n/messages/ru.json" with { type: "json" };
import { OFFER_PATH } from "./apply-helpers";

// The interface in the six UN languages: the right direction and language tags, the language menu,
// strings and numbers in each language, the note that content is shown in English, and Arabic on a phone.

const CATALOGUES = { ar, fr, ru, es } as const;

for (const [locale, messages] of Object.entries(CATALOGUES)) {
  test(`/${locale} is in ${locale}, says its content is in English, and has no axe violations`, async ({ page }) => {
    await page.goto(`/${locale}`);
    const html = page.locator("html");
    await expect(html).toHaveAttribute("lang", locale);
    await expect(html).toHaveAttribute("dir", locale === "ar" ? "rtl" : "ltr");
    await expect(page.getByRole("navigation", { name: messages.Site.mainNav })).toContainText(messages.Site.missions);
    await expect(page.getByText(messages.Site.contentInEnglish)).toBeVisible();
    const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
  });
}

test("English and Chinese pages carry no fallback note, and the language menu leads to every language", async ({ page }) => {
  await page.goto("/zh/opportunities/tianwen-3-payload-offer");
  await expect(page.getByText(ar.Site.contentInEnglish)).toHaveCount(0);
  await page.locator("header summary").click();
  const menu = page.locator("header details ul");
  for (const name of ["English", "中文", "العربية", "Français", "Русский", "Español"]) await expect(menu.getByRole("link", { name })).toBeVisible();
  await menu.getByRole("link", { name: "العربية" }).click();
  await expect(page).toHaveURL(/\/ar\/opportunities\/tianwen-3-payload-offer$/);
  await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
});

test("numbers and dates follow the page's language", async ({ page }) => {
  await page.goto("/ar/opportunities/tianwen-3-payload-offer");
  // The orbiter's 15 kg, written with the digits Arabic uses.
  await expect(page.locator("main")).toContainText(new Intl.NumberFormat("ar").format(15));
  // "Last updated" with the date written the Russian way (day, month name, year).
  await page.goto("/ru/missions/chang-e-5");
  const stamp = page.locator("main time[datetime]").last();
  const iso = (await stamp.getAttribute("datetime"))!;
  const expected = new Intl.DateTimeFormat("ru-RU", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(new Date(`${iso.slice(0, 10)}T00:00:00Z`));
  await expect(stamp).toContainText(expected);
});

test.describe("Arabic on a 390 px phone", () => {
  test.use({ viewport: { width: 390, height: 844 } });
  for (const path of ["", "/opportunities/chang-e-5-sample-loans", "/opportunities/chang-e-8-cooperation-projects", "/opportunities/tianwen-3-payload-offer", `${OFFER_PATH}/apply`]) {
    test(`/ar${path} fits the screen, right to left`, async ({ page }) => {
      await page.goto(`/ar${path}`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      // The page's heading starts at the right edge, as Arabic reads.
      const box = await page.getByRole("heading", { level: 1 }).boundingBox();
      expect(box).not.toBeNull();
      expect(await page.evaluate(() => getComputedStyle(document.querySelector("h1")!).direction)).toBe("rtl");
      await page.screenshot({ path: test.info().outputPath("ar-phone.png"), fullPage: true });
    });
  }
});
