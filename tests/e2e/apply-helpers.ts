import { fileURLToPath } from "node:url";
import AxeBuilder from "@axe-core/playwright";
import { expect, type Locator, type Page } from "@playwright/test";
import { MAIL_URL } from "../../playwright.config";
import { PRACTICE_CALL_SLUG, PRACTICE_REFERENCE_PREFIX } from "../../prisma/practice-call";

export type Locale = "en" | "zh";

export const VALID_PDF = fileURLToPath(new URL("../fixtures/technical-description.pdf", import.meta.url));
export const NOT_A_PDF = fileURLToPath(new URL("../fixtures/not-a-pdf.pdf", import.meta.url));

// The browser tests apply to the practice call, which the test server's database opens (npm run db:demo) with the
// Tianwen-3 form; the Tianwen-3 first round itself closed in 2025.
export const CALL_SLUG = PRACTICE_CALL_SLUG;
export const OFFER_PATH = `/calls/${PRACTICE_CALL_SLUG}`;
export const TOKEN_PATTERN = "[A-Za-z0-9_-]{43}";
export const REFERENCE = new RegExp(`^${PRACTICE_REFERENCE_PREFIX}-\\d{4}-\\d{6}$`);

/** A fresh address per test, so that each test reads only its own mail. */
export function uniqueEmail(prefix = "applicant"): string {
  return `${prefix}-${Date.now()}-${Math.random().toString(36).slice(2, 10)}@example.org`;
}

// The visible texts the tests rely on, written out rather than read from the message files,
// so that a wrong or missing translation fails a test instead of passing silently.
export const COPY = {
  en: {
    startLink: "Start an application",
    outsideChina: "Is the lead institution based outside China, or an international organisation?",
    fundsDevelopment: "Will your side fund the development of the payload?",
    sharesData: "Will you share the payload's data with China?",
    yes: "Yes",
    no: "No",
    email: "Your email address",
    start: "Start your application",
    notEligibleTitle: "You cannot apply for this offer",
    noDataSharing: "Partners share the data their payload returns with China; this is a condition of the offer.",
    errorSummary: "There is a problem",
    steps: { lead: "Lead institution and contacts", payload: "Payload", science: "Science", attachments: "Attachments", check: "Check your answers" },
    institutionName: "Lead institution name",
    institutionType: "Type of institution",
    university: "University",
    country: "Country or region (two-letter code)",
    contactName: "Contact person's full name",
    contactEmail: "Contact person's email address",
    contactPhone: "Contact telephone (optional)",
    participantName: "Entity name (1)",
    participantCountry: "Entity country or region (1)",
    payloadName: "Payload name",
    payloadKind: "Kind of payload",
    instrument: "Scientific instrument",
    carrier: "Where it would fly",
    carriers: { ORBITER: "Orbiter (15 kg offered)", SERVICE_MODULE: "Service module (5 kg offered)" },
    massKg: "Mass (kg)",
    peakPowerW: "Peak power (W)",
    averagePowerW: "Average power (W)",
    lengthMm: "Length (mm)",
    widthMm: "Width (mm)",
    heightMm: "Height (mm)",
    dataVolumeMbPerDay: "Data volume per day (MB)",
    pointingNeeds: "Pointing needs",
    thermalNeeds: "Thermal needs",
    trl: "Technology readiness level (1 to 9)",
    heritage: "Heritage: where this payload or its parts have flown or been tested",
    objectives: "Which of the mission's objectives does it serve?",
    geology: "Geology",
    expectedResults: "Expected results",
    dataSharing: "How you will share the data with China",
    continue: "Save and continue",
    file: "PDF file",
    upload: "Upload file",
    fileNotPdf: "The file must be a PDF",
    overCapacity: "This mass is more than the chosen carrier can still take",
    change: "Change",
    declaration: "I confirm that the information is correct",
    declarationRequired: "Confirm the declaration to submit",
    submit: "Submit application",
    confirmationTitle: "Application submitted",
    receipt: "Download your receipt (PDF)",
    viewStatus: "View your application's status",
    resumeSubject: "Your saved application: Practice call (demonstration)",
    submittedSubject: "Application received",
    status: { DRAFT: "Draft", SUBMITTED: "Submitted", WITHDRAWN: "Withdrawn" },
    withdrawConfirm: "I want to withdraw this application",
    withdraw: "Withdraw application",
    withdrawn: "Your application has been withdrawn.",
    day: /^\d{1,2} \w+ \d{4}$/,
  },
  zh: {
    startLink: "开始申请",
    outsideChina: "牵头机构是否位于中国境外，或为国际组织？",
    fundsDevelopment: "贵方是否承担载荷研制经费？",
    sharesData: "贵方是否与中方共享载荷数据？",
    yes: "是",
    no: "否",
    email: "您的电子邮箱",
    start: "开始申请",
    notEligibleTitle: "您不符合本次申请条件",
    noDataSharing: "合作伙伴须与中方共享载荷获取的数据，这是本机会的合作条件。",
    errorSummary: "存在以下问题",
    required: "请填写此项",
    steps: { lead: "牵头机构和联系人", payload: "载荷", science: "科学目标", attachments: "附件", check: "核对填写内容" },
    institutionName: "牵头机构名称",
    institutionType: "机构类型",
    university: "大学",
    country: "国家或地区（两位代码）",
    contactName: "联系人姓名",
    contactEmail: "联系人电子邮箱",
    contactPhone: "联系电话（选填）",
    participantName: "参与单位名称（1）",
    participantCountry: "参与单位所在国家或地区（1）",
    payloadName: "载荷名称",
    payloadKind: "载荷类型",
    instrument: "科学仪器",
    carrier: "搭载平台",
    carriers: { ORBITER: "轨道器（开放15千克）", SERVICE_MODULE: "服务舱（开放5千克）" },
    massKg: "质量（千克）",
    peakPowerW: "峰值功耗（瓦）",
    averagePowerW: "平均功耗（瓦）",
    lengthMm: "长（毫米）",
    widthMm: "宽（毫米）",
    heightMm: "高（毫米）",
    dataVolumeMbPerDay: "每日数据量（MB）",
    pointingNeeds: "指向需求",
    thermalNeeds: "热控需求",
    trl: "技术成熟度（1至9级）",
    heritage: "继承性：该载荷或其部件的飞行或试验经历",
    objectives: "该载荷服务于任务的哪些目标？",
    geology: "地质",
    expectedResults: "预期成果",
    dataSharing: "与中方共享数据的方式",
    continue: "保存并继续",
    file: "PDF文件",
    upload: "上传文件",
    fileNotPdf: "文件须为PDF格式",
    overCapacity: "该质量超过所选搭载平台的剩余资源",
    change: "修改",
    declaration: "本人确认所填信息真实准确",
    declarationRequired: "请确认声明后提交",
    submit: "提交申请",
    confirmationTitle: "申请已提交",
    receipt: "下载回执（PDF）",
    viewStatus: "查看申请状态",
    resumeSubject: "您保存的申请：练习征集（演示）",
    submittedSubject: "已收到您的申请",
    status: { DRAFT: "草稿", SUBMITTED: "已提交", WITHDRAWN: "已撤回" },
    withdrawConfirm: "我确认撤回该申请",
    withdraw: "撤回申请",
    withdrawn: "您的申请已撤回。",
    day: /^\d{4}年\d{1,2}月\d{1,2}日$/,
  },
} as const;

