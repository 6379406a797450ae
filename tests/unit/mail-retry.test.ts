import { describe, expect, it } from "vitest";
import { afterFailure, DEFAULT_RETRY_POLICY, retryDelayMs, shouldGiveUp, type RetryPolicy } from "@/server/jobs/retry";

const policy: RetryPolicy = { baseMs: 2000, capMs: 60_000, maxAttempts: 5 };
const lowest = () => 0;
const highest = () => 1;

describe("the wait before a refused message is tried again", () => {
  it("doubles with each failure, between half the step and the whole step", () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, policy, lowest))).toEqual([1000, 2000, 4000, 8000]);
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, policy, highest))).toEqual([2000, 4000, 8000, 16_000]);
  });

  it("never passes the cap, however many attempts failed", () => {
    for (const failures of [6, 7, 20, 60, 1000]) {
      const wait = retryDelayMs(failures, policy, highest);
      expect(wait).toBe(60_000);
      expect(retryDelayMs(failures, policy, lowest)).toBe(30_000);
    }
    expect(retryDelayMs(100, DEFAULT_RETRY_POLICY, highest)).toBe(60 * 60_000);
  });

  it("spreads instances that failed together over the step (jitter)", () => {
    const waits = new Set(Array.from({ length: 50 }, () => retryDelayMs(3, policy)));
    expect(waits.size).toBeGreaterThan(10);
    for (const wait of waits) {
      expect(wait).toBeGreaterThanOrEqual(4000);
      expect(wait).toBeLessThanOrEqual(8000);
    }
  });

  it("starts from MAIL_RETRY_BASE_MS's default of 30 s", () => {
    expect(DEFAULT_RETRY_POLICY).toMatchObject({ baseMs: 30_000, capMs: 3_600_000, maxAttempts: 12 });
    expect(retryDelayMs(1, DEFAULT_RETRY_POLICY, highest)).toBe(30_000);
  });
});

describe("when the runner gives up", () => {
  it("gives up at the maximum number of attempts, not before", () => {
    expect([1, 2, 3, 4].map((n) => shouldGiveUp(n, policy))).toEqual([false, false, false, false]);
    expect(shouldGiveUp(5, policy)).toBe(true);
    expect(shouldGiveUp(6, policy)).toBe(true);
  });

  it("schedules the next attempt from the moment of failure, or none after the last", () => {
    const at = new Date("2026-12-07T10:00:00Z");
    expect(afterFailure(2, at, policy, highest)).toEqual({ giveUp: false, nextAttemptAt: new Date("2026-12-07T10:00:04Z") });
    expect(afterFailure(5, at, policy, highest)).toEqual({ giveUp: true });
  });
});
