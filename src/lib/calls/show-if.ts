import type { FieldQuestion, Page, Question, ShowIf } from "./definition";

/** A draft's answers saved per page, read as one object keyed by question, as conditions name them. */
export const answersByQuestion = (answers: Record<string, unknown>): Record<string, unknown> =>
  Object.assign({}, ...Object.values(answers).filter((v) => v && typeof v === "object" && !Array.isArray(v)));

/** The questions of a form (in the order they are asked) whose conditions hold for these answers. */
export function shownQuestions(pages: Page[], answers: Record<string, unknown>): Set<string> {
  const questions = pages.flatMap((page) => page.questions);
  const byKey = new Map<string, Question | FieldQuestion>(questions.map((q) => [q.key, q]));
  const shown = new Set<string>();
  for (const q of questions) {
    const condition = q.showIf;
    // A follow-up to a question that was not asked is not asked either.
    if (!condition || (shown.has(condition.question) && holds(condition, byKey.get(condition.question), answers[condition.question]))) shown.add(q.key);
  }
  return shown;
}

function holds(showIf: ShowIf, target: Question | FieldQuestion | undefined, value: unknown): boolean {
  const wanted = [showIf.equals ?? showIf.notEquals ?? []].flat() as unknown[];
  const chosen = target?.type === "multipleChoice" ? [value ?? []].flat().some((v) => wanted.includes(v)) : typeof value === "string" && wanted.includes(value);
  return showIf.equals !== undefined ? chosen : !chosen;
}
