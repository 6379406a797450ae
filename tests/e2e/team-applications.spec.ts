import { expect, test, type Browser, type Page } from "@playwright/test";
import { expectNoAxeViolations, fillLead, startApplication, TOKEN_PATTERN, uniqueEmail, waitForMail, type Mail } from "./apply-helpers";

// A team's application: the lead invites a colleague, who opens their own emailed link in another browser and edits a
// page; the lead then sees that change under the colleague's email. A read-only member sees the answers and no form.

type TeamLocale = "en" | "zh" | "fr";

// Written out rather than read from the catalogues, so that a missing translation fails here.
const TEAM = {
  en: {
    teamLink: "Team and history",
    email: "Their email address",
    roleRead: "Only read it",
    invite: "Send invitation",
    continue: "Save and continue",
    institutionName: "Lead institution name",
    leadPage: "Lead institution and contacts",
    history: "Who changed what",
    readOnly: "You can read this application, but not change it.",
    canEdit: "can edit",
    canRead: "can only read",
    subject: "You are invited to an application",
  },
  zh: {
    teamLink: "团队与修改记录",
    email: "对方的电子邮箱",
    roleRead: "仅查看",
    invite: "发送邀请",
    continue: "保存并继续",
    institutionName: "牵头机构名称",
    leadPage: "牵头机构和联系人",
    history: "修改记录",
    readOnly: "您可以查看此申请，但不能修改。",
    canEdit: "可编辑",
    canRead: "仅可查看",
    subject: "邀请您参与申请",
  },
  fr: {
    teamLink: "Équipe et historique",
    email: "Son adresse électronique",
    roleRead: "Seulement le lire",
    invite: "Envoyer l’invitation",
    continue: "Enregistrer et continuer",
    // The call's own wording exists in English and Chinese; a French page shows the English.
    institutionName: "Lead institution name",
    leadPage: "Lead institution and contacts",
    history: "Qui a modifié quoi",
    readOnly: "Vous pouvez lire cette candidature, mais pas la modifier.",
    canEdit: "peut modifier",
    canRead: "lecture seule",
    subject: "Invitation à une candidature",
  },
} as const;

/** The private link in an invitation, in whichever language the lead invited from. */
function memberLinkIn(mail: Mail): string {
  const match = new RegExp(`https?://\\S+/(?:en|zh|fr)/applications/${TOKEN_PATTERN}`).exec(mail.text);
  if (!match) throw new Error(`No application link in: ${mail.text}`);
  return new URL(match[0]).pathname;
}

async function inviteFromTeamPage(page: Page, locale: TeamLocale, email: string, role: "edit" | "read") {
  const t = TEAM[locale];
  await page.getByLabel(t.email, { exact: true }).fill(email);
  if (role === "read") await page.getByRole("radio", { name: t.roleRead, exact: true }).check();
  await page.getByRole("button", { name: t.invite }).click();
  await expect(page.getByTestId("team-members")).toContainText(email);
  const mail = await waitForMail(email, (m) => m.subject.startsWith(t.subject));
  return memberLinkIn(mail);
}

/** A separate browser, as the colleague's own machine: nothing of the lead's session or cookies. */
async function asSomeoneElse(browser: Browser) {
  const context = await browser.newContext();
  return { context, page: await context.newPage() };
}

