import "server-only";

/** Why a review or decision write was refused: each is a message key under "Errors". */
export type ReviewError =
  | "applicationNotFound"
  | "notAssigned"
  | "conflicted"
  | "reviewClosed"
  | "alreadyAssigned"
  | "notAReviewer"
  | "illegalTransition"
  | "decisionInBatch"
  | "capacityExceeded"
  | "decisionNotFound"
  | "noRubric"
  | "invalidRequest";

export type ReviewResult<T extends object = object> = ({ ok: true } & T) | { ok: false; error: ReviewError };

export const refuse = (error: ReviewError) => ({ ok: false as const, error });
