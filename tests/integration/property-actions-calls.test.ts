import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CallDefinition, type CallDefinitionInput, callDefinitionSchema, type QuestionType } from "@/lib/calls/definition";
import {
  addPage,
  addQuestion,
  addStage,
  type BuilderState,
  builderRefSchema,
  duplicateFormSchema,
  type EditResult,
  FIRST_ROW_TYPES,
  isQuestionType,
  type ItemPath,
  itemPathSchema,
  moveFormSchema,
  moveItem,
  newStageFormSchema,
  pageFormSchema,
  QUESTION_TYPES,
  questionFormSchema,
  readEligibilityRows,
  readForm,
  readPoolRows,
  readRubric,
  removeItem,
  setEligibility,
  setPools,
  setRubric,
  setTeam,
  stageFormSchema,
  teamFormSchema,
  unflatten,
  updatePage,
  updateQuestion,
  updateStage,
} from "@/lib/calls/edit";
import type { StaffSession } from "@/server/authz";
import { getCallBuilder } from "@/server/calls/builder";
import { createOpportunity } from "../factories";
import {
  badChoice,
  badDay,
  badNumber,
  badNumberText,
  badText,
  driveAction,
  expectAcceptedAndWritten,
  type FieldNaming,
  missingId,
  nastyString,
  PROPERTY_TIMEOUT,
  refusedActors,
  RUNS,
  staffActionCases,
  staffActionsOf,
  tooLong,
  type ActionCase,
  type AnswerCheck,
  type Fields,
  type FormValue,
  type Outcome,
  type Refusal,
  type Table,
} from "../support/property";
import { actAs, createStaff, signOutTestStaff } from "../support/staff";

// The call builder's actions, posted by an administrator with generated bad forms aimed at a real call and its form:
// each is refused for its fault (the bad field's error next to it, invalidRequest for a tampered hidden field,
// staleDefinition, recordGone, itemNotFound, atEdge, what the change would break elsewhere, 403 for roles without
// calls.define), never throws, and leaves the call's form, its versions and the audit trail as they were.

const actions = await staffActionsOf("property-actions-calls");
const covered = new Set<string>();

const bi = (en: string, zh: string) => ({ en, zh });

/**
 * A call's form with something to break at every level: a resource question whose pool a choice decides (so the
 * choice, its pools and their order matter), a page and a stage with one item each, one eligibility question and a
 * rubric of one criterion.
 */
const DEFINITION = {
  stages: [
    {
      key: "intent",
      form: {
        pages: [
          {
            key: "lead",
            title: bi("Lead", "负责人"),
            questions: [
              { key: "name", type: "shortText", label: bi("Name", "姓名"), required: true, maxLength: 200 },
              {
                key: "carrier",
                type: "singleChoice",
                label: bi("Carrier", "搭载平台"),
                required: true,
                options: [
                  { value: "orbiter", label: bi("Orbiter", "轨道器"), pool: "orbiter" },
                  { value: "lander", label: bi("Lander", "着陆器"), pool: "lander" },
                ],
              },
              { key: "mass", type: "resource", label: bi("Mass", "质量"), required: true, poolFrom: "carrier" },
            ],
          },
          { key: "science", title: bi("Science", "科学目标"), questions: [{ key: "summary", type: "longText", label: bi("Summary", "摘要"), required: true, limit: { unit: "words", max: 500 } }] },
        ],
        rules: [],
      },
    },
    { key: "proposal", form: { pages: [{ key: "plan", title: bi("Plan", "计划"), questions: [] }], rules: [] } },
  ],
  pools: [
    { key: "orbiter", label: bi("Orbiter", "轨道器"), unit: { en: "kilograms", zh: "千克", symbol: "kg" }, capacity: 15 },
    { key: "lander", label: bi("Lander", "着陆器"), unit: { en: "kilograms", zh: "千克", symbol: "kg" }, capacity: 5, maxPerRequest: 2 },
  ],
  eligibility: [{ key: "outsideChina", question: bi("Is your institution outside China?", "贵机构是否位于中国境外？"), refusal: bi("This call is for institutions outside China.", "本次征集面向中国境外机构。") }],
  rubric: {
    criteria: [{ key: "merit", label: bi("Merit", "综合评价"), weight: 1 }],
    scale: { min: 1, max: 5 },
    instructions: bi("1 is weak, 5 is excellent.", "1分为较弱，5分为优秀。"),
  },
} satisfies CallDefinitionInput;

