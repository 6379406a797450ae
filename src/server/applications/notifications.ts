import "server-only";
import { sendMail } from "../mail/send";
import { resumeLinkEmail, submissionConfirmationEmail, withdrawalConfirmationEmail } from "../mail/templates";
import type { ApplicantView } from "./service";

// The applicant's emails; sending never throws (undelivered mail waits in the outbox), so no submission is lost to it.
const asLocale = (locale: string) => (locale === "zh" ? "zh" : "en");
/** A call's title in an email's language: Chinese where it has one, else English. */
const titleIn = (title: { en: string; zh: string | null }, locale: "en" | "zh") => (locale === "zh" && title.zh ? title.zh : title.en);

export async function notifyDraftStarted(input: { email: string; locale: string; call: { en: string; zh: string | null }; resumeUrl: string }) {
  const locale = asLocale(input.locale);
  await sendMail({ to: input.email, ...(await resumeLinkEmail({ locale, call: titleIn(input.call, locale), resumeUrl: input.resumeUrl })) });
}

export async function notifySubmitted(view: ApplicantView, statusUrl: string) {
  const lead = view.answers.lead as { institutionName?: string } | undefined;
  const payload = view.answers.payload as { payloadName?: string } | undefined;
  await sendMail({
    to: view.email,
    ...(await submissionConfirmationEmail({
      locale: asLocale(view.locale),
      reference: view.reference ?? "",
      call: titleIn(view.call.title, asLocale(view.locale)),
      statusUrl,
      payloadName: payload?.payloadName,
      leadInstitution: lead?.institutionName,
      submittedAt: new Date(view.submittedAt ?? Date.now()),
    })),
  });
}

export async function notifyWithdrawn(view: ApplicantView, statusUrl: string) {
  await sendMail({ to: view.email, ...(await withdrawalConfirmationEmail({ locale: asLocale(view.locale), reference: view.reference ?? "", call: titleIn(view.call.title, asLocale(view.locale)), statusUrl })) });
}
