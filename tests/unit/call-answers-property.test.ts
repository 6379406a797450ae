import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { pageAnswersSchema, requestJsonSchema, stageAnswersSchema } from "@/lib/calls/answers";
import { callDefinitionSchema, stageQuestions } from "@/lib/calls/definition";
import { TIANWEN3_STAGE, tianwen3Definition } from "@/lib/calls/tianwen-3";
import { fieldErrorsOf } from "@/lib/form-state";
import { leadStepSchema, payloadStepSchema, scienceStepSchema } from "@/lib/validation/application";

// The same fixed seed and number of runs as the property tests (tests/support/property.ts), which this pure suite
// cannot import: that module opens the test database.
const seed = process.env.PROPERTY_SEED;
fc.configureGlobal(seed === "random" ? {} : { seed: Number.isInteger(Number(seed)) && seed ? Number(seed) : 20261125 });
const RUNS = Number(process.env.PROPERTY_RUNS) > 0 ? Number(process.env.PROPERTY_RUNS) : 1000;
/** A thousand runs take a second alone, far longer on a busy two-core machine. */
const TIMEOUT = 300_000;

const isKey = (message: unknown) => typeof message === "string" && /^[a-zA-Z]+$/.test(message);

// ------------------------------------------------------------------ values a form or a client may send

const blank = fc.constantFrom("", " ", "\t", "\u00A0", "\u0000");
// No object here lacks a usable toString (one of its own, or none at all): today's lead schema throws on a row holding one.
const garbage = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, [], {}),
  fc.array(fc.string({ maxLength: 3 }), { minLength: 1, maxLength: 2 }),
  fc.dictionary(fc.string({ maxLength: 3 }), fc.string({ maxLength: 3 }), { minKeys: 1, maxKeys: 2, noNullPrototype: true }),
);
const absent = fc.constant(undefined);
/** Mostly a good value, sometimes a bad one: a page of fourteen fields is then valid about half the time. */
const mostly = <T, U>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<U>) => fc.oneof({ weight: 20, arbitrary: good }, { weight: 1, arbitrary: bad });

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
/** A number as a form sends it (text) or as a client sends it (JSON), within [min, max] with at most `places` decimals. */
const amount = (min: number, max: number, places = 0) =>
  fc.integer({ min: min * 10 ** places, max: max * 10 ** places }).chain((n) => fc.constantFrom(n / 10 ** places, String(n / 10 ** places), ` ${n / 10 ** places} `));
const badNumber = fc.oneof(
  fc.integer({ min: -100, max: 20_000 }).map((n) => String(n / 1000)),
  fc.integer({ min: -100, max: 20_000 }).map((n) => n / 10_000),
  fc.double(),
  fc.constantFrom("2,5", "0x10", "1e3", ".5", "5.", "+3", "-0", "Infinity", "NaN", "1_000", "١٢", "15.0001", "8.0275", "0", "-1", "10", "5001", "10000.5"),
  blank,
  garbage,
  absent,
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

const label = { en: "Label", zh: "标签" };
const maybe = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined });
const VALUES = ["A", "B", "C", "D"];
/** Mostly q0, q1 ... (filled in by position, so that most lists have distinct keys), sometimes a clash or a bad name. */
const key = mostly(fc.constant(""), fc.constantFrom("q0", "q1", "toString", "Bad key", "9a"));
const reference = mostly(fc.integer({ min: 0, max: 9 }).map((i) => `q${i}`), fc.constantFrom("nowhere", "toString"));
const showIf = fc.oneof(
  { weight: 4, arbitrary: absent },
  fc.record({ question: reference, equals: fc.oneof(fc.constantFrom(...VALUES, "yes", "no", "E"), fc.subarray(VALUES, { minLength: 1 })) }),
  fc.record({ question: reference, notEquals: fc.constantFrom(...VALUES, "yes", "no") }),
);
const base = { key, label: fc.constant(label), required: fc.boolean(), showIf };
const options = fc
  .tuple(mostly(fc.subarray(VALUES, { minLength: 2 }), fc.subarray(VALUES, { maxLength: 1 })), fc.boolean(), mostly(fc.constantFrom("orbiter", "lander"), fc.constant("nowhere")))
  .map(([values, pooled, third]) => values.map((value, i) => ({ value, label, ...(pooled ? { pool: i === 2 ? third : ["orbiter", "lander"][i % 2] } : {}) })));
const bound = maybe(fc.oneof(fc.integer({ min: -5, max: 50 }), fc.double({ min: -10, max: 100, noNaN: true })));
const day = maybe(mostly(fc.constantFrom("2026-01-01", "2026-06-30", "2027-12-31"), fc.constantFrom("2026-02-30", "2026-13-01", "26-01-01")));
const size = (min: number, max: number, badMin: number, badMax: number) => mostly(fc.integer({ min, max }), fc.integer({ min: badMin, max: badMax }));

