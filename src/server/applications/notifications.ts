import "server-only";
import { sendMail } from "../mail/send";
import { resumeLinkEmail, submissionConfirmationEmail, withdrawalConfirmationEmail } from "../mail/templates";
import type { ApplicantView } from "./service";

// The applicant's emails; sending never throws (undelivered mail waits in the outbox), so no submission is lost to it.
const asLocale = (locale: string) => (locale === "zh" ? "zh" : "en");

export async function notifyDraftStarted(input: { email: string; locale: string; resumeUrl: string }) {
  await sendMail({ to: input.email, ...(await resumeLinkEmail({ locale: asLocale(input.locale), resumeUrl: input.resumeUrl })) });
}

export async function notifySubmitted(view: ApplicantView, statusUrl: string) {
  const lead = view.answers.lead as { institutionName?: string } | undefined;
  const payload = view.answers.payload as { payloadName?: string } | undefined;
  await sendMail({
    to: view.email,
    ...(await submissionConfirmationEmail({
      locale: asLocale(view.locale),
      reference: view.reference ?? "",
      statusUrl,
      payloadName: payload?.payloadName ?? "",
      leadInstitution: lead?.institutionName ?? "",
      submittedAt: new Date(view.submittedAt ?? Date.now()),
    })),
  });
}

export async function notifyWithdrawn(view: ApplicantView, statusUrl: string) {
  await sendMail({ to: view.email, ...(await withdrawalConfirmationEmail({ locale: asLocale(view.locale), reference: view.reference ?? "", statusUrl })) });
}
