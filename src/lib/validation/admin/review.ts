import { z } from "zod";
import type { ListSpec } from "../../admin-list";
import type { Rubric } from "../../calls/definition";
import { rubricScoresSchema } from "../../calls/rubric";
import type { FormState } from "../../form-state";
import { DECISION_OUTCOMES, SUBMITTED_STATUSES } from "../../application-workflow";
import { emailSchema } from "../application";
import { blankToUndefined, optionalText, text } from "../fields";

// The review and decision forms of the staff panel, and the inbox's query string.

const id = z.string({ error: "invalidRequest" }).trim().min(1, "invalidRequest").max(64, "invalidRequest");

export const assignReviewerSchema = z.object({
  applicationId: id,
  reviewerId: z.preprocess(blankToUndefined, z.string({ error: "chooseOne" }).max(64, "invalidRequest")),
});
export type AssignReviewerInput = z.infer<typeof assignReviewerSchema>;

export const unassignReviewerSchema = z.object({ applicationId: id, assignmentId: id });

export const declareConflictSchema = z.object({ applicationId: id, reason: text(5, 1000) });
export type DeclareConflictInput = z.infer<typeof declareConflictSchema>;

/** A criterion's field in the score form: "scores.<key>", so that its error is reported under the same name. */
export const scoreField = (criterion: string) => `scores.${criterion}`;

/** The form's "scores.<key>" fields as one object of scores; a scores object given as such is kept. */
function groupScoreFields(input: unknown): unknown {
  if (!input || typeof input !== "object" || Array.isArray(input)) return input;
  const rest: [string, unknown][] = [];
  let scores: Record<string, unknown> | undefined;
  for (const [name, value] of Object.entries(input)) {
    // No prototype: a crafted "scores.__proto__" stays a key the rubric does not name.
    if (name.startsWith("scores.")) (scores ??= Object.create(null) as Record<string, unknown>)[name.slice("scores.".length)] = value;
    else if (name !== "scores") rest.push([name, value]);
  }
  const given = (input as { scores?: unknown }).scores;
  return { ...Object.fromEntries(rest), scores: scores ?? given ?? {} };
}

/** Which application a score form is for: read first, since its rubric decides the rest of the form. */
export const scoreTargetSchema = z.object({ applicationId: id });

/** The score form of an application whose answered version of the call scores with `rubric`. */
export const scoreSchema = (rubric: Rubric) =>
  z.preprocess(groupScoreFields, z.object({ applicationId: id, scores: rubricScoresSchema(rubric), comment: text(2, 4000) }));
export type ScoreInput = z.infer<ReturnType<typeof scoreSchema>>;

export const changeStatusSchema = z.object({
  applicationId: id,
  status: z.enum(SUBMITTED_STATUSES, { error: "invalidRequest" }),
});
export type ChangeStatusInput = z.infer<typeof changeStatusSchema>;

export const prepareDecisionSchema = z.object({
  applicationId: id,
  outcome: z.preprocess(blankToUndefined, z.enum(DECISION_OUTCOMES, { error: "chooseOne" })),
  // Sent to the applicant with the decision notice, which staff read again before releasing it.
  note: optionalText(2000),
});
export type PrepareDecisionInput = z.infer<typeof prepareDecisionSchema>;

export const removeDecisionSchema = z.object({ decisionId: id });

export const releaseMailSchema = z.discriminatedUnion("mode", [
  z.object({ mode: z.literal("all") }),
  z.object({
    mode: z.literal("selected"),
    ids: z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(id).min(1, "chooseAtLeastOne").max(500, "invalidRequest")),
  }),
], { error: "invalidRequest" });
export type ReleaseMailInput = z.infer<typeof releaseMailSchema>;

/** What the decision batch's form shows after applying: how many took effect, and why others did not. */
export interface BatchResult {
  applied: { reference: string; outcome: "ACCEPTED" | "DECLINED" }[];
  refused: { reference: string; outcome: "ACCEPTED" | "DECLINED"; reason: string }[];
}

/** What the outbox's form shows after a release: which notices left, and which the mail server has not taken yet. */
export interface ReleaseResult {
  sent: number;
  /** Released but not sent yet (refused, or still going): the job runner keeps trying. */
  failed: number;
  /** Released with no mail server configured: kept unsent in the outbox. */
  queued: number;
}

export type BatchState = FormState & { result?: BatchResult };
export type ReleaseState = FormState & { result?: ReleaseResult };

// ------------------------------------------------------------------ the inbox's query string

export const APPLICATION_SORTS = ["reference", "submitted", "institution", "country", "carrier", "mass", "status", "score"] as const;
export type ApplicationSort = (typeof APPLICATION_SORTS)[number];
export const APPLICATION_CARRIERS = ["ORBITER", "SERVICE_MODULE"] as const;

// Any two letters: the country filter's choices come from the applications themselves.
const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ".split("");
export const COUNTRY_FILTER_VALUES = LETTERS.flatMap((a) => LETTERS.map((b) => a + b));

/** The inbox's query string, shared by the page and its CSV export so that both select the same applications. */
export const applicationListSpec = {
  sorts: APPLICATION_SORTS,
  defaultSort: "submitted",
  defaultDir: "desc",
  filters: { status: SUBMITTED_STATUSES, carrier: APPLICATION_CARRIERS, country: COUNTRY_FILTER_VALUES },
} satisfies ListSpec<ApplicationSort, "status" | "carrier" | "country">;

/** One applicant's later deadline: their email, the new closing as a wall-clock time in the call's zone, and why. */
export const deadlineExtensionSchema = z.object({
  id,
  email: emailSchema,
  // A real day and time: "2099-02-30T12:00" or "23:60" are refused, not rolled over into another day.
  until: z
    .string({ error: "required" })
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, "dateTime")
    .refine((v) => {
      const at = new Date(`${v}:00Z`);
      return !Number.isNaN(at.getTime()) && at.toISOString().slice(0, 16) === v;
    }, "dateTime"),
  reason: text(2, 500),
});
export type DeadlineExtension = z.infer<typeof deadlineExtensionSchema>;
