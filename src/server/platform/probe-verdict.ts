/**
 * What the database probe's outcome says about the database. A refused or broken connection means it is down at once.
 * A probe that only ran out of time may mean this process is starved of CPU (a load peak) rather than a database gone:
 * marking it down then would turn every visitor away with the outage page while the database is fine, so it takes
 * SLOW_PROBES_FOR_DOWN of them in a row.
 */
export const SLOW_PROBES_FOR_DOWN = 2;

export type ProbeOutcome = "answered" | "timed out" | "failed";

export interface ProbeRecord {
  available: boolean;
  /** Probes in a row that ran out of time. */
  slowProbes: number;
}

export function probeVerdict(previous: ProbeRecord, outcome: ProbeOutcome): ProbeRecord {
  if (outcome === "answered") return { available: true, slowProbes: 0 };
  if (outcome === "failed") return { available: false, slowProbes: 0 };
  const slowProbes = previous.slowProbes + 1;
  return { available: previous.available && slowProbes < SLOW_PROBES_FOR_DOWN, slowProbes };
}

/** Whether a probe's error is its running out of time (its own timer, or pg's connection or query timeout). */
export const isProbeTimeout = (message: string) => /timed out|timeout/i.test(message);
