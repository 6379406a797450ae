import { describe, expect, it } from "vitest";
import { type AnnouncedEdge, edgeFormValues, edgeInstant, readEdge, stageFormValues, stageWindow } from "@/lib/calls/stage-window";
import { callStageSchema } from "@/lib/validation/admin/content";

// A stage's window as staff type it (wall clock in the call's zone, at the precision announced) and as it is stored
// (UTC instants), both ways. Beijing time has no daylight saving; Paris has, so its days are 23 or 25 hours twice a year.

const BEIJING = "Asia/Shanghai";
const PARIS = "Europe/Paris";
const iso = (edge: "opens" | "closes", announced: AnnouncedEdge, zone: string) => edgeInstant(edge, announced, zone).toISOString();

describe("readEdge", () => {
  it("reads a date and time with a space or a T, a day and a month, each in its canonical form", () => {
    expect(readEdge("EXACT", "2027-03-31 18:00")).toBe("2027-03-31T18:00");
    expect(readEdge("EXACT", " 2027-03-31T18:00 ")).toBe("2027-03-31T18:00");
    expect(readEdge("DAY", "2027-03-31")).toBe("2027-03-31");
    expect(readEdge("MONTH", "2027-03")).toBe("2027-03");
  });

  it("takes 24:00 as the end of its day, as announcements write a midnight deadline", () => {
    expect(readEdge("EXACT", "2027-03-31 24:00")).toBe("2027-04-01T00:00");
    expect(readEdge("EXACT", "2027-12-31 24:00")).toBe("2028-01-01T00:00");
    expect(readEdge("EXACT", "2027-03-31 24:01")).toBeNull();
  });

  it("refuses days, times and months that do not exist, and text of another precision", () => {
    for (const [precision, text] of [
      ["DAY", "2027-02-29"],
      ["DAY", "2027-04-31"],
      ["DAY", "2027-13-01"],
      ["EXACT", "2027-03-31 25:00"],
      ["EXACT", "2027-03-31 18:60"],
      ["MONTH", "2027-00"],
      ["MONTH", "2027-13"],
      ["EXACT", "2027-03-31"],
      ["DAY", "2027-03"],
      ["MONTH", "2027-03-31"],
      ["DAY", "31/03/2027"],
      ["DAY", "1899-12-31"],
    ] as const) {
      expect(readEdge(precision, text), `${precision} ${text}`).toBeNull();
    }
    expect(readEdge("DAY", "2028-02-29")).toBe("2028-02-29");
  });
});

describe("edgeInstant in Beijing time", () => {
  it("closes a day at the midnight that ends it: 31 March 2027 closes at 16:00 UTC that day", () => {
    expect(iso("closes", { precision: "DAY", local: "2027-03-31" }, BEIJING)).toBe("2027-03-31T16:00:00.000Z");
  });

  it("opens a day at the midnight that starts it", () => {
    expect(iso("opens", { precision: "DAY", local: "2027-03-31" }, BEIJING)).toBe("2027-03-30T16:00:00.000Z");
  });

  it("opens a month on its first day and closes it at the first instant of the next", () => {
    // As the Chang'e-5 sample-loan call's opening (November 2023) is stored.
    expect(iso("opens", { precision: "MONTH", local: "2023-11" }, BEIJING)).toBe("2023-10-31T16:00:00.000Z");
    expect(iso("closes", { precision: "MONTH", local: "2027-12" }, BEIJING)).toBe("2027-12-31T16:00:00.000Z");
  });

  it("reads an exact time on the call's wall clock", () => {
    expect(iso("closes", { precision: "EXACT", local: "2027-03-31T18:00" }, BEIJING)).toBe("2027-03-31T10:00:00.000Z");
  });
});

describe("edgeInstant across daylight saving in Paris", () => {
  it("gives summer and winter times their own offsets", () => {
    expect(iso("opens", { precision: "EXACT", local: "2027-01-15T12:00" }, PARIS)).toBe("2027-01-15T11:00:00.000Z");
    expect(iso("opens", { precision: "EXACT", local: "2027-07-01T12:00" }, PARIS)).toBe("2027-07-01T10:00:00.000Z");
  });

  it("closes the 23-hour day of the spring change 23 hours after it opens", () => {
    const day = { precision: "DAY", local: "2027-03-28" } as const;
    expect(iso("opens", day, PARIS)).toBe("2027-03-27T23:00:00.000Z");
    expect(iso("closes", day, PARIS)).toBe("2027-03-28T22:00:00.000Z");
  });

  it("closes October, which ends in winter time, at 23:00 UTC on its last day", () => {
    expect(iso("closes", { precision: "MONTH", local: "2027-10" }, PARIS)).toBe("2027-10-31T23:00:00.000Z");
  });
});

describe("stageWindow", () => {
  it("stores each edge's instant with its precision (null for an exact time) and nothing for what was not announced", () => {
    expect(stageWindow({ opens: { precision: "EXACT", local: "2027-01-10T09:00" }, closes: { precision: "DAY", local: "2027-03-31" } }, BEIJING)).toEqual({
      opensAt: new Date("2027-01-10T01:00:00.000Z"),
      opensPrecision: null,
      closesAt: new Date("2027-03-31T16:00:00.000Z"),
      closesPrecision: "DAY",
    });
    expect(stageWindow({ opens: null, closes: { precision: "MONTH", local: "2027-03" } }, BEIJING)).toEqual({
      opensAt: null,
      opensPrecision: null,
      closesAt: new Date("2027-03-31T16:00:00.000Z"),
      closesPrecision: "MONTH",
    });
  });
});

