import { describe, expect, it } from "vitest";
import { acceptsUntil, callStatus, MAX_GRACE_MINUTES, nextChange, openStageIndex, stageState, type StageWindow } from "@/lib/calls/status";

// Instants as the seed records the Tianwen-3 first round: a date alone ends at 24:00 Beijing time (16:00 UTC).
const at = (iso: string) => new Date(iso);
const plus = (iso: string, ms: number) => new Date(Date.parse(iso) + ms);
const MINUTE = 60_000;

const OPENS = "2025-03-10T16:00:00.000Z";
const CLOSES = "2025-06-30T16:00:00.000Z";
const letterOfIntent: StageWindow = { opensAt: OPENS, closesAt: CLOSES, graceMinutes: 0 };
const fullProposal: StageWindow = { opensAt: "2025-07-15T16:00:00.000Z", closesAt: "2025-09-30T16:00:00.000Z", graceMinutes: 0 };

describe("stageState", () => {
  it("is upcoming until the opening instant and open from it", () => {
    expect(stageState(letterOfIntent, plus(OPENS, -1))).toBe("upcoming");
    expect(stageState(letterOfIntent, at(OPENS))).toBe("open");
  });

  it("takes submissions up to the closing instant itself and is closed a millisecond after", () => {
    expect(stageState(letterOfIntent, at(CLOSES))).toBe("open");
    expect(stageState(letterOfIntent, plus(CLOSES, 1))).toBe("closed");
  });

  it("accepts Date objects as well as ISO strings", () => {
    expect(stageState({ opensAt: at(OPENS), closesAt: at(CLOSES), graceMinutes: 0 }, plus(CLOSES, 1))).toBe("closed");
  });

  it("is open before the closing when the opening was not announced", () => {
    expect(stageState({ ...letterOfIntent, opensAt: null }, at("2000-01-01T00:00:00Z"))).toBe("open");
  });

  it("stays open after the opening when no closing is set", () => {
    expect(stageState({ ...letterOfIntent, closesAt: null }, at("2099-01-01T00:00:00Z"))).toBe("open");
    expect(acceptsUntil({ ...letterOfIntent, closesAt: null })).toBeNull();
  });
});

describe("grace after the closing", () => {
  it("keeps a stage open for its grace minutes and no longer", () => {
    const stage = { ...letterOfIntent, graceMinutes: 10 };
    expect(acceptsUntil(stage)).toEqual(plus(CLOSES, 10 * MINUTE));
    expect(stageState(stage, plus(CLOSES, 10 * MINUTE))).toBe("open");
    expect(stageState(stage, plus(CLOSES, 10 * MINUTE + 1))).toBe("closed");
  });

  it(`is capped at ${MAX_GRACE_MINUTES} minutes whatever the record says`, () => {
    expect(MAX_GRACE_MINUTES).toBe(15);
    const stage = { ...letterOfIntent, graceMinutes: 120 };
    expect(acceptsUntil(stage)).toEqual(plus(CLOSES, 15 * MINUTE));
    expect(stageState(stage, plus(CLOSES, 15 * MINUTE))).toBe("open");
    expect(stageState(stage, plus(CLOSES, 15 * MINUTE + 1))).toBe("closed");
  });

  it("never ends a stage before its closing when the grace is negative", () => {
    const stage = { ...letterOfIntent, graceMinutes: -30 };
    expect(acceptsUntil(stage)).toEqual(at(CLOSES));
    expect(stageState(stage, at(CLOSES))).toBe("open");
  });
});

describe("an applicant's extension", () => {
  const extendedTo = plus(CLOSES, 3 * 86_400_000);

  it("keeps the stage open for that applicant until the later instant", () => {
    expect(acceptsUntil(letterOfIntent, extendedTo)).toEqual(extendedTo);
    expect(stageState(letterOfIntent, plus(CLOSES, 86_400_000), extendedTo)).toBe("open");
    expect(stageState(letterOfIntent, extendedTo, extendedTo)).toBe("open");
    expect(stageState(letterOfIntent, plus(extendedTo.toISOString(), 1), extendedTo)).toBe("closed");
  });

  it("does not shorten a stage or its grace when it is earlier than the closing", () => {
    const stage = { ...letterOfIntent, graceMinutes: 5 };
    expect(acceptsUntil(stage, plus(CLOSES, -86_400_000))).toEqual(plus(CLOSES, 5 * MINUTE));
    expect(stageState(stage, plus(CLOSES, 4 * MINUTE), plus(CLOSES, -86_400_000))).toBe("open");
  });

  it("is read from an ISO string as from a Date", () => {
    expect(acceptsUntil(letterOfIntent, extendedTo.toISOString())).toEqual(extendedTo);
  });
});

