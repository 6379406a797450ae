import { initialFormState, type FormState } from "@/lib/form-state";
import type { ContentKind } from "@/lib/content-kinds";
import { saveContentAction } from "@/server/actions/admin/content";
import { testPrisma } from "../support/database";

// Posting the staff panel's content forms from tests: form data as the browser sends it, and what the server
// action did with it (answered the form, or redirected after saving).

export type FormFields = Record<string, string | string[] | undefined>;

export function formOf(fields: FormFields): FormData {
  const form = new FormData();
  form.set("locale", "en");
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) form.append(name, item);
  }
  return form;
}

export type ActionOutcome = { state: FormState; redirectedTo?: undefined; error?: undefined } | { redirectedTo: string; state?: undefined; error?: undefined } | { error: unknown; state?: undefined; redirectedTo?: undefined };

/** Runs a form action: its answer to the form, the address it redirected to after a save, or what it threw. */
export async function post(action: (state: FormState, formData: FormData) => Promise<FormState>, fields: FormFields): Promise<ActionOutcome>;
export async function post(action: (formData: FormData) => Promise<void>, fields: FormFields): Promise<ActionOutcome>;
export async function post(action: (...args: never[]) => Promise<unknown>, fields: FormFields): Promise<ActionOutcome> {
  const form = formOf(fields);
  try {
    const run = action as (...args: unknown[]) => Promise<unknown>;
    const state = (await (action.length >= 2 ? run(initialFormState, form) : run(form))) as FormState;
    return { state };
  } catch (error) {
    const digest = (error as { digest?: string } | undefined)?.digest ?? "";
    if (digest.startsWith("NEXT_REDIRECT") && !digest.includes("/admin/sign-in")) return { redirectedTo: digest.split(";")[2]! };
    return { error };
  }
}

/** The id in a redirect to a record's page: /en/admin/<kind>/<id>?done=... */
export function idFrom(outcome: ActionOutcome): string {
  const match = outcome.redirectedTo ? /\/admin\/[a-z]+\/([^/?#]+)/.exec(outcome.redirectedTo) : null;
  if (!match) throw new Error(`expected a redirect to a record, got ${JSON.stringify(outcome.state ?? outcome.error ?? outcome)}`);
  return match[1]!;
}

export const auditOf = (entityId: string) => testPrisma().auditEntry.findMany({ where: { entityId }, orderBy: { at: "asc" } });

/** An updatedAt as the forms carry it. */
export const versionOf = (row: { updatedAt: Date }) => row.updatedAt.toISOString();

/** The one save action for content, as a kind's form posts it: with the kind in a hidden field. */
export function saveContent(kind: ContentKind) {
  return (state: FormState, form: FormData) => {
    form.set("contentKind", kind);
    return saveContentAction(state, form);
  };
}
