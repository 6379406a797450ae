"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { ErrorSummary, SubmitButton, TextField } from "@/components/forms/fields";
import { initialFormState } from "@/lib/form-state";
import { signInAction } from "@/server/actions/admin/auth";

export function SignInForm({ locale, callbackUrl }: { locale: string; callbackUrl?: string }) {
  const t = useTranslations("SignIn");
  const [state, action] = useActionState(signInAction, initialFormState);
  const errors = state.fieldErrors ?? {};
  const email = typeof state.values?.email === "string" ? state.values.email : undefined;
  return (
    <form action={action} noValidate className="mt-6">
      <ErrorSummary state={state} labels={{ email: t("email"), password: t("password"), code: t("code") }} />
      <input type="hidden" name="locale" value={locale} />
      {callbackUrl && <input type="hidden" name="callbackUrl" value={callbackUrl} />}
      <TextField name="email" type="email" label={t("email")} autoComplete="username" error={errors.email} defaultValue={email} />
      <TextField name="password" type="password" label={t("password")} autoComplete="current-password" error={errors.password} />
      <TextField
        name="code"
        label={t("code")}
        hint={t("codeHint")}
        inputMode="numeric"
        autoComplete="one-time-code"
        width="short"
        error={errors.code}
      />
      <SubmitButton pendingLabel={`${t("submit")}…`}>{t("submit")}</SubmitButton>
    </form>
  );
}