describe("callStatus", () => {
  const stages = [letterOfIntent, fullProposal];

  it("is upcoming before the first stage opens", () => {
    expect(callStatus({ status: "OPEN", stages }, plus(OPENS, -1))).toBe("UPCOMING");
  });

  it("is open while a stage is open", () => {
    expect(callStatus({ status: "OPEN", stages }, at("2025-05-01T00:00:00Z"))).toBe("OPEN");
    expect(callStatus({ status: "OPEN", stages }, at("2025-08-01T00:00:00Z"))).toBe("OPEN");
  });

  it("is upcoming between a closed stage and one yet to open", () => {
    expect(callStatus({ status: "OPEN", stages }, at("2025-07-05T00:00:00Z"))).toBe("UPCOMING");
  });

  it("is closed once every stage has closed, whatever staff recorded", () => {
    expect(callStatus({ status: "OPEN", stages }, at("2026-12-06T00:00:00Z"))).toBe("CLOSED");
    expect(callStatus({ status: "CLOSED", stages }, at("2026-12-06T00:00:00Z"))).toBe("CLOSED");
  });

  it("says results published when staff published them, even while a stage is open", () => {
    expect(callStatus({ status: "RESULTS_PUBLISHED", stages }, at("2025-05-01T00:00:00Z"))).toBe("RESULTS_PUBLISHED");
    expect(callStatus({ status: "RESULTS_PUBLISHED", stages }, plus(OPENS, -1))).toBe("RESULTS_PUBLISHED");
  });

  it("keeps the recorded status of a call without stages", () => {
    const now = at("2026-12-06T00:00:00Z");
    expect(callStatus({ status: "OPEN", stages: [] }, now)).toBe("OPEN");
    expect(callStatus({ status: "CLOSED", stages: [] }, now)).toBe("CLOSED");
    expect(callStatus({ status: "RESULTS_PUBLISHED", stages: [] }, now)).toBe("RESULTS_PUBLISHED");
  });
});

describe("openStageIndex", () => {
  it("names the first open stage, or -1 when none is", () => {
    const stages = [letterOfIntent, fullProposal];
    expect(openStageIndex(stages, at("2025-05-01T00:00:00Z"))).toBe(0);
    expect(openStageIndex(stages, at("2025-08-01T00:00:00Z"))).toBe(1);
    expect(openStageIndex(stages, at("2025-07-05T00:00:00Z"))).toBe(-1);
    expect(openStageIndex([], at("2025-05-01T00:00:00Z"))).toBe(-1);
  });
});

describe("nextChange", () => {
  const stages = [{ ...letterOfIntent, graceMinutes: 15 }, fullProposal];

  it("is the first opening before anything opened", () => {
    expect(nextChange(stages, plus(OPENS, -1))).toEqual(at(OPENS));
  });

  it("is the first instant after the grace while the first stage is open", () => {
    expect(nextChange(stages, at("2025-05-01T00:00:00Z"))).toEqual(plus(CLOSES, 15 * MINUTE + 1));
  });

  it("looks strictly after now: at an opening it is the next instant", () => {
    expect(nextChange(stages, at(OPENS))).toEqual(plus(CLOSES, 15 * MINUTE + 1));
  });

  it("moves on to the next stage's opening and closing", () => {
    expect(nextChange(stages, at("2025-07-05T00:00:00Z"))).toEqual(at(fullProposal.opensAt as string));
    expect(nextChange(stages, at("2025-08-01T00:00:00Z"))).toEqual(plus(fullProposal.closesAt as string, 1));
  });

  it("skips instants that were not announced and is null once nothing is left to change", () => {
    expect(nextChange([{ opensAt: null, closesAt: null, graceMinutes: 0 }], at("2025-05-01T00:00:00Z"))).toBeNull();
    expect(nextChange(stages, at("2026-12-06T00:00:00Z"))).toBeNull();
    expect(nextChange([], at("2026-12-06T00:00:00Z"))).toBeNull();
  });
});

describe("a stage only those invited may enter", () => {
  const invited: StageWindow = { opensAt: null, closesAt: "2025-09-30T16:00:00.000Z", graceMinutes: 0, entry: "INVITED" };

  it("never makes the call open to new applicants, nor is it the stage they enter", () => {
    const between = at("2025-08-01T00:00:00Z");
    expect(callStatus({ status: "OPEN", stages: [letterOfIntent, invited] }, between)).toBe("CLOSED");
    expect(openStageIndex([letterOfIntent, invited], between)).toBe(-1);
    expect(openStageIndex([letterOfIntent, invited], at("2025-05-01T00:00:00Z"))).toBe(0);
  });
});
