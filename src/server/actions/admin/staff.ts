"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { formLocale } from "@/i18n/locales";
import { formDataToObject, submittedValues, type FormState, fieldErrorsOf } from "@/lib/form-state";
import { staffAccessSchema, staffDetailsSchema, staffIdSchema, staffPasswordResetSchema } from "@/lib/validation/admin/staff";
import { createStaffSchema } from "@/lib/validation/staff";
import { requirePermission } from "../../authz";
import {
  createStaffUser,
  resetStaffPassword,
  resetStaffTotp,
  setStaffDisabled,
  type StaffChangeResult,
  StaffEmailTaken,
  unlockStaff,
  updateStaffDetails,
} from "../../staff/service";

// Staff management: every action checks "staff.manage" itself; the service keeps the last-administrator rules.


function settle(formData: FormData, id: string, result: StaffChangeResult, done: string): FormState {
  if (!result.ok) return { ok: false, message: result.reason };
  const locale = formLocale(formData);
  revalidatePath(`/${locale}/admin/staff/${id}`);
  revalidatePath(`/${locale}/admin/staff`);
  return { ok: true, message: done };
}

/** Everything but the password, to refill a form that came back with errors. */
function valuesWithoutPassword(formData: FormData) {
  const { password: _password, ...values } = submittedValues(formData);
  return values;
}

export async function createStaffAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const staff = await requirePermission("staff.manage");
  const parsed = createStaffSchema.safeParse(formDataToObject(formData));
  if (!parsed.success) return { ok: false, message: "summaryTitle", fieldErrors: fieldErrorsOf(parsed.error), values: valuesWithoutPassword(formData) };
  let id: string;
  try {
    id = (await createStaffUser(parsed.data, staff)).id;
  } catch (error) {
    if (error instanceof StaffEmailTaken) return { ok: false, message: "summaryTitle", fieldErrors: { email: "taken" }, values: valuesWithoutPassword(formData) };
    throw error;
  }
  const locale = formLocale(formData);
  revalidatePath(`/${locale}/admin/staff`);
  redirect(`/${locale}/admin/staff/${id}?created=1`);
}

export async function updateStaffAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const staff = await requirePermission("staff.manage");
  const parsed = staffDetailsSchema.safeParse(formDataToObject(formData));
  if (!parsed.success) return { ok: false, message: "summaryTitle", fieldErrors: fieldErrorsOf(parsed.error), values: submittedValues(formData) };
  const result = await updateStaffDetails(staff, parsed.data);
  return { ...settle(formData, parsed.data.id, result, "saved"), values: result.ok ? undefined : submittedValues(formData) };
}

export async function setStaffDisabledAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const staff = await requirePermission("staff.manage");
  const parsed = staffAccessSchema.safeParse(formDataToObject(formData));
  if (!parsed.success) return { ok: false, message: "invalidRequest" };
  const result = await setStaffDisabled(staff, parsed.data.id, parsed.data.disabled);
  return settle(formData, parsed.data.id, result, parsed.data.disabled ? "disabled" : "enabled");
}

export async function resetStaffPasswordAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const staff = await requirePermission("staff.manage");
  const parsed = staffPasswordResetSchema.safeParse(formDataToObject(formData));
  if (!parsed.success) return { ok: false, message: "summaryTitle", fieldErrors: fieldErrorsOf(parsed.error) };
  const result = await resetStaffPassword(staff, parsed.data.id, parsed.data.password);
  return settle(formData, parsed.data.id, result, "passwordReset");
}

export async function unlockStaffAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const staff = await requirePermission("staff.manage");
  const parsed = staffIdSchema.safeParse(formDataToObject(formData));
  if (!parsed.success) return { ok: false, message: "invalidRequest" };
  return settle(formData, parsed.data.id, await unlockStaff(staff, parsed.data.id), "unlocked");
}

export async function resetStaffTotpAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const staff = await requirePermission("staff.manage");
  const parsed = staffIdSchema.safeParse(formDataToObject(formData));
  if (!parsed.success) return { ok: false, message: "invalidRequest" };
  return settle(formData, parsed.data.id, await resetStaffTotp(staff, parsed.data.id), "totpReset");
}