const fieldQuestion = fc.oneof(
  fc.record({ ...base, type: fc.constant("shortText"), maxLength: size(1, 500, -1, 600), minLength: maybe(fc.integer({ min: 0, max: 20 })) }),
  fc.record({ ...base, type: fc.constant("longText"), limit: fc.record({ unit: fc.constantFrom("words", "characters"), max: size(1, 60, -1, 0) }), min: maybe(fc.integer({ min: 0, max: 10 })) }),
  fc.record({
    ...base,
    type: fc.constant("number"),
    min: bound,
    max: bound,
    step: maybe(mostly(fc.constantFrom(0.001, 0.5, 1, 3, 0.1), fc.constant(-1))),
    integer: maybe(fc.boolean()),
    positive: maybe(fc.boolean()),
  }),
  fc.record({ ...base, type: fc.constantFrom("singleChoice", "multipleChoice"), options, minChoices: maybe(fc.integer({ min: 0, max: 4 })), maxChoices: maybe(fc.integer({ min: 0, max: 4 })) }),
  fc.record({ ...base, type: mostly(fc.constantFrom("country", "email", "url", "yesNo"), fc.constant("signature")) }),
  fc.record({ ...base, type: fc.constant("date"), min: day, max: day }),
  fc.oneof(
    fc.record({ ...base, type: fc.constant("resource"), pool: mostly(fc.constantFrom("orbiter", "lander"), fc.constant("nowhere")), step: maybe(fc.constantFrom(0.001, 0.5)) }),
    fc.record({ ...base, type: fc.constant("resource"), poolFrom: reference, step: maybe(fc.constantFrom(0.001, 0.5)) }),
  ),
);
const question = fc.oneof(
  { weight: 8, arbitrary: fieldQuestion },
  fc.record({ ...base, type: fc.constant("attachment"), attachmentKind: mostly(fc.constant("CV"), fc.constant("bad kind")), maxBytes: size(1, 20 * 1024 * 1024, 20 * 1024 * 1024 + 1, 30 * 1024 * 1024), maxFiles: size(1, 5, -1, 0) }),
  fc.record({ ...base, type: fc.constant("group"), questions: fc.array(fieldQuestion, { minLength: 1, maxLength: 3 }), minItems: maybe(fc.integer({ min: 0, max: 3 })), maxItems: size(1, 4, -1, 0) }),
);

/** Gives the questions without a chosen key q0, q1 ... in the order asked (a group's fields r0, r1 ...). */
function numbered(pages: { key: string }[][]) {
  let n = 0;
  return pages.map((questions) =>
    questions.map((q) => {
      const members = (q as { questions?: { key: string }[] }).questions?.map((m, i) => ({ ...m, key: m.key || `r${i}` }));
      return { ...q, key: q.key || `q${n++}`, ...(members ? { questions: members } : {}) };
    }),
  );
}

const definitionInput = fc
  .record({
    pages: fc.array(fc.array(question, { maxLength: 4 }), { minLength: 1, maxLength: 3 }),
    rules: fc.oneof({ weight: 3, arbitrary: fc.constant([]) }, fc.array(fc.record({ type: mostly(fc.constant("lte"), fc.constant("gte")), question: reference, than: reference }), { maxLength: 2 })),
  })
  .map(({ pages, rules }) => ({
    pools: [
      { key: "orbiter", label, unit: { en: "kilograms", zh: "千克", symbol: "kg" }, capacity: 15, maxPerRequest: 10 },
      { key: "lander", label, unit: { en: "kilograms", zh: "千克", symbol: "kg" }, capacity: 5 },
    ],
    rubric: { criteria: [{ key: "merit", label, weight: 1 }], scale: { min: 1, max: 5 }, instructions: label },
    stages: [{ key: "proposal", form: { rules, pages: numbered(pages).map((questions, i) => ({ key: `p${i}`, title: label, questions })) } }],
  }));

const anyValue = fc.oneof(fc.string({ maxLength: 8 }), fc.array(fc.string({ maxLength: 4 }), { maxLength: 3 }), badNumber, amount(0, 20, 2), garbage, fc.jsonValue({ maxDepth: 2 }));
const anyAnswers = fc.oneof(
  { weight: 4, arbitrary: fc.dictionary(fc.oneof(reference, fc.constantFrom("__proto__", "constructor")), fc.oneof(anyValue, fc.array(fc.dictionary(fc.constantFrom("r0", "r1", "r2"), anyValue), { maxLength: 3 }))) },
  fc.jsonValue({ maxDepth: 3 }),
  fc.anything({ maxDepth: 2 }),
);

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
