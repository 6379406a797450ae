import type { z } from "zod";

// Imported by client forms: nothing here may import zod's runtime, which would ship with every form.

// PostgreSQL text cannot hold U+0000, and no keyboard types it: it is dropped rather than sent to the database.
export const withoutNul = (value: string) => (value.includes("\u0000") ? value.replaceAll("\u0000", "") : value);

/** Field errors keyed by dotted path ("participants.0.name"), each a message key. */
export type FieldErrors = Record<string, string>;

export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const path = issue.path.join(".") || "_form";
    errors[path] ??= issue.message;
  }
  return errors;
}

/** What a form action returns to its form: message keys under "Errors", and the values to show again. */
export interface FormState {
  ok: boolean;
  message?: string;
  messageValues?: Record<string, string | number>;
  fieldErrors?: FieldErrors;
  values?: Record<string, string | string[]>;
}

export const initialFormState: FormState = { ok: false };

/** FormData to a plain object: repeated names become arrays, "a.0.b" names become nested arrays of objects. */
export function formDataToObject(formData: FormData, arrayFields: string[] = []): Record<string, unknown> {
  // No prototype: a field named "__proto__" or "constructor" must stay a field, not reach Object.prototype.
  const result: Record<string, unknown> = Object.create(null);
  for (const [name, raw] of formData.entries()) {
    if (typeof raw !== "string" || name.startsWith("$ACTION")) continue;
    const value = withoutNul(raw);
    // At most 999 rows: "facts.4294967294.textEn" would otherwise make a list of four billion holes.
    const nested = /^(\w+)\.(\d{1,3})\.(\w+)$/.exec(name);
    if (nested) {
      const [, list, index, field] = nested as unknown as [string, string, string, string];
      // A plain field of the same name, sent as well, gives way to the list rather than throwing.
      const items = (Array.isArray(result[list]) ? result[list] : (result[list] = [])) as unknown[];
      const row = items[Number(index)];
      ((typeof row === "object" && row !== null ? row : (items[Number(index)] = Object.create(null))) as Record<string, string>)[field] = value;
    } else if (arrayFields.includes(name)) {
      ((result[name] ??= []) as string[]).push(value);
    } else {
      result[name] = value;
    }
  }
  return result;
}

/** The submitted text values, to refill a form that came back with errors. */
export function submittedValues(formData: FormData): Record<string, string | string[]> {
  const values: Record<string, string | string[]> = {};
  for (const [name, value] of formData.entries()) {
    if (typeof value !== "string" || name.startsWith("$ACTION")) continue;
    const prior = values[name];
    values[name] = prior === undefined ? value : [...(Array.isArray(prior) ? prior : [prior]), value];
  }
  return values;
}
