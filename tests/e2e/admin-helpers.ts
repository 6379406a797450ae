import { type Browser, type BrowserContext, expect, type Page } from "@playwright/test";
import type { StaffRoleName } from "../../src/lib/permissions";

// The demo accounts that scripts/e2e-server.sh creates with `npm run db:demo` (scripts/seed-demo.ts).
export const DEMO_PASSWORD = "demo-password-2026";
export const demoEmail = (role: StaffRoleName) => `${role.toLowerCase()}@demo.portal.example`;

/** Signs in through the real sign-in form. */
export async function signIn(page: Page, role: StaffRoleName, { locale = "en" }: { locale?: "en" | "zh" } = {}): Promise<void> {
  await page.goto(`/${locale}/admin/sign-in`);
  await page.getByLabel(locale === "zh" ? "电子邮箱" : "Email address").fill(demoEmail(role));
  await page.getByLabel(locale === "zh" ? "密码" : "Password", { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: locale === "zh" ? "登录" : "Sign in" }).click();
  await expect(page).toHaveURL(new RegExp(`/${locale}/admin$`), { timeout: 20_000 });
}

const sessions = new Map<StaffRoleName, Awaited<ReturnType<BrowserContext["storageState"]>>>();

/** A browser context signed in as the role's demo account; one sign-in per role per worker. */
export async function contextAs(browser: Browser, role: StaffRoleName): Promise<BrowserContext> {
  let state = sessions.get(role);
  if (!state) {
    const context = await browser.newContext();
    await signIn(await context.newPage(), role);
    state = await context.storageState();
    sessions.set(role, state);
    await context.close();
  }
  return browser.newContext({ storageState: state });
}
