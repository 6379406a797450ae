import { describe, expect, it } from "vitest";
import { pageAnswersSchema } from "@/lib/calls/answers";
import { changE5SamplesDefinition } from "@/lib/calls/chang-e-5-samples";
import { fieldErrorsOf } from "@/lib/form-state";
import { isTimeZone, callDefinitionSchema, type CallDefinitionInput } from "@/lib/calls/definition";
import { TIANWEN3_STAGE, tianwen3Definition } from "@/lib/calls/tianwen-3";
import { MAX_ATTACHMENT_BYTES, MAX_ENTITIES, MAX_LETTERS_OF_SUPPORT, stepSchemas } from "@/lib/validation/application";

type QuestionInput = CallDefinitionInput["stages"][number]["form"]["pages"][number]["questions"][number];

const label = { en: "Label", zh: "标签" };
const choice = (key: string, values: string[], extra: object = {}): QuestionInput =>
  ({ key, type: "singleChoice", label, required: true, options: values.map((value) => ({ value, label })), ...extra }) as QuestionInput;

/** A call of one stage whose pages hold these questions; everything else valid. */
function call(pages: QuestionInput[][], extra: Partial<CallDefinitionInput> = {}): CallDefinitionInput {
  return {
    pools: [{ key: "orbiter", label, unit: { en: "kilograms", zh: "千克", symbol: "kg" }, capacity: 15 }],
    rubric: { criteria: [{ key: "merit", label, weight: 1 }], scale: { min: 1, max: 5 }, instructions: label },
    stages: [{ key: "proposal", form: { pages: pages.map((questions, i) => ({ key: `page${i}`, title: label, questions })) } }],
    ...extra,
  };
}

/** The issues a definition is refused with, as "dotted.path: message". */
function refusal(definition: unknown): string[] {
  const parsed = callDefinitionSchema.safeParse(definition);
  expect(parsed.success, "the definition was accepted").toBe(false);
  return parsed.error!.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
}

const q0 = "stages.0.form.pages.0.questions";

describe("the Tianwen-3 payload offer as a definition", () => {
  it("parses, with one stage whose pages are today's steps", () => {
    expect(callDefinitionSchema.safeParse(tianwen3Definition).success).toBe(true);
    const [stage] = tianwen3Definition.stages;
    expect(stage!.key).toBe(TIANWEN3_STAGE);
    expect(stage!.form.pages.map((p) => p.key)).toEqual(["lead", "payload", "science", "attachments"]);
  });

  it("asks exactly the questions today's step schemas take, under the same names", () => {
    for (const page of tianwen3Definition.stages[0]!.form.pages.filter((p) => p.key in stepSchemas)) {
      const schema = stepSchemas[page.key as keyof typeof stepSchemas] as unknown as { shape?: object; in?: { shape: object } };
      const today = Object.keys(schema.shape ?? schema.in!.shape);
      expect(page.questions.map((q) => q.key).sort(), page.key).toEqual(today.sort());
    }
  });

  it("keeps today's limits: 15 kg and 5 kg, four partners, one technical description and five letters of 10 MiB", () => {
    expect(tianwen3Definition.pools.map((p) => [p.key, p.capacity])).toEqual([["orbiter", 15], ["service-module", 5]]);
    const questions = tianwen3Definition.stages[0]!.form.pages.flatMap((p) => p.questions);
    const participants = questions.find((q) => q.key === "participants");
    expect(participants?.type === "group" && participants.maxItems).toBe(MAX_ENTITIES - 1);
    const files = questions.flatMap((q) => (q.type === "attachment" ? [[q.attachmentKind, q.maxFiles, q.maxBytes, q.required]] : []));
    expect(files).toEqual([
      ["TECHNICAL_DESCRIPTION", 1, MAX_ATTACHMENT_BYTES, true],
      ["LETTER_OF_SUPPORT", MAX_LETTERS_OF_SUPPORT, MAX_ATTACHMENT_BYTES, false],
    ]);
  });

  it("scores today's three criteria, equally weighted, from 1 to 5, and refuses for today's three reasons", () => {
    // The keys the scores of the former fixed columns moved under (migration 20261207130000_rubric_scores).
    expect(tianwen3Definition.rubric.criteria.map((c) => [c.key, c.weight])).toEqual([
      ["scientificValue", 1],
      ["technicalFeasibility", 1],
      ["cooperationDiversity", 1],
    ]);
    expect(tianwen3Definition.rubric.scale).toEqual({ min: 1, max: 5 });
    expect(tianwen3Definition.eligibility.map((e) => e.key)).toEqual(["outsideChina", "fundsDevelopment", "sharesData"]);
    expect(tianwen3Definition.eligibility[0]!.refusal.zh).toBe("本机会面向国际合作伙伴：牵头机构须位于中国境外或为国际组织。");
  });
});

