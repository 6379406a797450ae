"use client";

import { useLocale, useTranslations } from "next-intl";
import { type ReactNode, useActionState, useEffect, useRef } from "react";
import { describedBy, fieldId, SubmitButton } from "@/components/forms/fields";
import type { BuilderError, BuilderState, ItemPath, Place } from "@/lib/calls/edit";
import { initialBuilderState } from "@/lib/calls/edit";

// The call builder's form parts. Like the panel's other forms they work without JavaScript (a server action per
// form, errors next to their fields and in a summary), and they also show an option's place in its list and the
// problems a change would cause elsewhere in the call's form.

export type BuilderAction = (state: BuilderState, formData: FormData) => Promise<BuilderState>;

/** The call and the form version a page was built from, carried by every builder form. */
export interface BuilderRef {
  id: string;
  formVersion: string;
  formHash: string;
}

export type Saved = Record<string, string | undefined>;

/** The item a form is about, as hidden "at.*" fields. */
export function atFields(at: Partial<ItemPath> | undefined): Record<string, string | undefined> {
  return { "at.stage": at?.stage, "at.page": at?.page, "at.question": at?.question, "at.member": at?.member };
}

/** One error as words: its message, and for an option its place among the options. */
export function useErrorText() {
  const t = useTranslations("Errors");
  const tb = useTranslations("CallBuilder");
  return (error: BuilderError) => (error.item === undefined ? t(error.key) : tb("itemError", { item: error.item, message: t(error.key) }));
}

/** Where a problem lies, as staff know the place: its label in the page's content language, and its key. */
export function usePlaceName() {
  const tb = useTranslations("CallBuilder.place");
  const locale = useLocale();
  return (place: Place) => {
    const label = place.label ? (locale === "zh" ? place.label.zh : place.label.en) : undefined;
    return tb(place.kind, { name: label ? `${label} (${place.key})` : place.key });
  };
}

/** What a field shows and reports: the value just posted or saved, and its error in words. */
export function fieldState(state: BuilderState, saved: Saved) {
  return {
    value: (name: string) => (state.values ? state.values[name] : saved[name]) ?? "",
    checked: (name: string) => (state.values ? state.values[name] === "on" : saved[name] === "on"),
    error: (name: string) => state.fieldErrors?.[name],
  };
}
export type FieldState = ReturnType<typeof fieldState>;

