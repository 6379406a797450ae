"use server";

import { AuthError } from "next-auth";
import { revalidatePath } from "next/cache";
import { formLocale, LOCALES } from "@/i18n/locales";
import { formDataToObject, submittedValues, type FormState, fieldErrorsOf } from "@/lib/form-state";
import { signInSchema, totpConfirmSchema } from "@/lib/validation/staff";
import { signIn, signOut, SignInRefused } from "../../auth/config";
import type { ThrottleRefusal } from "../../auth/throttle";
import { requireStaff } from "../../authz";
import { clientIp } from "../../platform/client-address";
import { disableTotp, enableTotp, endAllSessions } from "../../staff/account";

/** The message for a refusal, with how long to wait where there is a wait (seconds, or minutes from one minute up). */
function refusalMessage(reason: string, retryAfterSeconds?: number): Pick<FormState, "message" | "messageValues"> {
  if (retryAfterSeconds === undefined) return { message: reason };
  return { message: reason, messageValues: { seconds: retryAfterSeconds, minutes: retryAfterSeconds < 60 ? 0 : Math.ceil(retryAfterSeconds / 60) } };
}

/** Only a path inside the staff panel of this site; anything else goes to the dashboard. */
function safeCallback(value: FormDataEntryValue | null, locale: string): string {
  const path = typeof value === "string" ? value : "";
  return new RegExp(`^/(${LOCALES.join("|")})/admin(/[\\w\\-/]*)?(\\?[\\w=&%\\-.]*)?$`).test(path) && !path.includes("//") && !path.includes("sign-in") ? path : `/${locale}/admin`;
}

export async function signInAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const locale = formLocale(formData);
  const values = { email: String(formData.get("email") ?? "") };
  const parsed = signInSchema.safeParse(formDataToObject(formData));
  if (!parsed.success) return { ok: false, message: "summaryTitle", fieldErrors: fieldErrorsOf(parsed.error), values };
  try {
    // Auth.js posts these as form fields: an absent code must be left out, not sent as "undefined".
    const { email, password, code } = parsed.data;
    await signIn("credentials", { email, password, ...(code ? { code } : {}), redirectTo: safeCallback(formData.get("callbackUrl"), locale) });
  } catch (error) {
    if (error instanceof AuthError) {
      const refused = error instanceof SignInRefused ? error : (error.cause?.err as SignInRefused | undefined);
      return { ok: false, ...refusalMessage(refused?.reason ?? "signInFailed", refused?.retryAfterSeconds), values };
    }
    throw error; // the redirect after a successful sign-in
  }
  return { ok: true };
}

export async function signOutAction(formData: FormData): Promise<void> {
  await signOut({ redirectTo: `/${formLocale(formData)}/admin/sign-in?signedOut=1` });
}

export async function signOutEverywhereAction(formData: FormData): Promise<void> {
  const staff = await requireStaff();
  await endAllSessions(staff);
  await signOut({ redirectTo: `/${formLocale(formData)}/admin/sign-in?signedOut=1` });
}

export async function enableTotpAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const staff = await requireStaff();
  const parsed = totpConfirmSchema.safeParse(formDataToObject(formData));
  if (!parsed.success) return { ok: false, message: "summaryTitle", fieldErrors: fieldErrorsOf(parsed.error), values: submittedValues(formData) };
  const result = await enableTotp(staff, parsed.data.code, await clientIp());
  if (!result.ok) return totpRefusal(result);
  revalidatePath(`/${formLocale(formData)}/admin/account`);
  return { ok: true, message: "totpEnabled" };
}

export async function disableTotpAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const staff = await requireStaff();
  const parsed = totpConfirmSchema.safeParse(formDataToObject(formData));
  if (!parsed.success) return { ok: false, message: "summaryTitle", fieldErrors: fieldErrorsOf(parsed.error) };
  const result = await disableTotp(staff, parsed.data.code, await clientIp());
  if (!result.ok) return totpRefusal(result);
  // Turning the second factor off ended every session of the account; this one signs in again.
  await signOut({ redirectTo: `/${formLocale(formData)}/admin/sign-in?signedOut=1` });
  return { ok: true };
}

function totpRefusal(result: { refused?: ThrottleRefusal; retryAfterSeconds?: number }): FormState {
  if (result.refused) return { ok: false, ...refusalMessage(result.refused, result.retryAfterSeconds) };
  return { ok: false, message: "summaryTitle", fieldErrors: { code: "totpInvalid" } };
}
