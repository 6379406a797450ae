import { mkdirSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { expect as baseExpect, type Page, test } from "@playwright/test";
import { contextAs } from "./admin-helpers";
import { API_PAYLOAD, CALL_SLUG, COPY, OFFER_PATH, REFERENCE, TOKEN_PATTERN, uniqueEmail, VALID_PDF, waitForMail } from "./apply-helpers";

// An applicant keeps the language they started in, from the start page to the confirmation and its email; and the
// status page shows neither staff's review stages nor a decision whose notice staff have not released.

type Lang = "en" | "zh" | "fr" | "ar" | "ru" | "es";

// The interface's words, written out so that a missing translation fails here. Questions, choices and the form's
// page titles are the call's content, in English (or Chinese on the Chinese pages), whatever the interface language.
const UI: Record<Lang, { dir: "ltr" | "rtl"; yes: string; email: string; start: string; continue: string; file: string; upload: string; check: string; declaration: RegExp; submit: string; confirmationTitle: string; sentTo: (email: string) => string; viewStatus: string; submitted: string; accepted: string; shortlisted: string }> = {
  en: { dir: "ltr", yes: "Yes", email: "Your email address", start: "Start your application", continue: "Save and continue", file: "PDF file", upload: "Upload file", check: "Check your answers", declaration: /^I confirm that the information is correct/, submit: "Submit application", confirmationTitle: "Application submitted", sentTo: (e) => `We have sent a confirmation email to ${e}.`, viewStatus: "View your application's status", submitted: "Submitted", accepted: "Accepted", shortlisted: "Shortlisted" },
  zh: { dir: "ltr", yes: "是", email: "您的电子邮箱", start: "开始申请", continue: "保存并继续", file: "PDF文件", upload: "上传文件", check: "核对填写内容", declaration: /^本人确认所填信息真实准确/, submit: "提交申请", confirmationTitle: "申请已提交", sentTo: (e) => `我们已向${e}发送确认邮件。`, viewStatus: "查看申请状态", submitted: "已提交", accepted: "已接受", shortlisted: "入围" },
  fr: { dir: "ltr", yes: "Oui", email: "Votre adresse e-mail", start: "Commencer votre candidature", continue: "Enregistrer et continuer", file: "Fichier PDF", upload: "Téléverser le fichier", check: "Vérifier vos réponses", declaration: /^Je confirme que les informations sont exactes/, submit: "Soumettre la candidature", confirmationTitle: "Candidature soumise", sentTo: (e) => `Nous avons envoyé un e-mail de confirmation à ${e}.`, viewStatus: "Voir l'état de votre candidature", submitted: "Soumise", accepted: "Acceptée", shortlisted: "Présélectionnée" },
  ar: { dir: "rtl", yes: "نعم", email: "عنوان بريدك الإلكتروني", start: "ابدأ طلبك", continue: "حفظ ومتابعة", file: "ملف PDF", upload: "رفع الملف", check: "مراجعة الإجابات", declaration: /^أؤكد أن المعلومات صحيحة/, submit: "تقديم الطلب", confirmationTitle: "قُدِّم الطلب", sentTo: (e) => `أرسلنا رسالة تأكيد إلى ${e}.`, viewStatus: "عرض حالة طلبك", submitted: "مقدَّم", accepted: "مقبول", shortlisted: "في القائمة المختصرة" },
  ru: { dir: "ltr", yes: "Да", email: "Ваш адрес электронной почты", start: "Начать заявку", continue: "Сохранить и продолжить", file: "Файл PDF", upload: "Загрузить файл", check: "Проверка ответов", declaration: /^Я подтверждаю, что сведения верны/, submit: "Отправить заявку", confirmationTitle: "Заявка отправлена", sentTo: (e) => `Мы отправили письмо с подтверждением на адрес ${e}.`, viewStatus: "Посмотреть статус заявки", submitted: "Подана", accepted: "Одобрена", shortlisted: "Прошла предварительный отбор" },
  es: { dir: "ltr", yes: "Sí", email: "Su dirección de correo electrónico", start: "Iniciar su solicitud", continue: "Guardar y continuar", file: "Archivo PDF", upload: "Subir archivo", check: "Comprobar sus respuestas", declaration: /^Confirmo que la información es correcta/, submit: "Enviar solicitud", confirmationTitle: "Solicitud enviada", sentTo: (e) => `Hemos enviado un correo electrónico de confirmación a ${e}.`, viewStatus: "Ver el estado de su solicitud", submitted: "Enviada", accepted: "Aceptada", shortlisted: "Preseleccionada" },
};

const SHOTS = "/tmp/shots-notices";
// Each step posts a form and waits for the server's answer, which a busy two-core machine may take seconds to give.
const expect = baseExpect.configure({ timeout: 15_000 });

/** The page is in `lang`: its address, <html lang> and direction. */
async function expectLanguage(page: Page, lang: Lang) {
  expect(new URL(page.url()).pathname.split("/")[1], `address of ${page.url()}`).toBe(lang);
  await expect(page.locator("html")).toHaveAttribute("lang", lang === "zh" ? "zh-Hans" : lang);
  await expect(page.locator("html")).toHaveAttribute("dir", UI[lang].dir);
}

const radio = (page: Page, legend: string, option: string) =>
  page.getByRole("group", { name: legend, exact: true }).getByRole("radio", { name: option, exact: true });

/** From /{lang}/calls/practice-call/apply to the confirmation page, checking the language at every page; returns the token. */
async function applyIn(page: Page, lang: Lang, email: string): Promise<string> {
  const ui = UI[lang];
  const c = COPY[lang === "zh" ? "zh" : "en"];
  const heading = page.getByRole("heading", { level: 1 });
  const next = () => page.getByRole("button", { name: ui.continue }).click();

  await page.goto(`/${lang}${OFFER_PATH}/apply`);
  await expectLanguage(page, lang);
  for (const question of [c.outsideChina, c.fundsDevelopment, c.sharesData]) await radio(page, question, ui.yes).check();
  await page.getByLabel(ui.email, { exact: true }).fill(email);
  await page.getByRole("button", { name: ui.start }).click();
  await expect(page).toHaveURL(new RegExp(`/${lang}/applications/${TOKEN_PATTERN}/lead$`));
  await expectLanguage(page, lang);
  const token = new RegExp(`/applications/(${TOKEN_PATTERN})`).exec(page.url())![1]!;

  await page.getByLabel(c.institutionName, { exact: true }).fill("Institut de Physique du Globe de Paris");
  await radio(page, c.institutionType, c.university).check();
  await page.getByLabel(c.country, { exact: true }).fill("FR");
  await page.getByLabel(c.contactName, { exact: true }).fill("Marie Dupont");
  await page.getByLabel(c.contactEmail, { exact: true }).fill("marie.dupont@example.org");
  await page.getByLabel(c.participantName, { exact: true }).fill("University of Cologne");
  await page.getByLabel(c.participantCountry, { exact: true }).fill("DE");
  await next();
  await expect(heading).toHaveText(c.steps.payload);
  await expectLanguage(page, lang);

  // Whole numbers: each language writes decimals its own way.
  await page.getByLabel(c.payloadName, { exact: true }).fill("Mars Ionosphere Sounder");
  await radio(page, c.payloadKind, c.instrument).check();
  await radio(page, c.carrier, c.carriers.ORBITER).check();
  for (const [label, value] of [[c.massKg, "1"], [c.peakPowerW, "18"], [c.averagePowerW, "9"], [c.lengthMm, "300"], [c.widthMm, "200"], [c.heightMm, "150"], [c.dataVolumeMbPerDay, "250"], [c.trl, "6"]] as const) {
    await page.getByLabel(label, { exact: true }).fill(value);
  }
  await page.getByLabel(c.pointingNeeds, { exact: true }).fill("Nadir pointing within 1 degree.");
  await page.getByLabel(c.thermalNeeds, { exact: true }).fill("Between -20 and +40 °C.");
  await page.getByLabel(c.heritage, { exact: true }).fill("Derived from the MARSIS sounder on Mars Express.");
  await next();
  await expect(heading).toHaveText(c.steps.science);
  await expectLanguage(page, lang);

  await page.getByRole("group", { name: c.objectives, exact: true }).getByRole("checkbox", { name: c.geology, exact: true }).check();
  await page.getByLabel(c.expectedResults, { exact: true }).fill("A map of the ionosphere's electron density over two Martian years.");
  await page.getByLabel(c.dataSharing, { exact: true }).fill("Raw and calibrated data go to the Chinese archive within six months.");
  await next();
  await expect(heading).toHaveText(c.steps.attachments);
  await expectLanguage(page, lang);

  await page.getByLabel(ui.file, { exact: true }).setInputFiles(VALID_PDF);
  await page.getByRole("button", { name: ui.upload }).click();
  await expect(page.getByTestId("attachments")).toContainText("technical-description.pdf");
  await expectLanguage(page, lang);
  // The way on from the files page belongs to the form's own tests; the check page is opened from the task list.
  await page.goto(`/${lang}/applications/${token}`);
  await expectLanguage(page, lang);
  await page.getByRole("link", { name: ui.check }).click();
  await expect(heading).toHaveText(ui.check);
  await expectLanguage(page, lang);

  await page.getByRole("checkbox", { name: ui.declaration }).check();
  await page.getByRole("button", { name: ui.submit }).click();
  await expect(heading).toHaveText(ui.confirmationTitle);
  await expect(page).toHaveURL(new RegExp(`/${lang}/applications/${token}/confirmation$`));
  await expectLanguage(page, lang);
  await expect(page.getByTestId("confirmation-reference")).toHaveText(REFERENCE);
  // The test server has a mail server (the sink): the page says the email went, in the applicant's language.
  await expect(page.getByTestId("confirmation-mail")).toHaveText(ui.sentTo(email));
  return token;
}

async function screenshots(page: Page, name: string) {
  mkdirSync(SHOTS, { recursive: true });
  for (const [width, height] of [[1280, 900], [390, 844]] as const) {
    await page.setViewportSize({ width, height });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `${name} scrolls sideways at ${width} px`).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `${SHOTS}/${name}-${width}.png`, fullPage: true });
  }
}

