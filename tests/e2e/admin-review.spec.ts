import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { type APIRequestContext, type Browser, expect, type Page, test } from "@playwright/test";
import { contextAs, demoEmail, signIn } from "./admin-helpers";
import { API_PAYLOAD, CALL_SLUG, expectNoAxeViolations, readMail, uniqueEmail, VALID_PDF, waitForMail } from "./apply-helpers";

// The committee's path through one application: submitted through the partner API, assigned, scored, moved through
// review, accepted in a batch, its notice released from the outbox, and the applicant told; each page checked with axe
// in both languages and looked at on a desktop and a phone.

// The batch applies every prepared decision, so the tests that prepare one run one after the other.
test.describe.configure({ mode: "serial" });

interface Submitted {
  reference: string;
  statusUrl: string;
  email: string;
  payloadName: string;
}

/** A complete application through the partner API: one upload, then the answers. */
async function submitApplication(request: APIRequestContext, payloadName: string): Promise<Submitted> {
  const upload = await request.post("/api/v1/uploads", {
    multipart: { kind: "TECHNICAL_DESCRIPTION", file: { name: "technical-description.pdf", mimeType: "application/pdf", buffer: readFileSync(VALID_PDF) } },
  });
  expect(upload.status()).toBe(201);
  const { uploadId, uploadToken } = (await upload.json()).data;
  const email = uniqueEmail("review");
  const response = await request.post(`/api/v1/opportunities/${CALL_SLUG}/applications`, {
    headers: { "Idempotency-Key": randomUUID() },
    data: {
      email,
      locale: "en",
      lead: {
        institutionName: "Universidad de Chile",
        institutionType: "UNIVERSITY",
        country: "CL",
        contactName: "Ana Rojas",
        contactEmail: "ana.rojas@example.org",
        participants: [{ name: "Universidade de São Paulo", country: "BR" }],
      },
      payload: { ...API_PAYLOAD, payloadName, heritage: "A magnetometer flown on two cubesats." },
      science: {
        objectives: ["INTERNAL_STRUCTURE"],
        expectedResults: "A map of crustal magnetic anomalies at orbital altitude.",
        dataSharing: "All calibrated data go to the Chinese archive within six months.",
      },
      attachments: [{ uploadId, uploadToken }],
    },
  });
  expect(response.status()).toBe(201);
  const { reference, statusUrl } = (await response.json()).data;
  return { reference, statusUrl, email, payloadName };
}

async function pageAs(browser: Browser, role: "ADMIN" | "REVIEWER" | "VIEWER"): Promise<Page> {
  const context = await contextAs(browser, role);
  return context.newPage();
}