/** The hidden fields a builder page carries: the call, and the version and digest of the form it was built from. */
interface BuilderRef {
  id: string;
  formVersion: string;
  formHash: string;
}

let admin: StaffSession;
let call: { id: string; slug: string };
/** The form as stored, which every generated form is aimed at. */
let stored: CallDefinition;
let ref: BuilderRef;
const unauthorised: Record<string, (StaffSession | null)[]> = {};

/** The call's builder as a page opened now would show it. */
async function readRef(): Promise<BuilderRef> {
  const view = await getCallBuilder(call.id);
  if (!view?.form) throw new Error("the call has no form");
  stored = view.form.definition;
  return { id: call.id, formVersion: String(view.form.version), formHash: view.form.hash };
}

beforeAll(async () => {
  admin = await createStaff("ADMIN");
  call = await createOpportunity({ published: false, definitions: { create: { version: 1, definition: callDefinitionSchema.parse(DEFINITION) } } });
  ref = await readRef();
  for (const key of Object.keys(actions)) unauthorised[key] = await refusedActors(key);
  actAs(admin);
});
afterAll(() => signOutTestStaff());

// ------------------------------------------------------------------ what the builder answers

interface Problem {
  kind: string;
  key: string;
  error: string;
}

const messageKey = /^[a-zA-Z]+$/;

/** A builder refusal: a message key, field errors as message keys (with an option's place), problems naming their place. */
function readBuilderRefusal(outcome: Outcome, label: string): { message?: string; fieldErrors: Record<string, string>; problems: Problem[] } {
  if (outcome.kind === "threw") throw new Error(`${label} threw ${String((outcome.error as Error)?.stack ?? outcome.error)}`);
  expect(outcome.kind, `${label} answered ${JSON.stringify(outcome)}`).toBe("state");
  const state = (outcome as { state: BuilderState }).state;
  const answer = `${label} answered ${JSON.stringify({ message: state.message, fieldErrors: state.fieldErrors, problems: state.problems })}`;
  expect(state.ok, answer).toBe(false);
  expect(typeof state.message === "string" && messageKey.test(state.message), answer).toBe(true);
  const fieldErrors: Record<string, string> = {};
  for (const [field, error] of Object.entries(state.fieldErrors ?? {})) {
    expect(messageKey.test(error.key) && (error.item === undefined || (Number.isInteger(error.item) && error.item > 0)), `${answer}: field ${field}`).toBe(true);
    fieldErrors[field] = error.key;
  }
  const problems = (state.problems ?? []).map((p) => ({ kind: p.place.kind, key: p.place.key, error: p.key }));
  for (const problem of problems) expect(messageKey.test(problem.error), `${answer}: problem ${JSON.stringify(problem)}`).toBe(true);
  return { message: state.message, fieldErrors, problems };
}

/** A refusal with exactly this message, these field errors and these problems elsewhere in the form (none when omitted). */
const refusedWith =
  (message: string, fieldErrors: Record<string, string> = {}, problems: Problem[] = []): AnswerCheck =>
  (outcome, label) => {
    const answer = readBuilderRefusal(outcome, label);
    expect(answer, label).toEqual({ message, fieldErrors, problems });
  };

// ------------------------------------------------------------------ which forms the builder would take

type Edit = (definition: CallDefinition) => EditResult;
const parse = <T>(schema: { safeParse: (v: unknown) => { success: true; data: T } | { success: false } }, input: unknown): T | null => {
  const parsed = schema.safeParse(input);
  return parsed.success ? parsed.data : null;
};

