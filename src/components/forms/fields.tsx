"use client";

import { useTranslations } from "next-intl";
import { useEffect, useRef, type ReactNode } from "react";
import { useFormStatus } from "react-dom";
import type { FormState } from "@/lib/form-state";

export const fieldId = (name: string) => `field-${name.replace(/\./g, "-")}`;

/** GOV.UK's error summary: a focused, announced list of every problem, each linking to its field. */
export function ErrorSummary({
  state,
  labels,
  focusKey = state,
}: {
  state: FormState;
  labels: Record<string, string>;
  /** What changes once per answer from the server or the browser's check; the summary takes focus only then, not on every render. */
  focusKey?: unknown;
}) {
  const t = useTranslations("Errors");
  const ref = useRef<HTMLDivElement>(null);
  // In the order the fields appear, which is the order of `labels`.
  const order = Object.keys(labels);
  const rank = (name: string) => (order.includes(name) ? order.indexOf(name) : order.length);
  const errors = Object.entries(state.fieldErrors ?? {}).sort(([a], [b]) => rank(a) - rank(b));
  const visible = !state.ok && (errors.length > 0 || (state.message && state.message !== "summaryTitle" && state.message !== "notEligible"));
  useEffect(() => {
    if (visible) ref.current?.focus();
  }, [focusKey, visible]);
  if (!visible) return null;
  return (
    <div ref={ref} tabIndex={-1} role="alert" aria-labelledby="error-summary-title" className="mb-6 border-4 border-accent bg-white p-4">
      <h2 id="error-summary-title" className="text-xl font-bold">
        {t("summaryTitle")}
      </h2>
      <ul className="mt-2 list-none space-y-1">
        {state.message && state.message !== "summaryTitle" && <li className="font-semibold text-accent">{t(state.message, state.messageValues)}</li>}
        {errors.map(([name, key]) => (
          <li key={name}>
            <a href={`#${fieldId(name)}`} className="font-semibold text-accent">
              {/* A message already written out names its field itself. */}
              {!t.has(key) ? key : labels[name] ? (NAMED.has(key) ? t(`named.${key}`, { field: labels[name] }) : t("item", { field: labels[name], message: t(key) })) : t(key)}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

// Messages that say what to do without naming the field ("Enter an answer"): under a named field, one that names it.
const NAMED = new Set(["required", "tooShort", "tooLong", "number", "wholeNumber", "positive", "tooSmall", "tooLarge", "chooseOne", "chooseAtLeastOne"]);

/** A field's error, introduced for screen readers in the page's language; `field`, its label, names it where the message would not. */
export function FieldError({ name, error, field }: { name: string; error?: string; field?: string }) {
  const t = useTranslations("Errors");
  if (!error) return null;
  return (
    <p id={`${fieldId(name)}-error`} className="font-semibold text-accent">
      <span className="sr-only">{t("prefix")} </span>
      {!t.has(error) ? error : field && NAMED.has(error) ? t(`named.${error}`, { field }) : t(error)}
    </p>
  );
}

/** The error ids and state a control carries so that screen readers read its error with it. */
export const errorAttributes = (name: string, error?: string) =>
  error ? { "aria-invalid": true as const, "aria-describedby": `${fieldId(name)}-error` } : {};

export const describedBy = (name: string, hint?: ReactNode, error?: string) =>
  [hint ? `${fieldId(name)}-hint` : null, error ? `${fieldId(name)}-error` : null].filter(Boolean).join(" ") || undefined;

const inputClass = (error?: string) =>
  `mt-1 block w-full rounded border-2 bg-white px-3 py-2 ${error ? "border-accent" : "border-slate-600"}`;

interface FieldProps {
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  defaultValue?: string;
}

/** A field's hint and error under its label or legend, with the ids its control's aria-describedby names. */
function FieldNotes({ name, hint, error, label }: { name: string; hint?: ReactNode; error?: string; label?: ReactNode }) {
  return (
    <>
      {hint && (
        <p id={`${fieldId(name)}-hint`} className="text-sm text-slate-700">
          {hint}
        </p>
      )}
      <FieldError name={name} error={error} field={typeof label === "string" ? label : undefined} />
    </>
  );
}

/** Label, hint and error above a control, tied to it for screen readers. */
export function FieldFrame({ name, label, hint, error, children }: Omit<FieldProps, "defaultValue"> & { children: ReactNode }) {
  return (
    <div className="mb-5">
      <label htmlFor={fieldId(name)} className="block font-semibold">
        {label}
      </label>
      <FieldNotes name={name} hint={hint} error={error} label={label} />
      {children}
    </div>
  );
}

export function TextField({
  name,
  label,
  hint,
  error,
  defaultValue,
  type = "text",
  inputMode,
  autoComplete,
  width = "full",
  onChange,
}: FieldProps & {
  type?: string;
  inputMode?: "decimal" | "numeric" | "email" | "tel" | "text";
  autoComplete?: string;
  width?: "full" | "short";
  onChange?: (value: string) => void;
}) {
  return (
    <FieldFrame name={name} label={label} hint={hint} error={error}>
      <input
        id={fieldId(name)}
        name={name}
        type={type}
        inputMode={inputMode}
        autoComplete={autoComplete}
        defaultValue={defaultValue}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(name, hint, error)}
        onChange={onChange ? (e) => onChange(e.target.value) : undefined}
        className={`${inputClass(error)} ${width === "short" ? "max-w-40" : ""}`}
      />
    </FieldFrame>
  );
}

export function TextArea({ name, label, hint, error, defaultValue, rows = 4 }: FieldProps & { rows?: number }) {
  return (
    <FieldFrame name={name} label={label} hint={hint} error={error}>
      <textarea
        id={fieldId(name)}
        name={name}
        rows={rows}
        defaultValue={defaultValue}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(name, hint, error)}
        className={inputClass(error)}
      />
    </FieldFrame>
  );
}

/** Legend, hint and error above a group of choices; the fieldset takes focus from the error summary's link. */
export function FieldsetFrame({ name, legend, hint, error, children }: { name: string; legend: ReactNode; hint?: ReactNode; error?: string; children: ReactNode }) {
  return (
    <fieldset className="mb-5" aria-describedby={describedBy(name, hint, error)} id={fieldId(name)} tabIndex={-1}>
      <legend className="font-semibold">{legend}</legend>
      <FieldNotes name={name} hint={hint} error={error} label={legend} />
      {children}
    </fieldset>
  );
}

export function ChoiceGroup({
  name,
  legend,
  hint,
  error,
  options,
  type = "radio",
  defaultValue,
  onChange,
  inline = false,
}: {
  name: string;
  legend: ReactNode;
  hint?: ReactNode;
  error?: string;
  options: { value: string; label: ReactNode }[];
  type?: "radio" | "checkbox";
  defaultValue?: string | string[];
  onChange?: (value: string) => void;
  inline?: boolean;
}) {
  const selected = Array.isArray(defaultValue) ? defaultValue : defaultValue ? [defaultValue] : [];
  return (
    <FieldsetFrame name={name} legend={legend} hint={hint} error={error}>
      <div className={inline ? "mt-2 flex gap-6" : "mt-2 space-y-2"}>
        {options.map((option) => (
          <label key={option.value} className="flex items-center gap-3">
            <input
              type={type}
              name={name}
              value={option.value}
              defaultChecked={selected.includes(option.value)}
              onChange={onChange ? (e) => e.target.checked && onChange(option.value) : undefined}
              className="h-6 w-6 accent-navy"
            />
            <span>{option.label}</span>
          </label>
        ))}
      </div>
    </FieldsetFrame>
  );
}

export function SubmitButton({ children, pendingLabel, className }: { children: ReactNode; pendingLabel: ReactNode; className?: string }) {
  const { pending } = useFormStatus();
  return (
    <button
      type="submit"
      disabled={pending}
      aria-disabled={pending}
      className={className ?? "rounded bg-navy px-5 py-3 font-semibold text-white shadow hover:bg-sky disabled:opacity-70"}
    >
      {pending ? pendingLabel : children}
    </button>
  );
}

/** The value a field should show: what was just submitted, else what was saved. */
export function valueOf(state: FormState, saved: Record<string, unknown> | undefined, name: string): string | undefined {
  const submitted = state.values?.[name];
  if (submitted !== undefined) return Array.isArray(submitted) ? submitted[0] : submitted;
  const value = name.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], saved);
  return value === undefined || value === null ? undefined : String(value);
}
