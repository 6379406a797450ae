import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";

// The seeded calls as of now: the Tianwen-3 first round closed (its letter of intent was due by the end of 30 June 2025,
// Beijing time), Chang'e-5's results are published, and the practice call (npm run db:demo) is open for a year.

test.describe("the calls index", () => {
  test("lists each call under its status, with the date that matters and the practice call labelled", async ({ page }) => {
    await page.goto("/en/calls");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Calls for cooperation");

    const closed = page.getByRole("region", { name: "Closed calls" });
    const tianwen = closed.getByRole("article").filter({ hasText: "Tianwen-3 payload offer" });
    await expect(tianwen).toContainText("Closed");
    await expect(tianwen).toContainText("Letter of intent closed 30 June 2025 (Beijing time)");
    await expect(tianwen.locator("time")).toHaveAttribute("datetime", "2025-06-30");
    await expect(tianwen.getByRole("link", { name: "Tianwen-3 payload offer" })).toHaveAttribute("href", "/en/opportunities/tianwen-3-payload-offer");

    const open = page.getByRole("region", { name: "Open calls" });
    await expect(open.getByRole("article").filter({ hasText: "Tianwen-3 payload offer" })).toHaveCount(0);
    const practice = open.getByRole("article").filter({ hasText: "Practice call" });
    await expect(practice.getByText("Demonstration", { exact: true })).toBeVisible();
    await expect(practice).toContainText("Expression of interest closes");
    await expect(practice).toContainText(/\d+ days? and \d+ hours? left/);
    await expect(practice.getByRole("link", { name: "Practice call (demonstration)" })).toHaveAttribute("href", "/en/calls/practice-call");

    // An exact closing at midnight reads as the announcement wrote it: 24:00 on the day it ends.
    const sampleLoans = page.getByRole("region", { name: "Results published" }).getByRole("article").filter({ hasText: "Chang'e-5" });
    await expect(sampleLoans).toContainText("22 December 2023 at 24:00 (Beijing time)");
    await expect(sampleLoans.locator("time")).toHaveAttribute("datetime", "2023-12-22T16:00:00.000Z");

    await expect(page.getByRole("region", { name: "Upcoming calls" })).toContainText("No call is due to open at the moment.");
  });

  test("is in Chinese at /zh/calls, with dates in Beijing time", async ({ page }) => {
    await page.goto("/zh/calls");
    await expect(page.locator("html")).toHaveAttribute("lang", "zh-Hans");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("合作征集");
    const tianwen = page.getByRole("region", { name: "已截止的征集" }).getByRole("article").filter({ hasText: "天问三号" });
    await expect(tianwen).toContainText("已截止");
    await expect(tianwen).toContainText("意向书已于北京时间2025年6月30日截止");
    await expect(page.getByRole("region", { name: "开放中的征集" }).getByRole("article")).toContainText("演示");
  });

  test("/en/opportunities moves for good to /en/calls", async ({ page, request }) => {
    const response = await request.get("/en/opportunities", { maxRedirects: 0 });
    expect(response.status()).toBe(308);
    expect(new URL(response.headers().location!, "http://x").pathname).toBe("/en/calls");
    await page.goto("/zh/opportunities");
    await expect(page).toHaveURL(/\/zh\/calls$/);
  });
});

test.describe("a call's page", () => {
  test.use({ timezoneId: "Europe/Paris" });

  test("the practice call shows its stage, its closing in Beijing time and the reader's, and the way to apply", async ({ page }) => {
    await page.goto("/en/calls/practice-call");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Practice call (demonstration)");
    await expect(page.getByRole("region", { name: "Practice call" })).toContainText(
      "This is a practice call for trying the application form. Nothing submitted here is reviewed.",
    );
    const stages = page.getByRole("region", { name: "Stages and dates" });
    const stage = stages.getByRole("listitem").filter({ has: page.getByRole("heading", { name: "Expression of interest" }) });
    await expect(stage).toContainText("Open now");
    await expect(stage).toContainText("Anyone who meets the call's terms");
    await expect(stage).toContainText("(Beijing time)");
    await expect(stage).toContainText(/\d+ days? and \d+ hours? left/);
    // Filled in by the browser, in the reader's zone (Paris here), after the cached page arrives.
    await expect(stage.locator("[data-reader-time]").first()).toContainText(/In your time zone: .*(CET|CEST|GMT\+[12]|UTC\+[12])/);
    await expect(page.getByRole("link", { name: "Start an application" })).toHaveAttribute("href", "/en/calls/practice-call/apply");
    await expect(page.locator('meta[name="robots"]')).toHaveAttribute("content", /noindex/);
  });

  test("a call with a page of its own is sent there, and an unknown call is not found", async ({ request }) => {
    const moved = await request.get("/en/calls/tianwen-3-payload-offer", { maxRedirects: 0 });
    expect(moved.status()).toBe(308);
    expect(new URL(moved.headers().location!, "http://x").pathname).toBe("/en/opportunities/tianwen-3-payload-offer");
    expect((await request.get("/en/calls/no-such-call")).status()).toBe(404);
  });

  test("the Tianwen-3 offer says Closed, lists its stages and offers no application", async ({ page }) => {
    await page.goto("/en/opportunities/tianwen-3-payload-offer");
    const heading = page.getByRole("heading", { level: 1 }).locator("..");
    await expect(heading.getByText("Closed", { exact: true })).toBeVisible();
    await expect(page.getByRole("link", { name: "Start an application" })).toHaveCount(0);
    await expect(page.getByRole("region", { name: "Express interest" })).toContainText("The call is closed: it no longer takes applications.");
    const letter = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: "Letter of intent" }) });
    await expect(letter).toContainText("30 June 2025 (Beijing time)");
    await expect(letter).toContainText("Closed");
    const proposal = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: "Full proposal" }) });
    await expect(proposal).toContainText("Invited from the previous stage only");
  });

  test("the Chang'e-5 loans show their application window and contact address", async ({ page }) => {
    await page.goto("/en/opportunities/chang-e-5-sample-loans");
    const stages = page.getByRole("region", { name: "Stages and dates" });
    await expect(stages).toContainText("22 December 2023 at 24:00 (Beijing time)");
    await expect(stages.getByRole("link", { name: "clep@cnsa.gov.cn" })).toHaveAttribute("href", "mailto:clep@cnsa.gov.cn");
  });
});

for (const path of ["/en/calls", "/ar/calls", "/en/calls/practice-call"]) {
  test(`axe finds no violation on ${path}`, async ({ page }) => {
    await page.goto(path);
    const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
  });
}

test.describe("on a 390 px phone", () => {
  test.use({ viewport: { width: 390, height: 844 } });
  for (const path of ["/ar/calls", "/zh/calls/practice-call"]) {
    test(`${path} fits the screen without sideways scrolling`, async ({ page }) => {
      await page.goto(path);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
    });
  }
});