// ---------------------------------------------------------------- accessibility

/** Fails with the rule and the offending elements when axe finds anything. */
export async function expectNoAxeViolations(page: Page, label = page.url()): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`), `axe on ${label}`).toEqual([]);
}

// ---------------------------------------------------------------- mail

export interface Mail {
  to: string[];
  subject: string;
  text: string;
  html: string;
  date: string;
}

export async function readMail(address: string): Promise<Mail[]> {
  const response = await fetch(`${MAIL_URL}/messages?to=${encodeURIComponent(address)}`);
  if (!response.ok) throw new Error(`The mail sink answered ${response.status}`);
  return (await response.json()) as Mail[];
}

/** Polls the sink (up to 10 s) for a message to `address` that `matches`; fails listing what did arrive. */
export async function waitForMail(address: string, matches: (mail: Mail) => boolean = () => true, timeoutMs = 10_000): Promise<Mail> {
  const deadline = Date.now() + timeoutMs;
  let received: Mail[] = [];
  for (;;) {
    received = await readMail(address);
    const found = received.find(matches);
    if (found) return found;
    if (Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`No matching mail to ${address} within ${timeoutMs} ms; received: ${JSON.stringify(received.map((m) => m.subject))}`);
}

/** The first web link in a message's text that points at an applicant page. */
export function applicationLinkIn(mail: Mail): URL {
  const match = new RegExp(`https?://\\S+/(?:en|zh)/applications/${TOKEN_PATTERN}`).exec(mail.text);
  if (!match) throw new Error(`No application link in: ${mail.text}`);
  return new URL(match[0]);
}

// ---------------------------------------------------------------- the flow

