import "server-only";
import { isLocale, type ContentLocale, type Locale } from "@/i18n/locales";
import { sendMail, type SendMailResult } from "../mail/send";
import { resumeLinkEmail, submissionConfirmationEmail, withdrawalConfirmationEmail } from "../mail/templates";
import type { ApplicantView } from "./service";

// The applicant's emails: worded in the language they read the portal in, naming the call in its content language.
// Sending never throws (undelivered mail waits in the outbox), so no submission is lost to it.
const asContent = (locale: string): ContentLocale => (locale === "zh" ? "zh" : "en");
/** The wording's language: the applicant's interface language, or else their content language. */
const wordingOf = (interfaceLocale: string | undefined, locale: string): Locale => (interfaceLocale && isLocale(interfaceLocale) ? interfaceLocale : asContent(locale));
/** A call's title in the content language: Chinese where it has one, else English. */
const titleIn = (title: { en: string; zh: string | null }, locale: ContentLocale) => (locale === "zh" && title.zh ? title.zh : title.en);

export async function notifyDraftStarted(input: { applicationId?: string; email: string; locale: string; interfaceLocale?: string; call: { en: string; zh: string | null }; resumeUrl: string }): Promise<SendMailResult> {
  const email = await resumeLinkEmail({ locale: wordingOf(input.interfaceLocale, input.locale), call: titleIn(input.call, asContent(input.locale)), resumeUrl: input.resumeUrl });
  return sendMail({ to: input.email, applicationId: input.applicationId, ...email });
}

export async function notifySubmitted(view: ApplicantView, statusUrl: string): Promise<SendMailResult> {
  const lead = view.answers.lead as { institutionName?: string } | undefined;
  const payload = view.answers.payload as { payloadName?: string } | undefined;
  return sendMail({
    to: view.email,
    applicationId: view.id,
    ...(await submissionConfirmationEmail({
      locale: wordingOf(view.interfaceLocale, view.locale),
      reference: view.reference ?? "",
      call: titleIn(view.call.title, asContent(view.locale)),
      statusUrl,
      payloadName: payload?.payloadName,
      leadInstitution: lead?.institutionName,
      submittedAt: new Date(view.submittedAt ?? Date.now()),
    })),
  });
}

export async function notifyWithdrawn(view: ApplicantView, statusUrl: string): Promise<SendMailResult> {
  const email = await withdrawalConfirmationEmail({
    locale: wordingOf(view.interfaceLocale, view.locale),
    reference: view.reference ?? "",
    call: titleIn(view.call.title, asContent(view.locale)),
    statusUrl,
  });
  return sendMail({ to: view.email, applicationId: view.id, ...email });
}
