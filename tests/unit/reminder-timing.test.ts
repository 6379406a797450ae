import { describe, expect, it } from "vitest";
import { DEADLINE_THRESHOLDS, dueReminder, OBLIGATION_THRESHOLDS, obligationDueAt } from "@/server/jobs/maintenance/reminder-timing";

// Which reminder is due at a given moment: the nearest threshold reached, never one already overtaken by a nearer one.

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const DEADLINE = new Date("2027-03-31T16:00:00Z");
const before = (ms: number) => new Date(DEADLINE.getTime() - ms);
const startedLongAgo = new Date("2027-01-01T00:00:00Z");
const deadlineReminder = (now: Date, since = startedLongAgo) => dueReminder(DEADLINE_THRESHOLDS, DEADLINE, now, since);

describe("deadline reminders", () => {
  it("sends nothing more than 7 days before the deadline", () => {
    expect(deadlineReminder(before(7 * DAY + 1))).toBeNull();
    expect(deadlineReminder(before(30 * DAY))).toBeNull();
  });

  it("sends the 7-day reminder from 7 days before until 1 day before", () => {
    expect(deadlineReminder(before(7 * DAY))).toBe("7d");
    expect(deadlineReminder(before(3 * DAY))).toBe("7d");
    expect(deadlineReminder(before(DAY + 1))).toBe("7d");
  });

  it("sends only the 1-day reminder in the last day, even when the 7-day one was missed", () => {
    expect(deadlineReminder(before(DAY))).toBe("1d");
    // The runner was down: six hours left, and only the nearest reminder goes.
    expect(deadlineReminder(before(6 * HOUR))).toBe("1d");
    expect(deadlineReminder(before(1))).toBe("1d");
  });

  it("sends nothing once the deadline has passed", () => {
    expect(deadlineReminder(DEADLINE)).toBeNull();
    expect(deadlineReminder(new Date(DEADLINE.getTime() + HOUR))).toBeNull();
  });

  it("sends no reminder whose moment came before the draft was started", () => {
    // Started 5 days before: no 7-day reminder, the 1-day one still goes.
    expect(deadlineReminder(before(4 * DAY), before(5 * DAY))).toBeNull();
    expect(deadlineReminder(before(12 * HOUR), before(5 * DAY))).toBe("1d");
    // Started 6 hours before: none at all.
    expect(deadlineReminder(before(5 * HOUR), before(6 * HOUR))).toBeNull();
    // Started just before the 7-day moment: that reminder goes.
    expect(deadlineReminder(before(6 * DAY), before(7 * DAY + 1))).toBe("7d");
  });
});

describe("obligation reminders", () => {
  const dueOn = new Date("2027-05-15T00:00:00Z");
  const dueAt = obligationDueAt(dueOn);
  const at = (iso: string) => dueReminder(OBLIGATION_THRESHOLDS, dueAt, new Date(iso));

  it("falls due at the end of its due day, in UTC", () => {
    expect(dueAt.toISOString()).toBe("2027-05-16T00:00:00.000Z");
  });

  it("sends the 30-day reminder within 30 days, the 7-day one within 7, nothing before or after", () => {
    expect(at("2027-04-15T23:59:59Z")).toBeNull();
    expect(at("2027-04-16T00:00:00Z")).toBe("30d");
    expect(at("2027-05-08T23:59:59Z")).toBe("30d");
    expect(at("2027-05-09T00:00:00Z")).toBe("7d");
    expect(at("2027-05-15T23:00:00Z")).toBe("7d");
    expect(at("2027-05-16T00:00:00Z")).toBeNull();
  });
});
