import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

// The deadlines' clock: the real time, a time fixed in the same process (integration tests), or the instant written
// in TEST_CLOCK_FILE (the browser tests, whose server is another process), never beside a PostgreSQL database.

let dir: string;
let file: string;

/** src/server/platform/clock.ts as a process with these variables loads it. */
async function loadClock(variables: Record<string, string>) {
  vi.resetModules();
  for (const [name, value] of Object.entries(variables)) vi.stubEnv(name, value);
  return import("@/server/platform/clock");
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "clock-"));
  file = join(dir, "clock");
  vi.spyOn(console, "warn").mockImplementation(() => {});
});

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

describe("the clock", () => {
  it("reads the real time when TEST_CLOCK_FILE is unset or empty, whatever a file says", async () => {
    writeFileSync(file, "2030-01-01T00:00:00.000Z");
    for (const variables of [{}, { TEST_CLOCK_FILE: "" }] as Record<string, string>[]) {
      const { now } = await loadClock(variables);
      expect(Math.abs(now().getTime() - Date.now())).toBeLessThan(1000);
    }
    expect(console.warn).not.toHaveBeenCalled();
  });

  it("reads the instant written in TEST_CLOCK_FILE at each call, and the real time while the file is absent or empty", async () => {
    const { now } = await loadClock({ TEST_CLOCK_FILE: file });
    expect(console.warn).toHaveBeenCalledWith(expect.stringContaining(`TEST_CLOCK_FILE is set: deadlines follow the instant written in ${file}`));
    expect(Math.abs(now().getTime() - Date.now())).toBeLessThan(1000);
    writeFileSync(file, "2030-01-01T09:30:00.000Z\n");
    expect(now().toISOString()).toBe("2030-01-01T09:30:00.000Z");
    writeFileSync(file, "2029-06-30T18:00+08:00");
    expect(now().toISOString()).toBe("2029-06-30T10:00:00.000Z");
    writeFileSync(file, "");
    expect(Math.abs(now().getTime() - Date.now())).toBeLessThan(1000);
  });

  // A time without its zone would read differently on another server: refused like any other text.
  it("refuses a file that holds anything but an ISO instant with its zone, naming it", async () => {
    const { now } = await loadClock({ TEST_CLOCK_FILE: file });
    for (const text of ["tomorrow", "2030-01-01", "1893456000000", "2030-01-01T09:30"]) {
      writeFileSync(file, text);
      expect(() => now(), text).toThrow(`TEST_CLOCK_FILE (${file}) holds "${text}", not an ISO instant`);
    }
  });

  it("lets a time fixed in the process come first, and run again when released", async () => {
    writeFileSync(file, "2030-01-01T00:00:00.000Z");
    const { now, setClock } = await loadClock({ TEST_CLOCK_FILE: file });
    setClock(new Date("2027-05-01T12:00:00Z"));
    expect(now().toISOString()).toBe("2027-05-01T12:00:00.000Z");
    setClock(null);
    expect(now().toISOString()).toBe("2030-01-01T00:00:00.000Z");
  });

  it("is refused beside a PostgreSQL database: the portal does not start with both", async () => {
    await expect(loadClock({ TEST_CLOCK_FILE: file, DATABASE_URL: "postgres://portal:secret@db.internal:5432/portal" })).rejects.toThrow(
      "Invalid environment:\n  TEST_CLOCK_FILE: TEST_CLOCK_FILE is for the browser tests on the embedded database; unset it where DATABASE_URL is set",
    );
  });
});