test.describe("an applicant keeps their language from the start page to the confirmation", () => {
  test.describe.configure({ timeout: 120_000 });
  test("in French, with the confirmation email worded in French and its links on this server", async ({ page, baseURL }) => {
    const email = uniqueEmail("fr");
    const token = await applyIn(page, "fr", email);
    await screenshots(page, "confirmation-fr");

    const mail = await waitForMail(email, (m) => /^Candidature reçue\s:\s/.test(m.subject));
    expect(mail.subject).toMatch(new RegExp(`^Candidature reçue\\s:\\s${REFERENCE.source.slice(1, -1)}$`));
    expect(mail.text).toMatch(/Nous avons bien reçu votre candidature à «\s?Practice call \(demonstration\)\s?»/);
    expect(mail.text).toContain(`${baseURL}/fr/applications/${token}`);
    expect(mail.text).not.toContain("localhost:3000");
    expect(mail.html).toContain('lang="fr"');

    // The status page it links to stays in French too.
    await page.getByRole("link", { name: UI.fr.viewStatus }).click();
    await expectLanguage(page, "fr");
    await expect(page.getByTestId("application-status")).toHaveText(UI.fr.submitted);
  });

  test("in Arabic, right to left, with the confirmation email in Arabic", async ({ page }) => {
    const email = uniqueEmail("ar");
    await applyIn(page, "ar", email);
    await screenshots(page, "confirmation-ar");
    const mail = await waitForMail(email, (m) => m.subject.startsWith("استُلم الطلب"));
    expect(mail.html).toContain('<html lang="ar" dir="rtl">');
  });

  // The confirmation email's subject and the language its page declares, in each of the other interface languages.
  const RECEIVED: Record<"en" | "zh" | "ru" | "es", { subject: string; tag: string }> = {
    en: { subject: "Application received: ", tag: "en" },
    zh: { subject: "已收到您的申请：", tag: "zh-Hans" },
    ru: { subject: "Заявка получена: ", tag: "ru" },
    es: { subject: "Solicitud recibida: ", tag: "es" },
  };
  for (const lang of ["en", "zh", "ru", "es"] as const) {
    test(`in ${lang}, with the confirmation email in ${lang}`, async ({ page, baseURL }) => {
      const email = uniqueEmail(lang);
      const token = await applyIn(page, lang, email);
      const mail = await waitForMail(email, (m) => m.subject.startsWith(RECEIVED[lang].subject));
      expect(mail.html).toContain(`<html lang="${RECEIVED[lang].tag}" dir="ltr">`);
      expect(mail.text).toContain(`${baseURL}/${lang}/applications/${token}`);
    });
  }
});

