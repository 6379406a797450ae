import type { FieldErrors } from "./validation/application";

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
  const result: Record<string, unknown> = {};
  for (const [name, value] of formData.entries()) {
    if (typeof value !== "string" || name.startsWith("$ACTION")) continue;
    const nested = /^(\w+)\.(\d+)\.(\w+)$/.exec(name);
    if (nested) {
      const [, list, index, field] = nested as unknown as [string, string, string, string];
      const items = (result[list] ??= []) as Record<string, string>[];
      (items[Number(index)] ??= {})[field] = value;
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