/** Each action's edit of the form, as call-form.ts reads its fields; null when its own fields are refused. */
const EDITS: Record<string, (input: Record<string, unknown>, fields: Record<string, string>, at: ItemPath) => Edit | null> = {
  "call-form#saveFormStageAction": (input, fields, at) => {
    if (fields.intent === "add") {
      const stage = parse(newStageFormSchema, input);
      return stage && ((d) => addStage(d, stage));
    }
    const changes = parse(stageFormSchema, input);
    return changes && ((d) => updateStage(d, at, changes));
  },
  "call-form#saveFormPageAction": (input, fields, at) => {
    const page = parse(pageFormSchema, input);
    return page && ((d) => (fields.intent === "add" ? addPage(d, at, page) : updatePage(d, at, page)));
  },
  "call-form#saveFormQuestionAction": (input, fields, at) => {
    const type = fields.type;
    if (!isQuestionType(type)) return null;
    const question = parse(questionFormSchema(type, { isNewGroup: fields.intent === "add" && type === "group" }), input);
    return question && ((d) => (fields.intent === "add" ? addQuestion(d, at, question) : updateQuestion(d, at, question)));
  },
  "call-form#moveFormItemAction": (input, _fields, at) => {
    const move = parse(moveFormSchema, input);
    return move && ((d) => moveItem(d, at, move.direction));
  },
  "call-form#removeFormItemAction": (_input, _fields, at) => (d) => removeItem(d, at),
  "call-form#saveFormPoolsAction": (input) => {
    const rows = readPoolRows(input);
    return Object.keys(rows.fieldErrors).length > 0 ? null : (d) => setPools(d, rows.items, rows.renamed);
  },
  "call-form#saveFormEligibilityAction": (input) => {
    const rows = readEligibilityRows(input);
    return Object.keys(rows.fieldErrors).length > 0 ? null : (d) => setEligibility(d, rows.items);
  },
  "call-form#saveFormRubricAction": (input) => {
    const read = readRubric(input);
    return Object.keys(read.fieldErrors).length > 0 ? null : (d) => setRubric(d, read.rubric);
  },
  "call-form#saveFormTeamAction": (input) => {
    const team = parse(teamFormSchema, input);
    return team && ((d) => setTeam(d, team.maxMembers));
  },
};

/**
 * Whether the builder would take a form aimed at the stored form (save it, or find nothing changed): a generated bad
 * value can come out valid once the form is read, and such a form is no bad form.
 */
function builderTakes(key: string, form: FormData): boolean {
  const fields = readForm(form);
  if (key === "call-form#duplicateCallAction") return Boolean(fields.id) && duplicateFormSchema.safeParse(fields).success;
  const input = unflatten(fields);
  if (!builderRefSchema.safeParse(input).success) return false;
  const at = itemPathSchema.safeParse(input.at ?? {});
  const edit = EDITS[key]!(input, fields, at.success ? at.data : { stage: "" });
  const result = edit?.(stored);
  return result?.ok === true && callDefinitionSchema.safeParse(result.definition).success;
}

// ------------------------------------------------------------------ bad values

/** Not a key of a question, page, eligibility question or criterion: a lower-case letter, then letters and digits. */
const badKey: fc.Arbitrary<FormValue> = fc.oneof(
  fc.constantFrom<FormValue>(undefined, "", "   ", "Lead", "1st", "a b", "a-b", "a_b", "ключ", "constructor", "toString", "__proto__", "hasOwnProperty"),
  tooLong(64),
  nastyString.map((s) => `-${s}`),
);
/** Not a key of a stage or a pool: lower-case words joined by single hyphens. */
const badSlug: fc.Arbitrary<FormValue> = fc.oneof(
  fc.constantFrom<FormValue>(undefined, "", "   ", "Intent", "-a", "a-", "a--b", "a_b", "a b", "中文"),
  nastyString.map((s) => `_${s}`),
);
/** Wording required in each language: blank, or more than 2,000 characters. */
const badWording = badText(1, 2000);
/** Not a number at all (blank is "not given" for optional numbers). */
const notANumber = fc.constantFrom<FormValue>("NaN", "Infinity", "-Infinity", "1e309", "abc", "1,5", "1.2.3", "--1", "½", "١٢", "Ⅻ", "0x", "1_000");
/** Not an amount greater than zero. */
const badPositive = fc.oneof(badNumberText, fc.constantFrom<FormValue>("0", "-0.5", undefined, "", "  "));
const badOptions = fc.constantFrom<FormValue>(
  undefined,
  "",
  "only | One | 一",
  "a | A\nb | B | 乙",
  "a b | A | 甲\nc | C | 丙",
  "a | A | 甲\na | B | 乙",
  "a | A | 甲 | nowhere\nb | B | 乙",
  "a | A | 甲 | orbiter | more\nb | B | 乙",
);