/** Every problem of a posted form, focused and announced: each field error links to its field. */
function Summary({ state, labels }: { state: BuilderState; labels: Record<string, string> }) {
  const t = useTranslations("Errors");
  const errorText = useErrorText();
  const placeName = usePlaceName();
  const ref = useRef<HTMLDivElement>(null);
  const order = Object.keys(labels);
  const rank = (name: string) => (order.includes(name) ? order.indexOf(name) : order.length);
  const errors = Object.entries(state.fieldErrors ?? {}).sort(([a], [b]) => rank(a) - rank(b));
  const problems = state.problems ?? [];
  const message = state.message && state.message !== "summaryTitle" ? state.message : undefined;
  const visible = !state.ok && (errors.length > 0 || problems.length > 0 || message !== undefined);
  useEffect(() => {
    if (visible) ref.current?.focus();
  }, [state, visible]);
  if (!visible) return null;
  return (
    <div ref={ref} tabIndex={-1} role="alert" aria-labelledby="builder-error-title" className="mb-6 border-4 border-accent bg-white p-4">
      <h2 id="builder-error-title" className="text-xl font-bold">
        {t("summaryTitle")}
      </h2>
      <ul className="mt-2 list-none space-y-1">
        {message && <li className="font-semibold text-accent">{t(message)}</li>}
        {errors.map(([name, error]) => (
          <li key={name}>
            <a href={`#${fieldId(name)}`} className="font-semibold text-accent">
              {labels[name] ? t("item", { field: labels[name], message: errorText(error) }) : errorText(error)}
            </a>
          </li>
        ))}
        {problems.map((problem, i) => (
          <li key={i} className="font-semibold text-accent">
            {t("item", { field: placeName(problem.place), message: t(problem.key) })}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** A builder form: its summary, the page's language, the call and form version and the item in hidden fields. */
export function BuilderForm({
  action,
  hidden,
  labels,
  submitLabel,
  saved = {},
  children,
  className = "max-w-3xl",
}: {
  action: BuilderAction;
  hidden: Record<string, string | undefined>;
  saved?: Saved;
  labels: Record<string, string>;
  submitLabel: string;
  children: (f: FieldState, state: BuilderState) => ReactNode;
  className?: string;
}) {
  const tl = useTranslations("AdminList");
  const locale = useLocale();
  const [state, formAction] = useActionState(action, initialBuilderState);
  return (
    <form action={formAction} noValidate className={className}>
      <Summary state={state} labels={labels} />
      <HiddenFields fields={{ locale, ...hidden }} />
      {children(fieldState(state, saved), state)}
      <SubmitButton pendingLabel={tl("saving")}>{submitLabel}</SubmitButton>
    </form>
  );
}

export function HiddenFields({ fields }: { fields: Record<string, string | undefined> }) {
  return Object.entries(fields).map(([name, value]) => (value === undefined ? null : <input key={name} type="hidden" name={name} value={value} />));
}

/** Label, hint and error above a control, tied to it for screen readers. */
function Frame({ name, label, hint, error, children }: { name: string; label: ReactNode; hint?: ReactNode; error?: BuilderError; children: ReactNode }) {
  return (
    <div className="mb-5">
      <label htmlFor={fieldId(name)} className="block font-semibold">
        {label}
      </label>
      <Notes name={name} hint={hint} error={error} />
      {children}
    </div>
  );
}

function Notes({ name, hint, error }: { name: string; hint?: ReactNode; error?: BuilderError }) {
  const t = useTranslations("Errors");
  const errorText = useErrorText();
  return (
    <>
      {hint && (
        <p id={`${fieldId(name)}-hint`} className="text-sm text-slate-700">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${fieldId(name)}-error`} className="font-semibold text-accent">
          <span className="sr-only">{t("prefix")} </span>
          {errorText(error)}
        </p>
      )}
    </>
  );
}

const controlClass = (error?: BuilderError) => `mt-1 block w-full rounded border-2 bg-white px-3 py-2 ${error ? "border-accent" : "border-slate-600"}`;

interface FieldProps {
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  f: FieldState;
}

export function Text({
  name,
  label,
  hint,
  f,
  type = "text",
  inputMode,
  short = false,
  lang,
}: FieldProps & { type?: string; inputMode?: "decimal" | "numeric" | "text"; short?: boolean; lang?: string }) {
  const error = f.error(name);
  return (
    <Frame name={name} label={label} hint={hint} error={error}>
      <input
        id={fieldId(name)}
        name={name}
        type={type}
        inputMode={inputMode}
        lang={lang}
        defaultValue={f.value(name)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(name, hint, error?.key)}
        className={`${controlClass(error)} ${short ? "max-w-48" : ""}`}
      />
    </Frame>
  );
}

export function Area({ name, label, hint, f, rows = 4, lang }: FieldProps & { rows?: number; lang?: string }) {
  const error = f.error(name);
  return (
    <Frame name={name} label={label} hint={hint} error={error}>
      <textarea
        id={fieldId(name)}
        name={name}
        rows={rows}
        lang={lang}
        defaultValue={f.value(name)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(name, hint, error?.key)}
        className={controlClass(error)}
      />
    </Frame>
  );
}

export function Select({ name, label, hint, f, options, blank }: FieldProps & { options: { value: string; label: string }[]; blank?: string }) {
  const error = f.error(name);
  return (
    <Frame name={name} label={label} hint={hint} error={error}>
      <select
        id={fieldId(name)}
        name={name}
        defaultValue={f.value(name)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(name, hint, error?.key)}
        className={`${controlClass(error)} max-w-xl`}
      >
        {blank !== undefined && <option value="">{blank}</option>}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </Frame>
  );
}

export function Check({ name, label, hint, f }: FieldProps) {
  const error = f.error(name);
  return (
    <div className="mb-5">
      <label htmlFor={fieldId(name)} className="flex items-center gap-3 font-semibold">
        <input
          id={fieldId(name)}
          type="checkbox"
          name={name}
          defaultChecked={f.checked(name)}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(name, hint, error?.key)}
          className="h-5 w-5 shrink-0 accent-navy"
        />
        {label}
      </label>
      <Notes name={name} hint={hint} error={error} />
    </div>
  );
}

export function Radios({ name, legend, hint, f, options }: Omit<FieldProps, "label"> & { legend: ReactNode; options: { value: string; label: ReactNode }[] }) {
  const error = f.error(name);
  return (
    <fieldset className="mb-5" id={fieldId(name)} tabIndex={-1} aria-describedby={describedBy(name, hint, error?.key)}>
      <legend className="font-semibold">{legend}</legend>
      <Notes name={name} hint={hint} error={error} />
      <div className="mt-2 flex flex-wrap gap-x-6 gap-y-2">
        {options.map((option) => (
          <label key={option.value} className="flex items-center gap-2">
            <input type="radio" name={name} value={option.value} defaultChecked={f.value(name) === option.value} className="h-5 w-5 accent-navy" />
            <span>{option.label}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** English and Chinese versions of one text side by side on wide screens ("label.en", "label.zh"). */
export function Bilingual({ name, labels, hint, f, multiline = false }: { name: string; labels: { en: string; zh: string }; hint?: ReactNode; f: FieldState; multiline?: boolean }) {
  const Control = multiline ? Area : Text;
  return (
    <div className="grid gap-x-6 sm:grid-cols-2">
      <Control name={`${name}.en`} label={labels.en} hint={hint} f={f} lang="en" />
      <Control name={`${name}.zh`} label={labels.zh} hint={hint} f={f} lang="zh-Hans" />
    </div>
  );
}
