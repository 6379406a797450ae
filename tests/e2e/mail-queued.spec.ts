import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { type APIRequestContext, expect, test } from "@playwright/test";
import en from "../../src/i18n/messages/notices.en.json" with { type: "json" };
import fr from "../../src/i18n/messages/notices.fr.json" with { type: "json" };
import zh from "../../src/i18n/messages/notices.zh.json" with { type: "json" };
import { NO_MAIL_BASE_URL } from "../../playwright.config";
import { signIn } from "./admin-helpers";
import { API_PAYLOAD, CALL_SLUG, TOKEN_PATTERN, uniqueEmail, VALID_PDF } from "./apply-helpers";

// A portal with no mail server connected (SMTP_URL unset) keeps every email queued in its outbox: the applicant's
// confirmation page says so instead of "we have sent", and the staff dashboard lists the email as queued, not sent.

test.use({ baseURL: NO_MAIL_BASE_URL });

const NOTICES = { en: en.Notices, zh: zh.Notices, fr: fr.Notices };
type Lang = keyof typeof NOTICES;

/** A catalogue sentence as the page shows it: the address in place of `<address>{email}</address>`. */
function withEmail(message: string, email: string): string {
  const text = message.replace("<address>{email}</address>", email);
  expect(text, "every placeholder filled").not.toMatch(/[{}<>]/);
  return text;
}

/** A complete application through the partner API (English or Chinese) on the no-mail server; returns its address and private token. */
async function submitThroughApi(request: APIRequestContext, locale: "en" | "zh"): Promise<{ email: string; token: string }> {
  const upload = await request.post("/api/v1/uploads", {
    multipart: { kind: "TECHNICAL_DESCRIPTION", file: { name: "technical-description.pdf", mimeType: "application/pdf", buffer: readFileSync(VALID_PDF) } },
  });
  expect(upload.status()).toBe(201);
  const { uploadId, uploadToken } = (await upload.json()).data;
  const email = uniqueEmail(`queued-${locale}`);
  const response = await request.post(`/api/v1/calls/${CALL_SLUG}/applications`, {
    headers: { "Idempotency-Key": randomUUID() },
    data: {
      email,
      locale,
      lead: { institutionName: "Universidad de Chile", institutionType: "UNIVERSITY", country: "CL", contactName: "Ana Rojas", contactEmail: "ana.rojas@example.org", participants: [{ name: "Universidade de São Paulo", country: "BR" }] },
      payload: { ...API_PAYLOAD, payloadName: `Queued Spectrometer ${Date.now()}` },
      science: { objectives: ["INTERNAL_STRUCTURE"], expectedResults: "A map of crustal magnetic anomalies.", dataSharing: "All calibrated data go to the archive within six months." },
      attachments: [{ uploadId, uploadToken }],
    },
  });
  expect(response.status()).toBe(201);
  const { statusUrl } = (await response.json()).data as { statusUrl: string };
  const match = new RegExp(`^${NO_MAIL_BASE_URL}/${locale}/applications/(${TOKEN_PATTERN})$`).exec(statusUrl);
  expect(match, `status link ${statusUrl}`).not.toBeNull();
  return { email, token: match?.[1] ?? "" };
}

for (const lang of ["en", "zh", "fr"] as const) {
  test(`with no mail server, the confirmation page in ${lang} says the email is queued, not sent`, async ({ page, request }) => {
    const { email, token } = await submitThroughApi(request, lang === "zh" ? "zh" : "en");
    await page.goto(`/${lang}/applications/${token}/confirmation`);
    const mail = page.getByTestId("confirmation-mail");
    await expect(mail).toHaveAttribute("data-mail", "queued");
    await expect(mail).toContainText(withEmail(NOTICES[lang].confirmation.queued, email));
    await expect(mail).toContainText(NOTICES[lang].confirmation.keepLink);
    await expect(mail).not.toContainText(withEmail(NOTICES[lang].confirmation.sent, email));
  });
}

test("with no mail server, the staff dashboard lists the unsent confirmation email as queued", async ({ page, request }) => {
  const { email } = await submitThroughApi(request, "en");
  // A fresh sign-in: this server signs its sessions with secrets of its own.
  await signIn(page, "ADMIN");
  await page.goto("/en/admin");
  const dashboard = en.Notices.dashboard;
  const section = page.getByRole("region", { name: dashboard.heading });
  await expect(section).not.toContainText(dashboard.none);
  const row = page.getByTestId("unsent-mail").getByRole("listitem").filter({ hasText: dashboard.to.replace("{to}", email) });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(dashboard.not_configured);
  await expect(row).not.toContainText(dashboard.pending);
});