// ------------------------------------------------------------------ the forms

const HIDDEN = ["id", "formVersion", "formHash", "type", "direction"];
/** Tampered hidden fields the builder cannot read as a call and a version: a bad request. */
const badRef = {
  id: fc.oneof(fc.constantFrom<FormValue>(undefined, ""), tooLong(64)),
  formVersion: fc.constantFrom<FormValue>(undefined, "abc", "-1", "1.5", "Infinity", "1e400"),
  formHash: fc.oneof(fc.constantFrom<FormValue>(undefined, ""), tooLong(64)),
};

interface Variant {
  label: string;
  valid: (ref: BuilderRef) => Fields;
  bad?: Record<string, fc.Arbitrary<FormValue>>;
  related?: Record<string, string[]>;
  /** Well-formed forms refused for what they would do to the stored form. */
  refusals?: (valid: Fields) => fc.Arbitrary<Refusal>[];
}

const at = (stage: string, page?: string, question?: string): Fields => ({ "at.stage": stage, "at.page": page, "at.question": question });
const refusal = (label: string, fields: Fields, expected: AnswerCheck): Refusal => ({ fields, label, expect: expected });
/** A place in the form that names nothing. */
const nowhere = (valid: Fields, place: Fields) => fc.constant(refusal("no such item", { ...valid, ...place }, refusedWith("itemNotFound")));

const question = (
  type: QuestionType,
  fields: Fields,
  bad: Record<string, fc.Arbitrary<FormValue>> = {},
  related: Record<string, string[]> = {},
  refusals: (valid: Fields) => fc.Arbitrary<Refusal>[] = () => [],
): Variant => ({
  label: `new ${type} question`,
  valid: (r) => ({ ...r, ...at("intent", "science"), intent: "add", type, key: `added${type[0]!.toUpperCase()}${type.slice(1)}`, "label.en": "Added", "label.zh": "新增", required: "on", ...fields }),
  bad: {
    key: badKey,
    "label.en": badWording,
    "label.zh": badWording,
    "help.en": tooLong(2000),
    "showIf.question": fc.oneof(fc.constantFrom<FormValue>("nowhere", "name", "summary", "carrier"), badKey.filter((k) => typeof k === "string" && k.trim() !== "")),
    type: badChoice(QUESTION_TYPES),
    ...bad,
  },
  related,
  refusals: (valid) => [
    fc.constantFrom("name", "summary", "carrier").map((key) => refusal("a key the stage asks already", { ...valid, key }, refusedWith("summaryTitle", { key: "duplicateKey" }))),
    nowhere(valid, at("intent", "nowhere")),
    ...refusals(valid),
  ],
});

