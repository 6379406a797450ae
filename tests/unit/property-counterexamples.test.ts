import { describe, expect, it } from "vitest";
import { paginationQuerySchema, searchParamsToObject } from "@/lib/validation/api";
import { capacitySchema, missionSchema, projectSchema } from "@/lib/validation/admin/content";
import { payloadStepSchema, scienceStepSchema } from "@/lib/validation/application";
import { fieldErrorsOf } from "@/lib/form-state";
import { payloadAnswers } from "../factories/application-answers";

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

  it("takes a mass of 8.027 kg, three decimals that binary floating point cannot hold exactly", () => {
    expect(payloadStepSchema.safeParse(payloadAnswers({ massKg: "8.027" })).success).toBe(true);
    expect(payloadStepSchema.safeParse(payloadAnswers({ massKg: "8.0275" })).success).toBe(false);
    expect(capacitySchema.safeParse({ carrier: "ORBITER", massKg: "1.13" }).success).toBe(true);
    expect(capacitySchema.safeParse({ carrier: "ORBITER", massKg: "1.135" }).success).toBe(false);
  });

  it("answers a tampered choice of source or partner with a message key, not Zod's English", () => {
    const tampered = "x".repeat(65);
    const mission = missionSchema.safeParse({ nameEn: "Mission", nameZh: "任务", body: "MOON", status: "PLANNED", sourceIds: [tampered] });
    expect(fieldErrorsOf(mission.error!)).toEqual({ "sourceIds.0": "chooseOne" });
    const project = projectSchema.safeParse({ opportunityId: "o", position: "1", titleEn: "Project", titleZh: "项目", kind: "SCIENCE_INSTRUMENT", partners: [{ institutionId: tampered }] });
    expect(fieldErrorsOf(project.error!)).toEqual({ "partners.0.institutionId": "chooseOne" });
  });
});
