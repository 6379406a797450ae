import { type Browser, expect, type Locator, type Page, test } from "@playwright/test";
import { contextAs, demoEmail } from "./admin-helpers";
import { radioIn, uniqueEmail } from "./apply-helpers";
import { setServerClock, wallClock } from "./server-clock";

// A call's whole life on the portal: an editor builds a new call in the panel (its record, a dated stage, a form of
// two pages with most question types, a repeating group and an amount drawn from a pool in grams, an eligibility
// question and a rubric of its own), previews it in English and Chinese and publishes it; an applicant fills it in with
// the French interface, typing a decimal comma; the deadline passes on the server's clock and submitting is refused;
// staff give that applicant a later deadline and the submission goes through with the call's own reference prefix; a
// reviewer scores it on the call's rubric; an acceptance reserves its grams from the call's pool.
//
// The server's clock is moved about three hours ahead, past this call's own closing only: the other calls' windows
// are years wide, and the clock runs again as soon as the submission is in (and in afterAll, whatever happened).
// Applying the decision batch applies every prepared decision, so playwright.config.ts runs this file after the others.

test.describe.configure({ mode: "serial" });

const ZONE = "Europe/Paris";
const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const SLUG = `regolith-analysis-${suffix}`;
// Two to six capital letters or digits, fresh for each run.
const PREFIX = `R${suffix.slice(-5).toUpperCase()}`;
const TITLE = { en: `Regolith analysis ${suffix}`, zh: `月壤分析 ${suffix}` };
const APPLICANT = uniqueEmail("lifecycle");
const POOL = "Chang'e-5 regolith";
const ELIGIBILITY = { en: "Does your laboratory hold an ISO 14644 clean room?", zh: "贵实验室是否拥有ISO 14644洁净室？" };
const INSTRUCTIONS = "Score the plan against the regolith it consumes: 0 is unfundable, 10 is outstanding.";

// The stage closes three hours from now (to the minute, and never at midnight, which the panel writes as 24:00 of the
// day before); ten minutes of grace follow.
const inThreeHours = new Date(Math.floor((Date.now() + 3 * 3_600_000) / 60_000) * 60_000);
const CLOSES = wallClock(inThreeHours, ZONE).endsWith("T00:00") ? new Date(inThreeHours.getTime() + 60_000) : inThreeHours;
const GRACE_MINUTES = 10;
const AFTER_GRACE = new Date(CLOSES.getTime() + (GRACE_MINUTES + 5) * 60_000);
const EXTENDED_TO = new Date(CLOSES.getTime() + 24 * 3_600_000);

let callId = "";
let token = "";
let reference = "";
// The applicant's browser, kept from one step to the next as a person keeps a tab open.
let applicant: Page;

test.beforeAll(async ({ browser }) => {
  applicant = await browser.newPage();
});

test.afterAll(async () => {
  setServerClock(null);
  await applicant.close();
});

/** A page signed in as one of the demo staff accounts, in a context of its own. */
async function staffPage(browser: Browser, role: "EDITOR" | "ADMIN" | "REVIEWER"): Promise<Page> {
  return (await contextAs(browser, role)).newPage();
}

/** The builder's outline, after a change: its notice says what happened. */
async function expectDone(page: Page, notice: string) {
  await expect(page).toHaveURL(/\/form\?done=/);
  await expect(page.getByRole("status").filter({ hasText: notice })).toHaveText(notice);
}

/** From the outline: a new question of `type` on a page (or in a group's rows), its key and labels, then its own settings. */
async function addQuestion(
  page: Page,
  link: string,
  type: string,
  question: { key: string; en: string; zh: string },
  settings: (page: Page) => Promise<void> = async () => {},
) {
  await page.getByRole("link", { name: link, exact: true }).click();
  await page.getByRole("radio", { name: new RegExp(`^${type} `) }).check();
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(`Add a question (${type})`);
  await page.getByLabel("Key", { exact: true }).fill(question.key);
  await page.getByLabel("Label in English", { exact: true }).first().fill(question.en);
  await page.getByLabel("Label in Chinese", { exact: true }).first().fill(question.zh);
  await settings(page);
  await page.getByRole("button", { name: "Add the question" }).click();
  await expectDone(page, "Added.");
  await expect(page.getByRole("link", { name: `Edit ${question.en} (${question.key})`, exact: true })).toBeVisible();
}

