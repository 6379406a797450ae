import { mkdirSync } from "node:fs";
import { expect, type Page, test } from "@playwright/test";
import { contextAs } from "./admin-helpers";
import { COPY as APPLY, OFFER_PATH, startApplication, uniqueEmail } from "./apply-helpers";

// The privacy notice, the contact addresses and the error messages, in English, Chinese and French; and the staff
// panel's audit trail and dates. Texts are written out here so that a wrong translation fails.

const SHOTS = "/tmp/shots-trust";
mkdirSync(SHOTS, { recursive: true });

const COPY = {
  en: {
    footer: "Privacy",
    title: "Privacy notice",
    sections: ["What we collect", "Why we collect it", "Who sees it", "How long we keep it", "How to ask for your data to be deleted"],
    retention: "The portal does not delete applications by itself. Only what is said below is removed automatically:",
    linksRemoved: "the private links in them are removed 7 days after they are sent",
    unattached: "A file uploaded but never attached to an application is deleted after 24 hours.",
    noContact: "No contact address for personal data has been set for this portal yet.",
    formLink: "privacy notice",
    massError: "Enter “Mass (kg)” as a number in kg, like 12.5",
  },
  zh: {
    footer: "隐私",
    title: "隐私声明",
    sections: ["我们收集的信息", "收集的目的", "谁能看到", "保存多久", "如何要求删除您的数据"],
    retention: "本门户不会自行删除申请。只有下文所述内容会被自动删除：",
    linksRemoved: "其中的私人链接会在发送7天后删除",
    unattached: "已上传但从未附加到申请的文件会在24小时后删除。",
    noContact: "本门户尚未设置个人数据联系地址。",
    formLink: "隐私声明",
    massError: "请以千克为单位、用数字填写“质量（千克）”，例如12.5",
  },
  fr: {
    footer: "Confidentialité",
    title: "Politique de confidentialité",
    sections: ["Ce que nous recueillons", "Pourquoi nous le recueillons", "Qui le voit", "Combien de temps nous le conservons", "Comment demander la suppression de vos données"],
    retention: "Le portail ne supprime pas les candidatures de lui-même. Seul ce qui est indiqué ci-dessous est supprimé automatiquement :",
    linksRemoved: "les liens privés qu’elles contiennent sont supprimés 7 jours après l’envoi",
    unattached: "Un fichier téléversé mais jamais joint à une candidature est supprimé au bout de 24 heures.",
    noContact: "Aucune adresse de contact pour les données personnelles n’a encore été définie pour ce portail.",
    formLink: "politique de confidentialité",
    massError: "Indiquez « Mass (kg) » sous forme de nombre en kg, par exemple 12,5",
  },
} as const;

type Locale = keyof typeof COPY;
const LOCALES = Object.keys(COPY) as Locale[];

/** The notice under a form: the call's contact (or that it has none) and the link to the privacy notice. */
const formNotice = (page: Page) => page.locator("[data-form-notice]");

