import "server-only";
import { env } from "@/env";
import { isLocale, type ContentLocale, type Locale } from "@/i18n/locales";
import type { OutboxMessage } from "../mail/outbox";
import { resumeLinkEmail, submissionConfirmationEmail, withdrawalConfirmationEmail } from "../mail/templates";

// The applicant's emails, rendered before or inside the transaction that writes them to the outbox (enqueueMail):
// worded in the language they read the portal in, naming the call in its content language.
const asContent = (locale: string): ContentLocale => (locale === "zh" ? "zh" : "en");
/** The wording's language: the applicant's interface language, or else their content language. */
const wordingOf = (interfaceLocale: string | null | undefined, locale: string): Locale => (interfaceLocale && isLocale(interfaceLocale) ? interfaceLocale : asContent(locale));
/** A call's title in the content language: Chinese where it has one, else English. */
const titleIn = (title: { en: string; zh: string | null }, locale: ContentLocale) => (locale === "zh" && title.zh ? title.zh : title.en);

/** An application's private page, in the language `locale` names (the applicant's own by default). */
export const applicationLink = (token: string, locale: string) => `${env.SITE_URL}/${isLocale(locale) ? locale : "en"}/applications/${token}`;

/** What the applicant's mail reads of their application. */
export interface MailedApplication {
  email: string;
  locale: string;
  interfaceLocale?: string | null;
  reference?: string | null;
  call: { en: string; zh: string | null };
  payloadName?: string | null;
  leadInstitution?: string | null;
}

export async function resumeLinkMessage(application: MailedApplication, resumeUrl: string): Promise<OutboxMessage> {
  const email = await resumeLinkEmail({ locale: wordingOf(application.interfaceLocale, application.locale), call: titleIn(application.call, asContent(application.locale)), resumeUrl });
  return { kind: "resume-link", to: application.email, ...email };
}

export async function submissionConfirmationMessage(application: MailedApplication, statusUrl: string, submittedAt: Date): Promise<OutboxMessage> {
  const email = await submissionConfirmationEmail({
    locale: wordingOf(application.interfaceLocale, application.locale),
    reference: application.reference ?? "",
    call: titleIn(application.call, asContent(application.locale)),
    statusUrl,
    payloadName: application.payloadName,
    leadInstitution: application.leadInstitution,
    submittedAt,
  });
  return { kind: "submission-confirmation", to: application.email, ...email };
}

export async function withdrawalConfirmationMessage(application: MailedApplication, statusUrl: string): Promise<OutboxMessage> {
  const email = await withdrawalConfirmationEmail({
    locale: wordingOf(application.interfaceLocale, application.locale),
    reference: application.reference ?? "",
    call: titleIn(application.call, asContent(application.locale)),
    statusUrl,
  });
  return { kind: "withdrawal-confirmation", to: application.email, ...email };
}
