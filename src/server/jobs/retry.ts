// When a message the mail server did not take is tried again, and when the runner stops trying: pure, so that the
// rules can be read and tested apart from the database and the clock.

export interface RetryPolicy {
  /** The wait after the first failed attempt; each later failure doubles it. */
  baseMs: number;
  /** No wait is longer than this, however many attempts failed. */
  capMs: number;
  /** After this many failed attempts the message is given up (kept unsent, listed for staff). */
  maxAttempts: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { baseMs: 30_000, capMs: 60 * 60_000, maxAttempts: 12 };

/**
 * The wait before the next attempt after `failedAttempts` failures (1 or more): base × 2^(failures − 1), capped, and
 * spread over its upper half ("equal jitter") so that instances retrying a refusing server do not return together,
 * while every wait stays at least half the exponential step.
 */
export function retryDelayMs(failedAttempts: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const step = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, failedAttempts - 1));
  return Math.round(step / 2 + (step / 2) * Math.min(Math.max(random(), 0), 1));
}

/** Whether the runner stops after `failedAttempts` failures. */
export const shouldGiveUp = (failedAttempts: number, policy: RetryPolicy): boolean => failedAttempts >= policy.maxAttempts;

/** What to do after a failed attempt: give up, or try again at the instant returned. */
export function afterFailure(failedAttempts: number, now: Date, policy: RetryPolicy, random?: () => number): { giveUp: true } | { giveUp: false; nextAttemptAt: Date } {
  if (shouldGiveUp(failedAttempts, policy)) return { giveUp: true };
  return { giveUp: false, nextAttemptAt: new Date(now.getTime() + retryDelayMs(failedAttempts, policy, random)) };
}
