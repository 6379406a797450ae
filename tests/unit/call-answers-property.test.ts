import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { pageAnswersSchema, requestJsonSchema, stageAnswersSchema } from "@/lib/calls/answers";
import { callDefinitionSchema, stageQuestions } from "@/lib/calls/definition";
import { TIANWEN3_STAGE, tianwen3Definition } from "@/lib/calls/tianwen-3";
import { fieldErrorsOf } from "@/lib/form-state";
import { leadStepSchema, payloadStepSchema, scienceStepSchema } from "@/lib/validation/application";
import { absent, amount, anyAnswers, badNumber, blank, definitionInput, garbage, mostly } from "../support/call-arbitraries";

// The same fixed seed and number of runs as the property tests (tests/support/property.ts), which this pure suite
// cannot import: that module opens the test database.
const seed = process.env.PROPERTY_SEED;
fc.configureGlobal(seed === "random" ? {} : { seed: Number.isInteger(Number(seed)) && seed ? Number(seed) : 20261125 });
const RUNS = Number(process.env.PROPERTY_RUNS) > 0 ? Number(process.env.PROPERTY_RUNS) : 1000;
/** A thousand runs take a second alone, far longer on a busy two-core machine. */
const TIMEOUT = 300_000;

const isKey = (message: unknown) => typeof message === "string" && /^[a-zA-Z]+$/.test(message);

// ------------------------------------------------------------------ values a form or a client may send

const goodText = (min: number, max: number) =>
  fc.oneof(fc.string({ minLength: min, maxLength: Math.min(max, min + 30) }), fc.string({ unit: "grapheme", minLength: min, maxLength: Math.min(max, min + 10) }));
const text = (min: number, max: number) =>
  mostly(
    goodText(min, max),
    fc.oneof(fc.string({ unit: "binary", maxLength: min + 2 }), fc.string({ minLength: max - 1, maxLength: max + 3 }), blank, garbage, absent),
  );
const choice = (values: readonly string[]) =>
  mostly(fc.constantFrom(...values), fc.oneof(fc.constantFrom(...values.map((v) => v.toLowerCase()), ...values.map((v) => ` ${v}`)), fc.string({ maxLength: 8 }), blank, garbage, absent));
const country = mostly(fc.constantFrom("FR", "fr", " de ", "JP", "BR"), fc.oneof(fc.constantFrom("ZZ", "EU", "FRA", "F", "ＦＲ"), fc.string({ maxLength: 3 }), blank, garbage, absent));
const email = mostly(
  fc.oneof(fc.emailAddress(), fc.constant("Ada@Example.ORG ")),
  fc.oneof(fc.constantFrom("ada@", "@example.org", "a b@example.org"), fc.string({ maxLength: 12 }), blank, garbage, absent),
);
const numeric = (min: number, max: number, places = 0) => mostly(amount(min, max, places), badNumber);

const participantRow = fc.oneof(
  { weight: 6, arbitrary: fc.record({ name: text(2, 200), country }) },
  fc.record({ name: text(2, 200), country }, { requiredKeys: [] }),
  fc.constant({ name: " ", country: "" }),
  garbage,
  fc.string({ maxLength: 4 }),
);
/** A page as a form or client sends it: mostly an object of its fields, sometimes something else altogether. */
const form = <T extends Record<string, fc.Arbitrary<unknown>>>(fields: T) =>
  fc.oneof({ weight: 30, arbitrary: fc.record(fields) }, fc.record(fields, { requiredKeys: [] }), garbage, fc.string({ maxLength: 5 }));

const leadForm = form({
  institutionName: text(2, 200),
  institutionType: choice(["UNIVERSITY", "AGENCY", "RESEARCH_INSTITUTE", "INTERNATIONAL_ORGANISATION"]),
  country,
  contactName: text(2, 120),
  contactEmail: email,
  contactPhone: fc.oneof(text(0, 40), absent),
  participants: mostly(fc.array(participantRow, { maxLength: 6 }), fc.oneof(garbage, absent, fc.string({ maxLength: 4 }))),
});
const payloadForm = form({
  payloadName: text(2, 120),
  payloadKind: choice(["INSTRUMENT", "TECHNOLOGY_DEMONSTRATION", "OTHER"]),
  carrier: choice(["ORBITER", "SERVICE_MODULE"]),
  massKg: mostly(fc.oneof({ weight: 4, arbitrary: amount(0, 15, 3) }, amount(0, 16, 4)), badNumber),
  peakPowerW: numeric(0, 10_000, 1),
  averagePowerW: numeric(0, 50, 1),
  lengthMm: numeric(1, 5000),
  widthMm: numeric(1, 5000),
  heightMm: numeric(1, 5000),
  dataVolumeMbPerDay: numeric(0, 1_000_000, 2),
  pointingNeeds: text(2, 1000),
  thermalNeeds: text(2, 1000),
  trl: numeric(1, 9),
  heritage: text(2, 2000),
});
const OBJECTIVES = ["SIGNS_OF_LIFE", "CLIMATE_HISTORY", "GEOLOGY", "INTERNAL_STRUCTURE", "OTHER"];
const scienceForm = form({
  objectives: mostly(
    fc.oneof(fc.subarray(OBJECTIVES, { minLength: 1 }), fc.array(fc.constantFrom(...OBJECTIVES), { minLength: 1, maxLength: 6 })),
    fc.oneof(fc.array(fc.oneof(fc.constantFrom(...OBJECTIVES), fc.string({ maxLength: 6 }), garbage), { maxLength: 4 }), fc.constant("OTHER"), blank, garbage, absent),
  ),
  otherObjective: fc.oneof(text(0, 500), absent),
  expectedResults: text(20, 4000),
  dataSharing: text(20, 2000),
});

