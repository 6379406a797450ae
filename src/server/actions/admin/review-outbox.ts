"use server";

import { formContentLocale } from "@/i18n/locales";
import { revalidatePath } from "next/cache";
import { formDataToObject, fieldErrorsOf } from "@/lib/form-state";
import { releaseMailSchema, type ReleaseState } from "@/lib/validation/admin/review";
import { requirePermission } from "../../authz";
import { releaseHeldMail } from "../../review/outbox";

// The release of the decision notices that applying a batch holds back.


export async function releaseMailAction(_prev: ReleaseState, formData: FormData): Promise<ReleaseState> {
  const staff = await requirePermission("outbox.release");
  const parsed = releaseMailSchema.safeParse(formDataToObject(formData, ["ids"]));
  if (!parsed.success) return { ok: false, message: "summaryTitle", fieldErrors: { ids: fieldErrorsOf(parsed.error).ids ?? "invalidRequest" } };
  const result = await releaseHeldMail(staff, parsed.data);
  revalidatePath(`/${formContentLocale(formData)}/admin/outbox`);
  return { ok: result.failed === 0, message: "released", result };
}
