"use client";

import { useLocale, useTranslations } from "next-intl";
import { useActionState, useState } from "react";
import { ErrorSummary, FieldError, SubmitButton, errorAttributes, fieldId } from "@/components/forms/fields";
import { initialFormState } from "@/lib/form-state";
import { inviteMemberAction } from "@/server/actions/team";

/** The lead's invitation: an email address and what the co-investigator may do. */
export function InviteMemberForm({ token }: { token: string }) {
  const t = useTranslations("Team");
  const locale = useLocale();
  const [state, action] = useActionState(inviteMemberAction, initialFormState);
  // Each answer remounts the fields, so they hold what was just submitted: React resets a form after its action,
  // and an input kept across answers could be reset to the default of the answer before.
  const [answered, setAnswered] = useState({ state, count: 0 });
  if (answered.state !== state) setAnswered({ state, count: answered.count + 1 });
  const emailError = state.fieldErrors?.email;
  const roleError = state.fieldErrors?.role;
  const typed = (name: string) => (typeof state.values?.[name] === "string" ? (state.values[name] as string) : "");
  const role = typed("role") || "edit";
  return (
    <form action={action} noValidate className="mt-4" data-testid="invite-form">
      <ErrorSummary state={state} labels={{ email: t("email"), role: t("roleLegend") }} />
      <input type="hidden" name="locale" value={locale} />
      <input type="hidden" name="token" value={token} />
      <label htmlFor={fieldId("email")} className="block font-semibold">
        {t("email")}
      </label>
      <FieldError name="email" error={emailError} />
      <input
        key={`email-${answered.count}`}
        id={fieldId("email")}
        name="email"
        type="email"
        autoComplete="off"
        defaultValue={typed("email")}
        {...errorAttributes("email", emailError)}
        className="mt-1 w-full max-w-md rounded border-2 border-slate-600 px-3 py-2"
      />
      <fieldset key={`role-${answered.count}`} className="mt-5">
        <legend className="font-semibold">{t("roleLegend")}</legend>
        <FieldError name="role" error={roleError} />
        {(["edit", "read"] as const).map((value) => (
          <label key={value} className="mt-2 flex items-center gap-3">
            <input type="radio" name="role" value={value} defaultChecked={role === value} id={value === "edit" ? fieldId("role") : undefined} className="h-5 w-5 accent-navy" />
            <span>{t(value === "edit" ? "roleEdit" : "roleRead")}</span>
          </label>
        ))}
      </fieldset>
      <div className="mt-6">
        <SubmitButton pendingLabel={t("inviting")}>{t("invite")}</SubmitButton>
      </div>
    </form>
  );
}
