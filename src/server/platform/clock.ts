import "server-only";

// The one clock for deadlines: tests set it to stand before or after a stage's closing.
let fixed: Date | null = null;

export function now(): Date {
  return fixed ? new Date(fixed.getTime()) : new Date();
}

/** Fixes the clock at `at`, or lets it run again with null. For tests; production code never calls it. */
export function setClock(at: Date | null): void {
  fixed = at ? new Date(at.getTime()) : null;
}