const QUESTIONS: Variant[] = [
  question("shortText", { maxLength: "200", minLength: "" }, { maxLength: badNumber({ max: 500, int: true }), minLength: fc.oneof(badNumber({ max: 500, int: true, required: false }), fc.constant("201")) }, { maxLength: ["minLength"] }),
  question(
    "longText",
    { "limit.unit": "words", "limit.max": "500", min: "" },
    { "limit.unit": badChoice(["words", "characters"]), "limit.max": badNumber({ max: 100_000, int: true }), min: fc.oneof(badNumber({ max: 100_000, int: true, required: false }), fc.constant("501")) },
    { "limit.max": ["min"] },
  ),
  question(
    "number",
    { min: "0", max: "100", step: "", "unit.en": "kilograms", "unit.zh": "千克" },
    { min: fc.oneof(notANumber, fc.constant("101")), max: fc.oneof(notANumber, fc.constant("-1")), step: fc.oneof(notANumber, fc.constantFrom("0", "-1")), "unit.en": fc.oneof(fc.constantFrom<FormValue>(undefined, ""), tooLong(2000)) },
    { max: ["min"] },
    // A unit is named in both languages or in neither.
    (valid) => [fc.constant(refusal("a unit in one language", { ...valid, "unit.en": "" }, refusedWith("summaryTitle", { "unit.en": "required" })))],
  ),
  question("singleChoice", { options: "a | Yes | 是\nb | No | 否" }, { options: badOptions }),
  question(
    "multipleChoice",
    { options: "a | Yes | 是\nb | No | 否", minChoices: "", maxChoices: "" },
    { options: badOptions, minChoices: fc.oneof(notANumber, fc.constantFrom("3", "-1", "1.5")), maxChoices: fc.oneof(notANumber, fc.constantFrom("0", "3", "1.5")) },
    { options: ["minChoices", "maxChoices"], maxChoices: ["minChoices"] },
  ),
  question("yesNo", {}),
  question("date", { min: "2027-01-01", max: "2027-12-31" }, { min: fc.oneof(badDay, fc.constant("2028-01-01")), max: fc.oneof(badDay, fc.constant("2026-01-01")) }, { max: ["min"] }),
  question("country", {}),
  question("email", {}),
  question("url", {}),
  question(
    "attachment",
    { attachmentKind: "BUDGET_TABLE", maxMegabytes: "5", maxFiles: "1" },
    {
      attachmentKind: fc.oneof(fc.constantFrom<FormValue>(undefined, "", "budget", "1BUDGET", "BUDGET TABLE", "Budget"), tooLong(64)),
      maxMegabytes: fc.oneof(notANumber, fc.constantFrom<FormValue>("0", "21", "-1", undefined, "")),
      maxFiles: fc.oneof(badNumber({ max: 50, int: true }), fc.constant("0")),
    },
  ),
  question(
    "resource",
    { source: "pool:orbiter", step: "" },
    {
      source: fc.oneof(fc.constantFrom<FormValue>(undefined, "", "orbiter", "pool:", "pool:nowhere", "question:name", "question:summary", "question:nowhere"), nastyString),
      step: fc.oneof(notANumber, fc.constantFrom("0", "-1")),
    },
  ),
  question(
    "group",
    { maxItems: "5", minItems: "", "first.key": "member", "first.type": "shortText", "first.label.en": "Member", "first.label.zh": "成员", "first.required": "on" },
    {
      maxItems: badNumber({ max: 100, int: true }),
      minItems: fc.oneof(badNumber({ max: 100, int: true, required: false }), fc.constant("6")),
      "first.key": badKey,
      "first.type": badChoice(FIRST_ROW_TYPES),
      "first.label.en": badWording,
    },
    { maxItems: ["minItems"] },
  ),
  {
    label: "edited question",
    valid: (r) => ({ ...r, ...at("intent", "lead", "name"), intent: "edit", type: "shortText", key: "name", "label.en": "Full name", "label.zh": "全名", required: "on", maxLength: "120" }),
    bad: { key: badKey, "label.en": badWording, maxLength: badNumber({ max: 500, int: true }), type: badChoice(QUESTION_TYPES) },
    refusals: (valid) => [
      // The later of the two is the one at fault: the question already asked under that key.
      fc.constant(refusal("a key the stage asks later", { ...valid, key: "summary" }, refusedWith("summaryTitle", {}, [{ kind: "question", key: "summary", error: "duplicateKey" }]))),
      nowhere(valid, at("intent", "lead", "nowhere")),
    ],
  },
];

const poolRows = {
  "pools.0.was": "orbiter",
  "pools.0.key": "orbiter",
  "pools.0.label.en": "Orbiter",
  "pools.0.label.zh": "轨道器",
  "pools.0.unit.en": "kilograms",
  "pools.0.unit.zh": "千克",
  "pools.0.unit.symbol": "kg",
  "pools.0.capacity": "20",
  "pools.0.maxPerRequest": "",
  "pools.1.was": "lander",
  "pools.1.key": "lander",
  "pools.1.label.en": "Lander",
  "pools.1.label.zh": "着陆器",
  "pools.1.unit.en": "kilograms",
  "pools.1.unit.zh": "千克",
  "pools.1.unit.symbol": "kg",
  "pools.1.capacity": "5",
  "pools.1.maxPerRequest": "2",
};

