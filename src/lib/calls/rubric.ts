import { z } from "zod";
import type { Rubric } from "./definition";

// What a call's rubric asks of a reviewer, derived from the rubric itself: the schema of one reviewer's scores and
// the averages staff read and sort on. Messages are keys under "Errors".

/** One reviewer's scores: criterion key → whole number on the rubric's scale. */
export type RubricScores = Record<string, number>;

/** Each criterion's mean, their mean weighted by criterion weight, and how many reviewers' scores they come from. */
export interface RubricAverages {
  criteria: RubricScores;
  overall: number;
  count: number;
}

// Eleven points (0 to 10) still fit a row of choices; a longer scale is typed as a number.
const MAX_SCALE_CHOICES = 11;

/** The points of a short scale, each offered as a choice; null for a long one, whose score is typed. */
export function scaleChoices(scale: Rubric["scale"]): number[] | null {
  const count = scale.max - scale.min + 1;
  return count <= MAX_SCALE_CHOICES ? Array.from({ length: count }, (_, i) => scale.min + i) : null;
}

// A form posts digits; "1e0", "3.5" or "0x4" are not a score even where Number() reads one.
const DIGITS = /^-?\d{1,6}$/;

function criterionScore(scale: Rubric["scale"], choice: boolean) {
  return z.unknown().transform((value, ctx): number => {
    // On a scale of choices every fault reads the same to the reviewer: no point of the scale was chosen.
    const fail = (typed: string) => {
      ctx.addIssue({ code: "custom", message: choice ? "chooseOne" : typed });
      return z.NEVER;
    };
    const raw = typeof value === "string" ? value.trim() : value;
    if (raw === undefined || raw === null || raw === "") return fail("required");
    const n = typeof raw === "number" ? raw : typeof raw === "string" && DIGITS.test(raw) ? Number(raw) : Number.NaN;
    if (!Number.isSafeInteger(n)) return fail("wholeNumber");
    if (n < scale.min) return fail("tooSmall");
    if (n > scale.max) return fail("tooLarge");
    return n;
  });
}

/**
 * One reviewer's scores under this rubric: every criterion required, each a whole number from the scale's minimum to
 * its maximum, and nothing else (a key the rubric does not name is a tampered request, refused as a whole).
 */
export function rubricScoresSchema(rubric: Rubric): z.ZodType<RubricScores, unknown> {
  const choice = scaleChoices(rubric.scale) !== null;
  const shape = Object.fromEntries(rubric.criteria.map((c) => [c.key, criterionScore(rubric.scale, choice)]));
  return z.strictObject(shape, { error: "invalidRequest" }) as unknown as z.ZodType<RubricScores, unknown>;
}

/** Stored scores (JSON) as numbers by criterion; null when none were given. */
export function storedScores(value: unknown): RubricScores | null {
  if (!value || typeof value !== "object" || Array.isArray(value)) return null;
  const scores = Object.fromEntries(Object.entries(value).filter((entry): entry is [string, number] => typeof entry[1] === "number" && Number.isFinite(entry[1])));
  return Object.keys(scores).length > 0 ? scores : null;
}

/**
 * The averages of several reviewers' scores: each criterion's mean, then the mean of those weighted by the criteria's
 * weights (a criterion nobody scored counts for nothing); null when there are no scores.
 */
export function averageRubricScores(rubric: Rubric, sets: RubricScores[]): RubricAverages | null {
  if (sets.length === 0) return null;
  const criteria: RubricScores = {};
  let weighted = 0;
  let weights = 0;
  for (const { key, weight } of rubric.criteria) {
    const given = sets.flatMap((s) => (Object.hasOwn(s, key) && Number.isFinite(s[key]) ? [s[key]!] : []));
    if (given.length === 0) continue;
    const mean = given.reduce((sum, v) => sum + v, 0) / given.length;
    criteria[key] = mean;
    weighted += weight * mean;
    weights += weight;
  }
  return weights > 0 ? { criteria, overall: weighted / weights, count: sets.length } : null;
}