describe("a malformed definition is refused where it is wrong", () => {
  type TextInput = Extract<QuestionInput, { type: "shortText" }>;
  const text = (key: string, extra: object = {}): TextInput => ({ key, type: "shortText", label, required: true, maxLength: 100, ...extra }) as TextInput;

  it("a question type the portal does not know", () => {
    expect(refusal(call([[{ ...text("a"), type: "signature" } as unknown as QuestionInput]]))).toEqual([`${q0}.0.type: questionType`]);
  });

  it("two questions of a stage with one key, even on different pages, and two rows' fields with one key", () => {
    expect(refusal(call([[text("name")], [text("email"), text("name")]]))).toEqual(["stages.0.form.pages.1.questions.1.key: duplicateKey"]);
    const group = { key: "partners", type: "group", label, required: false, maxItems: 3, questions: [text("name"), text("name")] } as QuestionInput;
    expect(refusal(call([[group]]))).toEqual([`${q0}.0.questions.1.key: duplicateKey`]);
  });

  it("a key that is not an identifier, or that every object already has", () => {
    expect(refusal(call([[text("Full name")]]))).toEqual([`${q0}.0.key: key`]);
    expect(refusal(call([[text("constructor")]]))).toEqual([`${q0}.0.key: key`]);
  });

  it("a condition on a later question, on itself, on no question, on a question that is not a choice, or on a value not offered", () => {
    expect(refusal(call([[text("a", { showIf: { question: "b", equals: "yes" } }), { key: "b", type: "yesNo", label, required: true }]]))).toEqual([
      `${q0}.0.showIf.question: laterQuestion`,
    ]);
    expect(refusal(call([[{ key: "b", type: "yesNo", label, required: true, showIf: { question: "b", equals: "yes" } }]]))).toEqual([`${q0}.0.showIf.question: laterQuestion`]);
    expect(refusal(call([[text("a", { showIf: { question: "nowhere", equals: "yes" } })]]))).toEqual([`${q0}.0.showIf.question: unknownQuestion`]);
    expect(refusal(call([[text("a"), text("b", { showIf: { question: "a", equals: "x" } })]]))).toEqual([`${q0}.1.showIf.question: notAChoice`]);
    expect(refusal(call([[choice("kind", ["A", "B"]), text("b", { showIf: { question: "kind", notEquals: ["A", "C"] } })]]))).toEqual([`${q0}.1.showIf.notEquals: unknownOption`]);
    expect(refusal(call([[choice("kind", ["A", "B"]), text("b", { showIf: { question: "kind", equals: "A", notEquals: "B" } })]]))).toEqual([`${q0}.1.showIf.equals: oneOf`]);
  });

  it("a condition may name a question on an earlier page", () => {
    expect(callDefinitionSchema.safeParse(call([[choice("kind", ["A", "B"])], [text("b", { showIf: { question: "kind", equals: "A" } })]])).success).toBe(true);
  });

  it("a resource question drawing on a pool the call does not declare, or chosen by a question whose options name none", () => {
    const resource = (extra: object) => ({ key: "massKg", type: "resource", label, required: true, ...extra }) as QuestionInput;
    expect(refusal(call([[resource({ pool: "lander" })]]))).toEqual([`${q0}.0.pool: unknownPool`]);
    expect(refusal(call([[choice("carrier", ["ORBITER", "LANDER"]), resource({ poolFrom: "carrier" })]]))).toEqual([`${q0}.1.poolFrom: unknownPool`]);
    const carrier = choice("carrier", ["ORBITER", "LANDER"]) as { options: { pool?: string }[] } & QuestionInput;
    carrier.options.forEach((o, i) => (o.pool = ["orbiter", "lander"][i]));
    expect(refusal(call([[carrier, resource({ poolFrom: "carrier" })]]))).toEqual([`${q0}.0.options.1.pool: unknownPool`]);
    expect(refusal(call([[resource({ pool: "orbiter", poolFrom: "carrier" })]]))).toContain(`${q0}.0.pool: oneOf`);
  });

  it("a lower bound above its upper bound", () => {
    expect(refusal(call([[{ key: "n", type: "number", label, required: true, min: 10, max: 1 }]]))).toEqual([`${q0}.0.min: minAboveMax`]);
    expect(refusal(call([[text("a", { minLength: 101 })]]))).toEqual([`${q0}.0.minLength: minAboveMax`]);
    expect(refusal(call([[{ key: "d", type: "date", label, required: true, min: "2027-01-01", max: "2026-01-01" }]]))).toEqual([`${q0}.0.min: minAboveMax`]);
    expect(refusal(call([[{ key: "g", type: "group", label, required: true, minItems: 5, maxItems: 4, questions: [text("a")] }]]))).toEqual([`${q0}.0.minItems: minAboveMax`]);
    expect(refusal(call([[{ key: "w", type: "longText", label, required: true, min: 600, limit: { unit: "words", max: 500 } }]]))).toEqual([`${q0}.0.min: minAboveMax`]);
    expect(refusal(call([[]], { rubric: { criteria: [{ key: "merit", label, weight: 1 }], scale: { min: 5, max: 5 }, instructions: label } }))).toEqual([
      "rubric.scale.min: minAboveMax",
    ]);
  });

  it("groups within groups and files within groups, files over the 10 MiB every upload is held to, and short texts over 500 characters", () => {
    const inner = { key: "inner", type: "group", label, required: false, maxItems: 2, questions: [text("a")] };
    expect(refusal(call([[{ key: "outer", type: "group", label, required: false, maxItems: 2, questions: [inner] } as QuestionInput]]))).toEqual([
      `${q0}.0.questions.0.type: questionType`,
    ]);
    const file = { key: "cv", type: "attachment", label, required: true, attachmentKind: "CV", maxBytes: 10 * 1024 * 1024 + 1, maxFiles: 1 } as QuestionInput;
    expect(refusal(call([[file]]))).toEqual([`${q0}.0.maxBytes: tooLarge`]);
    expect(callDefinitionSchema.safeParse(call([[{ ...file, maxBytes: 10 * 1024 * 1024 } as QuestionInput]])).success).toBe(true);
    expect(refusal(call([[text("a", { maxLength: 501 })]])).map((i) => i.split(":")[0])).toEqual([`${q0}.0.maxLength`]);
  });

  it("a rule comparing a question that is not an amount or a date, or naming no question", () => {
    const numbers = [{ key: "peak", type: "number", label, required: true }, { key: "average", type: "number", label, required: true }, text("a")] as QuestionInput[];
    const withRule = (question: string, than: string) =>
      call([numbers], { stages: [{ key: "proposal", form: { pages: [{ key: "p", title: label, questions: numbers }], rules: [{ type: "lte", question, than }] } }] });
    expect(callDefinitionSchema.safeParse(withRule("average", "peak")).success).toBe(true);
    expect(refusal(withRule("average", "a"))).toEqual(["stages.0.form.rules.0.than: notComparable"]);
    expect(refusal(withRule("mean", "peak"))).toEqual(["stages.0.form.rules.0.question: unknownQuestion"]);
  });

  it("a time zone name the runtime does not know", () => {
    expect(isTimeZone("Asia/Shanghai")).toBe(true);
    expect(isTimeZone("Mars/Jezero")).toBe(false);
  });

  it("two stages, pools, eligibility questions or criteria with one key", () => {
    const pool = { key: "orbiter", label, unit: { en: "kilograms", zh: "千克", symbol: "kg" }, capacity: 15 };
    expect(refusal(call([[]], { pools: [pool, pool] }))).toEqual(["pools.1.key: duplicateKey"]);
    expect(refusal(call([[]], { pools: [{ ...pool, maxPerRequest: 16 }] }))).toEqual(["pools.0.maxPerRequest: tooLarge"]);
    const stage = { key: "proposal", form: { pages: [{ key: "p", title: label, questions: [] }] } };
    expect(refusal(call([[]], { stages: [stage, stage] }))).toEqual(["stages.1.key: duplicateKey"]);
  });

  it("a page keyed as the applicant's own pages, or as a submission's fields when it asks more than files", () => {
    const page = (key: string, questions: QuestionInput[]) => ({ key: "proposal", form: { pages: [{ key, title: label, questions }] } });
    const name = { key: "name", type: "shortText", label, required: true, maxLength: 40 } as QuestionInput;
    const file = { key: "plan", type: "attachment", label, required: true, attachmentKind: "PLAN", maxBytes: 1024, maxFiles: 1 } as QuestionInput;
    for (const key of ["check", "confirmation"]) expect(refusal(call([[]], { stages: [page(key, [file])] }))).toEqual(["stages.0.form.pages.0.key: reservedKey"]);
    for (const key of ["email", "locale", "attachments"]) expect(refusal(call([[]], { stages: [page(key, [name])] }))).toEqual(["stages.0.form.pages.0.key: reservedKey"]);
    // Tianwen-3's page of files is keyed "attachments".
    expect(callDefinitionSchema.safeParse(call([[]], { stages: [page("attachments", [file])] })).success).toBe(true);
  });
});

describe("the second Chang'e-5 sample round's form", () => {
  const stage = changE5SamplesDefinition.stages[0]!.key;
  const row = (extra: Record<string, unknown>) => ({ collection: "SCOOP", purpose: "Space weathering of agglutinates", ...extra });
  const samples = (rows: Record<string, unknown>[]) => pageAnswersSchema(changE5SamplesDefinition, stage, "samples").safeParse({ requests: rows });

  it("asks the mass of a powder, in grams, and the number of units of a thin section or rock fragment, lent whole", () => {
    expect(samples([row({ preparation: "POWDER", grams: "0.5" })]).success).toBe(true);
    expect(samples([row({ preparation: "THIN_SECTION", units: "2" })]).success).toBe(true);
    const missing = samples([row({ preparation: "POWDER" }), row({ preparation: "ROCK_FRAGMENT", units: "1.5" })]);
    expect(missing.success).toBe(false);
    expect(fieldErrorsOf(missing.error!)).toMatchObject({ "requests.0.grams": "required", "requests.1.units": "wholeNumber" });
  });
});
