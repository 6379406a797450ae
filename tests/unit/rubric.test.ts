import { describe, expect, it } from "vitest";
import type { Rubric } from "@/lib/calls/definition";
import { averageRubricScores, rubricScoresSchema, scaleChoices, storedScores } from "@/lib/calls/rubric";
import { tianwen3Definition } from "@/lib/calls/tianwen-3";
import { fieldErrorsOf } from "@/lib/form-state";
import { scoreSchema } from "@/lib/validation/admin/review";

// A call's rubric decides what a reviewer may score and how the scores add up: the schema of one reviewer's scores
// and the weighted averages staff read are both derived from it.

/** Two criteria weighted 2 and 1, scored from 0 to 5. */
const weighted: Rubric = {
  criteria: [
    { key: "novelty", label: { en: "Novelty", zh: "新颖性" }, help: { en: "What nobody has done before.", zh: "前所未有之处。" }, weight: 2 },
    { key: "reach", label: { en: "Reach", zh: "影响范围" }, weight: 1 },
  ],
  scale: { min: 0, max: 5 },
  instructions: { en: "0 is absent, 5 is outstanding.", zh: "0分为没有，5分为杰出。" },
};

/** A scale too long to offer as choices: scores are typed. */
const typed: Rubric = { ...weighted, scale: { min: -10, max: 10 } };

const errorsOf = (rubric: Rubric, value: unknown) => {
  const parsed = rubricScoresSchema(rubric).safeParse(value);
  return parsed.success ? {} : fieldErrorsOf(parsed.error);
};

describe("the scores schema generated from a rubric", () => {
  it("takes a whole number on the scale for every criterion, as the form posts it or as numbers", () => {
    expect(rubricScoresSchema(weighted).parse({ novelty: "0", reach: " 5 " })).toEqual({ novelty: 0, reach: 5 });
    expect(rubricScoresSchema(weighted).parse({ novelty: 3, reach: 4 })).toEqual({ novelty: 3, reach: 4 });
    expect(rubricScoresSchema(tianwen3Definition.rubric).parse({ scientificValue: "1", technicalFeasibility: "5", cooperationDiversity: "3" })).toEqual({
      scientificValue: 1,
      technicalFeasibility: 5,
      cooperationDiversity: 3,
    });
  });

  it("asks for a choice on every criterion missing, off the scale or not a whole number, when the scale is offered as choices", () => {
    expect(errorsOf(weighted, {})).toEqual({ novelty: "chooseOne", reach: "chooseOne" });
    for (const bad of ["6", "-1", 6, -1, "2.5", 2.5, "1e0", "0x4", "+3", "", "   ", "three", null, Number.NaN, Number.POSITIVE_INFINITY, ["3"], { value: 3 }, "99999999999"]) {
      expect(errorsOf(weighted, { novelty: bad, reach: "3" }), JSON.stringify(bad)).toEqual({ novelty: "chooseOne" });
    }
    // Tianwen-3's scale starts at 1.
    expect(errorsOf(tianwen3Definition.rubric, { scientificValue: "0", technicalFeasibility: "5", cooperationDiversity: "5" })).toEqual({ scientificValue: "chooseOne" });
  });

  it("says what is wrong with a typed score on a long scale", () => {
    expect(rubricScoresSchema(typed).parse({ novelty: "-10", reach: "10" })).toEqual({ novelty: -10, reach: 10 });
    expect(errorsOf(typed, { reach: "0" })).toEqual({ novelty: "required" });
    expect(errorsOf(typed, { novelty: "2.5", reach: "0" })).toEqual({ novelty: "wholeNumber" });
    expect(errorsOf(typed, { novelty: "-11", reach: "11" })).toEqual({ novelty: "tooSmall", reach: "tooLarge" });
  });

  it("refuses, as a tampered request, a score for a criterion the rubric does not name", () => {
    expect(errorsOf(weighted, { novelty: "3", reach: "3", scientificValue: "3" })).toEqual({ _form: "invalidRequest" });
    // Keys that would reach Object.prototype stay keys the rubric does not name.
    expect(errorsOf(weighted, JSON.parse('{"novelty": 3, "reach": 3, "__proto__": {"polluted": 1}}'))).toEqual({ _form: "invalidRequest" });
    expect(errorsOf(weighted, { novelty: 3, reach: 3, constructor: 3 })).toEqual({ _form: "invalidRequest" });
    expect(errorsOf(weighted, "novelty=3")).toEqual({ _form: "invalidRequest" });
    expect(errorsOf(weighted, [3, 3])).toEqual({ _form: "invalidRequest" });
  });
});

