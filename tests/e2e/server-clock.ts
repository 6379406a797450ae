import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { SERVER_CLOCK_FILE } from "../../playwright.config";

// The seeded server reads its deadlines' clock from SERVER_CLOCK_FILE (TEST_CLOCK_FILE, src/server/platform/clock.ts).
// It is one clock for every spec running at the time: a spec that moves it moves it by hours at most, past deadlines
// of its own making, and lets it run again as soon as it is done.

/** Stands the server's clock at `at` until it is let run again with null. */
export function setServerClock(at: Date | null): void {
  if (!at) {
    rmSync(SERVER_CLOCK_FILE, { force: true });
    return;
  }
  mkdirSync(dirname(SERVER_CLOCK_FILE), { recursive: true });
  // Written aside and renamed, so the server never reads half an instant.
  const partial = `${SERVER_CLOCK_FILE}.${process.pid}`;
  writeFileSync(partial, at.toISOString());
  renameSync(partial, SERVER_CLOCK_FILE);
}

/** An instant as a wall clock in `timeZone` reads it: "2026-12-07T18:30", as date-and-time fields take it. */
export function wallClock(at: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-GB", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}
