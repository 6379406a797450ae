"use server";

import { formContentLocale } from "@/i18n/locales";
import { revalidatePath } from "next/cache";
import { formDataToObject, submittedValues, type FormState, fieldErrorsOf } from "@/lib/form-state";
import {
  assignReviewerSchema,
  changeStatusSchema,
  declareConflictSchema,
  scoreSchema,
  scoreTargetSchema,
  unassignReviewerSchema,
} from "@/lib/validation/admin/review";
import { requirePermission } from "../../authz";
import { assignReviewer, declareConflict, rubricToScore, saveScores, unassignReviewer } from "../../review/assignments";
import type { ReviewResult } from "../../review/result";
import { changeStatus } from "../../review/status";

// The review of one application: every action checks its own permission; the services check the assignment.


function settle(formData: FormData, applicationId: string, result: ReviewResult, done: string): FormState {
  if (!result.ok) return { ok: false, message: result.error, values: submittedValues(formData) };
  const locale = formContentLocale(formData);
  revalidatePath(`/${locale}/admin/applications/${applicationId}`);
  revalidatePath(`/${locale}/admin/applications`);
  return { ok: true, message: done };
}

const invalid = (error: Parameters<typeof fieldErrorsOf>[0], formData: FormData): FormState => {
  const fieldErrors = fieldErrorsOf(error);
  // A tampered hidden field, or a score for a criterion the rubric does not name, is not the user's mistake to
  // correct field by field.
  if (fieldErrors.applicationId || fieldErrors.assignmentId || fieldErrors.status || fieldErrors.scores) return { ok: false, message: "invalidRequest" };
  return { ok: false, message: "summaryTitle", fieldErrors, values: submittedValues(formData) };
};

export async function assignReviewerAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const staff = await requirePermission("applications.assign");
  const parsed = assignReviewerSchema.safeParse(formDataToObject(formData));
  if (!parsed.success) return invalid(parsed.error, formData);
  return settle(formData, parsed.data.applicationId, await assignReviewer(staff, parsed.data), "assigned");
}

export async function unassignReviewerAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const staff = await requirePermission("applications.assign");
  const parsed = unassignReviewerSchema.safeParse(formDataToObject(formData));
  if (!parsed.success) return invalid(parsed.error, formData);
  return settle(formData, parsed.data.applicationId, await unassignReviewer(staff, parsed.data), "unassigned");
}

export async function declareConflictAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const staff = await requirePermission("applications.review");
  const parsed = declareConflictSchema.safeParse(formDataToObject(formData));
  if (!parsed.success) return invalid(parsed.error, formData);
  return settle(formData, parsed.data.applicationId, await declareConflict(staff, parsed.data), "conflictDeclared");
}

export async function saveScoresAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const staff = await requirePermission("applications.review");
  const input = formDataToObject(formData);
  const target = scoreTargetSchema.safeParse(input);
  if (!target.success) return invalid(target.error, formData);
  // The form is the rubric of the version of the call the application answered.
  const rubric = await rubricToScore(staff, target.data.applicationId);
  if (!rubric.ok) return settle(formData, target.data.applicationId, rubric, "scored");
  const parsed = scoreSchema(rubric.rubric).safeParse(input);
  if (!parsed.success) return invalid(parsed.error, formData);
  return settle(formData, parsed.data.applicationId, await saveScores(staff, parsed.data), "scored");
}

export async function changeStatusAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const staff = await requirePermission("applications.decide");
  const parsed = changeStatusSchema.safeParse(formDataToObject(formData));
  if (!parsed.success) return invalid(parsed.error, formData);
  return settle(formData, parsed.data.applicationId, await changeStatus(staff, parsed.data), "statusChanged");
}
