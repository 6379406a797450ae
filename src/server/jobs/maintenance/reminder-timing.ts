import "server-only";

// When a reminder is due: pure, so the rule (the nearest threshold only, never one already past) is tested alone.

const DAY_MS = 86_400_000;

export interface Threshold<K extends string> {
  key: K;
  /** How long before the moment the reminder goes. */
  beforeMs: number;
}

export const DEADLINE_THRESHOLDS = [
  { key: "7d", beforeMs: 7 * DAY_MS },
  { key: "1d", beforeMs: 1 * DAY_MS },
] as const satisfies readonly Threshold<string>[];
export type DeadlineReminder = (typeof DEADLINE_THRESHOLDS)[number]["key"];

export const OBLIGATION_THRESHOLDS = [
  { key: "30d", beforeMs: 30 * DAY_MS },
  { key: "7d", beforeMs: 7 * DAY_MS },
] as const satisfies readonly Threshold<string>[];
export type ObligationReminder = (typeof OBLIGATION_THRESHOLDS)[number]["key"];

/**
 * The reminder due at `now` for a moment (a deadline, a due date): the nearest threshold already reached, or null
 * once the moment has passed or before the first threshold. Only the nearest: a runner that was down sends one
 * reminder, not every one it missed. With `since` (when the thing reminded of began), a threshold reached before it
 * is not sent: a draft started six hours before its deadline does not get the one-day reminder.
 */
export function dueReminder<K extends string>(thresholds: readonly Threshold<K>[], moment: Date, now: Date, since?: Date): K | null {
  const left = moment.getTime() - now.getTime();
  if (left <= 0) return null;
  const nearest = [...thresholds].sort((a, b) => a.beforeMs - b.beforeMs).find((t) => left <= t.beforeMs);
  if (!nearest) return null;
  if (since && since.getTime() > moment.getTime() - nearest.beforeMs) return null;
  return nearest.key;
}

/** The instant an obligation falls due: the end (UTC) of its due day, which is stored as that day's midnight. */
export const obligationDueAt = (dueOn: Date): Date => new Date(Date.UTC(dueOn.getUTCFullYear(), dueOn.getUTCMonth(), dueOn.getUTCDate()) + DAY_MS);
