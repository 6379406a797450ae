import { expect as baseExpect, test, type Page } from "@playwright/test";
import { COPY, NOT_A_PDF, OFFER_PATH, VALID_PDF, answerEligibility, fillLead, fillPayload, tokenOf, uniqueEmail, type Locale } from "./apply-helpers";

// The form never loses or reverts an answer: pages come fresh from the server (Back included), a save from an older
// copy is refused naming what changed, one bad answer keeps the others, a chosen file goes with "Save and continue",
// and leaving with unsaved typing asks first.

type Lang = Locale | "fr";

// Each save and upload is a round trip to a server that may share its machine: give the answer time to arrive.
const expect = baseExpect.configure({ timeout: 15_000 });

const T: Record<Lang, { continue: string; upload: string; trl: string; heritage: string; payloadName: string; stale: string; changedTitle: string; kept: string; leave: string; fileSaved: string; fileSize: RegExp; checkTitle: string }> = {
  en: {
    continue: "Save and continue",
    upload: "Upload file",
    trl: COPY.en.trl,
    heritage: COPY.en.heritage,
    payloadName: COPY.en.payloadName,
    stale: "These answers were changed after you opened this page",
    changedTitle: "Saved since you opened this page",
    kept: "Your other answers on this page are saved.",
    leave: "You have answers on this page that are not saved. Leave the page and lose them?",
    fileSaved: "technical-description.pdf",
    fileSize: /\(\d+\s?kB\)/,
    checkTitle: COPY.en.steps.check,
  },
  zh: {
    continue: "保存并继续",
    upload: "上传文件",
    trl: COPY.zh.trl,
    heritage: COPY.zh.heritage,
    payloadName: COPY.zh.payloadName,
    stale: "您打开本页后，这些内容已被修改",
    changedTitle: "您打开本页后已保存的内容",
    kept: "本页其他填写内容已保存。",
    leave: "本页有尚未保存的填写内容。确定离开本页并放弃这些内容吗？",
    fileSaved: "technical-description.pdf",
    fileSize: /\(\d+\s?kB\)/,
    checkTitle: COPY.zh.steps.check,
  },
  // The call's questions are published in English and Chinese: a French page shows them in English.
  fr: {
    continue: "Enregistrer et continuer",
    upload: "Téléverser le fichier",
    trl: COPY.en.trl,
    heritage: COPY.en.heritage,
    payloadName: COPY.en.payloadName,
    stale: "Ces réponses ont été modifiées après l’ouverture de cette page",
    changedTitle: "Enregistré depuis que vous avez ouvert cette page",
    kept: "Vos autres réponses sur cette page sont enregistrées.",
    leave: "Certaines réponses de cette page ne sont pas enregistrées. Quitter la page et les perdre ?",
    fileSaved: "technical-description.pdf",
    fileSize: /\(\d+\s?ko\)/,
    checkTitle: "Vérifier vos réponses",
  },
};

const SHOTS = process.env.SCREENSHOT_DIR;
const shot = async (page: Page, name: string) => {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
};

/** A draft with the lead step saved, open on the payload step in `lang`; returns the token. */
async function draftOnPayload(page: Page, lang: Lang): Promise<string> {
  const start: Locale = lang === "fr" ? "en" : lang;
  const token = await startDraft(page, start, `integrity-${lang}`);
  await fillLead(page, start, { submit: false });
  await save(page, start);
  await expect(page).toHaveURL(/\/payload$/);
  if (lang === "fr") await page.goto(`/fr/applications/${token}/payload`);
  return token;
}

/** From the call's apply page to the draft's first step; returns the token. */
async function startDraft(page: Page, locale: Locale, prefix: string): Promise<string> {
  await page.goto(`/${locale}${OFFER_PATH}/apply`);
  await answerEligibility(page, locale);
  await page.getByLabel(COPY[locale].email, { exact: true }).fill(uniqueEmail(prefix));
  await page.getByRole("button", { name: COPY[locale].start }).click();
  await expect(page).toHaveURL(/\/lead$/);
  return tokenOf(page);
}

// The error summary (the router's own announcer is an alert too).
const summary = (page: Page) => page.locator('[role="alert"][aria-labelledby="error-summary-title"]');
const field = (page: Page, label: string) => page.getByLabel(label, { exact: true });
const save = (page: Page, lang: Lang) => page.getByRole("button", { name: T[lang].continue }).click();
const onScience = (page: Page) => expect(page).toHaveURL(/\/science$/);

