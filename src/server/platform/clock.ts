import "server-only";
import { readFileSync } from "node:fs";
import { env } from "@/env";
import { log } from "@/server/log";

// The one clock for deadlines: tests set it to stand before or after a stage's closing. Integration tests fix it in
// their own process with setClock. The browser tests' server is another process: they write an ISO instant to the
// file TEST_CLOCK_FILE names (set only by playwright.config.ts, and refused beside a PostgreSQL DATABASE_URL by
// src/env.ts); an absent or empty file means the real clock.
let fixed: Date | null = null;

const clockFile = env.TEST_CLOCK_FILE;
if (clockFile) {
  log.warn(`TEST_CLOCK_FILE is set: deadlines follow the instant written in ${clockFile}, not the real clock. It is for the browser tests only.`);
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/** The instant written in the test clock's file; null while the file is absent or empty. */
function instantInFile(file: string): Date | null {
  let text: string;
  try {
    text = readFileSync(file, "utf8").trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  if (!text) return null;
  const at = new Date(text);
  if (!ISO_INSTANT.test(text) || Number.isNaN(at.getTime())) throw new Error(`TEST_CLOCK_FILE (${file}) holds "${text.slice(0, 40)}", not an ISO instant`);
  return at;
}

export function now(): Date {
  if (fixed) return new Date(fixed.getTime());
  return (clockFile ? instantInFile(clockFile) : null) ?? new Date();
}

/** Fixes the clock at `at`, or lets it run again with null. For tests; production code never calls it. */
export function setClock(at: Date | null): void {
  fixed = at ? new Date(at.getTime()) : null;
}
