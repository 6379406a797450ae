import { expect, test } from "@playwright/test";
import { COPY, OFFER_PATH, startApplication, uniqueEmail } from "./apply-helpers";

// The step's schema answers in the browser at once; without JavaScript the server gives the same answers.
test.describe("step validation", () => {
  test("with JavaScript, the browser reports a step's errors at once and the valid answers are kept", async ({ page }) => {
    await startApplication(page, "en", uniqueEmail("browser-check"));
    await page.getByLabel(COPY.en.institutionName, { exact: true }).fill("Université de Test");
    await page.getByRole("button", { name: "Save and continue" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "There is a problem" })).toBeFocused();
    await expect(page.getByRole("link", { name: `Enter “${COPY.en.contactName}”`, exact: true })).toBeVisible();
    await expect(page.getByLabel(COPY.en.institutionName, { exact: true })).toHaveValue("Université de Test");
    await expect(page.getByText("Your other answers on this page are saved.")).toBeVisible();
    // Leaving a page with answers typed and not accepted asks first.
    page.once("dialog", (dialog) => void dialog.accept());
    await page.reload();
    await expect(page.getByLabel(COPY.en.institutionName, { exact: true })).toHaveValue("Université de Test");
  });

  test("without JavaScript, the server checks the same rules and keeps the answers", async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`/zh${OFFER_PATH}/apply`);
    for (const name of ["outsideChina", "fundsDevelopment", "sharesData"]) await page.locator(`input[name=${name}][value=yes]`).check();
    await page.locator("input[name=email]").fill(uniqueEmail("no-js"));
    await page.getByRole("button", { name: "开始申请" }).click();
    await expect(page).toHaveURL(/\/zh\/applications\/[A-Za-z0-9_-]{43}\/lead$/);
    await page.locator("input[name=institutionName]").fill("Université de Test");
    await page.locator("input[name=contactEmail]").fill("not-an-email");
    await page.getByRole("button", { name: "保存并继续" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "存在以下问题" })).toBeVisible();
    await expect(page.getByText(`请按正确格式填写“${COPY.zh.contactEmail}”，例如name@example.org`).first()).toBeVisible();
    await expect(page.locator("input[name=institutionName]")).toHaveValue("Université de Test");
    await context.close();
  });

  test("a file far over 10 MB is refused in the browser with the size message, without sending it", async ({ page }) => {
    const token = await startApplication(page, "en", uniqueEmail("large-file"));
    await page.goto(`/en/applications/${token}/attachments`);
    const posts: string[] = [];
    page.on("request", (request) => {
      if (request.method() === "POST") posts.push(request.url());
    });
    await page
      .getByLabel(COPY.en.file, { exact: true })
      .setInputFiles({ name: "large.pdf", mimeType: "application/pdf", buffer: Buffer.alloc(12 * 1024 * 1024, 0x20) });
    await page.getByRole("button", { name: COPY.en.upload }).click();
    await expect(page.getByRole("alert").filter({ hasText: "There is a problem" })).toBeFocused();
    await expect(page.getByText("The file must be smaller than 10 MB").first()).toBeVisible();
    expect(posts).toEqual([]);
  });
});