test.describe("the application form keeps every answer", () => {
  // A dozen saves and page loads each, against a production server on a shared two-core machine.
  test.describe.configure({ timeout: 120_000 });
  for (const lang of ["en", "zh", "fr"] as const) {
    test(`${lang}: after Back the page shows the saved answer, and a save from an older copy is refused naming what changed`, async ({ page, context }) => {
      const token = await draftOnPayload(page, lang);
      const copy = lang === "fr" ? "en" : lang;
      await fillPayload(page, copy, { submit: false });
      await field(page, T[lang].trl).fill("5");
      await save(page, lang);
      await onScience(page);
      await page.goBack();
      await expect(page).toHaveURL(/\/payload$/);
      await expect(field(page, T[lang].trl)).toHaveValue("5");
      await field(page, T[lang].trl).fill("6");
      await save(page, lang);
      await onScience(page);

      // The browser's Back shows the page as saved now (6), not the copy it left (5).
      await page.goBack();
      await expect(page).toHaveURL(/\/payload$/);
      await expect(field(page, T[lang].trl)).toHaveValue("6");
      const fresh = await page.request.get(`/${lang}/applications/${token}/payload`);
      expect(fresh.headers()["cache-control"]).toBe("no-store");

      // Another tab saves 7; this one, loaded at 6, changes the heritage and saves.
      const other = await context.newPage();
      await other.goto(`/${lang}/applications/${token}/payload`);
      await field(other, T[lang].trl).fill("7");
      await save(other, lang);
      await onScience(other);
      await field(page, T[lang].heritage).fill("Typed in the older copy.");
      await save(page, lang);
      await expect(summary(page)).toContainText(T[lang].stale);
      const changed = page.getByTestId("changed-since");
      await expect(changed.getByRole("heading")).toHaveText(T[lang].changedTitle);
      await expect(changed.locator("dt")).toHaveText([T[lang].trl]);
      await expect(changed.locator("dd")).toHaveText(["7"]);
      // What was typed here stays in the fields; nothing was written.
      await expect(field(page, T[lang].heritage)).toHaveValue("Typed in the older copy.");
      await expect(page).toHaveURL(/\/payload$/);
      await shot(page, `stale-save-${lang}`);
      await other.goto(`/${lang}/applications/${token}/payload`);
      await expect(field(other, T[lang].trl)).toHaveValue("7");
      await expect(field(other, T[lang].heritage)).not.toHaveValue("Typed in the older copy.");

      // Having seen what changed, saving again keeps what this tab holds.
      await save(page, lang);
      await onScience(page);
      await other.reload();
      await expect(field(other, T[lang].heritage)).toHaveValue("Typed in the older copy.");
      await other.close();
    });

    test(`${lang}: one invalid answer keeps the others, shown again with its error after reloading, and blocks only moving on`, async ({ page }) => {
      const token = await draftOnPayload(page, lang);
      await fillPayload(page, lang === "fr" ? "en" : lang, { submit: false });
      await field(page, T[lang].trl).fill("12");
      await save(page, lang);
      const alert = summary(page);
      await expect(alert).toContainText(T[lang].kept);
      await expect(alert.getByRole("link").filter({ hasText: T[lang].trl })).toBeVisible();
      await expect(page).toHaveURL(/\/payload$/);
      await expect(field(page, T[lang].trl)).toHaveValue("12");

      page.once("dialog", (dialog) => void dialog.accept());
      await page.reload();
      await expect(field(page, T[lang].payloadName)).toHaveValue("Mars Ionosphere Sounder");
      await expect(field(page, T[lang].heritage)).toHaveValue("Derived from the MARSIS sounder on Mars Express.");
      await expect(field(page, T[lang].trl)).toHaveValue("12");
      await expect(field(page, T[lang].trl)).toHaveAttribute("aria-invalid", "true");
      await expect(summary(page)).toContainText(T[lang].kept);
      await shot(page, `kept-invalid-${lang}`);

      // The check page still refuses the incomplete draft.
      await page.goto(`/${lang}/applications/${token}/check`);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(T[lang].checkTitle);
      await expect(page.getByTestId("incomplete").getByRole("link", { name: COPY[lang === "fr" ? "en" : lang].steps.payload, exact: true })).toBeVisible();
      await expect(page.getByRole("button", { name: { en: COPY.en.submit, zh: COPY.zh.submit, fr: "Soumettre la candidature" }[lang] })).toHaveCount(0);
    });
  }

  test("on a phone-sized screen, the stale-save and kept-answer messages fit the page", async ({ browser }) => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    const token = await draftOnPayload(page, "zh");
    await fillPayload(page, "zh", { submit: false });
    await field(page, T.zh.trl).fill("12");
    await save(page, "zh");
    await expect(summary(page)).toContainText(T.zh.kept);
    await shot(page, "kept-invalid-zh-390");
    const other = await context.newPage();
    await other.goto(`/en/applications/${token}/payload`);
    await field(other, T.en.trl).fill("4");
    await save(other, "en");
    await onScience(other);
    await field(page, T.zh.trl).fill("6");
    await save(page, "zh");
    await expect(page.getByTestId("changed-since")).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await shot(page, "stale-save-zh-390");
    await context.close();
  });

  for (const lang of ["en", "zh", "fr"] as const) {
    test(`${lang}: a chosen file goes with "Save and continue"; a refused one keeps the applicant on the page`, async ({ page }) => {
      const token = await startDraft(page, lang === "fr" ? "en" : lang, `file-${lang}`);
      await page.goto(`/${lang}/applications/${token}/attachments`);
      // One primary action: "Save and continue"; "Upload file" stays for adding files one by one.
      await expect(page.getByRole("button", { name: T[lang].continue })).toHaveCount(1);
      await expect(page.getByRole("link", { name: T[lang].continue })).toHaveCount(0);
      const fileInput = page.locator("input[type=file]");
      await fileInput.setInputFiles(NOT_A_PDF);
      await page.getByRole("button", { name: T[lang].continue }).click();
      await expect(summary(page)).toBeVisible();
      await expect(page).toHaveURL(/\/attachments$/);
      await fileInput.setInputFiles(VALID_PDF);
      await page.getByRole("button", { name: T[lang].continue }).click();
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(T[lang].checkTitle);
      await page.goto(`/${lang}/applications/${token}/attachments`);
      await expect(page.getByTestId("attachments")).toContainText(T[lang].fileSaved);
    });

    test(`${lang}: without JavaScript, "Save and continue" on the files page uploads the chosen file, or refuses it and stays`, async ({ page, browser }) => {
      const token = await startDraft(page, lang === "fr" ? "en" : lang, `nojs-file-${lang}`);
      const context = await browser.newContext({ javaScriptEnabled: false });
      const plain = await context.newPage();
      await plain.goto(`/${lang}/applications/${token}/attachments`);
      await expect(plain.getByRole("button", { name: T[lang].continue })).toHaveCount(1);
      const fileInput = plain.locator("input[type=file]");
      await fileInput.setInputFiles(NOT_A_PDF);
      await plain.getByRole("button", { name: T[lang].continue }).click();
      await expect(plain).toHaveURL(/\/attachments$/);
      await expect(summary(plain)).toBeVisible();
      await expect(plain.getByTestId("attachments")).toHaveCount(0);
      await fileInput.setInputFiles(VALID_PDF);
      await plain.getByRole("button", { name: T[lang].continue }).click();
      await expect(plain.getByRole("heading", { level: 1 })).toHaveText(T[lang].checkTitle);
      await plain.goto(`/${lang}/applications/${token}/attachments`);
      await expect(plain.getByTestId("attachments")).toContainText(T[lang].fileSaved);
      // Its size in the reader's unit, never "0" for a small file.
      await expect(plain.getByTestId("attachments")).toContainText(T[lang].fileSize);
      await expect(plain.getByTestId("attachments")).not.toContainText(/\(0\s?(kB|ko|KB)\)/);
      // A file over the limit is answered with a page that says so and leads back, not with an error page.
      await fileInput.setInputFiles({ name: "large.pdf", mimeType: "application/pdf", buffer: Buffer.alloc(12 * 1024 * 1024) });
      const [answer] = await Promise.all([plain.waitForResponse((r) => r.request().method() === "POST"), plain.getByRole("button", { name: T[lang].continue }).click()]);
      expect(answer.status()).toBe(413);
      await expect(plain.getByRole("heading", { name: "The file is larger than 10 MB" })).toBeVisible();
      await plain.getByRole("link", { name: "Back to the form" }).click();
      await expect(plain.getByTestId("attachments")).toContainText(T[lang].fileSaved);
      await context.close();
    });

    test(`${lang}: switching language or leaving with unsaved typing asks first`, async ({ page }) => {
      const token = await draftOnPayload(page, lang);
      const beforeUnloadBlocked = () =>
        page.evaluate(() => {
          const event = new Event("beforeunload", { cancelable: true });
          window.dispatchEvent(event);
          return event.defaultPrevented;
        });
      expect(await beforeUnloadBlocked()).toBe(false);
      await field(page, T[lang].payloadName).fill("Typed, not saved");
      expect(await beforeUnloadBlocked()).toBe(true);

      const target = lang === "zh" ? "en" : "zh";
      const switcher = page.locator("details").filter({ has: page.locator("a[hreflang]") });
      const chooseTarget = async () => {
        if ((await switcher.getAttribute("open")) === null) await switcher.locator("summary").click();
        await switcher.locator(`a[hreflang^="${target}"]`).click();
      };
      const messages: string[] = [];
      page.once("dialog", (dialog) => {
        messages.push(dialog.message());
        void dialog.dismiss();
      });
      await chooseTarget();
      await expect.poll(() => messages).toEqual([T[lang].leave]);
      await expect(page).toHaveURL(new RegExp(`/${lang}/applications/${token}/payload$`));
      await expect(field(page, T[lang].payloadName)).toHaveValue("Typed, not saved");

      page.once("dialog", (dialog) => void dialog.accept());
      await chooseTarget();
      await expect(page).toHaveURL(new RegExp(`/${target}/applications/${token}/payload$`));
    });
  }
});
