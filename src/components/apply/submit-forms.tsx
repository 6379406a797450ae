"use client";

import { useLocale, useTranslations } from "next-intl";
import { useActionState } from "react";
import { ErrorSummary, FieldError, SubmitButton, errorAttributes, fieldId } from "@/components/forms/fields";
import { initialFormState } from "@/lib/form-state";
import { submitApplicationAction, withdrawApplicationAction } from "@/server/actions/applications";

/** Declaration and submit; the idempotency key, fixed when the page was rendered, makes a repeated submit harmless. */
export function SubmitApplicationForm({ token, idempotencyKey }: { token: string; idempotencyKey: string }) {
  const t = useTranslations("Apply");
  const locale = useLocale();
  const [state, action] = useActionState(submitApplicationAction, initialFormState);
  const error = state.fieldErrors?.declaration;
  return (
    <form action={action} noValidate className="max-w-2xl">
      <ErrorSummary state={state} labels={{ declaration: t("declarationHeading") }} />
      <input type="hidden" name="locale" value={locale} />
      <input type="hidden" name="token" value={token} />
      <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
      <h2 className="text-2xl font-bold">{t("declarationHeading")}</h2>
      <FieldError name="declaration" error={error} />
      <label className="mt-3 flex items-start gap-3">
        <input
          id={fieldId("declaration")}
          type="checkbox"
          name="declaration"
          value="on"
          {...errorAttributes("declaration", error)}
          className="mt-1 h-6 w-6 shrink-0 accent-navy"
        />
        <span>{t("declaration")}</span>
      </label>
      <div className="mt-6">
        <SubmitButton pendingLabel={t("submitting")}>{t("submit")}</SubmitButton>
      </div>
    </form>
  );
}

export function WithdrawForm({ token }: { token: string }) {
  const t = useTranslations("Apply");
  const locale = useLocale();
  const [state, action] = useActionState(withdrawApplicationAction, initialFormState);
  const error = state.fieldErrors?.confirm;
  return (
    <form action={action} noValidate className="max-w-2xl">
      <ErrorSummary state={state} labels={{ confirm: t("withdrawConfirm") }} />
      <input type="hidden" name="locale" value={locale} />
      <input type="hidden" name="token" value={token} />
      <p>{t("withdrawText")}</p>
      <FieldError name="confirm" error={error} />
      <label className="mt-3 flex items-center gap-3">
        <input id={fieldId("confirm")} type="checkbox" name="confirm" value="yes" {...errorAttributes("confirm", error)} className="h-6 w-6 accent-navy" />
        <span>{t("withdrawConfirm")}</span>
      </label>
      <div className="mt-4">
        <SubmitButton pendingLabel={t("saving")} className="rounded bg-accent px-5 py-3 font-semibold text-white">
          {t("withdraw")}
        </SubmitButton>
      </div>
    </form>
  );
}
