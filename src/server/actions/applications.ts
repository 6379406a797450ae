"use server";

import { formContentLocale, isLocale } from "@/i18n/locales";
import { redirect } from "next/navigation";
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
import { deliverNow } from "../jobs/runner";
import { clientIp } from "../platform/client-address";
import { minutesToWait } from "../platform/rate-limit";
import { getCallForm } from "../queries/opportunities";
import { answerWordsFor } from "../calls/answer-words";
import { pageRevision, type StepFormState } from "@/lib/calls/answer-revision";
import { answersAsText, readAnswers } from "@/lib/calls/render";
import { pickText } from "@/lib/localize";

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
      return { ok: false, message: failure.kept ? "invalidKept" : "summaryTitle", fieldErrors: failure.fieldErrors, values };
    case "stale":
      return { ok: false, message: "staleSave", values };
    case "rate_limited":
      return { ok: false, message: "rateLimited", messageValues: { minutes: minutesToWait(failure.retryAfterSeconds) }, values };
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
  const started = await startApplication({ slug, email: parsed.data.email, locale, interfaceLocale: reader, clientIp: await clientIp() });
  if (!started.ok) return failureState(started, formData);
  await deliverNow([started.mailId]);
  redirect(applicationPath(reader, started.token, started.firstPage));
}

export async function saveStepAction(_prev: StepFormState, formData: FormData): Promise<StepFormState> {
  const locale = readerLocale(formData);
  const token = tokenOf(formData);
  const step = String(formData.get("step") ?? "");
  const revision = formData.get("revision");
  // Numbers are read as the page's language writes them (a decimal comma in French, Spanish, Russian).
  const saved = await saveApplicationStep(token, step, (multiValued: string[]) => formDataToObject(formData, multiValued), locale, {
    revision: typeof revision === "string" ? revision : undefined,
    keepValid: true,
  });
  if (!saved.ok) return withSavedNow(failureState(saved, formData), saved, token, step, locale);
  const returnToCheck = formData.get("returnTo") === "check";
  const { steps } = saved.view;
  redirect(applicationPath(locale, token, returnToCheck ? "check" : (steps[steps.indexOf(step) + 1] ?? "check")));
}

/**
 * A refused step keeps what was typed and carries the page's revision as saved now, so that the next save is not taken
 * for one from an older copy; a save from an older copy also names each question changed since, with its saved answer.
 */
async function withSavedNow(state: StepFormState, failure: Failure, token: string, step: string, locale: string): Promise<StepFormState> {
  if (failure.code !== "stale" && failure.code !== "invalid") return state;
  const view = await getApplicantView(token);
  const page = view?.form?.pages.find((p) => p.key === step);
  if (!view?.form || !page) return state;
  const keys = page.questions.filter((q) => q.type !== "attachment").map((q) => q.key);
  const withRevision = { ...state, values: { ...state.values, revision: pageRevision(view.answers[step], keys) } };
  if (failure.code !== "stale") return withRevision;
  const content = locale === "zh" ? "zh" : "en";
  const words = await answerWordsFor(content);
  const shown = answersAsText(readAnswers(view.form, view.answers, view.attachments, content), content, words).find((p) => p.key === step);
  const changed = failure.changed.map((key) => {
    const question = shown?.questions.find((q) => q.key === key);
    const label = question?.label ?? pickText(page.questions.find((q) => q.key === key)!.label, content);
    return { key, label, value: question?.lines.join("; ") ?? "" };
  });
  return { ...withRevision, changed };
}

/** Which way an upload form was sent: "Upload file" stays on the page, "Save and continue" uploads any chosen file and moves on. */
const continuesAfterUpload = (formData: FormData) => formData.get("intent") === "continue";

/**
 * A file input left empty still posts a part: no bytes, and a name of "" (a plain form post) or "undefined" (the same
 * part read by the server action's multipart parser, which has no name to give it). A chosen empty file keeps its name
 * and is refused as empty.
 */
const noFileChosen = (file: File) => file.size === 0 && (file.name === "" || file.name === "undefined");

export async function uploadAttachmentAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const locale = readerLocale(formData);
  const token = tokenOf(formData);
  const file = formData.get("file");
  const chosen = file instanceof File && !noFileChosen(file);
  if (continuesAfterUpload(formData) && !chosen) redirect(applicationPath(locale, token, await stepAfter(token, String(formData.get("step") ?? ""))));
  const kind = attachmentKindSchema.safeParse(formData.get("kind"));
  if (!kind.success) return { ok: false, message: "summaryTitle", fieldErrors: { kind: "chooseOne" } };
  if (!chosen) {
    return { ok: false, message: "summaryTitle", fieldErrors: { file: "fileMissing" } };
  }
  const added = await addAttachment(token, { kind: kind.data, fileName: file.name, type: file.type, bytes: new Uint8Array(await file.arrayBuffer()) });
  if (!added.ok) return failureState(added, formData);
  if (continuesAfterUpload(formData)) redirect(applicationPath(locale, token, await stepAfter(token, String(formData.get("step") ?? ""))));
  redirect(applicationPath(locale, token, "attachments"));
}

/** The page after a step of the draft's flow: "check" after the last, or for a step the flow does not have. */
async function stepAfter(token: string, step: string): Promise<string> {
  const steps = (await getApplicantView(token))?.steps ?? [];
  const at = steps.indexOf(step);
  return at === -1 ? "check" : (steps[at + 1] ?? "check");
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
  const submitted = await submitApplication(token, parsed.data.idempotencyKey, locale);
  if (!submitted.ok) return failureState(submitted, formData);
  // The confirmation page says whether the email went: it is sent now, within a bound, or left to the job runner.
  await deliverNow([submitted.mailId]);
  redirect(applicationPath(locale, token, "confirmation"));
}

export async function withdrawApplicationAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const locale = readerLocale(formData);
  const token = tokenOf(formData);
  if (formData.get("confirm") !== "yes") return { ok: false, message: "summaryTitle", fieldErrors: { confirm: "required" } };
  const withdrawn = await withdrawApplication(token, locale);
  if (!withdrawn.ok) return failureState(withdrawn, formData);
  await deliverNow([withdrawn.mailId]);
  redirect(applicationPath(locale, token));
}
