"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { ErrorSummary, SubmitButton, TextField } from "@/components/forms/fields";
import { initialFormState } from "@/lib/form-state";
import { disableTotpAction, enableTotpAction } from "@/server/actions/admin/auth";

/** A current authenticator code, to turn two-step verification on (confirming enrolment) or off. */
export function TotpCodeForm({ locale, mode }: { locale: string; mode: "enable" | "disable" }) {
  const t = useTranslations("Account");
  const tSignIn = useTranslations("SignIn");
  const [state, action] = useActionState(mode === "enable" ? enableTotpAction : disableTotpAction, initialFormState);
  const label = mode === "enable" ? t("totpConfirm") : t("totpDisable");
  return (
    <form action={action} noValidate className="mt-3">
      <ErrorSummary state={state} labels={{ code: tSignIn("code") }} />
      <input type="hidden" name="locale" value={locale} />
      <TextField name="code" label={tSignIn("code")} hint={mode === "disable" ? t("totpDisableHint") : undefined} inputMode="numeric" autoComplete="one-time-code" width="short" error={state.fieldErrors?.code} />
      <SubmitButton pendingLabel={`${label}…`} className={mode === "disable" ? "rounded border-2 border-navy px-4 py-2 font-semibold text-navy" : undefined}>
        {label}
      </SubmitButton>
    </form>
  );
}
