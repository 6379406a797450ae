import { expect, test, type Page } from "@playwright/test";
import { readPdf } from "../support/pdf-text";
import {
  COPY,
  NOT_A_PDF,
  OFFER_PATH,
  PAYLOAD_NAME,
  REFERENCE,
  TOKEN_PATTERN,
  answerEligibility,
  applicationLinkIn,
  applyUntilCheck,
  chooseRadioByKeyboard,
  continueStep,
  declarationBox,
  expectNoAxeViolations,
  expectVisibleFocus,
  fillLead,
  fillPayload,
  fillScience,
  goToCheck,
  radioIn,
  readMail,
  startApplication,
  tabTo,
  tokenOf,
  typeInto,
  uploadFile,
  uploadTechnicalDescription,
  uniqueEmail,
  VALID_PDF,
  waitForMail,
  type Locale,
} from "./apply-helpers";

const errorSummary = (page: Page, locale: Locale) => page.getByRole("alert").filter({ has: page.getByRole("heading", { name: COPY[locale].errorSummary }) });

/** Submits the declaration; returns the reference shown on the confirmation page. */
async function submitFromCheck(page: Page, locale: Locale): Promise<string> {
  await declarationBox(page, locale).check();
  await page.getByRole("button", { name: COPY[locale].submit }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(COPY[locale].confirmationTitle);
  const reference = (await page.getByTestId("confirmation-reference").textContent())?.trim() ?? "";
  expect(reference).toMatch(REFERENCE);
  return reference;
}

test.describe("applying to the practice call, on the Tianwen-3 form", () => {
  test("in English, from the call's page to the confirmation, the email, the receipt and the status page", async ({ page }) => {
    test.setTimeout(180_000);
    const c = COPY.en;
    const email = uniqueEmail();

    // The call leads to the start page, which says it is a practice call and what is needed, and checks eligibility.
    await page.goto(`/en${OFFER_PATH}`);
    await page.getByRole("link", { name: c.startLink }).click();
    await expect(page).toHaveURL(new RegExp(`/en${OFFER_PATH}/apply$`));
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Apply: Practice call (demonstration)");
    await expect(page.getByTestId("demonstration-notice")).toHaveText("This is a practice call for trying the application form. Nothing submitted here is reviewed.");
    await expectNoAxeViolations(page, "start page");

    await page.getByRole("button", { name: c.start }).click();
    await expect(errorSummary(page, "en")).toBeFocused();
    await expect(errorSummary(page, "en").getByRole("link", { name: `Enter “${c.email}” as an email address, like name@example.org` })).toBeVisible();
    await expectNoAxeViolations(page, "start page with errors");

    await answerEligibility(page, "en", { sharesData: "no" });
    await page.getByLabel(c.email, { exact: true }).fill(email);
    await page.getByRole("button", { name: c.start }).click();
    const notEligible = page.getByRole("alert").filter({ hasText: c.notEligibleTitle });
    await expect(notEligible.getByRole("heading", { name: c.notEligibleTitle })).toBeVisible();
    await expect(notEligible.getByRole("listitem")).toHaveText([c.noDataSharing]);
    await expect(page).toHaveURL(/\/apply$/);
    await expectNoAxeViolations(page, "start page, not eligible");

    await answerEligibility(page, "en");
    await page.getByLabel(c.email, { exact: true }).fill(email);
    await page.getByRole("button", { name: c.start }).click();
    await expect(page).toHaveURL(new RegExp(`/en/applications/${TOKEN_PATTERN}/lead$`));
    const token = tokenOf(page);
    await expect(page.getByText("Step 1 of 5")).toBeVisible();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(c.steps.lead);
    await expectNoAxeViolations(page, "lead step");

    // An empty step 1: a focused summary linking to each field, and the error beside each field.
    await continueStep(page, "en");
    const summary = errorSummary(page, "en");
    await expect(summary).toBeFocused();
    await expect(page).toHaveURL(/\/lead$/);
    // Each message names its question and says what to enter.
    for (const [message, href] of [
      [`Enter “${c.institutionName}”`, "#field-institutionName"],
      [`Choose an answer for “${c.institutionType}”`, "#field-institutionType"],
      [`Enter “${c.country}” as a two-letter country or region code, like FR`, "#field-country"],
      [`Enter “${c.contactName}”`, "#field-contactName"],
      [`Enter “${c.contactEmail}” as an email address, like name@example.org`, "#field-contactEmail"],
    ] as const) {
      await expect(summary.getByRole("link", { name: message, exact: true })).toHaveAttribute("href", href);
    }
    const institutionName = page.getByLabel(c.institutionName, { exact: true });
    await expect(institutionName).toHaveAttribute("aria-invalid", "true");
    await expect(institutionName).toHaveAccessibleDescription(`Error: Enter “${c.institutionName}”`);
    await expect(page.locator("#field-institutionName-error")).toBeVisible();
    await expect(page.getByRole("group", { name: c.institutionType })).toHaveAccessibleDescription(`Error: Choose an answer for “${c.institutionType}”`);
    await expect(page.getByLabel(c.contactPhone, { exact: true })).not.toHaveAttribute("aria-invalid", "true");
    // A summary link takes the user to the field itself.
    await summary.getByRole("link", { name: `Enter “${c.contactName}”`, exact: true }).click();
    await expect(page).toHaveURL(/#field-contactName$/);
    await expect(page.getByLabel(c.contactName, { exact: true })).toBeFocused();
    await expect(page.getByLabel(c.contactName, { exact: true })).toBeInViewport();
    await expectNoAxeViolations(page, "lead step with errors");

    await fillLead(page, "en");
    await expect(page).toHaveURL(/\/payload$/);
    await expectNoAxeViolations(page, "payload step");

    // The capacity feedback is live; the server refuses more than the service module can still take.
    await fillPayload(page, "en", { carrier: "SERVICE_MODULE", massKg: "6", submit: false });
    const feedback = page.getByTestId("capacity-feedback");
    // Other tests may have accepted payloads on this server: the figure is whatever is left.
    await expect(feedback).toContainText(/Service module: [\d.]+ kg still available/);
    await expect(feedback).toContainText(/\d+(\.\d+)? kg more than the Service module can still take/i);
    await continueStep(page, "en");
    await expect(errorSummary(page, "en")).toBeFocused();
    await expect(errorSummary(page, "en").getByRole("link", { name: `${c.massKg}: ${c.overCapacity}` })).toBeVisible();
    await expect(page.getByLabel(c.massKg, { exact: true })).toHaveAccessibleDescription(new RegExp(c.overCapacity));
    await expect(page).toHaveURL(/\/payload$/);
    await expectNoAxeViolations(page, "payload step with errors");
    // The other answers survive the refusal.
    await expect(page.getByLabel(c.payloadName, { exact: true })).toHaveValue(PAYLOAD_NAME);
    await expect(radioIn(page, c.carrier, c.carriers.SERVICE_MODULE)).toBeChecked();
    await page.getByLabel(c.massKg, { exact: true }).fill("2.5");
    await expect(feedback).toContainText("After this request: 2.5 kg would remain");
    await continueStep(page, "en");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(c.steps.science);
    await expectNoAxeViolations(page, "science step");

    await continueStep(page, "en");
    await expect(errorSummary(page, "en")).toBeFocused();
    await expect(errorSummary(page, "en").getByRole("link", { name: `Choose at least one option for “${c.objectives}”`, exact: true })).toBeVisible();
    await expectNoAxeViolations(page, "science step with errors");
    await fillScience(page, "en");
    await expectNoAxeViolations(page, "attachments step");

    // Attachments: the content decides what a PDF is, not the name.
    await uploadFile(page, "en", NOT_A_PDF);
    await expect(errorSummary(page, "en")).toBeFocused();
    await expect(errorSummary(page, "en")).toContainText(c.fileNotPdf);
    await expect(page.getByLabel(c.file, { exact: true })).toHaveAccessibleDescription(`Error: ${c.fileNotPdf}`);
    await expect(page.getByText("No file uploaded yet.")).toBeVisible();
    await expectNoAxeViolations(page, "attachments step with errors");
    await uploadTechnicalDescription(page, "en");
    await expect(page.getByTestId("attachments")).toContainText("Technical description: technical-description.pdf");
    await expectNoAxeViolations(page, "attachments step with a file");

    // Check your answers, and a change that comes back here.
    await goToCheck(page, "en");
    const answers = page.getByRole("main");
    for (const shown of ["Institut de Physique du Globe de Paris", "University", "France", "University of Cologne (Germany)", PAYLOAD_NAME, "Service module", "2.5 kg", "300 mm", "Geology", "technical-description.pdf"]) {
      await expect(answers.getByText(shown, { exact: true })).toBeVisible();
    }
    await expect(page.getByRole("link", { name: /^Change / })).not.toHaveCount(0);
    await expectNoAxeViolations(page, "check your answers");
    await page.getByRole("link", { name: `${c.change} ${c.payloadName}` }).click();
    await expect(page).toHaveURL(/\/payload\?returnTo=check$/);
    await expect(page.getByLabel(c.payloadName, { exact: true })).toHaveValue(PAYLOAD_NAME);
    await page.getByLabel(c.payloadName, { exact: true }).fill("Mars Ionosphere Sounder II");
    await continueStep(page, "en");
    await expect(page).toHaveURL(/\/check$/);
    await expect(answers.getByText("Mars Ionosphere Sounder II", { exact: true })).toBeVisible();

    // The declaration is required.
    await page.getByRole("button", { name: c.submit }).click();
    await expect(errorSummary(page, "en")).toBeFocused();
    await expect(errorSummary(page, "en")).toContainText(c.declarationRequired);
    await expect(declarationBox(page, "en")).toHaveAccessibleDescription(`Error: ${c.declarationRequired}`);
    await expectNoAxeViolations(page, "check your answers with errors");

    const reference = await submitFromCheck(page, "en");
    await expect(page).toHaveURL(new RegExp(`/en/applications/${token}/confirmation$`));
    await expect(page.getByText(`We have sent a confirmation email to ${email}.`)).toBeVisible();
    await expectNoAxeViolations(page, "confirmation");

    const mail = await waitForMail(email, (m) => m.subject.includes(reference) || m.text.includes(reference));
    expect(mail.subject).toBe(`${c.submittedSubject}: ${reference}`);
    expect(applicationLinkIn(mail).pathname).toBe(`/en/applications/${token}`);
    expect(mail.html).toContain(`/en/applications/${token}"`);

    const receiptHref = await page.getByRole("link", { name: c.receipt }).getAttribute("href");
    const receipt = await page.request.get(receiptHref!);
    expect(receipt.status()).toBe(200);
    expect(receipt.headers()["content-type"]).toBe("application/pdf");
    expect((await receipt.body()).subarray(0, 4).toString("latin1")).toBe("%PDF");
    const receiptPages = readPdf(new Uint8Array(await receipt.body())).pages;
    const receiptLines = receiptPages.flatMap((p) => p.lines);
    for (const shown of [reference, "Institut de Physique du Globe de Paris", "Marie Dupont", "Mars Ionosphere Sounder II", "Service module", "2.5 kg", "technical-description.pdf"]) {
      expect(receiptLines, shown).toContain(shown);
    }
    expect(receiptPages.flatMap((p) => p.links)).toEqual([expect.stringMatching(new RegExp(`/en/applications/${token}$`))]);

    await page.getByRole("link", { name: c.viewStatus }).click();
    await expect(page).toHaveURL(new RegExp(`/en/applications/${token}$`));
    await expect(page.getByTestId("application-status")).toHaveText(c.status.SUBMITTED);
    await expect(page.getByTestId("application-reference")).toHaveText(reference);
    await expectNoAxeViolations(page, "status page");
  });

  test("in Chinese, with Chinese headings, messages and email", async ({ page }) => {
    test.setTimeout(120_000);
    const c = COPY.zh;
    const email = uniqueEmail("applicant-zh");

    await page.goto(`/zh${OFFER_PATH}`);
    await page.getByRole("link", { name: c.startLink }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("申请：练习征集（演示）");
    await expect(page.getByTestId("demonstration-notice")).toHaveText("这是用于体验申请表的练习征集。在此提交的内容不会被评审。");
    await expect(page.getByRole("heading", { name: "申请资格自查" })).toBeVisible();

    await answerEligibility(page, "zh", { sharesData: "no" });
    await page.getByLabel(c.email, { exact: true }).fill(email);
    await page.getByRole("button", { name: c.start }).click();
    const notEligible = page.getByRole("alert").filter({ hasText: c.notEligibleTitle });
    await expect(notEligible.getByRole("heading", { name: c.notEligibleTitle })).toBeVisible();
    await expect(notEligible).toContainText(c.noDataSharing);

    await answerEligibility(page, "zh");
    await page.getByLabel(c.email, { exact: true }).fill(email);
    await page.getByRole("button", { name: c.start }).click();
    await expect(page).toHaveURL(new RegExp(`/zh/applications/${TOKEN_PATTERN}/lead$`));
    const token = tokenOf(page);
    await expect(page.getByText("第1步，共5步")).toBeVisible();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(c.steps.lead);

    await continueStep(page, "zh");
    await expect(errorSummary(page, "zh")).toBeFocused();
    await expect(errorSummary(page, "zh").getByRole("link", { name: `请填写“${c.institutionName}”`, exact: true })).toBeVisible();
    await expect(page.getByLabel(c.institutionName, { exact: true })).toHaveAccessibleDescription(new RegExp(`请填写“${c.institutionName}”`));
    await expectNoAxeViolations(page, "zh lead step with errors");

    await fillLead(page, "zh");
    await expect(page.getByText("第2步，共5步")).toBeVisible();
    await fillPayload(page, "zh", { submit: false });
    await expect(page.getByTestId("capacity-feedback")).toContainText(/轨道器：尚余[\d.]+千克/);
    await continueStep(page, "zh");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(c.steps.science);
    await fillScience(page, "zh");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(c.steps.attachments);

    await uploadFile(page, "zh", NOT_A_PDF);
    await expect(errorSummary(page, "zh")).toContainText(c.fileNotPdf);
    await uploadTechnicalDescription(page, "zh");
    await goToCheck(page, "zh");
    // Names are shown as typed; the country is named in Chinese.
    await expect(page.getByRole("main").getByText(/^University of Cologne ?[（(]德国[）)]$/)).toBeVisible();
    await expect(page.getByRole("main").getByText("轨道器", { exact: true })).toBeVisible();
    await expectNoAxeViolations(page, "zh check your answers");

    await page.getByRole("button", { name: c.submit }).click();
    await expect(errorSummary(page, "zh")).toContainText(c.declarationRequired);

    const reference = await submitFromCheck(page, "zh");
    await expect(page.getByText(`我们已向${email}发送确认邮件。`)).toBeVisible();
    await expectNoAxeViolations(page, "zh confirmation");

    const mail = await waitForMail(email, (m) => m.subject.includes(reference));
    expect(mail.subject).toBe(`${c.submittedSubject}：${reference}`);
    expect(mail.text).toContain("感谢您的申请");
    expect(applicationLinkIn(mail).pathname).toBe(`/zh/applications/${token}`);

    await page.getByRole("link", { name: c.viewStatus }).click();
    await expect(page.getByTestId("application-status")).toHaveText(c.status.SUBMITTED);
    await expect(page.getByTestId("application-history").locator("time").last()).toHaveText(c.day);
    await expectNoAxeViolations(page, "zh status page");
  });

  test("a draft resumes from the emailed link in another browser, is submitted, then withdrawn and locked", async ({ page, browser }) => {
    test.setTimeout(120_000);
    const c = COPY.en;
    const email = uniqueEmail("resume");
    const token = await startApplication(page, "en", email);
    await fillLead(page, "en");

    const resumeMail = await waitForMail(email);
    expect(resumeMail.subject).toBe(c.resumeSubject);
    const link = applicationLinkIn(resumeMail);
    expect(link.pathname).toBe(`/en/applications/${token}`);

    // A new context has none of the first one's cookies: the link alone opens the draft.
    const context = await browser.newContext();
    try {
      const other = await context.newPage();
      await other.goto(link.pathname);
      await expect(other.getByTestId("application-status")).toHaveText(c.status.DRAFT);
      const steps = other.getByRole("region", { name: "Continue your application" });
      await expect(steps.getByRole("listitem").filter({ hasText: c.steps.lead })).toContainText("Completed");
      await expect(steps.getByRole("listitem").filter({ hasText: c.steps.payload })).toContainText("Not started");
      await steps.getByRole("link", { name: c.steps.payload }).click();
      await expect(other.getByRole("heading", { level: 1 })).toHaveText(c.steps.payload);
      await fillPayload(other, "en");
      await fillScience(other, "en");
      await uploadTechnicalDescription(other, "en");
      await goToCheck(other, "en");
      await expect(other.getByRole("main").getByText("Institut de Physique du Globe de Paris", { exact: true })).toBeVisible();
      const reference = await submitFromCheck(other, "en");

      await other.goto(link.pathname);
      await expect(other.getByTestId("application-status")).toHaveText(c.status.SUBMITTED);
      await expect(other.getByTestId("application-reference")).toHaveText(reference);
      const submitted = other.getByTestId("application-history").getByRole("listitem").filter({ hasText: c.status.SUBMITTED });
      await expect(submitted.locator("time")).toHaveText(c.day);
      await expect(submitted.locator("time")).toHaveAttribute("datetime", /^\d{4}-\d{2}-\d{2}T/);
      await expect(other.getByRole("region", { name: "Continue your application" })).toHaveCount(0);

      // Withdrawal needs the confirmation ticked.
      await other.getByRole("button", { name: c.withdraw }).click();
      // The refusal re-renders the form (React resets it), so tick the box only once the refusal is shown.
      await expect(other.locator("#error-summary-title")).toBeVisible();
      await expect(other.getByTestId("application-status")).toHaveText(c.status.SUBMITTED);
      await other.getByRole("checkbox", { name: c.withdrawConfirm }).check();
      await other.getByRole("button", { name: c.withdraw }).click();
      await expect(other.getByTestId("application-status")).toHaveText(c.status.WITHDRAWN);
      await expect(other.getByRole("status")).toHaveText(c.withdrawn);
      await expect(other.getByTestId("application-history").getByRole("listitem").filter({ hasText: c.status.WITHDRAWN })).toHaveCount(1);
      await expect(other.getByRole("button", { name: c.withdraw })).toHaveCount(0);
      await expectNoAxeViolations(other, "withdrawn status page");
      await waitForMail(email, (m) => m.subject === `Application withdrawn: ${reference}`);

      // Nothing can be edited any more: every step address leads to the status page.
      for (const step of ["lead", "payload", "science", "attachments", "check"]) {
        await other.goto(`/en/applications/${token}/${step}`);
        await expect(other).toHaveURL(new RegExp(`/en/applications/${token}$`));
        await expect(other.getByTestId("application-status")).toHaveText(c.status.WITHDRAWN);
      }
    } finally {
      await context.close();
    }
  });

  test("submitting twice sends one confirmation and keeps one reference", async ({ page, context }) => {
    test.setTimeout(120_000);
    const email = uniqueEmail("double");
    const token = await applyUntilCheck(page, "en", email);

    // A second tab still showing check your answers, as after going back.
    const stale = await context.newPage();
    await stale.goto(`/en/applications/${token}/check`);
    await expect(declarationBox(stale, "en")).toBeVisible();

    await declarationBox(page, "en").check();
    await page.getByRole("button", { name: COPY.en.submit }).dblclick();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(COPY.en.confirmationTitle);
    const reference = (await page.getByTestId("confirmation-reference").textContent())?.trim() ?? "";
    expect(reference).toMatch(REFERENCE);

    await declarationBox(stale, "en").check();
    await stale.getByRole("button", { name: COPY.en.submit }).click();
    await expect(stale.getByRole("heading", { level: 1 })).toHaveText(COPY.en.confirmationTitle);
    await expect(stale.getByTestId("confirmation-reference")).toHaveText(reference);

    await waitForMail(email, (m) => m.subject.startsWith(COPY.en.submittedSubject));
    // Give a stray second message time to arrive before counting.
    await page.waitForTimeout(2_000);
    const confirmations = (await readMail(email)).filter((m) => m.subject.startsWith(COPY.en.submittedSubject));
    expect(confirmations.map((m) => m.subject)).toEqual([`${COPY.en.submittedSubject}: ${reference}`]);

    await page.goto(`/en/applications/${token}`);
    await expect(page.getByTestId("application-reference")).toHaveText(reference);
    await expect(page.getByTestId("application-history").getByRole("listitem").filter({ hasText: COPY.en.status.SUBMITTED })).toHaveCount(1);
  });

  test("can be completed with the keyboard alone, with focus always visible", async ({ page }) => {
    test.setTimeout(120_000);
    const c = COPY.en;
    const email = uniqueEmail("keyboard");
    const kb = page.keyboard;
    const group = (legend: string) => page.getByRole("group", { name: legend, exact: true });

    await page.goto(`/en${OFFER_PATH}`);
    const startLink = page.getByRole("link", { name: c.startLink });
    await tabTo(startLink);
    await expectVisibleFocus(startLink);
    await kb.press("Enter");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Apply: Practice call (demonstration)");

    await chooseRadioByKeyboard(group(c.outsideChina), c.yes);
    await expectVisibleFocus(radioIn(page, c.outsideChina, c.yes));
    await chooseRadioByKeyboard(group(c.fundsDevelopment), c.yes);
    // Arrow keys move within a group: No, then back to Yes.
    await chooseRadioByKeyboard(group(c.sharesData), c.no);
    await kb.press("ArrowUp");
    await expect(radioIn(page, c.sharesData, c.yes)).toBeChecked();
    await typeInto(page.getByLabel(c.email, { exact: true }), email);
    await expectVisibleFocus(page.getByLabel(c.email, { exact: true }));
    await tabTo(page.getByRole("button", { name: c.start }));
    await kb.press("Enter");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(c.steps.lead);

    await typeInto(page.getByLabel(c.institutionName, { exact: true }), "Osaka University");
    await chooseRadioByKeyboard(group(c.institutionType), c.university);
    await typeInto(page.getByLabel(c.country, { exact: true }), "JP");
    await typeInto(page.getByLabel(c.contactName, { exact: true }), "Keiko Tanaka");
    await typeInto(page.getByLabel(c.contactEmail, { exact: true }), "keiko.tanaka@example.org");
    await typeInto(page.getByLabel(c.participantName, { exact: true }), "Tohoku University");
    await typeInto(page.getByLabel(c.participantCountry, { exact: true }), "JP");
    const saveLead = page.getByRole("button", { name: c.continue });
    await tabTo(saveLead);
    await expectVisibleFocus(saveLead);
    await kb.press("Enter");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(c.steps.payload);

    await typeInto(page.getByLabel(c.payloadName, { exact: true }), "Dust Counter");
    await chooseRadioByKeyboard(group(c.payloadKind), c.instrument);
    await chooseRadioByKeyboard(group(c.carrier), c.carriers.ORBITER);
    for (const [label, value] of [
      [c.massKg, "0.8"],
      [c.peakPowerW, "5"],
      [c.averagePowerW, "3"],
      [c.lengthMm, "120"],
      [c.widthMm, "100"],
      [c.heightMm, "80"],
      [c.dataVolumeMbPerDay, "20"],
      [c.pointingNeeds, "None in particular."],
      [c.thermalNeeds, "Between -10 and +30 °C."],
      [c.trl, "5"],
      [c.heritage, "A laboratory model was tested in a vacuum chamber."],
    ] as const) {
      await typeInto(page.getByLabel(label, { exact: true }), value);
    }
    await tabTo(page.getByRole("button", { name: c.continue }));
    await kb.press("Enter");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(c.steps.science);

    const geology = group(c.objectives).getByRole("checkbox", { name: c.geology, exact: true });
    await tabTo(geology);
    await kb.press("Space");
    await expect(geology).toBeChecked();
    await expectVisibleFocus(geology);
    await typeInto(page.getByLabel(c.expectedResults, { exact: true }), "Counts of dust grains along the orbit for a Martian year.");
    await typeInto(page.getByLabel(c.dataSharing, { exact: true }), "All counts go to the Chinese archive within three months.");
    await tabTo(page.getByRole("button", { name: c.continue }));
    await kb.press("Enter");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(c.steps.attachments);

    const fileInput = page.getByLabel(c.file, { exact: true });
    await tabTo(fileInput);
    await expectVisibleFocus(fileInput);
    const chooser = page.waitForEvent("filechooser");
    await kb.press("Space");
    await (await chooser).setFiles(VALID_PDF);
    await tabTo(page.getByRole("button", { name: c.upload }));
    await kb.press("Enter");
    await expect(page.getByTestId("attachments")).toContainText("technical-description.pdf");
    const toCheck = page.getByRole("button", { name: c.continue });
    await tabTo(toCheck);
    await expectVisibleFocus(toCheck);
    await kb.press("Enter");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(c.steps.check);

    await tabTo(declarationBox(page, "en"));
    await kb.press("Space");
    await expect(declarationBox(page, "en")).toBeChecked();
    const submit = page.getByRole("button", { name: c.submit });
    await tabTo(submit);
    await expectVisibleFocus(submit);
    await kb.press("Enter");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(c.confirmationTitle);
    await expect(page.getByTestId("confirmation-reference")).toHaveText(REFERENCE);
  });

  test("a link with an unknown token answers 404", async ({ page }) => {
    const bad = await page.goto("/en/applications/not-a-real-token");
    expect(bad?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page not found");
    // Well formed, but no application has it.
    const unknown = await page.goto(`/en/applications/${"A".repeat(43)}/lead`);
    expect(unknown?.status()).toBe(404);
  });
});
