import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import { contextAs } from "./admin-helpers";

// The audit trail and staff management in the browser, as the demo administrator; every account it changes
// is one it created here, never a demo account.

const SCREENSHOTS = process.env.SCREENSHOT_DIR ?? "test-results/admin-records";

async function expectNoAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

/** Creates an account on the staff pages; returns its email and id. */
async function createStaffMember(page: Page, role: "Editor" | "Viewer" | "Reviewer") {
  const email = `records-${randomBytes(5).toString("hex")}@e2e.agency.test`;
  await page.goto("/en/admin/staff/new");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Full name").fill("Records Test Member");
  await page.getByRole("radio", { name: new RegExp(`^${role}:`) }).check();
  await page.getByLabel("Initial password").fill("a long passphrase for browser tests");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/en\/admin\/staff\/[^/?]+\?created=1$/);
  return { email, id: new URL(page.url()).pathname.split("/").at(-1)! };
}

test("an administrator creates an editor, makes them a viewer, and the audit trail shows both changes", async ({ browser }) => {
  const context = await contextAs(browser, "ADMIN");
  const page = await context.newPage();
  try {
    const member = await createStaffMember(page, "Editor");
    await expect(page.getByRole("status").filter({ hasText: "The account has been created." })).toBeVisible();

    // The creation, found by filtering the trail to staff accounts and searching for the account's id.
    await page.goto("/en/admin/audit");
    await page.getByLabel("Record type").selectOption("StaffUser");
    await page.getByLabel("Search").fill(member.id);
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(page).toHaveURL(/entity=StaffUser/);
    const creation = page.getByRole("row").filter({ hasText: `${member.email} (EDITOR)` });
    await expect(creation).toHaveCount(1);
    await expect(creation.getByRole("rowheader")).not.toBeEmpty();
    await expect(creation.locator('[data-field="role"] ins')).toHaveText("EDITOR");

    await page.goto(`/en/admin/staff/${member.id}`);
    await page.getByRole("radio", { name: "Viewer", exact: true }).check();
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
    await expect(page.getByRole("radio", { name: "Viewer", exact: true })).toBeChecked();

    await page.goto(`/en/admin/audit?entity=StaffUser&q=${member.id}`);
    const change = page.getByRole("row").filter({ hasText: "role EDITOR → VIEWER" });
    await expect(change).toHaveCount(1);
    await expect(change.locator('[data-field="role"] del')).toHaveText("EDITOR");
    await expect(change.locator('[data-field="role"] ins')).toHaveText("VIEWER");
    await expect(change.locator("[data-field]")).toHaveCount(2); // role and sessionVersion; the unchanged name is not shown
    // Newest first: the role change comes above the creation.
    const rows = page.getByRole("row").filter({ hasText: member.email });
    await expect(rows.first()).toContainText("role EDITOR → VIEWER");

    // The staff list finds the account as a viewer, and its CSV holds the same row.
    await page.goto(`/en/admin/staff?q=${encodeURIComponent(member.email)}&role=VIEWER`);
    await expect(page.getByRole("row").filter({ hasText: member.email })).toContainText("Viewer");
    const csv = await page.request.get(`/api/admin/exports/staff?q=${encodeURIComponent(member.email)}`);
    expect(csv.status()).toBe(200);
    const text = await csv.text();
    expect(text).toContain(`${member.email},Records Test Member,VIEWER,active,off`);
    expect(text).not.toContain("argon2");
    const auditCsv = await page.request.get(`/api/admin/exports/audit?entity=StaffUser&q=${member.id}`);
    expect(auditCsv.status()).toBe(200);
    expect((await auditCsv.text()).trim().split(/\r?\n/)).toHaveLength(3);
  } finally {
    await context.close();
  }
});

