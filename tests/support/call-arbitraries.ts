import fc from "fast-check";

// Generators shared by the pure and the database property tests of calls defined as data: definitions as staff
// might write them (valid or not), and answers as a form or a client might send them. No database import here,
// so the unit suite can use them; the seed and the number of runs stay with each suite.

// ------------------------------------------------------------------ values a form or a client may send

export const blank = fc.constantFrom("", " ", "\t", "\u00A0", "\u0000");
// No object here lacks a usable toString (one of its own, or none at all): today's lead schema throws on a row holding one.
export const garbage = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, [], {}),
  fc.array(fc.string({ maxLength: 3 }), { minLength: 1, maxLength: 2 }),
  fc.dictionary(fc.string({ maxLength: 3 }), fc.string({ maxLength: 3 }), { minKeys: 1, maxKeys: 2, noNullPrototype: true }),
);
export const absent = fc.constant(undefined);
/** Mostly a good value, sometimes a bad one: a page of fourteen fields is then valid about half the time. */
export const mostly = <T, U>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<U>) => fc.oneof({ weight: 20, arbitrary: good }, { weight: 1, arbitrary: bad });

/** A number as a form sends it (text) or as a client sends it (JSON), within [min, max] with at most `places` decimals. */
export const amount = (min: number, max: number, places = 0) =>
  fc.integer({ min: min * 10 ** places, max: max * 10 ** places }).chain((n) => fc.constantFrom(n / 10 ** places, String(n / 10 ** places), ` ${n / 10 ** places} `));
export const badNumber = fc.oneof(
  fc.integer({ min: -100, max: 20_000 }).map((n) => String(n / 1000)),
  fc.integer({ min: -100, max: 20_000 }).map((n) => n / 10_000),
  fc.double(),
  fc.constantFrom("2,5", "0x10", "1e3", ".5", "5.", "+3", "-0", "Infinity", "NaN", "1_000", "١٢", "15.0001", "8.0275", "0", "-1", "10", "5001", "10000.5"),
  blank,
  garbage,
  absent,
);

// ------------------------------------------------------------------ definitions

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

/** The pools every generated definition declares (a question may name another, which makes the definition invalid). */
export const GENERATED_POOLS = [
  { key: "orbiter", label, unit: { en: "kilograms", zh: "千克", symbol: "kg" }, capacity: 15, maxPerRequest: 10 },
  { key: "lander", label, unit: { en: "kilograms", zh: "千克", symbol: "kg" }, capacity: 5 },
];

/** A call's definition of one stage, "proposal", with pages p0, p1 ...: often valid, often not (a bad key, a reference to nowhere, a bad limit). */
export const definitionInput = fc
  .record({
    pages: fc.array(fc.array(question, { maxLength: 4 }), { minLength: 1, maxLength: 3 }),
    rules: fc.oneof({ weight: 3, arbitrary: fc.constant([]) }, fc.array(fc.record({ type: mostly(fc.constant("lte"), fc.constant("gte")), question: reference, than: reference }), { maxLength: 2 })),
  })
  .map(({ pages, rules }) => ({
    pools: GENERATED_POOLS,
    rubric: { criteria: [{ key: "merit", label, weight: 1 }], scale: { min: 1, max: 5 }, instructions: label },
    stages: [{ key: "proposal", form: { rules, pages: numbered(pages).map((questions, i) => ({ key: `p${i}`, title: label, questions })) } }],
  }));

// ------------------------------------------------------------------ answers

const anyValue = fc.oneof(fc.string({ maxLength: 8 }), fc.array(fc.string({ maxLength: 4 }), { maxLength: 3 }), badNumber, amount(0, 20, 2), garbage, fc.jsonValue({ maxDepth: 2 }));
/** One page's answers from a hostile client: mostly an object keyed by the definitions' question keys, sometimes anything at all. */
export const anyAnswers = fc.oneof(
  { weight: 4, arbitrary: fc.dictionary(fc.oneof(reference, fc.constantFrom("__proto__", "constructor")), fc.oneof(anyValue, fc.array(fc.dictionary(fc.constantFrom("r0", "r1", "r2"), anyValue), { maxLength: 3 }))) },
  fc.jsonValue({ maxDepth: 3 }),
  fc.anything({ maxDepth: 2 }),
);
