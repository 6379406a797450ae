import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import { contextAs, demoEmail } from "./admin-helpers";

const SUMMARY_ZH = "存在以下问题";

// The staff panel's frame: the sign-in page, each role's dashboard and navigation, the account page
// and the 403 page, in both languages, checked with axe and on a phone.

async function expectNoAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

for (const locale of ["en", "zh"] as const) {
  test(`the ${locale} sign-in page explains a refused sign-in and has no axe violations`, async ({ page }) => {
    await page.goto(`/${locale}/admin/sign-in`);
    await expectNoAxeViolations(page);
    await page.getByLabel(locale === "zh" ? "电子邮箱" : "Email address").fill("nobody@staff.example");
    await page.getByLabel(locale === "zh" ? "密码" : "Password", { exact: true }).fill("not the password");
    await page.getByRole("button", { name: locale === "zh" ? "登录" : "Sign in" }).click();
    const summary = page.getByRole("alert", { name: locale === "zh" ? SUMMARY_ZH : "There is a problem" });
    await expect(summary).toContainText(locale === "zh" ? "电子邮箱或密码不正确" : "The email address or password is not right");
    await expect(summary).toBeFocused();
    await expect(page.getByLabel(locale === "zh" ? "电子邮箱" : "Email address")).toHaveValue("nobody@staff.example");
    await expectNoAxeViolations(page);
  });
}

const NAV = {
  ADMIN: ["Missions", "Applications", "Decisions", "Outbox", "Audit trail", "Staff"],
  EDITOR: ["Missions", "Institutions", "Agreements"],
  REVIEWER: ["Applications"],
  VIEWER: ["Missions", "Applications"],
} as const;
const HIDDEN = {
  ADMIN: [],
  EDITOR: ["Applications", "Decisions", "Audit trail", "Staff"],
  REVIEWER: ["Missions", "Decisions", "Audit trail", "Staff"],
  VIEWER: ["Decisions", "Outbox", "Audit trail", "Staff"],
} as const;

for (const role of ["ADMIN", "EDITOR", "REVIEWER", "VIEWER"] as const) {
  test(`the ${role.toLowerCase()}'s dashboard shows the sections the role may open`, async ({ browser }) => {
    const context = await contextAs(browser, role);
    const page = await context.newPage();
    await page.goto("/en/admin");
    await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
    const nav = page.getByRole("navigation", { name: "Staff panel" });
    for (const name of NAV[role]) await expect(nav.getByRole("link", { name, exact: true })).toBeVisible();
    for (const name of HIDDEN[role]) await expect(nav.getByRole("link", { name, exact: true })).toHaveCount(0);
    await expect(page.getByText(`(${{ ADMIN: "Administrator", EDITOR: "Editor", REVIEWER: "Reviewer", VIEWER: "Viewer" }[role]})`)).toBeVisible();
    await expectNoAxeViolations(page);
    await context.close();
  });
}

test("a page the role may not open answers 403 with an explanation in the page's language", async ({ browser }) => {
  const context = await contextAs(browser, "REVIEWER");
  const page = await context.newPage();
  const response = await page.goto("/zh/admin/audit");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { level: 1, name: "无权访问" })).toBeVisible();
  await expectNoAxeViolations(page);
  await context.close();
});

test("the account page offers two-step verification with a QR code and a typed key", async ({ browser }) => {
  const context = await contextAs(browser, "VIEWER");
  const page = await context.newPage();
  await page.goto("/en/admin/account");
  await expect(page.getByText(demoEmail("VIEWER"))).toBeVisible();
  await expect(page.getByRole("img", { name: "QR code for your authenticator app" })).toBeVisible();
  await expect(page.locator("code")).toHaveText(/^[A-Z2-7]{16,}$/);
  await page.getByRole("button", { name: "Turn on two-step verification" }).click();
  await expect(page.getByRole("alert", { name: "There is a problem" })).toContainText("Enter the six digits of the code");
  await expectNoAxeViolations(page);
  await context.close();
});

test.describe("on a 390 px phone", () => {
  test.use({ viewport: { width: 390, height: 844 } });
  test("the dashboard fits the screen in Chinese", async ({ browser }) => {
    const context = await contextAs(browser, "ADMIN");
    const page = await context.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto("/zh/admin");
    await expect(page.getByRole("heading", { level: 1, name: "概览" })).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await context.close();
  });
});
