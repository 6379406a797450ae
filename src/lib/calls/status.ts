// A call's status follows its stages' windows: pure, so pages, the API, the feed and the submit check read the same rules.

export type CallStatus = "UPCOMING" | "OPEN" | "CLOSED" | "RESULTS_PUBLISHED";
export type StageState = "upcoming" | "open" | "closed";

export const MAX_GRACE_MINUTES = 15;

/** A stage's window as instants (ISO strings or Dates); null: not announced. */
export interface StageWindow {
  opensAt: string | Date | null;
  closesAt: string | Date | null;
  graceMinutes: number;
  /** Who may enter: a stage for those invited from the previous one never makes the call open to new applicants. */
  entry?: "ANYONE" | "INVITED";
}

const takesAnyone = (stage: StageWindow) => stage.entry !== "INVITED";

const time = (at: string | Date) => new Date(at).getTime();

/**
 * The last instant a submission is accepted: the stage's closing plus its grace, or one applicant's extension if
 * staff gave a later one. Null: the stage has no closing.
 */
export function acceptsUntil(stage: StageWindow, extendedTo?: string | Date | null): Date | null {
  if (!stage.closesAt) return null;
  const close = time(stage.closesAt) + Math.min(Math.max(stage.graceMinutes, 0), MAX_GRACE_MINUTES) * 60_000;
  return new Date(extendedTo ? Math.max(close, time(extendedTo)) : close);
}

/** Whether a stage takes submissions at `now`; an opening not announced does not hold a stage back. */
export function stageState(stage: StageWindow, now: Date, extendedTo?: string | Date | null): StageState {
  if (stage.opensAt && now.getTime() < time(stage.opensAt)) return "upcoming";
  const until = acceptsUntil(stage, extendedTo);
  return until && now.getTime() > until.getTime() ? "closed" : "open";
}

/**
 * The call's status at `now`. Staff set "results published"; otherwise a call with stages is open while one of them
 * is, upcoming while one has yet to open, and closed after. A call without stages keeps the status staff gave it.
 */
export function callStatus(call: { status: "OPEN" | "CLOSED" | "RESULTS_PUBLISHED"; stages: StageWindow[] }, now: Date): CallStatus {
  if (call.status === "RESULTS_PUBLISHED") return "RESULTS_PUBLISHED";
  if (call.stages.length === 0) return call.status;
  const states = call.stages.filter(takesAnyone).map((s) => stageState(s, now));
  if (states.includes("open")) return "OPEN";
  if (states.includes("upcoming")) return "UPCOMING";
  return "CLOSED";
}

/** The stage that takes submissions from anyone now: the first open one that anyone may enter; -1 if none. */
export function openStageIndex(stages: StageWindow[], now: Date): number {
  return stages.findIndex((s) => takesAnyone(s) && stageState(s, now) === "open");
}

/** The next instant at which some stage opens or closes after `now`: when a page showing the status goes stale. */
export function nextChange(stages: StageWindow[], now: Date): Date | null {
  const instants = stages
    // A stage reads closed from the millisecond after the last one it accepts.
    .flatMap((s) => [s.opensAt ? time(s.opensAt) : null, (acceptsUntil(s)?.getTime() ?? Number.NaN) + 1])
    .map((t) => (Number.isNaN(t) ? null : t))
    .filter((t): t is number => t !== null && t > now.getTime());
  return instants.length ? new Date(Math.min(...instants)) : null;
}
