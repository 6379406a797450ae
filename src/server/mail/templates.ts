import "server-only";
import { createTranslator } from "next-intl";
import type { ContentLocale, Locale } from "@/i18n/locales";
import type { Translate } from "@/i18n/translator";
import mailEn from "@/i18n/messages/mail.en.json";
import mailZh from "@/i18n/messages/mail.zh.json";
import { renderEmail, type RenderedEmail, utcDateTime } from "./render";

// The applicant's emails about their application; their words are the catalogue's "Mail" namespace.

/** A moment as applicants read it in mail and receipts: long date, time, and the zone said outright. */
export function formatUtcDateTime(date: Date, locale: ContentLocale): string {
  // For the receipt, which needs it at once: the same message ("Mail.utc") that mail reads through translatorFor.
  const t = createTranslator({ locale, messages: { en: mailEn, zh: mailZh }[locale], namespace: "Mail" });
  return t("utc", { dateTime: utcDateTime(date, locale) });
}

/** What names an application in its emails: its reference and call, and where its form asked them, the payload and lead institution. */
export interface ApplicationNames {
  reference: string;
  /** The call's title in the applicant's content language (English or Chinese). */
  call: string;
  payloadName?: string | null;
  leadInstitution?: string | null;
}

/** The facts that name an application, which every message about it lists first. */
export const applicationFacts = (t: Translate, application: ApplicationNames): [string, string][] => [
  [t("Mail.facts.reference"), application.reference],
  [t("Mail.facts.call"), application.call],
  ...(application.payloadName ? [[t("Mail.facts.payload"), application.payloadName] as [string, string]] : []),
  ...(application.leadInstitution ? [[t("Mail.facts.leadInstitution"), application.leadInstitution] as [string, string]] : []),
];

/** Sent when a draft is saved: the private link that reopens it. */
export const resumeLinkEmail = ({ locale, call, resumeUrl }: { locale: Locale; call: string; resumeUrl: string }): Promise<RenderedEmail> =>
  renderEmail(locale, (t) => ({
    subject: t("Mail.resume.subject", { call }),
    blocks: [
      { paragraph: t("Mail.resume.saved", { call }) },
      { paragraph: t("Mail.resume.continue") },
      { link: resumeUrl },
      { paragraph: t("Mail.resume.private") },
      { paragraph: t("Mail.resume.ignore") },
    ],
  }));

/** Sent once an application is submitted: its reference, main answers and private status link. */
export const submissionConfirmationEmail = (input: ApplicationNames & { locale: Locale; statusUrl: string; submittedAt: Date }): Promise<RenderedEmail> =>
  renderEmail(input.locale, (t) => ({
    subject: t("Mail.submission.subject", { reference: input.reference }),
    blocks: [
      { paragraph: t("Mail.submission.thanks", { call: input.call }) },
      { facts: [...applicationFacts(t, input), [t("Mail.facts.submitted"), t("Mail.utc", { dateTime: utcDateTime(input.submittedAt, input.locale) })]] },
      { paragraph: t("Mail.submission.status") },
      { link: input.statusUrl },
      { paragraph: t("Mail.submission.keep") },
    ],
  }));

/** Sent when the applicant withdraws: confirms it and keeps the status link at hand. */
export const withdrawalConfirmationEmail = ({ locale, reference, call, statusUrl }: { locale: Locale; reference: string; call: string; statusUrl: string }): Promise<RenderedEmail> =>
  renderEmail(locale, (t) => ({
    subject: t("Mail.withdrawal.subject", { reference }),
    blocks: [{ paragraph: t("Mail.withdrawal.done", { reference, call }) }, { paragraph: t("Mail.withdrawal.status") }, { link: statusUrl }],
  }));
