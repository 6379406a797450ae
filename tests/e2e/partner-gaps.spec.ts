import { expect, test } from "@playwright/test";

// Addresses a partner copies from the portal name this server (SITE_URL), never the address it was built on.

test.describe("open-data commands name this server", () => {
  for (const locale of ["en", "zh", "fr", "ar"] as const) {
    test(`/${locale}/open-data: every curl command downloads from this server`, async ({ page, baseURL }) => {
      await page.goto(`/${locale}/open-data`);
      const commands = (await page.locator("[data-commands]").allInnerTexts()).join("\n");
      const urls = commands
        .split("\n")
        .filter((line) => line.trim().startsWith("curl "))
        .flatMap((line) => line.match(/https?:\/\/\S+/g) ?? []);
      expect(urls.length).toBeGreaterThanOrEqual(2);
      for (const url of urls) expect(url.startsWith(`${baseURL}/`), url).toBe(true);
      expect(commands).not.toContain("localhost:3000");
    });
  }
});
