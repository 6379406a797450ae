"use server";

import { formContentLocale } from "@/i18n/locales";
import { revalidatePath } from "next/cache";
import { formDataToObject, submittedValues, type FormState, fieldErrorsOf } from "@/lib/form-state";
import { type BatchState, prepareDecisionSchema, removeDecisionSchema } from "@/lib/validation/admin/review";
import { requirePermission } from "../../authz";
import { revalidateContent } from "../../cache";
import { applyDecisionBatch, prepareDecision, removePreparedDecision } from "../../review/decisions";

// Decisions, prepared one by one and applied as a batch.


function revalidateReviewPages(formData: FormData, applicationId?: string) {
  const locale = formContentLocale(formData);
  revalidatePath(`/${locale}/admin/decisions`);
  revalidatePath(`/${locale}/admin/applications`);
  if (applicationId) revalidatePath(`/${locale}/admin/applications/${applicationId}`);
}

export async function prepareDecisionAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const staff = await requirePermission("applications.decide");
  const parsed = prepareDecisionSchema.safeParse(formDataToObject(formData));
  if (!parsed.success) {
    const fieldErrors = fieldErrorsOf(parsed.error);
    if (fieldErrors.applicationId) return { ok: false, message: "invalidRequest" };
    return { ok: false, message: "summaryTitle", fieldErrors, values: submittedValues(formData) };
  }
  const result = await prepareDecision(staff, parsed.data);
  if (!result.ok) return { ok: false, message: result.error, values: submittedValues(formData) };
  revalidateReviewPages(formData, parsed.data.applicationId);
  return { ok: true, message: parsed.data.outcome === "ACCEPTED" ? "acceptPrepared" : "declinePrepared" };
}

export async function removePreparedDecisionAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const staff = await requirePermission("applications.decide");
  const parsed = removeDecisionSchema.safeParse(formDataToObject(formData));
  if (!parsed.success) return { ok: false, message: "invalidRequest" };
  const result = await removePreparedDecision(staff, parsed.data.decisionId);
  if (!result.ok) return { ok: false, message: result.error };
  revalidateReviewPages(formData);
  return { ok: true, message: "decisionRemoved" };
}

export async function applyDecisionBatchAction(_prev: BatchState, formData: FormData): Promise<BatchState> {
  const staff = await requirePermission("applications.decide");
  const result = await applyDecisionBatch(staff);
  // Remaining capacity is published on the offer's pages.
  if (result.applied.length > 0) revalidateContent(["opportunities"]);
  revalidateReviewPages(formData);
  revalidatePath(`/${formContentLocale(formData)}/admin/outbox`);
  return { ok: result.refused.length === 0, message: "batchApplied", result };
}
