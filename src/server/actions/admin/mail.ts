"use server";

import { revalidatePath } from "next/cache";
import { formLocale } from "@/i18n/locales";
import { formDataToObject } from "@/lib/form-state";
import { resendMailSchema, type ResendState } from "@/lib/validation/admin/mail";
import { requirePermission } from "../../authz";
import { resendGivenUpMail } from "../../mail/resend";

// Mail on the staff dashboard's unsent list: those who release decision notices also send given-up mail again.

/** Sends again one message the job runner gave up on (audited), and says whether the mail server took it. */
export async function resendMailAction(_prev: ResendState, formData: FormData): Promise<ResendState> {
  const staff = await requirePermission("outbox.release");
  const parsed = resendMailSchema.safeParse(formDataToObject(formData));
  if (!parsed.success) return { ok: false, refused: "missing" };
  const outcome = await resendGivenUpMail(staff, parsed.data.id);
  if (outcome.ok) revalidatePath(`/${formLocale(formData)}/admin`);
  return outcome;
}
