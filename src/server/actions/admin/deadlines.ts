"use server";

import { redirect } from "next/navigation";
import { formContentLocale } from "@/i18n/locales";
import { fieldErrorsOf, formDataToObject, submittedValues, type FormState } from "@/lib/form-state";
import { deadlineExtensionSchema } from "@/lib/validation/admin/review";
import { requirePermission } from "../../authz";
import { extendApplicantDeadline } from "../../review/deadlines";

/** Gives one applicant of a call a later deadline (audited). */
export async function extendDeadlineAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const staff = await requirePermission("applications.decide");
  const parsed = deadlineExtensionSchema.safeParse(formDataToObject(formData));
  if (!parsed.success) {
    const fieldErrors = fieldErrorsOf(parsed.error);
    if (fieldErrors.id) return { ok: false, message: "invalidRequest" };
    return { ok: false, message: "summaryTitle", fieldErrors, values: submittedValues(formData) };
  }
  const result = await extendApplicantDeadline(staff, parsed.data);
  if (!result.ok) {
    if (result.error === "notFound") return { ok: false, message: "invalidRequest" };
    const field = result.error === "extensionInPast" ? "until" : "email";
    return { ok: false, message: "summaryTitle", fieldErrors: { [field]: result.error }, values: submittedValues(formData) };
  }
  redirect(`/${formContentLocale(formData)}/admin/opportunities/${encodeURIComponent(parsed.data.id)}?done=saved#deadlines`);
}