for (const locale of LOCALES) {
  const c = COPY[locale];

  test(`the footer links to the privacy notice, which says what, why, who, how long and whom to ask, in ${locale}`, async ({ page }) => {
    await page.goto(`/${locale}`);
    await page.getByRole("contentinfo").getByRole("link", { name: c.footer, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/${locale}/privacy$`));
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(c.title);
    for (const heading of c.sections) await expect(page.getByRole("heading", { level: 2, name: heading, exact: true })).toBeVisible();
    await expect(page.locator("[data-privacy-section=kept]")).toContainText(c.retention);
    await expect(page.locator("[data-privacy-section=kept]")).toContainText(c.linksRemoved);
    await expect(page.locator("[data-privacy-section=kept]")).toContainText(c.unattached);
    // The test server sets no PORTAL_CONTACT_EMAIL: the notice says so rather than showing an address.
    await expect(page.locator("[data-portal-contact=none]")).toContainText(c.noContact);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `${SHOTS}/privacy-${locale}-390.png`, fullPage: true });
  });

  test(`the start page and every form page link to the privacy notice and give the call's contact, in ${locale}`, async ({ page }) => {
    await page.goto(`/${locale}${OFFER_PATH}/apply`);
    await expect(formNotice(page).getByRole("link", { name: c.formLink })).toHaveAttribute("href", `/${locale}/privacy`);
    const token = await startApplication(page, "en", uniqueEmail("privacy"));
    for (const step of ["lead", "payload", "check"]) {
      await page.goto(`/${locale}/applications/${token}/${step}`);
      await expect(formNotice(page).getByRole("link", { name: c.formLink })).toHaveAttribute("href", `/${locale}/privacy`);
      await expect(page.getByRole("contentinfo").getByRole("link", { name: c.footer, exact: true })).toBeVisible();
    }
  });

  test(`a number that is not one is named with its unit and how to write it, in ${locale}`, async ({ page }) => {
    const token = await startApplication(page, "en", uniqueEmail("mass"));
    await page.goto(`/${locale}/applications/${token}/payload`);
    const mass = page.locator("input[name=massKg]");
    await mass.fill(locale === "zh" ? "很重" : "heavy");
    await page.getByRole("button", { name: locale === "fr" ? "Enregistrer et continuer" : APPLY[locale].continue }).click();
    await expect(page.locator("#field-massKg-error")).toContainText(c.massError);
    await expect(mass).toHaveAttribute("aria-invalid", "true");
    // The summary lists the same sentence, linked to the field; no error reads "Enter an answer".
    const summary = page.getByRole("alert").filter({ has: page.locator("#error-summary-title") });
    await expect(summary.getByRole("link", { name: c.massError, exact: true })).toHaveAttribute("href", "#field-massKg");
    await expect(summary).not.toContainText("Enter an answer");
    await page.screenshot({ path: `${SHOTS}/errors-${locale}.png`, fullPage: true });
  });
}

test("the privacy notice reads right to left in Arabic and fits a phone", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/ar/privacy");
  await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("إشعار الخصوصية");
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.screenshot({ path: `${SHOTS}/privacy-ar-390.png`, fullPage: true });
});

test("staff set a call's contact; the call page and its forms show it; the audit trail names who and what, with public-style dates in English, Chinese, French and Arabic", async ({ browser }) => {
  // Two browsers and a dozen staff pages, against a production server on a shared two-core machine.
  test.setTimeout(120_000);
  const admin = await (await contextAs(browser, "ADMIN")).newPage();
  await admin.goto("/en/admin/opportunities?q=Practice");
  await admin.locator("tbody").getByRole("link", { name: "Practice call (demonstration)" }).first().click();
  await admin.waitForURL(/\/en\/admin\/opportunities\/[^/?]+$/);
  const recordUrl = admin.url();
  await admin.getByRole("link", { name: "Edit : Practice call (demonstration)", exact: true }).click();
  const address = "practice-call-questions@example.org";
  await admin.getByLabel("Contact address", { exact: true }).fill(address);
  await admin.getByRole("button", { name: "Save changes" }).click();
  await expect(admin.getByText("Your changes are saved.")).toBeVisible();

  // The public call page (rebuilt on the change) and a form page show the address as a mail link.
  const visitor = await browser.newPage();
  await visitor.goto(`/en${OFFER_PATH}`);
  await expect(visitor.locator("[data-call-contact]").getByRole("link", { name: address })).toHaveAttribute("href", `mailto:${address}`);
  await visitor.goto(`/zh${OFFER_PATH}/apply`);
  await expect(formNotice(visitor).getByRole("link", { name: address })).toHaveAttribute("href", `mailto:${address}`);

  // The audit entry of that change: the admin's name, the call's title, labelled fields, the action in words.
  await admin.goto("/en/admin/audit?entity=Opportunity&action=update");
  const entry = admin.getByRole("row").filter({ hasText: "Practice call (demonstration)" }).first();
  await expect(entry.locator("[data-audit-actor]")).toContainText(/by .+ \(admin@demo\.portal\.example\)/);
  await expect(entry).toContainText("Changed · Opportunity or call");
  await expect(entry.locator("[data-audit-record]").getByRole("link", { name: "Practice call (demonstration)" })).toHaveAttribute("href", new URL(recordUrl).pathname);
  await expect(entry.locator("[data-field=contactEmail] dt")).toHaveText("Contact email");
  // Dates as public pages write them: the month in words and a 24-hour time, in UTC.
  await expect(entry.locator("time").first()).toHaveText(/^\d{1,2} [A-Z][a-z]+ \d{4} at \d{2}:\d{2}:\d{2} UTC$/);
  await admin.goto("/zh/admin/audit?entity=Opportunity&action=update");
  await expect(admin.getByRole("row").filter({ hasText: "练习征集（演示）" }).first().locator("time").first()).toHaveText(/^\d{4}年\d{1,2}月\d{1,2}日 UTC \d{2}:\d{2}:\d{2}$/);
  await admin.screenshot({ path: `${SHOTS}/audit-zh.png`, fullPage: false });
  // French and Arabic staff pages write the same instant with the month in words, and the change's labels in words too.
  await admin.goto("/fr/admin/audit?entity=Opportunity&action=update");
  const entryFr = admin.getByRole("row").filter({ hasText: "Practice call (demonstration)" }).first();
  await expect(entryFr.locator("time").first()).toHaveText(/^\d{1,2} [a-zéû]+ \d{4} à \d{2}:\d{2}:\d{2} UTC$/);
  await expect(entryFr.locator("[data-audit-actor]")).toContainText("admin@demo.portal.example");
  await expect(entryFr.locator("[data-field=contactEmail] dt")).not.toHaveText("contactEmail");
  await admin.goto("/ar/admin/audit?entity=Opportunity&action=update");
  await expect(admin.getByRole("row").filter({ hasText: "Practice call (demonstration)" }).first().locator("time").first()).toHaveText(/^\d{1,2} \S+ \d{4} في \d{2}:\d{2}:\d{2} UTC$/);
  await admin.goto(recordUrl);
  // The record's "last changed" reads like a public date ("7 December 2026"), not "Dec 7, 2026, 4:44 AM".
  await expect(admin.getByText(/^\d{1,2} [A-Z][a-z]+ \d{4} at \d{2}:\d{2} UTC$/).first()).toBeVisible();
  await expect(admin.getByText(/[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2}/)).toHaveCount(0);
  await admin.context().close();
  await visitor.close();
});
