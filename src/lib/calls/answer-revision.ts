import type { FormState } from "../form-state";

// A page's saved answers as the form carried them when it was loaded: one short digest per question, so that a save
// made from an older copy (another tab, the browser's Back) is recognised and the questions changed since are named.

/** JSON with object keys sorted: the database may return a saved object's keys in another order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return value === undefined ? "" : JSON.stringify(value);
}

/** FNV-1a over the UTF-16 code units, as 8 hex digits: enough to tell one saved answer from the next. */
function digest(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, "0");
}

/** The revision of one page's saved answers over the given question keys ("key:digest,..."). */
export function pageRevision(saved: unknown, keys: string[]): string {
  const answers = (saved && typeof saved === "object" && !Array.isArray(saved) ? saved : {}) as Record<string, unknown>;
  return keys.map((key) => `${key}:${digest(canonical(answers[key]))}`).join(",");
}

/** The question keys whose saved answer differs from the one the revision was made from; a malformed revision names every key. */
export function changedSince(revision: string, saved: unknown, keys: string[]): string[] {
  const then = new Map(
    revision
      .slice(0, 20_000)
      .split(",")
      .map((part): [string, string | undefined] => [part.split(":")[0]!, part.split(":")[1]]),
  );
  const current = new Map(pageRevision(saved, keys).split(",").map((part) => part.split(":") as [string, string]));
  return keys.filter((key) => then.get(key) !== current.get(key));
}

/** What a step's form gets back: a refused save's state, and for a save from an older copy, the questions changed since, with their saved answers. */
export interface StepFormState extends FormState {
  changed?: { key: string; label: string; value: string }[];
}

/**
 * Where a page's saved answers keep what was typed into questions whose answer did not pass its check, as typed: shown
 * again with its error until corrected, and the page counts as incomplete meanwhile. No question key can take this name.
 */
export const TYPED_ANSWERS = "~typed";

/** The answers typed and not accepted on a page, by question key; empty when there are none. */
export function typedAnswersOf(saved: unknown): Record<string, unknown> {
  const typed = saved && typeof saved === "object" ? (saved as Record<string, unknown>)[TYPED_ANSWERS] : undefined;
  return typed && typeof typed === "object" && !Array.isArray(typed) ? (typed as Record<string, unknown>) : {};
}
