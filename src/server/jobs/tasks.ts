import "server-only";
import { deadlineRemindersTask } from "./maintenance/deadline-reminders";
import { obligationRemindersTask } from "./maintenance/obligation-reminders";
import { pruneRateLimitsTask } from "./maintenance/prune-rate-limits";
import { purgeMailLinksTask } from "./maintenance/purge-mail-links";
import { sweepUnattachedUploadsTask } from "./maintenance/sweep-unattached-uploads";
import type { PeriodicTask } from "./types";

/** Every periodic task of the job runner, declared once. */
export const PERIODIC_TASKS: PeriodicTask[] = [
  purgeMailLinksTask,
  sweepUnattachedUploadsTask,
  pruneRateLimitsTask,
  deadlineRemindersTask,
  obligationRemindersTask,
];