/** The answer a summary of answers (the check page, the application's page in the panel) gives to a question. */
function answerTo(section: Locator, label: string): Locator {
  return section.locator("dl > div").filter({ has: section.page().getByRole("term").filter({ hasText: label }) }).getByRole("definition").first();
}

/** The public call page's meter for the regolith pool: what is left of it, as a number and as a sentence. */
async function expectPoolLeft(page: Page, locale: "en" | "fr", remaining: string, sentence: string) {
  await page.goto(`/${locale}/calls/${SLUG}`);
  const meter = page.getByRole("meter", { name: POOL });
  await expect(meter).toHaveAttribute("aria-valuenow", remaining);
  await expect(meter).toHaveAttribute("aria-valuemax", "60");
  await expect(meter).toHaveAttribute("aria-valuetext", sentence);
  await expect(page.getByRole("listitem").filter({ has: meter })).toContainText(sentence);
}

test("an editor creates the call's record with a stage closing in three hours", async ({ browser }) => {
  const page = await staffPage(browser, "EDITOR");
  await page.goto("/en/admin/opportunities/new");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("New opportunity");
  await page.getByLabel("Title in English", { exact: true }).fill(TITLE.en);
  await page.getByLabel("Title in Chinese", { exact: true }).fill(TITLE.zh);
  await page.getByLabel("Web address (slug)", { exact: true }).fill(SLUG);
  await page.getByLabel("Mission", { exact: true }).selectOption({ label: "Chang'e-8" });
  await radioIn(page, "Kind of opportunity", "Sample loan").check();
  await radioIn(page, "Call status", "Open").check();
  await page.getByLabel("Time zone", { exact: true }).fill(ZONE);
  await page.getByLabel("Reference prefix", { exact: true }).fill(PREFIX);
  await page.getByLabel("Contact address", { exact: true }).fill("regolith@example.org");
  await page.getByRole("button", { name: "Create" }).click();
  await expect(page.getByText("Created. New records are drafts until you publish them.")).toBeVisible();
  callId = /\/admin\/opportunities\/([^/?#]+)/.exec(page.url())![1]!;

  // The stage's window, on the form staff fill in from the announcement: its closing in the call's zone.
  const add = page.getByRole("region", { name: "Add a stage" });
  await add.getByLabel("Title in English", { exact: true }).fill("Proposal");
  await add.getByLabel("Title in Chinese", { exact: true }).fill("申请书");
  await add.getByLabel("How much of the closing was announced").selectOption({ label: "Exact date and time" });
  await add.getByLabel("Closing date", { exact: true }).fill(wallClock(CLOSES, ZONE).replace("T", " "));
  await add.getByLabel("Grace after the closing, in minutes").fill(String(GRACE_MINUTES));
  await add.getByRole("button", { name: "Add a stage" }).click();
  const stage = page.getByRole("region", { name: "Stages" }).getByRole("row").filter({ hasText: "Stage 1: Proposal" });
  await expect(stage).toContainText(wallClock(CLOSES, ZONE).slice(11));
  // Cells after the stage's name: opening, closing, grace.
  await expect(stage.getByRole("cell").nth(2)).toHaveText(String(GRACE_MINUTES));
  await page.context().close();
});

test("the editor builds its form: two pages, eleven kinds of question, a team as rows, a pool in grams, who may apply and a rubric", async ({ browser }) => {
  test.setTimeout(240_000);
  const page = await staffPage(browser, "EDITOR");
  await page.goto(`/en/admin/opportunities/${callId}`);
  await page.getByRole("link", { name: "Edit the call's form: its pages, questions, pools, eligibility and rubric" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Form: ${TITLE.en}`);
  await expect(page.getByText("This call has no form yet.")).toBeVisible();

  // The first stage and its first page, where the applicant's start leads.
  const start = page.getByRole("region", { name: "Start the form" });
  await start.getByLabel("Stage key", { exact: true }).fill("proposal");
  await start.getByLabel("Page key", { exact: true }).fill("laboratory");
  await start.getByLabel("Title in English", { exact: true }).fill("Lead institution");
  await start.getByLabel("Title in Chinese", { exact: true }).fill("牵头机构");
  await start.getByRole("button", { name: "Start the form" }).click();
  await expectDone(page, "Added.");
  await expect(page.getByText("Answered in the call's stage “Proposal”.")).toBeVisible();

  await page.getByRole("link", { name: "Add a page to this stage" }).click();
  await page.getByLabel("Page key", { exact: true }).fill("science");
  await page.getByLabel("Title in English", { exact: true }).fill("Science plan");
  await page.getByLabel("Title in Chinese", { exact: true }).fill("科学计划");
  await page.getByRole("button", { name: "Add the page" }).click();
  await expectDone(page, "Added.");

  // The pool the amount question draws on: grams of regolith, at most 5 g an application.
  await page.getByRole("link", { name: "Edit the pools" }).click();
  const pool = page.getByRole("group", { name: "A new pool" });
  await pool.getByLabel("Pool key", { exact: true }).fill("regolith");
  await pool.getByLabel("Label in English", { exact: true }).fill("Chang'e-5 regolith");
  await pool.getByLabel("Label in Chinese", { exact: true }).fill("嫦娥五号月壤");
  await pool.getByLabel("Unit in English", { exact: true }).fill("grams");
  await pool.getByLabel("Unit in Chinese", { exact: true }).fill("克");
  await pool.getByLabel("Unit symbol", { exact: true }).fill("g");
  await pool.getByLabel("Capacity", { exact: true }).fill("60");
  await pool.getByLabel("Most per application", { exact: true }).fill("5");
  await page.getByRole("button", { name: "Save" }).click();
  await expectDone(page, "Saved.");
  await expect(page.getByRole("region", { name: "Pools" }).getByRole("row").filter({ hasText: "regolith" })).toContainText("60 g");

  // Who may apply: the call's own question, asked before an application starts.
  await page.getByRole("link", { name: "Edit the eligibility questions" }).click();
  const eligibility = page.getByRole("group", { name: "A new eligibility question" });
  await eligibility.getByLabel("Key", { exact: true }).fill("cleanRoom");
  await eligibility.getByLabel("Question in English", { exact: true }).fill(ELIGIBILITY.en);
  await eligibility.getByLabel("Question in Chinese", { exact: true }).fill(ELIGIBILITY.zh);
  await eligibility.getByLabel("Refusal in English", { exact: true }).fill("The samples may be opened only in an ISO 14644 clean room.");
  await eligibility.getByLabel("Refusal in Chinese", { exact: true }).fill("样品只能在ISO 14644洁净室中开启。");
  await page.getByRole("button", { name: "Save" }).click();
  await expectDone(page, "Saved.");
  await expect(page.getByRole("region", { name: "Who may apply" })).toContainText(`${ELIGIBILITY.en} (cleanRoom)`);

  const onLead = "Add a question to “Lead institution”";
  await addQuestion(page, onLead, "Short text", { key: "institutionName", en: "Institution name", zh: "机构名称" });
  await addQuestion(page, onLead, "Country or region", { key: "country", en: "Institution's country or region", zh: "机构所在国家或地区" });
  await addQuestion(page, onLead, "Email address", { key: "contactEmail", en: "Contact email", zh: "联系人电子邮箱" });
  await addQuestion(page, onLead, "Group of rows", { key: "team", en: "Team members", zh: "团队成员" }, async (form) => {
    await form.getByLabel("Most rows", { exact: true }).fill("5");
    const first = form.getByRole("group", { name: "The first row question" });
    await first.getByLabel("Key of the first row question").fill("memberName");
    await first.getByLabel("Type of the first row question").selectOption({ label: "Short text" });
    await first.getByLabel("Label in English", { exact: true }).fill("Member's name");
    await first.getByLabel("Label in Chinese", { exact: true }).fill("成员姓名");
  });
  await page.getByRole("link", { name: "Add a row question" }).click();
  await page.getByRole("radio", { name: /^Country or region / }).check();
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByLabel("Key", { exact: true }).fill("memberCountry");
  await page.getByLabel("Label in English", { exact: true }).fill("Member's country or region");
  await page.getByLabel("Label in Chinese", { exact: true }).fill("成员所在国家或地区");
  await page.getByRole("button", { name: "Add the question" }).click();
  await expectDone(page, "Added.");
  await expect(page.getByRole("link", { name: "Edit Member's country or region (memberCountry)", exact: true })).toBeVisible();

  const onScience = "Add a question to “Science plan”";
  await addQuestion(page, onScience, "Long text", { key: "summary", en: "Research summary", zh: "研究摘要" }, async (form) => {
    await radioIn(form, "Counted in", "Words").check();
    await form.getByLabel("Most words or characters", { exact: true }).fill("200");
  });
  await addQuestion(page, onScience, "Number", { key: "sampleMass", en: "Sample mass per analysis", zh: "每次分析的样品质量" }, async (form) => {
    await form.getByLabel("Step", { exact: true }).fill("0.1");
    await form.getByLabel("Greater than zero", { exact: true }).check();
    await form.getByLabel("Unit in English", { exact: true }).fill("g");
    await form.getByLabel("Unit in Chinese", { exact: true }).fill("克");
  });
  await addQuestion(page, onScience, "One choice", { key: "technique", en: "Main technique", zh: "主要分析技术" }, async (form) => {
    await form.getByLabel("Options", { exact: true }).fill("spectroscopy | Spectroscopy | 光谱分析\nmicroscopy | Electron microscopy | 电子显微分析");
  });
  await addQuestion(page, onScience, "Several choices", { key: "instruments", en: "Instruments you have", zh: "现有仪器" }, async (form) => {
    await form.getByLabel("Options", { exact: true }).fill("sem | Scanning electron microscope | 扫描电子显微镜\nxrd | X-ray diffractometer | X射线衍射仪\nnanosims | NanoSIMS | 纳米二次离子质谱");
  });
  await addQuestion(page, onScience, "Yes or no", { key: "borrowedBefore", en: "Has your institution borrowed lunar samples before?", zh: "贵机构此前是否借用过月球样品？" });
  await addQuestion(page, onScience, "Date", { key: "startOn", en: "Earliest start of the analyses", zh: "最早开始分析日期" });
  await addQuestion(page, onScience, "Amount of a pool", { key: "regolithGrams", en: "Regolith requested", zh: "申请的月壤质量" }, async (form) => {
    await form.getByLabel("Draws on", { exact: true }).selectOption({ label: "Pool: Chang'e-5 regolith (g)" });
    await form.getByLabel("Step", { exact: true }).fill("0.1");
  });

  // The reviewers' rubric: the starting criterion renamed and weighted, a second one, and a scale of 0 to 10.
  await page.getByRole("link", { name: "Edit the rubric" }).click();
  const first = page.getByRole("group", { name: "Criterion 1" });
  await first.getByLabel("Label in English", { exact: true }).fill("Scientific merit");
  await first.getByLabel("Label in Chinese", { exact: true }).fill("科学价值");
  await first.getByLabel("Weight", { exact: true }).fill("2");
  const second = page.getByRole("group", { name: "A new criterion" });
  await second.getByLabel("Criterion key", { exact: true }).fill("team");
  await second.getByLabel("Label in English", { exact: true }).fill("Team and partners");
  await second.getByLabel("Label in Chinese", { exact: true }).fill("团队与合作");
  await second.getByLabel("Weight", { exact: true }).fill("1");
  const scale = page.getByRole("group", { name: "Scale and instructions" });
  await scale.getByLabel("Lowest score", { exact: true }).fill("0");
  await scale.getByLabel("Highest score", { exact: true }).fill("10");
  await scale.getByLabel("Instructions in English", { exact: true }).fill(INSTRUCTIONS);
  await scale.getByLabel("Instructions in Chinese", { exact: true }).fill("按所耗月壤评价计划：0分为不予资助，10分为杰出。");
  await page.getByRole("button", { name: "Save" }).click();
  await expectDone(page, "Saved.");
  const rubric = page.getByRole("region", { name: "Review rubric" });
  await expect(rubric).toContainText("Scores from 0 to 10.");
  await expect(rubric).toContainText("Scientific merit (merit) · weight 2");
  await expect(rubric).toContainText("Team and partners (team) · weight 1");

  // Each page as an applicant reads it, in English and in Chinese.
  // The first page's preview; the pages after it are a link away.
  await page.getByRole("link", { name: "Preview" }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Preview: Lead institution");
  const shown = page.locator("[lang]").filter({ has: page.getByRole("heading", { level: 2 }) }).last();
  await expect(shown.getByRole("heading", { level: 2 })).toHaveText("Lead institution");
  for (const label of ["Institution name", "Institution's country or region", "Contact email", "Team members", "Member's name", "Member's country or region"]) {
    await expect(shown.getByText(label, { exact: true })).toBeVisible();
  }
  await page.getByRole("navigation", { name: "Language" }).getByRole("link", { name: "中文" }).click();
  await expect(shown.getByRole("heading", { level: 2 })).toHaveText("牵头机构");
  for (const label of ["机构名称", "机构所在国家或地区", "联系人电子邮箱", "团队成员", "成员姓名"]) await expect(shown.getByText(label, { exact: true })).toBeVisible();
  await page.getByRole("link", { name: "Next page →" }).click();
  await expect(shown.getByRole("heading", { level: 2 })).toHaveText("科学计划");
  for (const label of ["研究摘要", "每次分析的样品质量", "主要分析技术", "电子显微分析", "现有仪器", "X射线衍射仪", "贵机构此前是否借用过月球样品？", "最早开始分析日期", "申请的月壤质量"]) {
    await expect(shown.getByText(label, { exact: true })).toBeVisible();
  }
  await page.getByRole("navigation", { name: "Language" }).getByRole("link", { name: "English" }).click();
  await expect(shown.getByRole("heading", { level: 2 })).toHaveText("Science plan");
  for (const label of ["Research summary", "Sample mass per analysis", "Main technique", "Electron microscopy", "Instruments you have", "NanoSIMS", "Regolith requested"]) {
    await expect(shown.getByText(label, { exact: true })).toBeVisible();
  }
  // The amount is asked of the pool, up to what one application may take.
  await expect(shown).toContainText(`${POOL}: up to 5 g`);

  // Published from its record: the call opens to applicants.
  await page.goto(`/en/admin/opportunities/${callId}`);
  await page.getByRole("button", { name: "Publish", exact: true }).click();
  await expect(page.getByText("Published: visitors can see it now.")).toBeVisible();
  await page.context().close();

  // The call's public page shows the whole pool still available.
  await expectPoolLeft(applicant, "en", "60", "60 of 60 g available");
});

test("an applicant fills it in with the French interface, typing a decimal comma, up to the check page", async () => {
  const page = applicant;
  await page.goto(`/fr/calls/${SLUG}`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(TITLE.en);
  await page.goto(`/fr/calls/${SLUG}/apply`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Candidater : ${TITLE.en}`);
  // The start asks the call's own question only, in its English words marked as English.
  const asked = page.getByRole("region", { name: "Vérifiez que vous pouvez candidater" }).getByRole("group");
  await expect(asked).toHaveCount(1);
  await expect(asked.locator("legend [lang=en]")).toHaveText(ELIGIBILITY.en);
  await radioIn(page, ELIGIBILITY.en, "Oui").check();
  await page.getByLabel("Votre adresse e-mail", { exact: true }).fill(APPLICANT);
  await page.getByRole("button", { name: "Commencer votre candidature" }).click();
  // The start leads to the first page of the form, whatever its key, in the interface's language.
  await expect(page).toHaveURL(/\/fr\/applications\/[A-Za-z0-9_-]{43}\/laboratory$/);
  token = /\/applications\/([A-Za-z0-9_-]{43})/.exec(page.url())![1]!;
  await expect(page.locator("html")).toHaveAttribute("lang", "fr");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Lead institution");

  await page.getByLabel("Institution name", { exact: true }).fill("Institut de Physique du Globe de Paris");
  await page.getByLabel("Institution's country or region", { exact: true }).fill("FR");
  await page.getByLabel("Contact email", { exact: true }).fill("analyses@example.org");
  const team = page.getByRole("group", { name: "Team members" });
  await team.getByLabel("Member's name (1)", { exact: true }).fill("Marie Dupont");
  await team.getByLabel("Member's country or region (1)", { exact: true }).fill("FR");
  await team.getByLabel("Member's name (2)", { exact: true }).fill("Jonas Weber");
  await team.getByLabel("Member's country or region (2)", { exact: true }).fill("DE");
  await page.getByRole("button", { name: "Enregistrer et continuer" }).click();

  await expect(page).toHaveURL(new RegExp(`/fr/applications/${token}/science$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Science plan");
  await page.getByLabel("Research summary", { exact: true }).fill("Space weathering of agglutinates at the nanometre scale.");
  await page.getByLabel("Sample mass per analysis", { exact: true }).fill("12,5");
  await radioIn(page, "Main technique", "Electron microscopy").check();
  const instruments = page.getByRole("group", { name: "Instruments you have" });
  await instruments.getByRole("checkbox", { name: "Scanning electron microscope" }).check();
  await instruments.getByRole("checkbox", { name: "NanoSIMS" }).check();
  await radioIn(page, "Has your institution borrowed lunar samples before?", "Non").check();
  await page.getByLabel("Earliest start of the analyses", { exact: true }).fill("2027-03-01");
  // The amount is required, and is read with the French decimal comma; the page says what the pool would keep.
  const feedback = page.getByTestId("capacity-feedback");
  await expect(feedback).toContainText(`${POOL} : 60 g encore disponibles`);
  await page.getByLabel("Regolith requested", { exact: true }).fill("2,5");
  await expect(feedback).toContainText("il resterait 57,5 g");
  await page.getByRole("button", { name: "Enregistrer et continuer" }).click();

  await expect(page).toHaveURL(new RegExp(`/fr/applications/${token}/check$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Vérifier vos réponses");
  const science = page.getByRole("region", { name: "Science plan" });
  await expect(answerTo(science, "Sample mass per analysis")).toHaveText("12,5 g");
  await expect(answerTo(science, "Regolith requested")).toHaveText("2,5 g");
  await expect(answerTo(science, "Main technique")).toHaveText("Electron microscopy");
  await expect(page.getByRole("region", { name: "Lead institution" })).toContainText("Jonas Weber");
});

test("past the deadline and its grace on the server's clock, submitting is refused and the draft is read-only", async () => {
  const page = applicant;
  setServerClock(AFTER_GRACE);
  // The check page is still open from before the closing: the submission itself is refused, in French.
  await page.getByRole("checkbox", { name: /^Je confirme que les informations sont exactes/ }).check();
  await page.getByRole("button", { name: "Soumettre la candidature" }).click();
  const refusal = page.getByRole("alert").filter({ hasText: "Il y a un problème" });
  await expect(refusal).toContainText("L'appel est clos et n'accepte plus de candidatures");
  await expect(page).toHaveURL(new RegExp(`/fr/applications/${token}/check$`));

  // Opened again, the draft is read-only: the closing is named, nothing links to its pages, and they lead back here.
  await page.goto(`/fr/applications/${token}`);
  await expect(page.getByTestId("draft-closed")).toContainText("La date limite de cette candidature est passée");
  await expect(page.getByTestId("draft-closed")).toContainText(`(${ZONE})`);
  await expect(page.getByTestId("application-status")).toHaveText("Brouillon");
  await expect(page.getByRole("link", { name: "Science plan" })).toHaveCount(0);
  for (const step of ["science", "check"]) {
    await page.goto(`/fr/applications/${token}/${step}`);
    await expect(page).toHaveURL(new RegExp(`/fr/applications/${token}$`));
  }
  // Nobody else can start one either.
  await page.goto(`/fr/calls/${SLUG}/apply`);
  await expect(page.getByTestId("call-not-open")).toBeVisible();
});

test("staff give that applicant a later deadline, and the submission goes through with the call's prefix", async ({ browser }) => {
  const admin = await staffPage(browser, "ADMIN");
  await admin.goto(`/en/admin/opportunities/${callId}`);
  const deadlines = admin.getByRole("region", { name: "Deadline extensions" });
  await expect(deadlines).toContainText("No applicant has been given a later deadline.");
  await deadlines.getByLabel("Applicant's email address", { exact: true }).fill(APPLICANT);
  await deadlines.getByLabel(`New deadline (${ZONE})`, { exact: true }).fill(wallClock(EXTENDED_TO, ZONE));
  await deadlines.getByLabel("Reason", { exact: true }).fill("The institute's network was down on the closing day.");
  await deadlines.getByRole("button", { name: "Give a later deadline" }).click();
  await expect(admin.getByRole("region", { name: "Deadline extensions" }).getByRole("row").filter({ hasText: APPLICANT })).toBeVisible();
  await admin.context().close();

  // The clock still stands past the stage's closing; the applicant's own deadline is later.
  const page = applicant;
  await page.goto(`/fr/applications/${token}`);
  await expect(page.getByTestId("draft-closed")).toHaveCount(0);
  await expect(page.getByTestId("application-deadline")).toContainText("À envoyer avant le");
  await page.goto(`/fr/applications/${token}/check`);
  await page.getByRole("checkbox", { name: /^Je confirme que les informations sont exactes/ }).check();
  await page.getByRole("button", { name: "Soumettre la candidature" }).click();
  await expect(page).toHaveURL(new RegExp(`/fr/applications/${token}/confirmation$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Candidature soumise");
  reference = (await page.getByTestId("confirmation-reference").innerText()).trim();
  expect(reference).toMatch(new RegExp(`^${PREFIX}-\\d{4}-\\d{6}$`));
  setServerClock(null);

  await page.goto(`/fr/applications/${token}`);
  await expect(page.getByTestId("application-status")).toHaveText("Soumise");
  await expect(page.getByTestId("application-reference")).toHaveText(reference);
});

// ---------------------------------------------------------------- review: the call's rubric and its pool
// Everything above leaves a submitted application to a call with its own rubric and pool; what follows is the
// committee's side of that call.

test("a reviewer scores the application on the call's own rubric, and the weighted average follows its weights", async ({ browser }) => {
  const admin = await staffPage(browser, "ADMIN");
  await admin.goto(`/en/admin/applications?q=${encodeURIComponent(reference)}`);
  await admin.getByRole("link", { name: reference, exact: true }).click();
  await expect(admin.getByRole("heading", { level: 1 })).toHaveText(`Application ${reference}`);
  await admin.getByLabel("Reviewer", { exact: true }).selectOption({ label: `Demo Reviewer (${demoEmail("REVIEWER")})` });
  await admin.getByRole("button", { name: "Assign", exact: true }).click();
  await expect(admin.getByText("Reviewer assigned.")).toBeVisible();
  await admin.context().close();

  const reviewer = await staffPage(browser, "REVIEWER");
  await reviewer.goto("/en/admin/applications");
  const row = reviewer.getByRole("row").filter({ hasText: reference });
  await expect(row).toContainText("To score");
  await row.getByRole("link", { name: reference }).click();
  await expect(reviewer.getByRole("heading", { level: 1 })).toHaveText(`Application ${reference}`);
  await expect(reviewer.getByRole("main")).toContainText("Institut de Physique du Globe de Paris");
  await expect(answerTo(reviewer.getByRole("region", { name: "Science plan" }), "Regolith requested")).toHaveText("2.5 g");

  // The score form is this call's rubric: its instructions, its scale of 0 to 10, its two criteria and their weights.
  const instructions = reviewer.getByTestId("rubric-instructions");
  await expect(instructions).toContainText(INSTRUCTIONS);
  await expect(instructions).toContainText("Each criterion is scored from 0 to 10.");
  const own = reviewer.getByRole("region", { name: "Your review" });
  const merit = own.getByRole("group", { name: "Scientific merit" });
  const team = own.getByRole("group", { name: "Team and partners" });
  await expect(merit).toContainText("Weight 2");
  await expect(team).toContainText("Weight 1");
  for (const criterion of [merit, team]) {
    await expect(criterion.getByRole("radio")).toHaveCount(11);
    for (const end of ["0", "10"]) await expect(criterion.getByRole("radio", { name: end, exact: true })).toBeVisible();
  }
  await merit.getByRole("radio", { name: "8", exact: true }).check();
  await team.getByRole("radio", { name: "3", exact: true }).check();
  await reviewer.getByLabel("Comment", { exact: true }).fill("A sound plan for nanometre-scale weathering; a small team.");
  await reviewer.getByRole("button", { name: "Save scores" }).click();
  await expect(reviewer.getByText("Scores saved.")).toBeVisible();

  // (2 × 8 + 1 × 3) / 3 = 6.33, where an unweighted mean would be 5.50.
  const averages = reviewer.getByTestId("score-averages");
  await expect(averages.getByRole("columnheader")).toHaveText(["Scientific merit (weight 2)", "Team and partners (weight 1)", "Weighted overall"]);
  await expect(averages.getByRole("cell")).toHaveText(["8.00", "3.00", "6.33"]);
  await reviewer.context().close();
});

test("an acceptance applied in the decision batch reserves the application's grams from the call's pool", async ({ browser }) => {
  const admin = await staffPage(browser, "ADMIN");
  await admin.goto(`/en/admin/applications?q=${encodeURIComponent(reference)}`);
  await admin.getByRole("link", { name: reference, exact: true }).click();
  await expect(admin.getByRole("heading", { level: 1 })).toHaveText(`Application ${reference}`);
  await expect(admin.getByTestId("score-averages").getByRole("cell").last()).toHaveText("6.33");
  await admin.getByRole("button", { name: "Move to Under review" }).click();
  await expect(admin.getByTestId("status-history")).toContainText("Under review");
  await admin.getByRole("button", { name: "Move to Shortlisted" }).click();
  await expect(admin.getByTestId("status-history")).toContainText("Shortlisted");
  await admin.getByRole("group", { name: "Decision" }).getByRole("radio", { name: "Accept", exact: true }).check();
  await admin.getByRole("button", { name: "Add to the decision batch" }).click();
  await expect(admin.getByTestId("prepared-decision")).toContainText("Accepted");

  // The batch names what the acceptance asks of the pool, and what the pool keeps once it is applied.
  await admin.getByRole("link", { name: "Review the batch" }).click();
  await expect(admin.getByRole("heading", { level: 1 })).toHaveText("Decisions");
  const prepared = admin.getByTestId("decision-batch").getByRole("row").filter({ hasText: reference });
  await expect(prepared).toContainText("Accept");
  await expect(prepared).toContainText(`${POOL}: 2.5 g`);
  await expect(prepared).toContainText("6.33");
  const load = admin.getByTestId("capacity-after-batch").getByRole("row").filter({ hasText: POOL });
  // Offered, reserved, accepted in this batch, left after it.
  await expect(load.getByRole("cell").filter({ hasText: / g$/ })).toHaveText(["60 g", "0 g", "2.5 g", "57.5 g"]);

  await admin.getByRole("button", { name: /^Apply \d+ decisions?$/ }).click();
  await expect(admin.getByRole("status").filter({ hasText: /decisions? applied/ }).getByRole("list", { name: "Applied" })).toContainText(`${reference}: Accept`);
  await admin.goto(`/en/admin/applications?q=${encodeURIComponent(reference)}`);
  await expect(admin.getByRole("row").filter({ hasText: reference })).toContainText("Accepted");
  await admin.context().close();

  // The call's public page: 2.5 of the 60 g are reserved, in English and as the French applicant reads it.
  await expectPoolLeft(applicant, "en", "57.5", "57.5 of 60 g available");
  await expectPoolLeft(applicant, "fr", "57.5", "57,5 sur 60 g disponibles");
});