describe("edgeFormValues: a stored instant back to the form", () => {
  it("shows the seeded windows as announced: a closing day, an opening month", () => {
    expect(edgeFormValues("closes", "2025-06-30T16:00:00.000Z", "DAY", BEIJING)).toEqual({ precision: "DAY", text: "2025-06-30" });
    expect(edgeFormValues("opens", "2023-10-31T16:00:00.000Z", "MONTH", BEIJING)).toEqual({ precision: "MONTH", text: "2023-11" });
  });

  it("shows nothing announced as a blank precision and text", () => {
    expect(edgeFormValues("opens", null, null, BEIJING)).toEqual({ precision: "", text: "" });
  });

  it("shows an exact closing at midnight as 24:00 of the day it ends, and an opening at midnight as 00:00", () => {
    expect(edgeFormValues("closes", "2027-03-31T16:00:00.000Z", null, BEIJING)).toEqual({ precision: "EXACT", text: "2027-03-31 24:00" });
    expect(edgeFormValues("opens", "2027-03-31T16:00:00.000Z", null, BEIJING)).toEqual({ precision: "EXACT", text: "2027-04-01 00:00" });
  });

  it("gives an exact instant to the minute on the call's wall clock", () => {
    expect(edgeFormValues("opens", "2027-07-01T10:00:59.500Z", null, PARIS)).toEqual({ precision: "EXACT", text: "2027-07-01 12:00" });
  });

  for (const zone of [BEIJING, PARIS]) {
    it(`turns every kind of edge in ${zone} into an instant and back into what was typed`, () => {
      const typed: [edge: "opens" | "closes", precision: "EXACT" | "DAY" | "MONTH", text: string][] = [
        ["opens", "EXACT", "2027-03-28 03:30"],
        ["closes", "EXACT", "2027-10-31 18:00"],
        ["closes", "EXACT", "2027-03-27 24:00"],
        ["opens", "DAY", "2027-03-28"],
        ["closes", "DAY", "2027-03-28"],
        ["closes", "DAY", "2027-10-31"],
        ["opens", "MONTH", "2027-03"],
        ["closes", "MONTH", "2027-10"],
        ["closes", "MONTH", "2027-12"],
      ];
      for (const [edge, precision, text] of typed) {
        const at = edgeInstant(edge, { precision, local: readEdge(precision, text)! }, zone);
        expect(edgeFormValues(edge, at, precision === "EXACT" ? null : precision, zone), `${edge} ${text}`).toEqual({ precision, text });
      }
    });
  }

  it("fills a stage's form fields from its stored window", () => {
    expect(stageFormValues({ opensAt: null, opensPrecision: null, closesAt: "2027-03-31T16:00:00.000Z", closesPrecision: "DAY" }, BEIJING)).toEqual({
      opens: "",
      opensPrecision: "",
      closes: "2027-03-31",
      closesPrecision: "DAY",
    });
  });
});

describe("callStageSchema", () => {
  const form = { titleEn: "Full proposal", titleZh: "正式方案", opens: "", opensPrecision: "", closes: "2027-03-31", closesPrecision: "DAY", graceMinutes: "5", entry: "ANYONE" };
  const errorsOf = (fields: Record<string, string>) => {
    const parsed = callStageSchema.safeParse(fields);
    return parsed.success ? {} : Object.fromEntries(parsed.error.issues.map((i) => [i.path.join("."), i.message]));
  };

  it("gives each announced edge at its precision and leaves one not announced out", () => {
    expect(callStageSchema.parse(form)).toEqual({
      titleEn: "Full proposal",
      titleZh: "正式方案",
      opens: null,
      closes: { precision: "DAY", local: "2027-03-31" },
      graceMinutes: 5,
      entry: "ANYONE",
    });
  });

  it("names the text box when it does not match the precision chosen, and the precision when text has none", () => {
    expect(errorsOf({ ...form, closesPrecision: "EXACT" })).toEqual({ closes: "stageExact" });
    expect(errorsOf({ ...form, closes: "2027-02-30" })).toEqual({ closes: "stageDay" });
    expect(errorsOf({ ...form, closes: "March 2027", closesPrecision: "MONTH" })).toEqual({ closes: "stageMonth" });
    expect(errorsOf({ ...form, opens: "2027-01-01" })).toEqual({ opensPrecision: "stagePrecision" });
    expect(errorsOf({ ...form, opensPrecision: "DAY" })).toEqual({ opens: "required" });
  });

  it("refuses a closing that is not after the opening, a day's closing being its end", () => {
    expect(errorsOf({ ...form, opens: "2027-04-01", opensPrecision: "DAY" })).toEqual({ closes: "closesNotAfterOpens" });
    expect(errorsOf({ ...form, opens: "2027-03-31 23:59", opensPrecision: "EXACT" })).toEqual({});
    expect(errorsOf({ ...form, opens: "2027-03-31 24:00", opensPrecision: "EXACT" })).toEqual({ closes: "closesNotAfterOpens" });
  });

  it("keeps the grace within 0 to 15 whole minutes and the entry to its two choices", () => {
    expect(errorsOf({ ...form, graceMinutes: "16" })).toEqual({ graceMinutes: "tooLarge" });
    expect(errorsOf({ ...form, graceMinutes: "2.5" })).toEqual({ graceMinutes: "wholeNumber" });
    expect(errorsOf({ ...form, entry: "EVERYONE" })).toEqual({ entry: "chooseOne" });
    expect(errorsOf({ ...form, titleZh: "阶" })).toEqual({ titleZh: "tooShort" });
  });
});
