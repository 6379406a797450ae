"use client";

import { useLocale, useTranslations } from "next-intl";
import { useActionState } from "react";
import { ChoiceGroup, ErrorSummary, SubmitButton, TextField, valueOf } from "@/components/forms/fields";
import { initialFormState } from "@/lib/form-state";
import { pick } from "@/lib/localize";
import { startApplicationAction } from "@/server/actions/applications";

/** The call's eligibility questions, as its published form words them in English and Chinese. */
export type StartQuestion = { key: string; question: { en: string; zh: string } };

export function StartForm({ call, eligibility }: { call: string; eligibility: StartQuestion[] }) {
  const t = useTranslations("Apply");
  const locale = useLocale();
  const [state, action] = useActionState(startApplicationAction, initialFormState);
  const reasons = (state.message === "notEligible" ? state.values?.reasons : undefined) as string[] | string | undefined;
  const yesNo = [
    { value: "yes", label: t("yes") },
    { value: "no", label: t("no") },
  ];
  // Another language than English and Chinese reads the English question, marked as such.
  const worded = eligibility.map((e) => ({ key: e.key, ...pick(e.question, locale) }));
  const labels: Record<string, string> = { ...Object.fromEntries(worded.map((e) => [e.key, e.text])), email: t("email") };
  // Each error names its question and says what to enter.
  const tErrors = useTranslations("Errors");
  const errors = Object.fromEntries(
    Object.entries(state.fieldErrors ?? {}).map(([name, code]) => {
      if (name === "email" && (code === "required" || code === "email")) return [name, tErrors("answer.email", { label: labels.email! })];
      if (labels[name] && (code === "required" || code === "chooseOne")) return [name, tErrors("answer.chooseOne", { label: labels[name] })];
      return [name, code];
    }),
  );
  return (
    <form action={action} noValidate className="max-w-2xl">
      <ErrorSummary state={{ ...state, fieldErrors: errors }} labels={labels} focusKey={state} />
      {reasons && (
        <div role="alert" className="mb-6 border-s-4 border-amber-500 bg-amber-50 p-4" id="not-eligible">
          <h3 className="text-lg font-bold">{t("notEligibleTitle")}</h3>
          <ul className="mt-2 list-disc ps-6">
            {[reasons].flat().map((reason) => (
              <li key={reason}>{reason}</li>
            ))}
          </ul>
        </div>
      )}
      <input type="hidden" name="locale" value={locale} />
      <input type="hidden" name="call" value={call} />
      {worded.map(({ key, text, lang, fallback }) => (
        <ChoiceGroup
          key={key}
          name={key}
          legend={fallback ? <span lang={lang} dir="ltr">{text}</span> : text}
          options={yesNo}
          inline
          error={errors[key]}
          defaultValue={valueOf(state, undefined, key)}
        />
      ))}
      <TextField name="email" type="email" autoComplete="email" label={t("email")} hint={t("emailHint")} error={errors.email} defaultValue={valueOf(state, undefined, "email")} />
      <div aria-hidden="true" className="sr-only">
        <label htmlFor="website">{t("website")}</label>
        <input id="website" name="website" type="text" tabIndex={-1} autoComplete="off" />
      </div>
      <SubmitButton pendingLabel={t("saving")}>{t("start")}</SubmitButton>
    </form>
  );
}
