import { describe, expect, it } from "vitest";
import { describeInstant } from "@/components/calls/instant-format";

// How a call's announced instants read on its pages: at the precision announced, in the call's own zone.

describe("an announced instant", () => {
  it("reads an exact closing at Beijing midnight as 24:00 of the day it ends", () => {
    const { text, dateTime } = describeInstant("2023-12-22T16:00:00.000Z", null, "closes", "Asia/Shanghai", "en");
    expect(text).toContain("22 December 2023");
    expect(text).toContain("24:00");
    expect(dateTime).toBe("2023-12-22T16:00:00.000Z");
  });

  it("reads a closing announced as a day as that day, not the midnight after it", () => {
    expect(describeInstant("2025-06-30T16:00:00.000Z", "DAY", "closes", "Asia/Shanghai", "en")).toEqual({ text: "30 June 2025", dateTime: "2025-06-30" });
    expect(describeInstant("2025-06-30T16:00:00.000Z", "DAY", "closes", "Asia/Shanghai", "zh").text).toBe("2025年6月30日");
  });

  it("reads an opening announced as a month as that month in the call's zone", () => {
    expect(describeInstant("2023-10-31T16:00:00.000Z", "MONTH", "opens", "Asia/Shanghai", "en")).toEqual({ text: "November 2023", dateTime: "2023-11" });
  });

  it("reads an exact instant that is not midnight as it is", () => {
    expect(describeInstant("2026-03-01T02:30:00.000Z", null, "closes", "Asia/Shanghai", "en").text).toContain("10:30");
  });
});
