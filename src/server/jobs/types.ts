import "server-only";

/**
 * Periodic work the job runner (src/server/jobs/runner.ts) does on one instance at a time: purges, sweeps and
 * reminders. Each task is declared once in src/server/jobs/tasks.ts; the runner claims its JobSchedule row when due.
 */
export interface PeriodicTask {
  /** The JobSchedule row's key; never renamed, or the task runs again at once under its new name. */
  name: string;
  /** How long after a run the next one is due. */
  everyMs: number;
  /** Does one round of the work as of `now` and says what it did, for the log (e.g. "purged 3 messages"). */
  run(now: Date): Promise<string>;
}
