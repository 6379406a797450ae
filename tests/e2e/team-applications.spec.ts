import { expect, test, type Browser, type Page } from "@playwright/test";
import { contextAs } from "./admin-helpers";
import { applyUntilCheck, COPY, declarationBox, expectNoAxeViolations, fillLead, startApplication, TOKEN_PATTERN, uniqueEmail, waitForMail, type Mail } from "./apply-helpers";

// A team's application: the lead invites a colleague, who opens their own emailed link in another browser and edits a
// page; the lead then sees that change under the colleague's email. A read-only member sees the answers and no form.

type TeamLocale = "en" | "zh" | "fr";

// Two or three browsers, several saves and emails each, against a production server on a shared two-core machine.
test.describe.configure({ timeout: 120_000 });

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

// What each language says when a member goes and when the team can no longer change.
const CHANGES = {
  en: { remove: "Remove", leave: "Leave the team", left: "left the team", removed: (m: string) => `removed ${m} from the team`, full: "The team is full. Remove a member to invite someone else.", locked: "The team can no longer change: the application has been submitted or withdrawn.", limit: "A team may have up to 10 people, the lead applicant included.", already: "This person is already on the team" },
  zh: { remove: "移除", leave: "退出团队", left: "退出了团队", removed: (m: string) => `将${m}移出团队`, full: "团队人数已满。移除一名成员后方可邀请他人。", locked: "申请已提交或撤回，团队不能再变更。", limit: "每个团队最多10人（含牵头申请人）。", already: "此人已在团队中" },
  fr: { remove: "Retirer", leave: "Quitter l’équipe", left: "a quitté l’équipe", removed: (m: string) => `a retiré ${m} de l’équipe`, full: "L’équipe est complète. Retirez un membre pour inviter quelqu’un d’autre.", locked: "L’équipe ne peut plus changer : la candidature a été soumise ou retirée.", limit: "Une équipe peut compter jusqu’à 10 personnes, candidat principal compris.", already: "Cette personne fait déjà partie de l’équipe" },
} as const;

for (const locale of ["en", "zh", "fr"] as const) {
  test(`the lead removes one member and another leaves; both links stop working and the history says so (${locale})`, async ({ page, browser }) => {
    const t = { ...TEAM[locale], ...CHANGES[locale] };
    const token = await startApplication(page, locale === "zh" ? "zh" : "en", uniqueEmail("lead"));
    await page.goto(`/${locale}/applications/${token}/team`);
    const removed = uniqueEmail("removed");
    const leaving = uniqueEmail("leaving");
    const removedLink = await inviteFromTeamPage(page, locale, removed, "edit");
    const leavingLink = await inviteFromTeamPage(page, locale, leaving, "read");

    const gone = await asSomeoneElse(browser);
    await gone.page.goto(removedLink);
    await expect(gone.page).toHaveURL(new RegExp(`${removedLink}$`));
    await page.getByRole("button", { name: `${t.remove} ${removed}` }).click();
    await expect(page.getByTestId("team-members")).not.toContainText(removed);
    expect((await gone.page.goto(removedLink))?.status()).toBe(404);
    await gone.context.close();

    // The member leaves from their own team page: their link then opens nothing.
    const member = await asSomeoneElse(browser);
    await member.page.goto(`${leavingLink}/team`);
    await member.page.getByRole("button", { name: t.leave, exact: true }).click();
    await expect(member.page).toHaveURL(new RegExp(`/${locale}$`));
    expect((await member.page.goto(leavingLink))?.status()).toBe(404);
    await member.context.close();

    await page.reload();
    await expect(page.getByTestId("team-members")).not.toContainText(leaving);
    const history = page.getByTestId("team-history");
    await expect(history.getByTestId("team-change").filter({ hasText: leaving }).first()).toContainText(t.left);
    await expect(history).toContainText(t.removed(removed));
  });
}

