import { randomBytes } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import { type APIRequestContext, type Browser, type BrowserContext, expect as baseExpect, type Page, test } from "@playwright/test";
import type { StaffRoleName } from "../../src/lib/permissions";
import { contextAs } from "./admin-helpers";

// Content editing in the staff panel against the built app: what an editor changes reaches the public pages at
// once (tag revalidation and the page cache both cleared), drafts stay off them until published, viewers read
// without controls, and the pages pass axe in both languages at desktop and phone widths.

// Saving goes through a server action, a transaction and revalidation: on a busy machine that takes more than the
// default 5 s, which is not what these tests are about.
const expect = baseExpect.configure({ timeout: 15_000 });
test.describe.configure({ timeout: 120_000 });

const unique = (prefix: string) => `${prefix} ${randomBytes(3).toString("hex")}`;
const slugOf = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
const SHOTS = process.env.CONTENT_SHOTS_DIR ?? "test-results/admin-content";

// The first sign-ins of a run meet a server still warming up (argon2 and the database's first queries) and may
// outlast the helper's 5 s wait: one more try, then fail.
async function signedIn(browser: Browser, role: StaffRoleName): Promise<BrowserContext> {
  try {
    return await contextAs(browser, role);
  } catch {
    return contextAs(browser, role);
  }
}

/** The error summary (Next.js's route announcer is an alert too). */
const errorSummary = (page: Page, locale: "en" | "zh" = "en") => page.getByRole("alert", { name: locale === "zh" ? "存在以下问题" : "There is a problem" });

/** The first record linked from a list's table body (the header's links sort). */
const firstRecordLink = (page: Page) => page.locator("tbody").getByRole("link").first();

async function expectNoAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

/** A public page as a visitor gets it: no cookies, through the page cache. */
async function publicText(request: APIRequestContext, path: string): Promise<{ status: number; text: string; cache?: string }> {
  const response = await request.get(path);
  return { status: response.status(), text: await response.text(), cache: response.headers()["x-portal-cache"] };
}

/** Visits a public page until the portal's page cache answers it (Next caches it first, then the portal). */
async function cachedPublicText(request: APIRequestContext, path: string) {
  let answer = await publicText(request, path);
  for (let visit = 1; visit < 4 && answer.cache !== "HIT"; visit++) answer = await publicText(request, path);
  return answer;
}

