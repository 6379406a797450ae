import { describe, expect, it } from "vitest";
import { isProbeTimeout, probeVerdict, SLOW_PROBES_FOR_DOWN, type ProbeRecord } from "@/server/platform/probe-verdict";

// Whether visitors get the outage page: at once for a database that refuses, not for one slow probe on a busy process.
const up: ProbeRecord = { available: true, slowProbes: 0 };

describe("the database probe's verdict", () => {
  it("a refused connection turns visitors away at once", () => {
    expect(probeVerdict(up, "failed")).toEqual({ available: false, slowProbes: 0 });
  });

  it("one probe that ran out of time does not, the next in a row does", () => {
    let record = probeVerdict(up, "timed out");
    expect(record.available).toBe(true);
    for (let i = 1; i < SLOW_PROBES_FOR_DOWN; i++) record = probeVerdict(record, "timed out");
    expect(record.available).toBe(false);
  });

  it("an answer in between starts the count again, and brings a database that was down back", () => {
    const slow = probeVerdict(up, "timed out");
    expect(probeVerdict(probeVerdict(slow, "answered"), "timed out").available).toBe(true);
    expect(probeVerdict({ available: false, slowProbes: 0 }, "answered")).toEqual(up);
  });

  it("a database already down stays down while probes run out of time", () => {
    expect(probeVerdict({ available: false, slowProbes: 0 }, "timed out").available).toBe(false);
  });

  it("tells the probe's own timer and pg's timeouts from a refusal", () => {
    expect(isProbeTimeout("database probe timed out")).toBe(true);
    expect(isProbeTimeout("Connection terminated due to connection timeout")).toBe(true);
    expect(isProbeTimeout("Query read timeout")).toBe(true);
    expect(isProbeTimeout("connect ECONNREFUSED 127.0.0.1:5432")).toBe(false);
  });
});