for (const locale of ["en", "zh", "fr"] as const) {
  test(`a colleague invited by email edits the draft and the lead sees who changed what (${locale})`, async ({ page, browser }) => {
    const t = TEAM[locale];
    // The draft is started and its first page saved in English or Chinese; the team's pages are read in `locale`.
    const formLocale = locale === "zh" ? "zh" : "en";
    await startApplication(page, formLocale, uniqueEmail("lead"));
    await fillLead(page, formLocale);
    const token = new RegExp(`/applications/(${TOKEN_PATTERN})`).exec(page.url())![1]!;

    await page.goto(`/${locale}/applications/${token}`);
    await page.getByRole("link", { name: t.teamLink }).click();
    await expect(page).toHaveURL(new RegExp(`/${locale}/applications/${token}/team$`));
    await expectNoAxeViolations(page, `team page (${locale})`);

    const colleague = uniqueEmail("colleague");
    const colleagueLink = await inviteFromTeamPage(page, locale, colleague, "edit");
    expect(colleagueLink).not.toContain(token);
    await expect(page.getByTestId("team-member").filter({ hasText: colleague })).toContainText(t.canEdit);

    const other = await asSomeoneElse(browser);
    await other.page.goto(`${colleagueLink}/lead`);
    await expect(other.page.getByRole("heading", { level: 1 })).toHaveText(t.leadPage);
    await other.page.getByLabel(t.institutionName, { exact: true }).fill(`Colleague institute ${locale}`);
    await other.page.getByRole("button", { name: t.continue }).click();
    await expect(other.page).toHaveURL(/\/payload$/);
    await other.context.close();

    await page.reload();
    const latest = page.getByTestId("team-change").first();
    await expect(latest).toContainText(colleague);
    await expect(latest).toContainText(t.leadPage);
    await expect(latest).toContainText(t.institutionName);
    await expect(page.getByRole("heading", { name: t.history, exact: true })).toBeVisible();
  });

  test(`a read-only member sees the answers and no form (${locale})`, async ({ page, browser }) => {
    const t = TEAM[locale];
    const formLocale = locale === "zh" ? "zh" : "en";
    await startApplication(page, formLocale, uniqueEmail("lead"));
    await fillLead(page, formLocale);
    const token = new RegExp(`/applications/(${TOKEN_PATTERN})`).exec(page.url())![1]!;
    await page.goto(`/${locale}/applications/${token}/team`);
    const reader = uniqueEmail("reader");
    const readerLink = await inviteFromTeamPage(page, locale, reader, "read");
    await expect(page.getByTestId("team-member").filter({ hasText: reader })).toContainText(t.canRead);

    const other = await asSomeoneElse(browser);
    // Asking for a page's form sends a read-only member back to the application's own page.
    await other.page.goto(`${readerLink}/lead`);
    await expect(other.page).toHaveURL(new RegExp(`${readerLink}$`));
    await expect(other.page.getByTestId("read-only-note")).toContainText(t.readOnly);
    await expect(other.page.getByTestId("read-only-answers")).toContainText("Institut de Physique du Globe de Paris");
    await expect(other.page.locator("main form")).toHaveCount(0);
    await other.page.getByRole("link", { name: t.teamLink }).click();
    await expect(other.page.getByTestId("read-only-answers")).toContainText("Institut de Physique du Globe de Paris");
    await expect(other.page.getByTestId("invite-form")).toHaveCount(0);
    await expect(other.page.locator("main form input:not([type=hidden]), main form textarea, main form select")).toHaveCount(0);
    await expectNoAxeViolations(other.page, `read-only team page (${locale})`);
    await other.context.close();
  });
}

test("a removed colleague's link stops working at once", async ({ page, browser }) => {
  await startApplication(page, "en", uniqueEmail("lead"));
  const token = new RegExp(`/applications/(${TOKEN_PATTERN})`).exec(page.url())![1]!;
  await page.goto(`/en/applications/${token}/team`);
  const colleague = uniqueEmail("colleague");
  const link = await inviteFromTeamPage(page, "en", colleague, "edit");
  const other = await asSomeoneElse(browser);
  await other.page.goto(link);
  await expect(other.page.getByRole("heading", { level: 1 })).toHaveText("Your application");

  await page.getByRole("button", { name: `Remove ${colleague}` }).click();
  await expect(page.getByTestId("team-members")).not.toContainText(colleague);
  const response = await other.page.goto(link);
  expect(response?.status()).toBe(404);
  await other.context.close();
});