// ------------------------------------------------------------------ (a) the generated Tianwen-3 form against today's steps

/**
 * Where today's message key and the generated schema's differ on purpose: the generic key of a group's row limit
 * (the question's help states the limit). Where today's schemas answer in Zod's English (a list or row of the
 * wrong type), the generated schema must answer on the same field with a message key.
 */
const RENAMED: Record<string, string> = { tooManyEntities: "tooManyItems" };

/** What today's schema keeps that the generated one leaves out: a hidden question's answer, repeated choices, empty text. */
function comparable(page: string, data: Record<string, unknown>) {
  const copy = JSON.parse(JSON.stringify(data)) as Record<string, unknown>;
  for (const [key, value] of Object.entries(copy)) if (value === "") delete copy[key];
  if (page === "science") {
    const objectives = [...new Set(copy.objectives as string[])];
    copy.objectives = objectives;
    if (!objectives.includes("OTHER") || copy.otherObjective === undefined) delete copy.otherObjective;
  }
  return copy;
}

function expectSameVerdict(page: string, today: z.ZodSafeParseResult<unknown>, ours: z.ZodSafeParseResult<unknown>) {
  expect(ours.success, ours.success ? "accepted what today's schema refuses" : `refused ${JSON.stringify(fieldErrorsOf(ours.error))}`).toBe(today.success);
  if (today.success && ours.success) {
    expect(JSON.parse(JSON.stringify(ours.data))).toEqual(comparable(page, today.data as Record<string, unknown>));
    return;
  }
  const [todayErrors, ourErrors] = [fieldErrorsOf(today.error!), fieldErrorsOf(ours.error!)];
  expect(Object.keys(ourErrors).sort(), JSON.stringify({ today: todayErrors, ours: ourErrors })).toEqual(Object.keys(todayErrors).sort());
  for (const [path, message] of Object.entries(todayErrors)) {
    if (isKey(message)) expect(ourErrors[path], path).toBe(RENAMED[message] ?? message);
    else expect(isKey(ourErrors[path]), `${path}: ${ourErrors[path]}`).toBe(true);
  }
}

describe("the Tianwen-3 form generated from its definition", () => {
  const steps = [
    ["lead", leadStepSchema, leadForm],
    ["payload", payloadStepSchema, payloadForm],
    ["science", scienceStepSchema, scienceForm],
  ] as const;

  for (const [page, today, inputs] of steps) {
    it(`accepts and refuses the ${page} page exactly as today's step schema does, naming the same fields with the same keys`, () => {
      const ours = pageAnswersSchema(tianwen3Definition, TIANWEN3_STAGE, page);
      let accepted = 0;
      fc.assert(
        fc.property(inputs, (input) => {
          const verdict = today.safeParse(input);
          if (verdict.success) accepted++;
          expectSameVerdict(page, verdict, ours.safeParse(input));
        }),
        { numRuns: RUNS },
      );
      // Enough generated pages are valid, or the property would mostly compare refusals.
      expect(accepted, `${page}: valid pages generated`).toBeGreaterThan(RUNS / 10);
    }, TIMEOUT);
  }
});

// ------------------------------------------------------------------ (b) any definition, any answers

describe("any definition", () => {
  it("is accepted, or refused with message keys, never thrown; its answers schemas answer any input with message keys, never thrown", () => {
    let definitions = 0;
    let accepted = 0;
    fc.assert(
      fc.property(definitionInput, fc.array(anyAnswers, { minLength: 1, maxLength: 3 }), fc.constantFrom("en", "zh", "fr", "ar", "ru"), (input, inputs, locale) => {
        definitions++;
        const parsed = callDefinitionSchema.safeParse(input);
        if (!parsed.success) {
          // Staff are told what is wrong in words the panel can translate.
          for (const issue of parsed.error.issues) expect(isKey(issue.message), JSON.stringify(issue)).toBe(true);
          return;
        }
        accepted++;
        const definition = parsed.data;
        const stage = definition.stages[0]!;
        const schemas = [stageAnswersSchema(definition, stage.key, { locale }), ...stage.form.pages.map((p) => pageAnswersSchema(definition, stage.key, p.key, { locale }))];
        const known = new Set(stageQuestions(stage).map((q) => q.key));
        expect(() => requestJsonSchema(definition, stage.key)).not.toThrow();
        for (const answers of inputs) {
          for (const schema of schemas) {
            const result = schema.safeParse(answers);
            if (result.success) {
              expect(Object.keys(result.data).filter((k) => !known.has(k))).toEqual([]);
            } else {
              const errors = fieldErrorsOf(result.error);
              expect(Object.values(errors).filter((m) => !isKey(m)), JSON.stringify(errors)).toEqual([]);
            }
          }
        }
      }),
      { numRuns: RUNS },
    );
    // Enough generated definitions are valid for the answers half of the property to be exercised.
    expect(accepted, `${accepted} of ${definitions} definitions accepted`).toBeGreaterThan(definitions / 10);
  }, TIMEOUT);
});