test("the status page shows neither review stages nor a decision until its notice is released, in English, Chinese and French; the notice goes in the applicant's Chinese", async ({ browser, request, baseURL }) => {
  // Three browsers through review, a decision batch and the outbox, on a shared two-core machine.
  test.setTimeout(180_000);
  // A complete application through the partner API.
  const upload = await request.post("/api/v1/uploads", {
    multipart: { kind: "TECHNICAL_DESCRIPTION", file: { name: "technical-description.pdf", mimeType: "application/pdf", buffer: readFileSync(VALID_PDF) } },
  });
  expect(upload.status()).toBe(201);
  const { uploadId, uploadToken } = (await upload.json()).data;
  const email = uniqueEmail("notice");
  const response = await request.post(`/api/v1/calls/${CALL_SLUG}/applications`, {
    headers: { "Idempotency-Key": randomUUID() },
    data: {
      email,
      locale: "zh",
      lead: { institutionName: "Universidad de Chile", institutionType: "UNIVERSITY", country: "CL", contactName: "Ana Rojas", contactEmail: "ana.rojas@example.org", participants: [{ name: "Universidade de São Paulo", country: "BR" }] },
      payload: { ...API_PAYLOAD, payloadName: `Notice Magnetometer ${Date.now()}` },
      science: { objectives: ["INTERNAL_STRUCTURE"], expectedResults: "A map of crustal magnetic anomalies.", dataSharing: "All calibrated data go to the Chinese archive within six months." },
      attachments: [{ uploadId, uploadToken }],
    },
  });
  expect(response.status()).toBe(201);
  const { reference, statusUrl } = (await response.json()).data as { reference: string; statusUrl: string };
  // The link handed back is on this server (SITE_URL), in the language the application was made in.
  expect(statusUrl).toMatch(new RegExp(`^${baseURL}/zh/applications/${TOKEN_PATTERN}$`));
  const statusPath = new URL(statusUrl).pathname;

  const applicant = await browser.newPage();
  /** The status page in each language: the status shown, and what its history lists. */
  async function expectApplicantSees(lang: "en" | "zh" | "fr", shown: "submitted" | "accepted") {
    await applicant.goto(statusPath.replace(/^\/zh\//, `/${lang}/`));
    await expect(applicant.getByTestId("application-status")).toHaveText(UI[lang][shown]);
    const history = applicant.getByTestId("application-history");
    await expect(history).not.toContainText(UI[lang].shortlisted);
    if (shown === "submitted") await expect(history).not.toContainText(UI[lang].accepted);
    else await expect(history).toContainText(UI[lang].accepted);
  }

  // Staff move it through review and shortlist it: the applicant still reads "Submitted".
  const admin = await (await contextAs(browser, "ADMIN")).newPage();
  await admin.goto(`/en/admin/applications?q=${encodeURIComponent(reference)}`);
  await admin.getByRole("link", { name: reference, exact: true }).click();
  await admin.getByRole("button", { name: "Move to Under review" }).click();
  await expect(admin.getByTestId("status-history")).toContainText("Under review");
  await admin.getByRole("button", { name: "Move to Shortlisted" }).click();
  await expect(admin.getByTestId("status-history")).toContainText("Shortlisted");
  for (const lang of ["en", "zh", "fr"] as const) await expectApplicantSees(lang, "submitted");

  // An acceptance applied in a batch, its notice held: still "Submitted".
  await admin.getByRole("group", { name: "Decision" }).getByRole("radio", { name: "Accept", exact: true }).check();
  await admin.getByRole("button", { name: "Add to the decision batch" }).click();
  await expect(admin.getByTestId("prepared-decision")).toContainText("Accepted");
  await admin.goto("/en/admin/decisions");
  await admin.getByRole("button", { name: "Apply 1 decision" }).click();
  await expect(admin.getByRole("status").filter({ hasText: /decisions? applied/ })).toContainText(`${reference}: Accept`);
  for (const lang of ["en", "zh", "fr"] as const) await expectApplicantSees(lang, "submitted");

  // Released: now the applicant is told.
  await admin.goto("/en/admin/outbox");
  // The held notice is written in Chinese, the language the application was made in.
  await admin.getByRole("article", { name: `您的申请已获接受：${reference}`, exact: true }).getByRole("checkbox").check();
  await admin.getByRole("button", { name: "Release selected" }).click();
  await expect(admin.getByRole("status").filter({ hasText: "notice sent" })).toHaveText("1 notice sent.");
  for (const lang of ["en", "zh", "fr"] as const) await expectApplicantSees(lang, "accepted");
  const notice = await waitForMail(email, (m) => m.subject === `您的申请已获接受：${reference}`);
  expect(notice.html).toContain('<html lang="zh-Hans" dir="ltr">');
  expect(notice.text).not.toContain("localhost:3000");
  await admin.context().close();
  await applicant.close();
});
