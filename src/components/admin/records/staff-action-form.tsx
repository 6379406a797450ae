"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { SubmitButton } from "@/components/forms/fields";
import { type FormState, initialFormState } from "@/lib/form-state";

/**
 * One button that changes an account (disable, enable, unlock, turn off two-step verification), with its outcome
 * announced. It stays mounted when the change no longer applies (available false), so that its outcome stays on screen.
 */
export function StaffActionForm({
  action,
  locale,
  fields,
  label,
  hint,
  available = true,
  tone = "normal",
}: {
  action: (state: FormState, formData: FormData) => Promise<FormState>;
  locale: string;
  fields: Record<string, string>;
  label: string;
  hint?: string;
  available?: boolean;
  tone?: "normal" | "danger";
}) {
  const t = useTranslations("StaffAdmin");
  const tErrors = useTranslations("Errors");
  const [state, formAction] = useActionState(action, initialFormState);
  const border = tone === "danger" ? "border-accent text-accent" : "border-navy text-navy";
  if (!available && !state.message) return null;
  return (
    <form action={formAction} className="mt-3">
      {available && (
        <>
          {hint && <p className="mb-2 text-sm text-slate-700">{hint}</p>}
          <input type="hidden" name="locale" value={locale} />
          {Object.entries(fields).map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={value} />
          ))}
          <SubmitButton pendingLabel={t("working")} className={`rounded border-2 px-4 py-2 font-semibold hover:bg-slate-100 disabled:opacity-70 ${border}`}>
            {label}
          </SubmitButton>
        </>
      )}
      {!state.ok && state.message && (
        <p role="alert" className="mt-2 font-semibold text-accent">
          <span className="sr-only">{tErrors("prefix")} </span>
          {tErrors(state.message)}
        </p>
      )}
      {state.ok && state.message && (
        <p role="status" className="mt-2 border-l-4 border-navy bg-slate-100 p-3">
          {t(`done.${state.message}`)}
        </p>
      )}
    </form>
  );
}