/** Creates an institution through the form and publishes it; returns its admin page URL. */
async function createPublishedInstitution(page: Page, nameEn: string): Promise<string> {
  await page.goto("/en/admin/institutions/new");
  await page.getByLabel("Name in English").fill(nameEn);
  await page.getByRole("radio", { name: "University" }).check();
  await page.getByLabel("Country or region code").fill("NZ");
  await page.getByRole("button", { name: "Create" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Created." })).toBeVisible();
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Published" })).toBeVisible();
  return page.url().replace(/\?.*$/, "");
}

test.describe("an editor", () => {
  let editor: BrowserContext;
  test.beforeEach(async ({ browser }) => {
    editor = await signedIn(browser, "EDITOR");
  });
  test.afterEach(async () => editor.close());

  test("renames a published institution and the public page shows the new name straight after saving", async ({ request }) => {
    const page = await editor.newPage();
    const nameEn = unique("Aotearoa Lunar Institute");
    const adminUrl = await createPublishedInstitution(page, nameEn);
    const publicPath = `/en/institutions/${slugOf(nameEn)}`;

    // Visitors get it, soon from the page cache.
    const cached = await cachedPublicText(request, publicPath);
    expect(cached.status).toBe(200);
    expect(cached.text).toContain(nameEn);
    expect(cached.cache).toBe("HIT");

    await page.goto(`${adminUrl}/edit`);
    const renamed = `${nameEn} of Space Science`;
    await page.getByLabel("Name in English").fill(renamed);
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Your changes are saved." })).toBeVisible();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(renamed);

    const after = await publicText(request, publicPath);
    expect(after.status).toBe(200);
    expect(after.text).toContain(renamed);
  });

  test("adds a mission as a draft that visitors see only once it is published", async ({ request }) => {
    const page = await editor.newPage();
    const nameEn = unique("Lunar Outpost");
    await page.goto("/en/admin/missions");
    await page.getByRole("link", { name: "Add a mission" }).click();
    await page.getByLabel("Name in English").fill(nameEn);
    await page.getByLabel("Name in Chinese").fill("月球前哨");
    await page.getByRole("radio", { name: "Moon" }).check();
    await page.getByRole("radio", { name: "Planned" }).check();
    await page.getByRole("button", { name: "Create" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Created." })).toBeVisible();
    await expect(page.getByText("This is a draft: visitors cannot see it")).toBeVisible();

    const missionsBefore = await cachedPublicText(request, "/en/missions");
    expect(missionsBefore.text).not.toContain(nameEn);
    expect((await publicText(request, `/en/missions/${slugOf(nameEn)}`)).status).toBe(404);

    await page.getByRole("button", { name: "Publish" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Published: visitors can see it now." })).toBeVisible();
    expect((await publicText(request, "/en/missions")).text).toContain(nameEn);
    const missionPage = await publicText(request, `/en/missions/${slugOf(nameEn)}`);
    expect(missionPage.status).toBe(200);
    expect(missionPage.text).toContain(nameEn);

    // A fact added in the panel shows on the public mission page at once.
    const fact = unique("The lander carries a seismometer");
    await page.getByLabel("Fact 1 in English").fill(fact);
    await page.getByRole("button", { name: "Save facts" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Your changes are saved." })).toBeVisible();
    expect((await publicText(request, `/en/missions/${slugOf(nameEn)}`)).text).toContain(fact);

    // Taken off again and deleted, after ticking the confirmation.
    await page.getByRole("button", { name: "Take off the public pages" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Taken off the public pages" })).toBeVisible();
    expect((await publicText(request, "/en/missions")).text).not.toContain(nameEn);
    await page.getByRole("link", { name: /^Delete/ }).click();
    await page.getByRole("button", { name: "Delete permanently" }).click();
    await expect(errorSummary(page)).toContainText("Tick the box to confirm");
    await page.getByRole("checkbox", { name: "Yes, delete this permanently" }).check();
    await page.getByRole("button", { name: "Delete permanently" }).click();
    await expect(page).toHaveURL(/\/en\/admin\/missions\?done=deleted$/);
    await expect(page.getByRole("status").filter({ hasText: "Deleted." })).toBeVisible();
  });

  test("is told what is wrong with a form, field by field, and the page passes axe", async () => {
    const page = await editor.newPage();
    await page.goto("/en/admin/institutions/new");
    await page.getByLabel("Country or region code").fill("QQ");
    await page.getByRole("button", { name: "Create" }).click();
    const summary = errorSummary(page);
    await expect(summary).toBeFocused();
    await expect(summary).toContainText("Enter “Name in English”");
    await expect(summary).toContainText("Choose an option for “Type of institution”");
    await expect(summary).toContainText("Country or region code: Enter a two-letter country or region code");
    // Under the field too, the message names it instead of saying "Enter an answer".
    await expect(page.locator("#field-nameEn-error")).toHaveText(/Enter “Name in English”/);
    await expect(page.getByLabel("Name in English")).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByLabel("Country or region code")).toHaveValue("QQ");
    await expectNoAxeViolations(page);
  });

  test("cannot save over someone else's newer change", async ({ browser }) => {
    const page = await editor.newPage();
    const nameEn = unique("Stale Edit Observatory");
    const adminUrl = await createPublishedInstitution(page, nameEn);
    const other = await (await signedIn(browser, "ADMIN")).newPage();
    await page.goto(`${adminUrl}/edit`);
    await other.goto(`${adminUrl}/edit`);
    await other.getByLabel("Name in Chinese").fill("别人先保存");
    await other.getByRole("button", { name: "Save changes" }).click();
    await expect(other.getByRole("status").filter({ hasText: "Your changes are saved." })).toBeVisible();
    await page.getByLabel("Name in English").fill(`${nameEn} (mine)`);
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect(errorSummary(page)).toContainText("Someone else changed this since you opened it");
    await other.context().close();
  });

  test("works without JavaScript: adds a source and deletes it after ticking the confirmation", async ({ browser }) => {
    const state = await editor.storageState();
    const context = await browser.newContext({ storageState: state, javaScriptEnabled: false });
    const page = await context.newPage();
    const reference = `https://example.org/${randomBytes(4).toString("hex")}`;
    await page.goto("/en/admin/sources/new");
    await page.getByLabel("Reference").fill(reference);
    await page.getByLabel("Label", { exact: true }).fill("A report without JavaScript");
    await page.getByLabel("Web address").fill(reference);
    await page.getByRole("button", { name: "Create" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("A report without JavaScript");
    await page.getByRole("link", { name: /^Delete/ }).click();
    await page.getByRole("button", { name: "Delete permanently" }).click();
    await expect(page.getByText("Tick the box to confirm").first()).toBeVisible();
    await page.getByRole("checkbox", { name: "Yes, delete this permanently" }).check();
    await page.getByRole("button", { name: "Delete permanently" }).click();
    await expect(page).toHaveURL(/\/en\/admin\/sources\?done=deleted$/);
    await context.close();
  });

  test("marks an agreement's obligation completed on the agreement page", async () => {
    const page = await editor.newPage();
    await page.goto("/en/admin/agreements");
    await firstRecordLink(page).click();
    await expect(page).toHaveURL(/\/en\/admin\/agreements\/[^/]+$/);
    await page.getByRole("radio", { name: "Annual report" }).check();
    await page.getByLabel("Due date").fill("2025-01-31");
    await page.getByLabel("Note").fill(unique("First annual report"));
    await page.getByRole("button", { name: "Add an obligation" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Created." })).toBeVisible();
    const row = page.getByRole("row").filter({ hasText: "Annual report" }).filter({ hasText: "Overdue" }).first();
    await expect(row).toBeVisible();
    await row.getByRole("button", { name: /Mark completed/ }).click();
    await expect(page.getByRole("status").filter({ hasText: "Marked as completed." })).toBeVisible();
  });
});

test.describe("a viewer", () => {
  test("reads the lists and records without any edit control, and is refused the edit pages", async ({ browser }) => {
    const viewer = await signedIn(browser, "VIEWER");
    const page = await viewer.newPage();
    for (const path of ["missions", "opportunities", "institutions", "projects", "awards", "agreements", "sources"]) {
      await page.goto(`/en/admin/${path}`);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await expect(page.getByRole("link", { name: /^\+ / })).toHaveCount(0);
      await expect(page.getByRole("link", { name: /Download CSV/ })).toBeVisible();
    }
    await page.goto("/en/admin/missions");
    await page.getByRole("table").getByRole("link", { name: "Chang'e-8" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Chang'e-8");
    await expect(page.getByRole("link", { name: /^Edit/ })).toHaveCount(0);
    await expect(page.getByRole("link", { name: /^Delete/ })).toHaveCount(0);
    await expect(page.getByRole("button", { name: /Publish|Take off/ })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Save facts" })).toHaveCount(0);

    const missionUrl = page.url();
    for (const suffix of ["/edit", "/delete"]) {
      const response = await page.goto(`${missionUrl}${suffix}`);
      expect(response?.status()).toBe(403);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Not allowed");
    }
    expect((await page.goto("/en/admin/institutions/new"))?.status()).toBe(403);
    await viewer.close();
  });

  test("downloads exactly the filtered rows as CSV", async ({ browser }) => {
    const viewer = await signedIn(browser, "VIEWER");
    const response = await viewer.request.get("/api/admin/exports/missions?q=chang&body=MOON&sort=name&dir=asc");
    expect(response.status()).toBe(200);
    const lines = (await response.text()).replace(/^\uFEFF/, "").trim().split(/\r?\n/);
    expect(lines.slice(1).map((line) => line.split(",")[1])).toEqual(["chang-e-5", "chang-e-7", "chang-e-8"]);
    await viewer.close();
  });
});

test.describe("accessibility and layout", () => {
  for (const locale of ["en", "zh"] as const) {
    for (const width of [1280, 390]) {
      test(`the mission list, a form with errors, an agreement and an opportunity pass axe and fit, in ${locale} at ${width} px`, async ({ browser }) => {
        const editor = await signedIn(browser, "EDITOR");
        const page = await editor.newPage();
        await page.setViewportSize({ width, height: 900 });

        await page.goto(`/${locale}/admin/missions`);
        await expect(page.getByRole("heading", { level: 1 })).toHaveText(locale === "zh" ? "任务" : "Missions");
        await expectNoAxeViolations(page);
        await expectFits(page);
        await page.screenshot({ path: `${SHOTS}/missions-${locale}-${width}.png`, fullPage: true });

        await page.goto(`/${locale}/admin/missions/new`);
        await page.getByRole("button", { name: locale === "zh" ? "创建" : "Create" }).click();
        await expect(errorSummary(page, locale)).toBeFocused();
        await expectNoAxeViolations(page);
        await expectFits(page);
        await page.screenshot({ path: `${SHOTS}/mission-errors-${locale}-${width}.png`, fullPage: true });

        await page.goto(`/${locale}/admin/agreements`);
        await firstRecordLink(page).click();
        await expect(page.getByRole("heading", { level: 2, name: locale === "zh" ? "义务" : "Obligations", exact: true })).toBeVisible();
        await expectNoAxeViolations(page);
        await expectFits(page);
        await page.screenshot({ path: `${SHOTS}/agreement-${locale}-${width}.png`, fullPage: true });

        await page.goto(`/${locale}/admin/opportunities`);
        await firstRecordLink(page).click();
        await expect(page.getByRole("heading", { level: 2, name: locale === "zh" ? "结果数据" : "Result figures" })).toBeVisible();
        await expectNoAxeViolations(page);
        await expectFits(page);
        await page.screenshot({ path: `${SHOTS}/opportunity-${locale}-${width}.png`, fullPage: true });
        await editor.close();
      });
    }
  }
});

/** No sideways scrolling of the page itself (wide tables scroll inside their own box). */
async function expectFits(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  // What sticks out, to say where to look when this fails.
  const wide = await page.evaluate(() =>
    [...document.querySelectorAll("body *")]
      .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1 && !el.closest(".overflow-x-auto"))
      .slice(-5)
      .map((el) => `${el.tagName.toLowerCase()}.${el.className}: ${(el.textContent ?? "").slice(0, 40)}`),
  );
  expect(overflow, wide.join("\n")).toBeLessThanOrEqual(0);
}