/** Each builder action's forms: what an administrator may post, what may be wrong with it, and what it may break. */
const VARIANTS: Record<string, Variant[]> = {
  "call-form#saveFormStageAction": [
    {
      label: "new stage",
      valid: (r) => ({ ...r, intent: "add", key: "full-proposal", "page.key": "plan", "page.title.en": "Plan", "page.title.zh": "计划" }),
      bad: { key: badSlug, "page.key": badKey, "page.title.en": badWording, "page.title.zh": badWording },
      refusals: (valid) => [fc.constant(refusal("a stage's key", { ...valid, key: "intent" }, refusedWith("summaryTitle", { key: "duplicateKey" })))],
    },
    {
      label: "renamed stage",
      valid: (r) => ({ ...r, ...at("proposal"), intent: "edit", key: "final-proposal" }),
      bad: { key: badSlug },
      refusals: (valid) => [
        fc.constant(refusal("another stage's key", { ...valid, key: "intent" }, refusedWith("summaryTitle", { key: "duplicateKey" }))),
        nowhere(valid, at("nowhere")),
      ],
    },
  ],
  "call-form#saveFormPageAction": [
    {
      label: "new page",
      valid: (r) => ({ ...r, ...at("intent"), intent: "add", key: "budget", "title.en": "Budget", "title.zh": "预算" }),
      bad: { key: badKey, "title.en": badWording, "title.zh": badWording },
      refusals: (valid) => [
        fc.constant(refusal("a page's key", { ...valid, key: "lead" }, refusedWith("summaryTitle", { key: "duplicateKey" }))),
        nowhere(valid, at("nowhere")),
      ],
    },
    {
      label: "edited page",
      valid: (r) => ({ ...r, ...at("intent", "science"), intent: "edit", key: "science", "title.en": "Scientific objectives", "title.zh": "科学目的" }),
      bad: { key: badKey, "title.en": badWording, "title.zh": badWording },
      refusals: (valid) => [
        fc.constant(refusal("another page's key", { ...valid, key: "lead" }, refusedWith("summaryTitle", { key: "duplicateKey" }))),
        nowhere(valid, at("intent", "nowhere")),
      ],
    },
  ],
  "call-form#saveFormQuestionAction": QUESTIONS,
  "call-form#moveFormItemAction": [
    {
      label: "moved question",
      valid: (r) => ({ ...r, ...at("intent", "lead", "name"), direction: "down" }),
      bad: { direction: badChoice(["up", "down"]) },
      refusals: (valid) => [
        fc.constantFrom(
          refusal("first stage up", { ...valid, ...at("intent"), direction: "up" }, refusedWith("atEdge")),
          refusal("only page down", { ...valid, ...at("proposal", "plan"), direction: "down" }, refusedWith("atEdge")),
          refusal("last question down", { ...valid, ...at("intent", "science", "summary"), direction: "down" }, refusedWith("atEdge")),
          // The mass's pool is chosen by the carrier question, which must come before it.
          refusal("before the choice it draws on", { ...valid, ...at("intent", "lead", "mass"), direction: "up" }, refusedWith("summaryTitle", {}, [{ kind: "question", key: "mass", error: "laterQuestion" }])),
        ),
        nowhere(valid, at("intent", "lead", "nowhere")),
      ],
    },
  ],
  "call-form#removeFormItemAction": [
    {
      label: "removed question",
      valid: (r) => ({ ...r, ...at("intent", "science", "summary") }),
      refusals: (valid) => [
        fc.constantFrom(
          refusal("a choice another question draws on", { ...valid, ...at("intent", "lead", "carrier") }, refusedWith("summaryTitle", {}, [{ kind: "question", key: "mass", error: "unknownQuestion" }])),
          refusal("a stage's only page", { ...valid, ...at("proposal", "plan") }, refusedWith("summaryTitle", {}, [{ kind: "stage", key: "proposal", error: "lastPage" }])),
        ),
        nowhere(valid, at("intent", "nowhere")),
      ],
    },
  ],
  "call-form#saveFormPoolsAction": [
    {
      label: "pools",
      valid: (r) => ({ ...r, ...poolRows }),
      bad: {
        "pools.0.key": badSlug,
        "pools.0.label.en": badWording,
        "pools.0.unit.symbol": fc.oneof(fc.constantFrom<FormValue>(undefined, "", "  "), tooLong(16)),
        "pools.0.capacity": badPositive,
        "pools.1.maxPerRequest": fc.oneof(notANumber, fc.constantFrom("0", "-1", "6")),
      },
      refusals: (valid) => [
        fc.constantFrom(
          refusal("a pool a choice names", { ...valid, "pools.1.remove": "on" }, refusedWith("summaryTitle", {}, [{ kind: "question", key: "carrier", error: "unknownPool" }])),
          refusal("another pool's key", { ...valid, "pools.1.key": "orbiter" }, refusedWith("summaryTitle", { "pools.1.key": "duplicateKey" })),
        ),
      ],
    },
  ],
  "call-form#saveFormEligibilityAction": [
    {
      label: "eligibility",
      valid: (r) => ({
        ...r,
        "eligibility.0.key": "outsideChina",
        "eligibility.0.question.en": "Is your institution outside mainland China?",
        "eligibility.0.question.zh": "贵机构是否位于中国大陆境外？",
        "eligibility.0.refusal.en": "This call is for institutions outside mainland China.",
        "eligibility.0.refusal.zh": "本次征集面向中国大陆境外机构。",
      }),
      bad: { "eligibility.0.key": badKey, "eligibility.0.question.en": badWording, "eligibility.0.refusal.zh": badWording },
      refusals: (valid) => [
        fc.constant(
          refusal(
            "a key asked already",
            { ...valid, "eligibility.1.key": "outsideChina", "eligibility.1.question.en": "Again?", "eligibility.1.question.zh": "再次？", "eligibility.1.refusal.en": "No.", "eligibility.1.refusal.zh": "否。" },
            refusedWith("summaryTitle", { "eligibility.1.key": "duplicateKey" }),
          ),
        ),
      ],
    },
  ],
  "call-form#saveFormTeamAction": [
    {
      label: "team limit",
      valid: (r) => ({ ...r, maxMembers: "5" }),
      bad: { maxMembers: fc.oneof(badNumber({ max: 50, int: true, required: false }), fc.constantFrom<FormValue>("0", "51", "2.5")) },
    },
  ],
  "call-form#saveFormRubricAction": [
    {
      label: "rubric",
      valid: (r) => ({
        ...r,
        "criteria.0.key": "merit",
        "criteria.0.label.en": "Scientific merit",
        "criteria.0.label.zh": "科学价值",
        "criteria.0.help.en": "",
        "criteria.0.help.zh": "",
        "criteria.0.weight": "2",
        "scale.min": "1",
        "scale.max": "5",
        "instructions.en": "1 is weak, 3 is sound, 5 is excellent.",
        "instructions.zh": "1分为较弱，3分为合格，5分为优秀。",
      }),
      bad: {
        "criteria.0.key": badKey,
        "criteria.0.label.en": badWording,
        "criteria.0.help.en": tooLong(2000),
        "criteria.0.weight": badPositive,
        "scale.min": fc.oneof(badNumber({ max: 100, int: true }), fc.constantFrom("5", "6", "-101")),
        "scale.max": fc.oneof(badNumber({ max: 100, int: true }), fc.constantFrom("1", "0")),
        "instructions.en": badWording,
      },
      refusals: (valid) => [
        fc.constantFrom(
          refusal("no criterion left", { ...valid, "criteria.0.remove": "on" }, refusedWith("summaryTitle", {}, [{ kind: "rubric", key: "", error: "lastCriterion" }])),
          // Help is given in both languages or in neither.
          refusal("help in one language", { ...valid, "criteria.0.help.en": "Weigh the science first." }, refusedWith("summaryTitle", { "criteria.0.help.zh": "required" })),
        ),
      ],
    },
  ],
};

