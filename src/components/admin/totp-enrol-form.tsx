"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { ErrorSummary, SubmitButton, TextField } from "@/components/forms/fields";
import { initialFormState } from "@/lib/form-state";
import { enableTotpAction } from "@/server/actions/admin/auth";

export function TotpEnrolForm({ locale }: { locale: string }) {
  const t = useTranslations("Account");
  const tSignIn = useTranslations("SignIn");
  const [state, action] = useActionState(enableTotpAction, initialFormState);
  return (
    <form action={action} noValidate>
      <ErrorSummary state={state} labels={{ code: tSignIn("code") }} />
      <input type="hidden" name="locale" value={locale} />
      <TextField name="code" label={tSignIn("code")} inputMode="numeric" autoComplete="one-time-code" width="short" error={state.fieldErrors?.code} />
      <SubmitButton pendingLabel={`${t("totpConfirm")}…`}>{t("totpConfirm")}</SubmitButton>
    </form>
  );
}
