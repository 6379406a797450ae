import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createStatusAlarm, RECHECK_MS, RETRY_MS, type StatusAlarm } from "@/server/status-alarm";

// The public pages expire at each opening or closing of a call's stage, so that none says "open" past a deadline.
const START = new Date("2026-12-07T09:59:00Z");
const DEADLINE = new Date("2026-12-07T10:00:00Z");

let alarm: StatusAlarm | undefined;

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(START);
});

afterEach(() => {
  alarm?.stop();
  vi.useRealTimers();
});

/** An alarm over calls whose stages open or close at `instants`; the first `failures` reads fail; `visible` says which instants the database shows yet. */
function start(instants: Date[], { failures = 0, visible = () => true }: { failures?: number; visible?: (at: Date) => boolean } = {}) {
  const expire = vi.fn();
  const onError = vi.fn();
  let failing = failures;
  const nextChange = vi.fn(async () => {
    if (failing-- > 0) throw new Error("database not answering");
    return instants.find((at) => at.getTime() > Date.now() && visible(at)) ?? null;
  });
  alarm = createStatusAlarm({ nextChange, expire, now: () => new Date(), onError });
  alarm.arm();
  return { expire, onError, nextChange };
}

describe("the status alarm", () => {
  it("expires the pages just after a deadline, not before, and once", async () => {
    const { expire } = start([DEADLINE]);
    await vi.advanceTimersByTimeAsync(DEADLINE.getTime() - START.getTime() - 1);
    expect(expire).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1000);
    expect(expire).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(3 * RECHECK_MS);
    expect(expire).toHaveBeenCalledTimes(1);
  });

  it("reads the next instant again every few minutes, so a deadline hours away set at another instance is met", async () => {
    const later = new Date(START.getTime() + 3 * 60 * 60_000);
    // Another instance's edit adds the deadline once ten minutes have passed.
    const editedAt = START.getTime() + 2 * RECHECK_MS;
    const { expire, nextChange } = start([later], { visible: () => Date.now() >= editedAt });
    await vi.advanceTimersByTimeAsync(2 * RECHECK_MS);
    expect(nextChange).toHaveBeenCalledTimes(3);
    expect(expire).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(later.getTime() - Date.now() + 1000);
    expect(expire).toHaveBeenCalledTimes(1);
  });

  it("set again by an edit just before a deadline, still expires at the deadline that passed", async () => {
    const { expire } = start([DEADLINE, new Date(DEADLINE.getTime() + 60 * 60_000)]);
    await vi.advanceTimersByTimeAsync(DEADLINE.getTime() - START.getTime() + 10);
    // An edit re-arms it before its own timer fired.
    alarm!.arm();
    await vi.advanceTimersByTimeAsync(0);
    expect(expire).toHaveBeenCalledTimes(1);
  });

  it("tries again after a failed read, and says so", async () => {
    const { expire, onError, nextChange } = start([DEADLINE], { failures: 1 });
    await vi.advanceTimersByTimeAsync(0);
    expect(onError).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(RETRY_MS);
    expect(nextChange).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(DEADLINE.getTime() - Date.now() + 1000);
    expect(expire).toHaveBeenCalledTimes(1);
  });

  it("does nothing once stopped", async () => {
    const { expire } = start([DEADLINE]);
    await vi.advanceTimersByTimeAsync(0);
    alarm!.stop();
    await vi.advanceTimersByTimeAsync(2 * RECHECK_MS);
    expect(expire).not.toHaveBeenCalled();
  });
});