test("staff management works without JavaScript", async ({ browser }) => {
  const signedIn = await contextAs(browser, "ADMIN");
  const storageState = await signedIn.storageState();
  await signedIn.close();
  const context = await browser.newContext({ storageState, javaScriptEnabled: false });
  const page = await context.newPage();
  try {
    const member = await createStaffMember(page, "Viewer");
    await expect(page.getByRole("status").filter({ hasText: "The account has been created." })).toBeVisible();
    await page.getByLabel("New password").fill("short");
    await page.getByRole("button", { name: "Set new password" }).click();
    await expect(page.getByRole("alert")).toContainText("Use at least 12 characters");
    await page.getByRole("button", { name: "Disable account" }).click();
    await expect(page.getByRole("status").filter({ hasText: "The account is disabled and its sessions have ended." })).toBeVisible();
    await expect(page.getByRole("button", { name: "Enable account" })).toBeVisible();
    await page.goto(`/en/admin/staff?q=${encodeURIComponent(member.email)}&status=disabled`);
    await expect(page.getByRole("row").filter({ hasText: member.email })).toContainText("Disabled");
  } finally {
    await context.close();
  }
});

test("the panel refuses an administrator's own demotion with a clear message", async ({ browser }) => {
  const context = await contextAs(browser, "ADMIN");
  const page = await context.newPage();
  try {
    await page.goto("/en/admin/staff?q=admin%40demo.portal.example");
    await page.getByRole("link", { name: "Demo Admin" }).click();
    await expect(page.getByRole("button", { name: "Disable account" })).toHaveCount(0);
    await page.getByRole("radio", { name: "Editor", exact: true }).check();
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "You cannot remove your own administrator role" })).toBeVisible();
    await page.reload();
    await expect(page.getByRole("radio", { name: "Administrator", exact: true })).toBeChecked();
  } finally {
    await context.close();
  }
});

test("an editor is refused the audit trail and staff pages and their exports", async ({ browser }) => {
  const context = await contextAs(browser, "EDITOR");
  const page = await context.newPage();
  try {
    for (const path of ["/en/admin/audit", "/en/admin/staff", "/en/admin/staff/new"]) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(403);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Not allowed");
    }
    for (const path of ["/api/admin/exports/audit", "/api/admin/exports/staff"]) {
      expect((await page.request.get(path)).status(), path).toBe(403);
    }
  } finally {
    await context.close();
  }
});

test.describe("accessibility and layout", () => {
  let memberId = "";

  test.beforeAll(async ({ browser }) => {
    const context = await contextAs(browser, "ADMIN");
    const page = await context.newPage();
    memberId = (await createStaffMember(page, "Reviewer")).id;
    await context.close();
  });

  const pages = () => [
    { name: "audit", path: "/admin/audit" },
    { name: "audit-filtered", path: "/admin/audit?entity=StaffUser" },
    { name: "staff", path: "/admin/staff" },
    { name: "staff-new", path: "/admin/staff/new" },
    { name: "staff-member", path: `/admin/staff/${memberId}` },
  ];

  for (const locale of ["en", "zh"] as const) {
    test(`axe finds no violation on the audit and staff pages in ${locale}`, async ({ browser }) => {
      const context = await contextAs(browser, "ADMIN");
      const page = await context.newPage();
      try {
        for (const { path } of pages()) {
          await page.goto(`/${locale}${path}`);
          await expect(page.getByRole("heading", { level: 1 })).toHaveCount(1);
          await expectNoAxeViolations(page);
        }
      } finally {
        await context.close();
      }
    });

    for (const width of [1280, 390]) {
      test(`the audit and staff pages fit a ${width} px screen in ${locale}`, async ({ browser }) => {
        mkdirSync(SCREENSHOTS, { recursive: true });
        const context = await contextAs(browser, "ADMIN");
        const page = await context.newPage();
        await page.setViewportSize({ width, height: 900 });
        try {
          for (const { name, path } of pages()) {
            await page.goto(`/${locale}${path}`);
            const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
            expect(overflow, `${path} scrolls sideways`).toBeLessThanOrEqual(0);
            // Nor do the tables inside their own scrolling frames: every column is on screen.
            const hidden = await page.locator(".overflow-x-auto").evaluateAll((frames) => frames.map((f) => f.scrollWidth - f.clientWidth));
            expect(hidden.filter((px) => px > 0), `${path} hides table columns to the side`).toEqual([]);
            await page.screenshot({ path: `${SCREENSHOTS}/${name}-${locale}-${width}.png`, fullPage: true });
          }
        } finally {
          await context.close();
        }
      });
    }
  }
});
