import "server-only";

/**
 * Public pages and API answers say whether a call is open, and they are cached. An answer of the API is kept no longer
 * than the next opening or closing of a stage (src/server/api/respond.ts); a page is kept for its `revalidate`
 * lifetime. So that no page says "open" after a deadline, each process expires its public pages at every opening and
 * closing, as it does after an edit. The next instant is read again after each alarm, after each content change here,
 * and at least every RECHECK_MS (an edit on another instance, a clock that moved).
 */
export const RECHECK_MS = 5 * 60_000;
export const MIN_WAIT_MS = 1000;
// After a failed read (a database not answering at start-up, say).
export const RETRY_MS = 30_000;
// Past the instant, so that the pages built after the expiry read the new state.
const AFTER_MS = 50;

export interface StatusAlarmDeps {
  /** The next instant at which some public call's stage opens or closes; null when none is ahead. */
  nextChange(): Promise<Date | null>;
  /** Expires the public pages built from the calls' status. */
  expire(): void;
  now(): Date;
  onError(error: unknown): void;
}

export interface StatusAlarm {
  /** Reads the next instant again and sets the timer for it (or for the recheck, if sooner). */
  arm(): void;
  stop(): void;
}

export function createStatusAlarm(deps: StatusAlarmDeps): StatusAlarm {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let due: number | null = null;
  let stopped = false;
  let generation = 0;

  const set = (delay: number) => {
    clearTimeout(timer);
    timer = setTimeout(arm, Math.max(0, delay));
    timer.unref?.();
  };

  // Whatever woke it (its timer, a content change, the recheck), an instant that has passed is expired before the
  // next one replaces it.
  function arm() {
    if (stopped) return;
    const mine = ++generation;
    deps.nextChange().then(
      (next) => {
        if (stopped || mine !== generation) return;
        if (due !== null && deps.now().getTime() >= due) deps.expire();
        // An instant already past (a clock that moved) is not waited for.
        due = next && next.getTime() > deps.now().getTime() ? next.getTime() : null;
        const untilDue = due === null ? RECHECK_MS : due - deps.now().getTime() + AFTER_MS;
        // At least MIN_WAIT_MS between reads: a clock that stands still (the browser tests') never reaches the instant.
        set(Math.max(MIN_WAIT_MS, Math.min(untilDue, RECHECK_MS)));
      },
      (error: unknown) => {
        if (stopped || mine !== generation) return;
        deps.onError(error);
        set(RETRY_MS);
      },
    );
  }

  return {
    arm,
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