/** A stale page: another version or digest of the form; or a call that is gone. */
const refRefusals = (valid: Fields): fc.Arbitrary<Refusal>[] => [
  fc.constantFrom("0", "2", "").map((formVersion) => refusal("another version", { ...valid, formVersion }, refusedWith("staleDefinition"))),
  fc
    .oneof(fc.stringMatching(/^[0-9a-f]{32}$/), fc.constant("none"))
    .filter((formHash) => formHash !== ref.formHash)
    .map((formHash) => refusal("another digest", { ...valid, formHash }, refusedWith("staleDefinition"))),
  fc.oneof(missingId, fc.constant("   ")).map((id) => refusal("call gone", { ...valid, id }, refusedWith("recordGone"))),
];

const naming = (related: Record<string, string[]> = {}): FieldNaming => ({ hidden: HIDDEN, related, readRefusal: readBuilderRefusal });

/** One variant's cases; forms the builder would take left out, as the stored form decides. */
function variantCases(key: string, variant: Variant): fc.Arbitrary<ActionCase> {
  const valid = variant.valid(ref);
  return staffActionCases({
    valid,
    bad: { ...badRef, ...variant.bad },
    naming: naming(variant.related),
    refusals: fc.oneof(...refRefusals(valid), ...(variant.refusals?.(valid) ?? [])),
    unauthorised: unauthorised[key],
  }).filter((c) => c.label !== "invalid" || !builderTakes(key, c.form));
}

