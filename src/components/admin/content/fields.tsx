"use client";

import { useLocale, useTranslations } from "next-intl";
import { useActionState, type ReactNode } from "react";
import { describedBy, ErrorSummary, FieldFrame, FieldsetFrame, fieldId, SubmitButton, TextArea, TextField, valueOf } from "@/components/forms/fields";
import { initialFormState, type FormState } from "@/lib/form-state";

export type Saved = Record<string, unknown> | undefined;
export type FormAction = (state: FormState, formData: FormData) => Promise<FormState>;
export interface Option {
  value: string;
  label: string;
}

/**
 * A form on a server action with the error summary, the page's language and the row it edits (id and the
 * version it was opened at) in hidden fields. Works without JavaScript.
 */
export function RecordForm({
  action,
  hidden = {},
  labels,
  submitLabel,
  children,
  className = "max-w-3xl",
}: {
  action: FormAction;
  hidden?: Record<string, string | undefined>;
  labels: Record<string, string>;
  submitLabel: string;
  children: (state: FormState) => ReactNode;
  className?: string;
}) {
  const t = useTranslations("AdminList");
  const locale = useLocale();
  const [state, formAction] = useActionState(action, initialFormState);
  return (
    <form action={formAction} noValidate className={className}>
      <ErrorSummary state={state} labels={labels} />
      <input type="hidden" name="locale" value={locale} />
      {Object.entries(hidden).map(([name, value]) => (value === undefined ? null : <input key={name} type="hidden" name={name} value={value} />))}
      {children(state)}
      <SubmitButton pendingLabel={t("saving")}>{submitLabel}</SubmitButton>
    </form>
  );
}

/** What a field shows and reports: the value just submitted or saved, and its error. */
export function fieldState(state: FormState, saved: Saved) {
  return {
    error: (name: string) => state.fieldErrors?.[name],
    value: (name: string) => valueOf(state, saved, name),
  };
}

/** An English and a Chinese version of the same text, side by side on wide screens. */
export function BilingualFields({
  names,
  labels,
  state,
  saved,
  hint,
  multiline = false,
}: {
  names: [string, string];
  labels: Record<string, string>;
  state: FormState;
  saved: Saved;
  hint?: string;
  multiline?: boolean;
}) {
  const f = fieldState(state, saved);
  const Control = multiline ? TextArea : TextField;
  return (
    <div className="grid gap-x-6 sm:grid-cols-2">
      {names.map((name) => (
        <Control key={name} name={name} label={labels[name]} hint={hint} error={f.error(name)} defaultValue={f.value(name)} />
      ))}
    </div>
  );
}

/** A labelled select; "" is the blank choice. */
export function SelectField({
  name,
  label,
  hint,
  options,
  state,
  saved,
  blank,
}: {
  name: string;
  label: string;
  hint?: string;
  options: Option[];
  state: FormState;
  saved: Saved;
  /** The label of the empty choice; without it, the first option is chosen by default. */
  blank?: string;
}) {
  const f = fieldState(state, saved);
  const error = f.error(name);
  return (
    <FieldFrame name={name} label={label} hint={hint} error={error}>
      <select
        id={fieldId(name)}
        name={name}
        defaultValue={f.value(name) ?? ""}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(name, hint, error)}
        className={`mt-1 block w-full max-w-xl rounded border-2 bg-white px-3 py-2 ${error ? "border-accent" : "border-slate-600"}`}
      >
        {blank !== undefined && <option value="">{blank}</option>}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

/** Tick boxes for a many-to-many relation (e.g. the sources a mission cites). */
export function CheckboxList({
  name,
  legend,
  hint,
  options,
  state,
  saved,
}: {
  name: string;
  legend: string;
  hint?: string;
  options: Option[];
  state: FormState;
  saved: string[];
}) {
  const submitted = state.values ? state.values[name] : undefined;
  const selected = state.values ? (submitted === undefined ? [] : Array.isArray(submitted) ? submitted : [submitted]) : saved;
  const error = state.fieldErrors?.[name];
  return (
    <FieldsetFrame name={name} legend={legend} hint={hint} error={error}>
      <ul className="mt-2 max-h-72 space-y-2 overflow-y-auto rounded border border-slate-300 bg-white p-3">
        {options.map((option) => (
          <li key={option.value}>
            <label className="flex items-start gap-3">
              <input type="checkbox" name={name} value={option.value} defaultChecked={selected.includes(option.value)} className="mt-0.5 h-5 w-5 shrink-0 accent-navy" />
              <span className="break-all">{option.label}</span>
            </label>
          </li>
        ))}
      </ul>
    </FieldsetFrame>
  );
}

/** Whether the submitted (or saved) checkbox was ticked. */
export const ticked = (state: FormState, name: string, saved = false) => (state.values ? state.values[name] === "on" : saved);
