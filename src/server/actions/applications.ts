"use server";

import { formContentLocale, isLocale } from "@/i18n/locales";
import { redirect } from "next/navigation";
import { env } from "@/env";
import { poolWording } from "@/lib/calls/pools";
import { formDataToObject, submittedValues, type FormState, fieldErrorsOf } from "@/lib/form-state";
import type { EligibilityQuestion } from "@/lib/calls/definition";
import { ineligibilityReasons, startApplicationSchema, submitApplicationSchema, attachmentKindSchema } from "@/lib/validation/application";
import {
  addAttachment,
  getApplicantView,
  removeAttachment,
  saveApplicationStep,
  startApplication,
  submitApplication,
  withdrawApplication,
  type Failure,
} from "../applications/service";
import { notifyDraftStarted, notifySubmitted, notifyWithdrawn } from "../applications/notifications";
import { clientIp } from "../platform/client-address";
import { getCallForm } from "../queries/opportunities";

// The private link's token travels in a hidden field: actions bound to it hang the server on posts sent without JavaScript.
const tokenOf = (formData: FormData) => String(formData.get("token") ?? "");
const applicationPath = (locale: string, token: string, page = "") => `/${locale}/applications/${token}${page ? `/${page}` : ""}`;
/** The language the applicant reads the form in: where every page they are sent to keeps them. */
const readerLocale = (formData: FormData) => {
  const typedIn = String(formData.get("locale") ?? "");
  return isLocale(typedIn) ? typedIn : "en";
};

function failureState(failure: Failure, formData: FormData): FormState {
  const values = submittedValues(formData);
  switch (failure.code) {
    case "invalid":
      return { ok: false, message: "summaryTitle", fieldErrors: failure.fieldErrors, values };
    case "rate_limited":
      return { ok: false, message: "rateLimited", messageValues: { minutes: Math.ceil(failure.retryAfterSeconds / 60) }, values };
    case "over_capacity":
      return { ok: false, message: "overCapacitySubmit", messageValues: { remaining: failure.remaining, ...poolWording(failure.pool, formContentLocale(formData)) }, values };
    case "not_found":
      return { ok: false, message: "notFound" };
    case "unknown_page":
      return { ok: false, message: "invalidRequest" };
    case "not_editable":
      return { ok: false, message: "notEditable" };
    case "call_closed":
      return { ok: false, message: "callClosed" };
    case "incomplete":
      return { ok: false, message: "incomplete" };
    case "store_full":
      return { ok: false, message: "uploadStoreFull", values };
  }
}

export async function startApplicationAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const locale = formContentLocale(formData);
  const reader = readerLocale(formData);
  const slug = String(formData.get("call") ?? "");
  // The call's own eligibility questions, from its published form.
  const form = await getCallForm(slug).catch(() => null);
  if (!form) return { ok: false, message: "notFound" };
  const eligibility = form.eligibility as EligibilityQuestion[];
  const parsed = startApplicationSchema(eligibility).safeParse(formDataToObject(formData));
  if (!parsed.success) return { ok: false, message: "summaryTitle", fieldErrors: fieldErrorsOf(parsed.error), values: submittedValues(formData) };
  const reasons = ineligibilityReasons(eligibility, parsed.data, locale);
  if (reasons.length > 0) return { ok: false, message: "notEligible", fieldErrors: {}, values: { ...submittedValues(formData), reasons } };
  const started = await startApplication({ slug, email: parsed.data.email, locale, clientIp: await clientIp() });
  if (!started.ok) return failureState(started, formData);
  await notifyDraftStarted({ email: parsed.data.email, locale, call: started.call, resumeUrl: `${env.SITE_URL}${applicationPath(reader, started.token)}` });
  redirect(applicationPath(reader, started.token, started.firstPage));
}

export async function saveStepAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const locale = readerLocale(formData);
  const token = tokenOf(formData);
  const step = String(formData.get("step") ?? "");
  // Numbers are read as the page's language writes them (a decimal comma in French, Spanish, Russian).
  const saved = await saveApplicationStep(token, step, (multiValued: string[]) => formDataToObject(formData, multiValued), locale);
  if (!saved.ok) return failureState(saved, formData);
  const returnToCheck = formData.get("returnTo") === "check";
  const { steps } = saved.view;
  redirect(applicationPath(locale, token, returnToCheck ? "check" : (steps[steps.indexOf(step) + 1] ?? "check")));
}

export async function uploadAttachmentAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const locale = readerLocale(formData);
  const token = tokenOf(formData);
  const file = formData.get("file");
  const kind = attachmentKindSchema.safeParse(formData.get("kind"));
  if (!kind.success) return { ok: false, message: "summaryTitle", fieldErrors: { kind: "chooseOne" } };
  if (!(file instanceof File) || file.size === 0 && file.name === "") {
    return { ok: false, message: "summaryTitle", fieldErrors: { file: "fileMissing" } };
  }
  const added = await addAttachment(token, { kind: kind.data, fileName: file.name, type: file.type, bytes: new Uint8Array(await file.arrayBuffer()) });
  if (!added.ok) return failureState(added, formData);
  redirect(applicationPath(locale, token, "attachments"));
}

export async function removeAttachmentAction(formData: FormData): Promise<void> {
  const token = tokenOf(formData);
  await removeAttachment(token, String(formData.get("attachmentId") ?? ""));
  redirect(applicationPath(readerLocale(formData), token, "attachments"));
}

export async function submitApplicationAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const locale = readerLocale(formData);
  const token = tokenOf(formData);
  const parsed = submitApplicationSchema.safeParse(formDataToObject(formData));
  if (!parsed.success) return { ok: false, message: "summaryTitle", fieldErrors: fieldErrorsOf(parsed.error) };
  const submitted = await submitApplication(token, parsed.data.idempotencyKey);
  if (!submitted.ok) return failureState(submitted, formData);
  if (submitted.firstTime) {
    const view = await getApplicantView(token);
    if (view) await notifySubmitted(view, `${env.SITE_URL}${applicationPath(locale, token)}`);
  }
  redirect(applicationPath(locale, token, "confirmation"));
}

export async function withdrawApplicationAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const locale = readerLocale(formData);
  const token = tokenOf(formData);
  if (formData.get("confirm") !== "yes") return { ok: false, message: "summaryTitle", fieldErrors: { confirm: "required" } };
  const withdrawn = await withdrawApplication(token);
  if (!withdrawn.ok) return failureState(withdrawn, formData);
  const view = await getApplicantView(token);
  if (view) await notifyWithdrawn(view, `${env.SITE_URL}${applicationPath(locale, token)}`);
  redirect(applicationPath(locale, token));
}