async function openApplication(page: Page, reference: string, locale: "en" | "zh" = "en") {
  await page.goto(`/${locale}/admin/applications?q=${encodeURIComponent(reference)}`);
  await page.getByRole("link", { name: reference, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(locale === "en" ? `Application ${reference}` : `申请 ${reference}`);
}

/** Full-page pictures at desktop and phone width, kept with the test's output for a person to look at. */
async function screenshots(page: Page, name: string) {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `${name} scrolls sideways at ${width} px`).toBeLessThanOrEqual(0);
    await page.screenshot({ path: test.info().outputPath(`${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

test("an application goes from submission through review and a decision batch to the applicant's Accepted", async ({ browser, request }) => {
  test.setTimeout(180_000);
  const application = await submitApplication(request, `Crustal Magnetometer ${Date.now()}`);
  const { reference } = application;

  // The administrator assigns the demo reviewer.
  const admin = await pageAs(browser, "ADMIN");
  await openApplication(admin, reference);
  await expect(admin.getByRole("region", { name: "Reviewers" })).toContainText("No reviewer is assigned yet.");
  await admin.getByLabel("Reviewer", { exact: true }).selectOption({ label: `Demo Reviewer (${demoEmail("REVIEWER")})` });
  await admin.getByRole("button", { name: "Assign", exact: true }).click();
  await expect(admin.getByText("Reviewer assigned.")).toBeVisible();
  await expect(admin.getByTestId("reviewers")).toContainText("Demo Reviewer");

  // The reviewer finds it in their inbox, reads the file and scores it.
  const reviewer = await pageAs(browser, "REVIEWER");
  await reviewer.goto("/en/admin/applications");
  const row = reviewer.getByRole("row").filter({ hasText: reference });
  await expect(row).toContainText("To score");
  await row.getByRole("link", { name: reference }).click();
  const download = reviewer.waitForEvent("download");
  await reviewer.getByRole("link", { name: /Download technical-description\.pdf/ }).click();
  expect((await download).suggestedFilename()).toBe("technical-description.pdf");
  await expect(reviewer.getByRole("region", { name: "Scores" })).toContainText("once you have saved yours");
  // The form is the call's rubric: its instructions to reviewers, its scale and each criterion with its help.
  await expect(reviewer.getByTestId("rubric-instructions")).toContainText("1 is weak, 3 is sound, 5 is excellent.");
  await expect(reviewer.getByTestId("rubric-instructions")).toContainText("from 1 to 5");
  await expect(reviewer.getByRole("group", { name: "Technical feasibility" })).toContainText("How ready the payload is");
  for (const [criterion, score] of [["Scientific value", "4"], ["Technical feasibility", "5"], ["Diversity of cooperation", "3"]] as const) {
    await reviewer.getByRole("group", { name: criterion }).getByRole("radio", { name: score, exact: true }).check();
  }
  await reviewer.getByLabel("Comment", { exact: true }).fill("A mature instrument; two partner countries in South America.");
  await reviewer.getByRole("button", { name: "Save scores" }).click();
  await expect(reviewer.getByText("Scores saved.")).toBeVisible();
  await expect(reviewer.getByTestId("score-averages")).toContainText("4.00");
  await reviewer.context().close();

  // The administrator sees the scores and moves the application through review.
  await admin.reload();
  const averages = admin.getByTestId("score-averages");
  await expect(averages).toContainText("4.00");
  await expect(averages).toContainText("5.00");
  await expect(averages).toContainText("3.00");
  await expect(admin.getByTestId("score-table")).toContainText("A mature instrument");
  await expectNoAxeViolations(admin, "application page with scores (en)");
  await screenshots(admin, "application-en");
  await admin.goto(admin.url().replace("/en/", "/zh/"));
  await expect(admin.getByRole("heading", { level: 1 })).toHaveText(`申请 ${reference}`);
  await expect(admin.getByRole("region", { name: "评分" })).toContainText("4.00");
  await expectNoAxeViolations(admin, "application page with scores (zh)");
  await screenshots(admin, "application-zh");
  await admin.goto(admin.url().replace("/zh/", "/en/"));

  await admin.getByRole("button", { name: "Move to Under review" }).click();
  await expect(admin.getByTestId("status-history")).toContainText("Under review");
  await admin.getByRole("button", { name: "Move to Shortlisted" }).click();
  await expect(admin.getByTestId("status-history")).toContainText("Shortlisted");
  await expect(admin.getByRole("button", { name: /^Move to/ })).toHaveCount(0);

  // It prepares an acceptance with a note, and reviews the batch.
  await admin.getByRole("group", { name: "Decision" }).getByRole("radio", { name: "Accept", exact: true }).check();
  await admin.getByLabel("Note to the applicant (optional)").fill("Welcome aboard Tianwen-3.");
  await admin.getByRole("button", { name: "Add to the decision batch" }).click();
  await expect(admin.getByTestId("prepared-decision")).toContainText("Accepted");
  await admin.getByRole("link", { name: "Review the batch" }).click();
  await expect(admin.getByRole("heading", { level: 1 })).toHaveText("Decisions");
  const batch = admin.getByTestId("decision-batch");
  await expect(batch.getByRole("row").filter({ hasText: reference })).toContainText("Accept");
  await expect(batch).toContainText("Welcome aboard Tianwen-3.");
  await expect(admin.getByTestId("capacity-after-batch")).toContainText("Orbiter");
  await expectNoAxeViolations(admin, "decisions page (en)");
  await screenshots(admin, "decisions-en");
  await admin.goto("/zh/admin/decisions");
  await expect(admin.getByRole("heading", { level: 1 })).toHaveText("决定");
  await expectNoAxeViolations(admin, "decisions page (zh)");
  await screenshots(admin, "decisions-zh");
  await admin.goto("/en/admin/decisions");

  // Applying the batch: progress on the button, then a summary.
  const apply = admin.getByRole("button", { name: /^Apply \d+ decisions?$/ });
  await apply.click();
  await expect(admin.getByRole("status").filter({ hasText: /decisions? applied/ })).toContainText(`${reference}: Accept`);
  await expect(admin.getByText("No decision is prepared.")).toBeVisible();

  // The notice waits in the outbox until released; the applicant has had no decision mail yet.
  await admin.getByRole("link", { name: /decision notices? (is|are) waiting in the outbox/ }).click();
  const notice = admin.getByRole("article", { name: `Your application is accepted: ${reference}` });
  await notice.getByText("Read the notice").click();
  await expect(notice.getByTestId("mail-preview")).toContainText("Welcome aboard Tianwen-3.");
  await expectNoAxeViolations(admin, "outbox (en)");
  await screenshots(admin, "outbox-en");
  expect((await readMail(application.email)).map((m) => m.subject)).not.toContain(`Your application is accepted: ${reference}`);
  await notice.getByRole("checkbox").check();
  await admin.getByRole("button", { name: "Release selected" }).click();
  await expect(admin.getByRole("status").filter({ hasText: "notice sent" })).toHaveText("1 notice sent.");
  await expect(admin.getByTestId("released-mail")).toContainText(reference);

  const mail = await waitForMail(application.email, (m) => m.subject === `Your application is accepted: ${reference}`);
  expect(mail.text).toContain(application.payloadName);
  expect(mail.text).toContain("Welcome aboard Tianwen-3.");

  // The applicant's own page says so.
  const applicant = await browser.newPage();
  await applicant.goto(application.statusUrl);
  await expect(applicant.getByTestId("application-status")).toHaveText("Accepted");
  await expect(applicant.getByTestId("application-history")).toContainText("Accepted");
  await applicant.close();
  await admin.context().close();
});

test("a viewer reads the inbox and an application but finds no control to change them", async ({ browser, request }) => {
  const { reference } = await submitApplication(request, `Viewer Check ${Date.now()}`);
  const page = await pageAs(browser, "VIEWER");
  await page.goto("/en/admin/applications");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Applications");
  await expect(page.getByRole("row").filter({ hasText: reference })).toBeVisible();
  await expect(page.getByRole("link", { name: /Download CSV/ })).toBeVisible();
  await openApplication(page, reference);
  await expect(page.getByRole("region", { name: "Reviewers" })).toBeVisible();
  await expect(page.getByRole("button", { name: /Assign|Unassign|Move to|Save scores|decision batch/ })).toHaveCount(0);
  await expect(page.getByRole("combobox")).toHaveCount(0);
  await expect(page.getByRole("textbox")).toHaveCount(0);
  await expect(page.getByRole("radio")).toHaveCount(0);
  const response = await page.goto("/en/admin/decisions");
  expect(response?.status()).toBe(403);
  await page.context().close();
});

test("the inbox passes axe in both languages and fits a phone", async ({ browser, request }) => {
  await submitApplication(request, `Inbox Check ${Date.now()}`);
  const page = await pageAs(browser, "ADMIN");
  for (const locale of ["en", "zh"] as const) {
    await page.goto(`/${locale}/admin/applications?sort=submitted&dir=desc`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(locale === "en" ? "Applications" : "申请");
    await expect(page.getByRole("table")).toBeVisible();
    await expectNoAxeViolations(page, `inbox (${locale})`);
    await screenshots(page, `inbox-${locale}`);
  }
  const csv = await page.request.get("/api/admin/exports/applications?status=SUBMITTED");
  expect(csv.status()).toBe(200);
  expect(await csv.text()).toMatch(/^\uFEFF?reference,status,submittedAt/);
  await page.context().close();
});

test("assigning, scoring and moving an application work with JavaScript turned off", async ({ browser, request }) => {
  const { reference } = await submitApplication(request, `No Script Sounder ${Date.now()}`);
  const adminContext = await browser.newContext({ javaScriptEnabled: false });
  const admin = await adminContext.newPage();
  await signIn(admin, "ADMIN");
  await openApplication(admin, reference);
  await admin.getByLabel("Reviewer", { exact: true }).selectOption({ label: `Demo Reviewer (${demoEmail("REVIEWER")})` });
  await admin.getByRole("button", { name: "Assign", exact: true }).click();
  await expect(admin.getByText("Reviewer assigned.")).toBeVisible();
  await admin.getByRole("button", { name: "Move to Under review" }).click();
  await expect(admin.getByTestId("status-history")).toContainText("Under review");

  const reviewerContext = await browser.newContext({ javaScriptEnabled: false });
  const reviewer = await reviewerContext.newPage();
  await signIn(reviewer, "REVIEWER");
  await openApplication(reviewer, reference);
  // A missing score comes back with the error summary, the other answers kept.
  await reviewer.getByRole("group", { name: "Scientific value" }).getByRole("radio", { name: "5", exact: true }).check();
  await reviewer.getByLabel("Comment", { exact: true }).fill("Clear science case.");
  await reviewer.getByRole("button", { name: "Save scores" }).click();
  const summary = reviewer.getByRole("alert").filter({ hasText: "There is a problem" });
  await expect(summary.getByRole("link", { name: "Choose an option for “Technical feasibility”" })).toBeVisible();
  await expect(reviewer.getByLabel("Comment", { exact: true })).toHaveValue("Clear science case.");
  await reviewer.getByRole("group", { name: "Technical feasibility" }).getByRole("radio", { name: "3", exact: true }).check();
  await reviewer.getByRole("group", { name: "Diversity of cooperation" }).getByRole("radio", { name: "4", exact: true }).check();
  await reviewer.getByRole("button", { name: "Save scores" }).click();
  await expect(reviewer.getByText("Scores saved.")).toBeVisible();
  await expect(reviewer.getByTestId("score-averages")).toContainText("4.00");
  await adminContext.close();
  await reviewerContext.close();
});
