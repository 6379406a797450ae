"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { ErrorSummary, SubmitButton, TextField } from "@/components/forms/fields";
import { initialFormState } from "@/lib/form-state";
import { resetStaffPasswordAction } from "@/server/actions/admin/staff";

export function StaffPasswordForm({ locale, id }: { locale: string; id: string }) {
  const t = useTranslations("StaffAdmin");
  const [state, action] = useActionState(resetStaffPasswordAction, initialFormState);
  return (
    <form action={action} noValidate className="mt-3 max-w-md">
      <ErrorSummary state={state} labels={{ password: t("fields.newPassword") }} />
      {state.ok && state.message && (
        <p role="status" className="mb-4 border-l-4 border-navy bg-slate-100 p-3">
          {t(`done.${state.message}`)}
        </p>
      )}
      <input type="hidden" name="locale" value={locale} />
      <input type="hidden" name="id" value={id} />
      <TextField
        name="password"
        type="password"
        label={t("fields.newPassword")}
        hint={t("fields.passwordHint")}
        autoComplete="new-password"
        error={state.fieldErrors?.password}
      />
      <SubmitButton pendingLabel={t("working")} className="rounded border-2 border-navy px-4 py-2 font-semibold text-navy hover:bg-slate-100 disabled:opacity-70">
        {t("resetPassword")}
      </SubmitButton>
    </form>
  );
}