/** The token from the current applicant page's address. */
export function tokenOf(page: Page): string {
  const match = new RegExp(`/applications/(${TOKEN_PATTERN})`).exec(page.url());
  if (!match) throw new Error(`Not an applicant page: ${page.url()}`);
  return match[1]!;
}

export const radioIn = (page: Page, legend: string, option: string): Locator =>
  page.getByRole("group", { name: legend, exact: true }).getByRole("radio", { name: option, exact: true });

export async function answerEligibility(page: Page, locale: Locale, answers: { sharesData: "yes" | "no" } = { sharesData: "yes" }) {
  const c = COPY[locale];
  await radioIn(page, c.outsideChina, c.yes).check();
  await radioIn(page, c.fundsDevelopment, c.yes).check();
  await radioIn(page, c.sharesData, answers.sharesData === "yes" ? c.yes : c.no).check();
}

/** From the apply page: eligible answers and an email start the draft; returns the token once on step 1. */
export async function startApplication(page: Page, locale: Locale, email: string): Promise<string> {
  await page.goto(`/${locale}${OFFER_PATH}/apply`);
  await answerEligibility(page, locale);
  await page.getByLabel(COPY[locale].email, { exact: true }).fill(email);
  await page.getByRole("button", { name: COPY[locale].start }).click();
  await expect(page).toHaveURL(new RegExp(`/${locale}/applications/${TOKEN_PATTERN}/lead$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(COPY[locale].steps.lead);
  return tokenOf(page);
}

export async function continueStep(page: Page, locale: Locale) {
  await page.getByRole("button", { name: COPY[locale].continue }).click();
}

/** Step 1 with valid answers and one participating entity; leaves the page on step 2. */
export async function fillLead(page: Page, locale: Locale, options: { submit?: boolean } = {}) {
  const c = COPY[locale];
  await page.getByLabel(c.institutionName, { exact: true }).fill("Institut de Physique du Globe de Paris");
  await radioIn(page, c.institutionType, c.university).check();
  await page.getByLabel(c.country, { exact: true }).fill("FR");
  await page.getByLabel(c.contactName, { exact: true }).fill("Marie Dupont");
  await page.getByLabel(c.contactEmail, { exact: true }).fill("marie.dupont@example.org");
  await page.getByLabel(c.contactPhone, { exact: true }).fill("+33 1 23 45 67 89");
  await page.getByLabel(c.participantName, { exact: true }).fill("University of Cologne");
  await page.getByLabel(c.participantCountry, { exact: true }).fill("DE");
  if (options.submit === false) return;
  await continueStep(page, locale);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(c.steps.payload);
}

export const PAYLOAD_NAME = "Mars Ionosphere Sounder";

/** Step 2 with valid answers; the orbiter by default, so that tests do not compete for the service module's 5 kg. */
export async function fillPayload(
  page: Page,
  locale: Locale,
  options: { carrier?: "ORBITER" | "SERVICE_MODULE"; massKg?: string; submit?: boolean } = {},
) {
  const c = COPY[locale];
  await page.getByLabel(c.payloadName, { exact: true }).fill(PAYLOAD_NAME);
  await radioIn(page, c.payloadKind, c.instrument).check();
  await radioIn(page, c.carrier, c.carriers[options.carrier ?? "ORBITER"]).check();
  await page.getByLabel(c.massKg, { exact: true }).fill(options.massKg ?? "1.2");
  await page.getByLabel(c.peakPowerW, { exact: true }).fill("18");
  await page.getByLabel(c.averagePowerW, { exact: true }).fill("9.5");
  await page.getByLabel(c.lengthMm, { exact: true }).fill("300");
  await page.getByLabel(c.widthMm, { exact: true }).fill("200");
  await page.getByLabel(c.heightMm, { exact: true }).fill("150");
  await page.getByLabel(c.dataVolumeMbPerDay, { exact: true }).fill("250");
  await page.getByLabel(c.pointingNeeds, { exact: true }).fill("Nadir pointing within 1 degree.");
  await page.getByLabel(c.thermalNeeds, { exact: true }).fill("Between -20 and +40 °C.");
  await page.getByLabel(c.trl, { exact: true }).fill("6");
  await page.getByLabel(c.heritage, { exact: true }).fill("Derived from the MARSIS sounder on Mars Express.");
  if (options.submit === false) return;
  await continueStep(page, locale);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(c.steps.science);
}

export async function fillScience(page: Page, locale: Locale, options: { submit?: boolean } = {}) {
  const c = COPY[locale];
  await page.getByRole("group", { name: c.objectives, exact: true }).getByRole("checkbox", { name: c.geology, exact: true }).check();
  await page.getByLabel(c.expectedResults, { exact: true }).fill("A map of the ionosphere's electron density over two Martian years.");
  await page.getByLabel(c.dataSharing, { exact: true }).fill("Raw and calibrated data go to the Chinese archive within six months.");
  if (options.submit === false) return;
  await continueStep(page, locale);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(c.steps.attachments);
}

/** On the attachments page: uploads a file as the technical description (the default kind). */
export async function uploadFile(page: Page, locale: Locale, file: string) {
  await page.getByLabel(COPY[locale].file, { exact: true }).setInputFiles(file);
  await page.getByRole("button", { name: COPY[locale].upload }).click();
}

export async function uploadTechnicalDescription(page: Page, locale: Locale) {
  await uploadFile(page, locale, VALID_PDF);
  await expect(page.getByTestId("attachments")).toContainText("technical-description.pdf");
}

/** The Save and continue button on the attachments page, to check your answers. */
export async function goToCheck(page: Page, locale: Locale) {
  await page.getByRole("button", { name: COPY[locale].continue }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(COPY[locale].steps.check);
}

/** A whole draft, from the apply page to check your answers; returns the token. */
export async function applyUntilCheck(page: Page, locale: Locale, email: string): Promise<string> {
  const token = await startApplication(page, locale, email);
  await fillLead(page, locale);
  await fillPayload(page, locale);
  await fillScience(page, locale);
  await uploadTechnicalDescription(page, locale);
  await goToCheck(page, locale);
  return token;
}

export const declarationBox = (page: Page, locale: Locale) => page.getByRole("checkbox", { name: COPY[locale].declaration });

// ---------------------------------------------------------------- keyboard

async function isFocused(locator: Locator): Promise<boolean> {
  return locator.evaluateAll((elements) => elements.some((element) => element === document.activeElement));
}

/**
 * Presses Tab (or Shift+Tab when the target comes before the focus) until one of the locator's elements
 * has focus; at most `max` presses. A locator matching a whole radio group stops wherever the browser enters it.
 */
export async function tabTo(locator: Locator, max = 80): Promise<void> {
  const page = locator.page();
  await locator.first().waitFor({ state: "attached" });
  for (let presses = 0; presses <= max; presses++) {
    if (await isFocused(locator)) return;
    const before = await locator.first().evaluate((target) => {
      const active = document.activeElement;
      if (!active || active === document.body) return false;
      return Boolean(target.compareDocumentPosition(active) & Node.DOCUMENT_POSITION_FOLLOWING);
    });
    await page.keyboard.press(before ? "Shift+Tab" : "Tab");
  }
  const active = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 200));
  throw new Error(`tabTo: ${locator} not focused after ${max} presses; focus is on ${active}`);
}

/** Tabs into a radio group and moves with the arrow keys until `option` is checked. */
export async function chooseRadioByKeyboard(group: Locator, option: string): Promise<void> {
  const page = group.page();
  const wanted = group.getByRole("radio", { name: option, exact: true });
  await tabTo(group.getByRole("radio"));
  // Entering a group with nothing checked only focuses a radio; Space checks it.
  if (!(await group.getByRole("radio", { checked: true }).count())) await page.keyboard.press("Space");
  for (let i = 0; i < 10 && !(await wanted.isChecked()); i++) await page.keyboard.press("ArrowDown");
  await expect(wanted).toBeChecked();
  await expect(wanted).toBeFocused();
}

export async function typeInto(field: Locator, text: string): Promise<void> {
  await tabTo(field);
  await field.page().keyboard.type(text);
}

/** The computed outline of the focused element: what a sighted keyboard user sees. */
export async function expectVisibleFocus(locator: Locator): Promise<void> {
  await expect(locator).toBeFocused();
  const outline = await locator.evaluate((element) => {
    const style = getComputedStyle(element);
    return { style: style.outlineStyle, width: parseFloat(style.outlineWidth) };
  });
  expect(outline.style, `outline of ${locator}`).not.toBe("none");
  expect(outline.width, `outline width of ${locator}`).toBeGreaterThanOrEqual(2);
}

/** Valid payload answers for an application submitted through the API; spread and override what a test varies. */
export const API_PAYLOAD = {
  payloadName: "Dust spectrometer",
  payloadKind: "INSTRUMENT",
  carrier: "ORBITER",
  massKg: 0.4,
  peakPowerW: 6,
  averagePowerW: 3,
  lengthMm: 120,
  widthMm: 100,
  heightMm: 80,
  dataVolumeMbPerDay: 20,
  pointingNeeds: "Nadir pointing during science passes.",
  thermalNeeds: "Between -20 and +40 °C in operation.",
  trl: 6,
  heritage: "A spectrometer flown on two cubesats.",
} as const;