test("the team takes no more people than the limit, says so in English, Chinese and French, and the lead may invite only so many times an hour", async ({ page }) => {
  test.setTimeout(180_000);
  const token = await startApplication(page, "en", uniqueEmail("full"));
  await page.goto(`/en/applications/${token}/team`);
  await expect(page.getByTestId("team-limit")).toHaveText(`${CHANGES.en.limit} This call sets no limit of its own, so this is the portal's limit.`);
  // The same address again is refused, naming why, and counts as an invitation sent.
  const first = uniqueEmail("member");
  await inviteFromTeamPage(page, "en", first, "edit");
  await page.getByLabel(TEAM.en.email, { exact: true }).fill(first);
  await page.getByRole("button", { name: TEAM.en.invite }).click();
  const summary = page.locator('[role="alert"][aria-labelledby="error-summary-title"]');
  await expect(summary).toContainText(CHANGES.en.already);
  // Eight more fill the team of ten, the lead included: the form gives way to a sentence saying so.
  const others: string[] = [];
  for (let i = 0; i < 8; i++) {
    others.push(uniqueEmail(`member${i}`));
    await page.getByLabel(TEAM.en.email, { exact: true }).fill(others[i]!);
    await page.getByRole("button", { name: TEAM.en.invite }).click();
    await expect(page.getByTestId("team-members")).toContainText(others[i]!);
  }
  await expect(page.getByTestId("team-member")).toHaveCount(9);
  await expect(page.getByTestId("invite-form")).toHaveCount(0);
  for (const locale of ["en", "zh", "fr"] as const) {
    await page.goto(`/${locale}/applications/${token}/team`);
    await expect(page.getByTestId("team-full")).toHaveText(CHANGES[locale].full);
    await expect(page.getByTestId("team-limit")).toContainText(CHANGES[locale].limit);
  }

  // A place freed, the lead's link has sent 10 of its 30 invitations this hour: 20 more go, the next is refused.
  // The limit counts by clock hour: start this part well inside one.
  const toNextHour = 3_600_000 - (Date.now() % 3_600_000);
  if (toNextHour < 60_000) await page.waitForTimeout(toNextHour + 1_000);
  await page.goto(`/fr/applications/${token}/team`);
  await page.getByRole("button", { name: `${CHANGES.fr.remove} ${first}` }).click();
  await expect(page.getByTestId("invite-form")).toBeVisible();
  for (let sent = 10; sent < 30; sent++) {
    await page.getByLabel(TEAM.fr.email, { exact: true }).fill(others[sent % others.length]!);
    await page.getByRole("button", { name: TEAM.fr.invite }).click();
    await expect(summary).toContainText(CHANGES.fr.already);
  }
  await page.getByLabel(TEAM.fr.email, { exact: true }).fill(uniqueEmail("one-too-many"));
  const minutesLeft = Math.ceil((3_600_000 - (Date.now() % 3_600_000)) / 60_000);
  await page.getByRole("button", { name: TEAM.fr.invite }).click();
  // The wait it names is the time left until the limit's hour ends (a minute may pass meanwhile).
  await expect(summary).toContainText("Trop de tentatives");
  const refusal = (await summary.textContent()) ?? "";
  const named = Number(/Trop de tentatives\. Réessayez dans (\d+) minutes?/.exec(refusal)?.[1]);
  expect([minutesLeft, minutesLeft - 1]).toContain(named);
  // Nobody was added, and no invitation went.
  await expect(page.getByTestId("team-member")).toHaveCount(8);
  await expect(page.getByTestId("team-members")).not.toContainText("one-too-many");
});

test("at submission the team locks, a member may still leave, and staff see the team and its history", async ({ page, browser }) => {
  test.setTimeout(180_000);
  const lead = uniqueEmail("locked-lead");
  const token = await applyUntilCheck(page, "en", lead);
  await page.goto(`/en/applications/${token}/team`);
  const editor = uniqueEmail("locked-editor");
  const reader = uniqueEmail("locked-reader");
  await inviteFromTeamPage(page, "en", editor, "edit");
  const readerLink = await inviteFromTeamPage(page, "en", reader, "read");
  await page.goto(`/en/applications/${token}/check`);
  await declarationBox(page, "en").check();
  await page.getByRole("button", { name: COPY.en.submit }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(COPY.en.confirmationTitle);
  const reference = (await page.getByTestId("confirmation-reference").textContent())!;

  for (const locale of ["en", "zh", "fr"] as const) {
    await page.goto(`/${locale}/applications/${token}/team`);
    await expect(page.getByTestId("team-locked")).toHaveText(CHANGES[locale].locked);
    await expect(page.getByTestId("invite-form")).toHaveCount(0);
    await expect(page.getByRole("button", { name: new RegExp(`^${CHANGES[locale].remove} `) })).toHaveCount(0);
    await expect(page.getByTestId("team-history")).toContainText(TEAM_SUBMITTED[locale]);
  }

  // A member may still leave a submitted application.
  const member = await asSomeoneElse(browser);
  await member.page.goto(`${readerLink}/team`);
  await expect(member.page.getByTestId("team-locked")).toBeVisible();
  await member.page.getByRole("button", { name: CHANGES.en.leave, exact: true }).click();
  expect((await member.page.goto(readerLink))?.status()).toBe(404);
  await member.context.close();

  // Staff read the same team on the application's record, in English and Chinese, without any form to change it.
  const admin = await (await contextAs(browser, "ADMIN")).newPage();
  await admin.goto(`/en/admin/applications?q=${encodeURIComponent(reference)}`);
  await admin.getByRole("link", { name: reference, exact: true }).click();
  await admin.waitForURL(/\/en\/admin\/applications\/[^/?]+$/);
  const recordPath = new URL(admin.url()).pathname;
  for (const locale of ["en", "zh"] as const) {
    await admin.goto(recordPath.replace(/^\/en\//, `/${locale}/`));
    const team = admin.getByRole("region", { name: TEAM_STAFF[locale].heading, exact: true });
    const members = team.getByTestId("staff-team-members");
    await expect(members.getByRole("listitem")).toHaveCount(2);
    await expect(members.getByRole("listitem").first()).toHaveText(`${lead} · ${TEAM_STAFF[locale].lead}`);
    await expect(members).toContainText(`${editor} · ${TEAM[locale].canEdit}`);
    await expect(members).not.toContainText(reader);
    const history = team.getByTestId("team-history");
    await expect(history.getByTestId("team-change").filter({ hasText: reader }).first()).toContainText(TEAM_STAFF[locale].left);
    await expect(history).toContainText(TEAM_SUBMITTED[locale]);
    await expect(team.locator("form, button")).toHaveCount(0);
  }
  await admin.context().close();
});

const TEAM_SUBMITTED = { en: "submitted the application", zh: "提交了申请", fr: "a soumis la candidature" } as const;
const TEAM_STAFF = {
  en: { heading: "Team", lead: "lead applicant", left: "left the team" },
  zh: { heading: "团队", lead: "牵头申请人", left: "退出了团队" },
} as const;