// Edits write the form's versions and the audit trail; duplicating a call writes a call as well.
const FORMS: Table[] = ["CallDefinition", "AuditEntry"];
const DUPLICATES: Table[] = ["Opportunity", "CallDefinition", "AuditEntry"];

function drive(key: string, tables: Table[], cases: () => fc.Arbitrary<ActionCase>) {
  it(`${key}: ${RUNS} bad forms aimed at a real call's form are refused for their fault and change nothing`, async () => {
    covered.add(key);
    await driveAction(key, actions[key]!, cases(), {}, { actor: admin, tables });
  });
}

const duplicateForm = (): Fields => ({ id: call.id, slug: `copy-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}` });

describe("the call builder's actions under generated bad forms aimed at a real call's form, as an administrator", { timeout: PROPERTY_TIMEOUT }, () => {
  for (const [key, variants] of Object.entries(VARIANTS)) {
    drive(key, FORMS, () => fc.oneof(...variants.map((variant) => variantCases(key, variant))));
  }

  drive("call-form#duplicateCallAction", DUPLICATES, () => {
    const valid = duplicateForm();
    return staffActionCases({
      valid,
      bad: { id: fc.constantFrom<FormValue>(undefined, ""), slug: fc.oneof(badSlug, tooLong(120)) },
      naming: naming(),
      refusals: fc.oneof(
        fc.oneof(missingId, tooLong(64), fc.constant("   ")).map((id) => refusal("unknown call", { ...valid, id }, refusedWith("recordGone"))),
        fc.constant(refusal("a slug taken", { ...valid, slug: call.slug }, refusedWith("summaryTitle", { slug: "taken" }))),
      ),
      unauthorised: unauthorised["call-form#duplicateCallAction"],
    }).filter((c) => c.label !== "invalid" || !builderTakes("call-form#duplicateCallAction", c.form));
  });

  it("kept the call's form as it was made", async () => {
    const view = await getCallBuilder(call.id);
    expect(view?.form?.version).toBe(1);
    expect(view?.form?.definition).toEqual(callDefinitionSchema.parse(DEFINITION));
  });

  it("starts from forms an administrator may post, each of which changes the call's form", async () => {
    for (const [key, variants] of Object.entries(VARIANTS)) {
      for (const variant of variants) {
        // Each save changes the form's digest: read it again, as a page opened now would.
        await expectAcceptedAndWritten(`${key} (${variant.label})`, actions[key]!, variant.valid(await readRef()), FORMS);
      }
    }
    await expectAcceptedAndWritten("call-form#duplicateCallAction", actions["call-form#duplicateCallAction"]!, duplicateForm(), DUPLICATES);
  });

  it("drove every call builder action: a new one without a property test fails here", () => {
    expect(Object.keys(actions).length).toBeGreaterThan(0);
    expect(Object.keys(actions).sort()).toEqual([...covered].sort());
  });
});
