import { describe, expect, it } from "vitest";
import { paginationQuerySchema, searchParamsToObject } from "@/lib/validation/api";
import { fieldErrorsOf, scienceStepSchema } from "@/lib/validation/application";

// Inputs the property-based tests found mishandled, kept as plain cases.

describe("counterexamples from the property tests", () => {
  it("reports ?__proto__= as an unknown parameter instead of dropping it", () => {
    const parsed = paginationQuerySchema.safeParse(searchParamsToObject(new URLSearchParams("__proto__=")));
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]).toMatchObject({ code: "unrecognized_keys", keys: ["__proto__"] });
  });

  it("answers an unknown science objective with a message key the form can translate", () => {
    const parsed = scienceStepSchema.safeParse({ objectives: ["GEOLOGY", "ASTROLOGY"], expectedResults: "x".repeat(20), dataSharing: "y".repeat(20) });
    expect(parsed.success).toBe(false);
    expect(fieldErrorsOf(parsed.error!)).toEqual({ "objectives.1": "chooseOne" });
  });
});