describe("the score form's schema", () => {
  const form = (fields: Record<string, unknown>) => ({ applicationId: "app-1", comment: "Well argued.", ...fields });

  it("reads each criterion from its scores.<key> field and reports its errors under the same name", () => {
    expect(scoreSchema(weighted).parse(form({ "scores.novelty": "5", "scores.reach": "2" }))).toEqual({
      applicationId: "app-1",
      scores: { novelty: 5, reach: 2 },
      comment: "Well argued.",
    });
    const parsed = scoreSchema(weighted).safeParse(form({ "scores.novelty": "9", comment: "" }));
    expect(parsed.success).toBe(false);
    expect(fieldErrorsOf(parsed.error!)).toEqual({ "scores.novelty": "chooseOne", "scores.reach": "chooseOne", comment: "required" });
  });

  it("refuses a field for another rubric's criterion as a whole, not field by field", () => {
    const parsed = scoreSchema(weighted).safeParse(form({ "scores.novelty": "5", "scores.reach": "2", "scores.scientificValue": "4" }));
    expect(parsed.success).toBe(false);
    expect(fieldErrorsOf(parsed.error!)).toEqual({ scores: "invalidRequest" });
    const proto = scoreSchema(weighted).safeParse(form({ "scores.novelty": "5", "scores.reach": "2", "scores.__proto__": "4" }));
    expect(proto.success && proto.data).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("averages weighted by the rubric", () => {
  it("averages each criterion, then weighs the criteria's averages by their weights", () => {
    const averages = averageRubricScores(weighted, [
      { novelty: 5, reach: 2 },
      { novelty: 0, reach: 5 },
    ]);
    expect(averages).toMatchObject({ criteria: { novelty: 2.5, reach: 3.5 }, count: 2 });
    // (2 × 2.5 + 1 × 3.5) / 3, where the unweighted mean would be 3.
    expect(averages!.overall).toBeCloseTo(17 / 6, 12);
  });

  it("is the plain mean of the criteria when they weigh the same, as Tianwen-3's do", () => {
    expect(averageRubricScores(tianwen3Definition.rubric, [{ scientificValue: 5, technicalFeasibility: 4, cooperationDiversity: 3 }])).toEqual({
      criteria: { scientificValue: 5, technicalFeasibility: 4, cooperationDiversity: 3 },
      overall: 4,
      count: 1,
    });
  });

  it("has nothing to say without scores, and leaves out a criterion nobody scored and its weight", () => {
    expect(averageRubricScores(weighted, [])).toBeNull();
    expect(averageRubricScores(weighted, [{ reach: 4 }])).toEqual({ criteria: { reach: 4 }, overall: 4, count: 1 });
    expect(averageRubricScores(weighted, [{ other: 4 }])).toBeNull();
  });

  it("reads stored scores as numbers by criterion", () => {
    expect(storedScores({ novelty: 4, reach: 2 })).toEqual({ novelty: 4, reach: 2 });
    expect(storedScores({ novelty: 4, note: "x", reach: null })).toEqual({ novelty: 4 });
    for (const nothing of [null, undefined, {}, [4, 2], "4", { note: "x" }]) expect(storedScores(nothing), JSON.stringify(nothing)).toBeNull();
  });
});

describe("the scale", () => {
  it("offers the points of a short scale as choices and has a long one typed", () => {
    expect(scaleChoices({ min: 1, max: 5 })).toEqual([1, 2, 3, 4, 5]);
    expect(scaleChoices({ min: 0, max: 5 })).toEqual([0, 1, 2, 3, 4, 5]);
    expect(scaleChoices({ min: 0, max: 10 })).toHaveLength(11);
    expect(scaleChoices({ min: 0, max: 11 })).toBeNull();
    expect(scaleChoices({ min: -10, max: 10 })).toBeNull();
  });
});
