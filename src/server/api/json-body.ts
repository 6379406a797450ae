import "server-only";
import type { ApiIssue } from "@/lib/validation/api";
import { ApiError, readBodyUpTo } from "./respond";

// The one way an API route reads a JSON body. JSON.parse accepts what PostgreSQL cannot store ("\ud800" becomes a
// lone surrogate, "\u0000" a NUL), which would fail deep in a write as a 500; they are refused here with a 400.

/** Deeper than any body the API documents; bounds the walk below and whatever later copies the value. */
const MAX_DEPTH = 32;

const invalidBody = (message: string, issue: ApiIssue) => new ApiError(400, "invalid_parameters", message, [issue]);

/** The first string (key or value) PostgreSQL would refuse, with its path; null when there is none. */
export function findUnstorableString(value: unknown): { path: (string | number)[]; problem: "nul" | "surrogate" | "depth" } | null {
  // Iterative, with parent links: a deeply nested body must not overflow the stack nor copy paths per level.
  type Frame = { value: unknown; key: string | number | null; parent: Frame | null; depth: number };
  const pathOf = (frame: Frame) => {
    const path: (string | number)[] = [];
    for (let at: Frame | null = frame; at && at.key !== null; at = at.parent) path.unshift(at.key);
    return path;
  };
  const problemOf = (text: string) => (text.includes("\0") ? "nul" : text.isWellFormed() ? null : "surrogate");
  const stack: Frame[] = [{ value, key: null, parent: null, depth: 0 }];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    if (typeof frame.value === "string") {
      const problem = problemOf(frame.value);
      if (problem) return { path: pathOf(frame), problem };
      continue;
    }
    if (typeof frame.value !== "object" || frame.value === null) continue;
    if (frame.depth >= MAX_DEPTH) return { path: pathOf(frame), problem: "depth" };
    const entries: [string | number, unknown][] = Array.isArray(frame.value) ? frame.value.map((item, i) => [i, item]) : Object.entries(frame.value);
    for (const [key, item] of entries.reverse()) {
      const child = { value: item, key, parent: frame, depth: frame.depth + 1 };
      const keyProblem = typeof key === "string" ? problemOf(key) : null;
      if (keyProblem) return { path: pathOf(child), problem: keyProblem };
      stack.push(child);
    }
  }
  return null;
}

const PROBLEMS = {
  nul: "Text may not contain U+0000 (NUL)",
  surrogate: "Text may not contain a lone UTF-16 surrogate such as \\ud800",
  depth: `Nested more than ${MAX_DEPTH} levels deep`,
} as const;

/**
 * The request's JSON body, read up to maxBytes. Throws a 400 ApiError in the API's error shape when the body is
 * too large, not UTF-8, not JSON, or holds a string PostgreSQL cannot store.
 */
export async function readJsonBody(request: Request, maxBytes: number): Promise<unknown> {
  const bytes = await readBodyUpTo(request, maxBytes);
  if (!bytes) throw invalidBody("The body is too large.", { path: [], message: `At most ${Math.floor(maxBytes / 1024)} KB of JSON` });
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    throw invalidBody("The body is not valid JSON.", { path: [], message: "Send a JSON object in UTF-8" });
  }
  const found = findUnstorableString(value);
  if (found) throw invalidBody("The body is not valid JSON for this API; see issues.", { path: found.path, message: PROBLEMS[found.problem] });
  return value;
}
