import { describe, expect, it } from "vitest";
import { callDefinitionSchema, type CallDefinition, type Question } from "@/lib/calls/definition";
import {
  addPage,
  addQuestion,
  addStage,
  type EditResult,
  explainRefusals,
  moveItem,
  placeOf,
  questionFieldOf,
  questionFormSchema,
  questionFormValues,
  readPoolRows,
  readRubric,
  removeItem,
  setPools,
  startDefinition,
  unflatten,
  updatePage,
  updateQuestion,
  updateStage,
} from "@/lib/calls/edit";
import { fieldErrorsOf } from "@/lib/form-state";
import { TIANWEN3_STAGE, tianwen3Definition } from "@/lib/calls/tianwen-3";

// The builder's operations on a call's form: each returns a new definition (the one given is left as it was), and
// the meta-schema, not the operation, refuses a result that breaks the form.

const label = { en: "Label", zh: "标签" };
const stage = TIANWEN3_STAGE;

function edited(result: EditResult): CallDefinition {
  if (!result.ok) throw new Error(`refused: ${result.error}`);
  return result.definition;
}

/** The meta-schema's refusals of a definition, as "dotted.path: key"; [] when it is accepted. */
function refusals(definition: unknown): string[] {
  const parsed = callDefinitionSchema.safeParse(definition);
  return parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
}

const keysOf = (definition: CallDefinition, page: string) => definition.stages[0]!.form.pages.find((p) => p.key === page)!.questions.map((q) => q.key);

describe("operations on a call's form", () => {
  it("leave the definition they were given unchanged", () => {
    const before = structuredClone(tianwen3Definition);
    edited(addPage(tianwen3Definition, { stage }, { key: "budget", title: label }));
    edited(moveItem(tianwen3Definition, { stage, page: "lead", question: "country" }, "down"));
    edited(removeItem(tianwen3Definition, { stage, page: "science" }));
    expect(tianwen3Definition).toEqual(before);
  });

  it("start a form with one stage, one page and a rubric to rewrite, which the meta-schema accepts", () => {
    const started = edited(addStage(null, { key: "proposal", page: { key: "applicant", title: label } }));
    expect(started).toEqual(startDefinition({ key: "proposal", page: { key: "applicant", title: label } }));
    expect(refusals(started)).toEqual([]);
    expect(started.stages[0]!.form.pages[0]).toEqual({ key: "applicant", title: label, questions: [] });
  });

  it("add a stage and a page at the end, and say where they landed", () => {
    const withStage = addStage(tianwen3Definition, { key: "full-proposal", page: { key: "summary", title: label } });
    expect(withStage.ok && withStage.at).toEqual(["stages", 1]);
    const withPage = addPage(edited(withStage), { stage: "full-proposal" }, { key: "budget", title: label });
    expect(withPage.ok && withPage.at).toEqual(["stages", 1, "form", "pages", 1]);
    expect(refusals(edited(withPage))).toEqual([]);
  });

  it("add a question to a page and a row question to a group", () => {
    const question: Question = { key: "website", type: "url", label, required: false };
    const onPage = edited(addQuestion(tianwen3Definition, { stage, page: "lead" }, question));
    expect(keysOf(onPage, "lead").at(-1)).toBe("website");
    const row: Question = { key: "email", type: "email", label, required: true };
    const inGroup = edited(addQuestion(tianwen3Definition, { stage, page: "lead", question: "participants" }, row));
    const participants = inGroup.stages[0]!.form.pages[0]!.questions.find((q) => q.key === "participants");
    expect(participants?.type === "group" && participants.questions.map((q) => q.key)).toEqual(["name", "country", "email"]);
    expect(refusals(inGroup)).toEqual([]);
  });

  it("answer 'not found' for a path that names nothing, and change nothing", () => {
    const question: Question = { key: "website", type: "url", label, required: false };
    expect(addQuestion(tianwen3Definition, { stage, page: "nowhere" }, question)).toEqual({ ok: false, error: "itemNotFound" });
    expect(addQuestion(tianwen3Definition, { stage, page: "lead", question: "institutionName" }, question)).toEqual({ ok: false, error: "itemNotFound" });
    expect(moveItem(tianwen3Definition, { stage: "no-stage" }, "up")).toEqual({ ok: false, error: "itemNotFound" });
    expect(removeItem(tianwen3Definition, { stage, page: "lead", question: "participants", member: "nobody" })).toEqual({ ok: false, error: "itemNotFound" });
    expect(updateQuestion(tianwen3Definition, { stage, page: "lead" }, question)).toEqual({ ok: false, error: "itemNotFound" });
    expect(updateStage(tianwen3Definition, { stage, page: "lead" }, { key: "x" })).toEqual({ ok: false, error: "itemNotFound" });
  });

  it("move a question past the edge of its page onto the next page, and refuse at the stage's ends", () => {
    const moved = moveItem(tianwen3Definition, { stage, page: "lead", question: "participants" }, "down");
    expect(moved.ok && moved.at).toEqual(["stages", 0, "form", "pages", 1, "questions", 0]);
    expect(keysOf(edited(moved), "payload")[0]).toBe("participants");
    expect(moveItem(tianwen3Definition, { stage, page: "lead", question: "institutionName" }, "up")).toEqual({ ok: false, error: "atEdge" });
    expect(moveItem(tianwen3Definition, { stage, page: "attachments", question: "lettersOfSupport" }, "down")).toEqual({ ok: false, error: "atEdge" });
    expect(moveItem(tianwen3Definition, { stage }, "up")).toEqual({ ok: false, error: "atEdge" });
  });

  it("let the meta-schema refuse a question moved before the question its condition names", () => {
    // "country" is asked unless "institutionType" is an international organisation: it may not come first.
    const moved = edited(moveItem(tianwen3Definition, { stage, page: "lead", question: "country" }, "up"));
    expect(keysOf(moved, "lead").slice(0, 3)).toEqual(["institutionName", "country", "institutionType"]);
    expect(refusals(moved)).toContain("stages.0.form.pages.0.questions.1.showIf.question: laterQuestion");
  });

  it("let the meta-schema refuse removing a pool that a resource question draws on", () => {
    const withoutOrbiter = edited(setPools(tianwen3Definition, tianwen3Definition.pools.filter((p) => p.key !== "orbiter")));
    expect(refusals(withoutOrbiter)).toEqual(expect.arrayContaining([expect.stringMatching(/questions\.\d+\.options\.0\.pool: unknownPool$/)]));
    // A resource question naming its pool directly is refused the same way.
    const direct = edited(updateQuestion(tianwen3Definition, { stage, page: "payload", question: "massKg" }, { key: "massKg", type: "resource", label, required: true, pool: "service-module" }));
    expect(refusals(direct)).toEqual([]);
    expect(refusals(edited(setPools(direct, direct.pools.filter((p) => p.key !== "service-module"))))).toContain("stages.0.form.pages.1.questions.3.pool: unknownPool");
  });

  it("carry a pool's new key to the choices and questions that name it", () => {
    const pools = tianwen3Definition.pools.map((p) => (p.key === "orbiter" ? { ...p, key: "mars-orbiter" } : p));
    const renamed = edited(setPools(tianwen3Definition, pools, { orbiter: "mars-orbiter" }));
    expect(refusals(renamed)).toEqual([]);
    const carrier = renamed.stages[0]!.form.pages[1]!.questions.find((q) => q.key === "carrier");
    expect(carrier?.type === "singleChoice" && carrier.options.map((o) => o.pool)).toEqual(["mars-orbiter", "service-module"]);
  });

  it("carry a question's new key to the conditions, pool choices and rules that name it", () => {
    const at = { stage, page: "payload", question: "carrier" };
    const carrier = tianwen3Definition.stages[0]!.form.pages[1]!.questions.find((q) => q.key === "carrier")!;
    const renamed = edited(updateQuestion(tianwen3Definition, at, { ...carrier, key: "platform" }));
    expect(refusals(renamed)).toEqual([]);
    const mass = renamed.stages[0]!.form.pages[1]!.questions.find((q) => q.key === "massKg");
    expect(mass?.type === "resource" && mass.poolFrom).toBe("platform");
    const peak = tianwen3Definition.stages[0]!.form.pages[1]!.questions.find((q) => q.key === "peakPowerW")!;
    const rules = edited(updateQuestion(tianwen3Definition, { stage, page: "payload", question: "peakPowerW" }, { ...peak, key: "maxPowerW" })).stages[0]!.form.rules;
    expect(rules[0]).toMatchObject({ question: "averagePowerW", than: "maxPowerW" });
  });

  it("keep a group's rows when the group's own fields are saved", () => {
    const at = { stage, page: "lead", question: "participants" };
    const saved = edited(updateQuestion(tianwen3Definition, at, { key: "partners", type: "group", label, required: false, maxItems: 3, questions: [] }));
    const group = saved.stages[0]!.form.pages[0]!.questions.find((q) => q.key === "partners");
    expect(group?.type === "group" && [group.maxItems, group.questions.length]).toEqual([3, 2]);
  });

  it("let the meta-schema refuse the last stage, the last page or a group's last row being removed", () => {
    expect(refusals(edited(removeItem(tianwen3Definition, { stage })))).toEqual(["stages: tooShort"]);
    const onePage = edited(updatePage(tianwen3Definition, { stage, page: "lead" }, { key: "lead", title: label }));
    const pages = onePage.stages[0]!.form.pages.map((p) => p.key);
    let emptied = onePage;
    for (const page of pages) emptied = edited(removeItem(emptied, { stage, page }));
    expect(refusals(emptied)).toContain("stages.0.form.pages: tooShort");
    const oneRow = edited(removeItem(tianwen3Definition, { stage, page: "lead", question: "participants", member: "country" }));
    expect(refusals(edited(removeItem(oneRow, { stage, page: "lead", question: "participants", member: "name" })))).toEqual([
      "stages.0.form.pages.0.questions.6.questions: tooShort",
    ]);
  });
});

describe("the question form", () => {
  const post = (type: Question["type"], fields: Record<string, string>, isNewGroup = false) => questionFormSchema(type, { isNewGroup }).safeParse(unflatten(fields));

  it("reads options as lines 'value | English | 中文 | pool' and gives them back as lines", () => {
    const parsed = post("singleChoice", { key: "carrier", "label.en": "Carrier", "label.zh": "平台", required: "on", options: "ORBITER | Orbiter | 轨道器 | orbiter\n\n SERVICE | Service module | 服务舱 " });
    expect(parsed.success && parsed.data).toEqual({
      key: "carrier",
      type: "singleChoice",
      label: { en: "Carrier", zh: "平台" },
      required: true,
      options: [
        { value: "ORBITER", label: { en: "Orbiter", zh: "轨道器" }, pool: "orbiter" },
        { value: "SERVICE", label: { en: "Service module", zh: "服务舱" } },
      ],
    });
    expect(questionFormValues(parsed.success ? parsed.data : (undefined as never)).options).toBe("ORBITER | Orbiter | 轨道器 | orbiter\nSERVICE | Service module | 服务舱");
  });

  it("names the option whose line does not split in three, and a number that is not one", () => {
    const parsed = post("multipleChoice", { key: "k", "label.en": "L", "label.zh": "标", options: "A | a | 甲\nB only", maxChoices: "two" });
    expect(parsed.success).toBe(false);
    const errors = Object.fromEntries(parsed.error!.issues.map((i) => [questionFieldOf()(i.path.join("."))!.join("@"), i.message]));
    expect(errors).toEqual({ "options@2": "optionLine", maxChoices: "number" });
  });

  it("turns a size in MB into bytes, a pool choice into pool or poolFrom, and a condition's values into a list", () => {
    const file = post("attachment", { key: "plan", "label.en": "Plan", "label.zh": "计划", attachmentKind: "PLAN", maxMegabytes: "2.5", maxFiles: "1" });
    expect(file.success && file.data).toMatchObject({ maxBytes: 2.5 * 1024 * 1024, maxFiles: 1, required: false });
    const resource = post("resource", { key: "mass", "label.en": "Mass", "label.zh": "质量", source: "question:carrier", step: "0.001" });
    expect(resource.success && resource.data).toMatchObject({ poolFrom: "carrier", step: 0.001 });
    expect(post("resource", { key: "mass", "label.en": "Mass", "label.zh": "质量", source: "" }).error?.issues[0]).toMatchObject({ path: ["source"], message: "chooseOne" });
    const shown = post("shortText", { key: "other", "label.en": "Other", "label.zh": "其他", maxLength: "200", "showIf.question": "objectives", "showIf.mode": "equals", "showIf.values": "OTHER, GEOLOGY" });
    expect(shown.success && shown.data.showIf).toEqual({ question: "objectives", equals: ["OTHER", "GEOLOGY"] });
  });

  it("creates a group with its first row question, and round-trips a saved question's fields", () => {
    const group = post("group", { key: "team", "label.en": "Team", "label.zh": "团队", maxItems: "5", "first.key": "name", "first.type": "shortText", "first.label.en": "Name", "first.label.zh": "姓名", "first.required": "on" }, true);
    expect(group.success && group.data).toMatchObject({ type: "group", maxItems: 5, questions: [{ key: "name", type: "shortText", maxLength: 200, required: true }] });
    for (const question of tianwen3Definition.stages[0]!.form.pages.flatMap((p) => p.questions)) {
      const again = post(question.type, questionFormValues(question));
      const expected = question.type === "group" ? { ...question, questions: [] } : question;
      expect(again.success && again.data, question.key).toEqual(expected);
    }
  });
});

describe("the meta-schema's refusals in the builder's forms", () => {
  it("shows a refusal inside the edited question next to its field, and one elsewhere as a problem naming its place", () => {
    const moved = edited(moveItem(tianwen3Definition, { stage, page: "lead", question: "country" }, "up"));
    const parsed = callDefinitionSchema.safeParse(moved);
    const explained = explainRefusals(moved, fieldErrorsOf(parsed.error!), { at: ["stages", 0, "form", "pages", 0, "questions", 1], fieldOf: questionFieldOf() });
    expect(explained).toEqual({ fieldErrors: { "showIf.question": { key: "laterQuestion" } }, problems: [] });
    const elsewhere = explainRefusals(moved, fieldErrorsOf(parsed.error!));
    expect(elsewhere.problems).toEqual([{ place: { kind: "question", key: "country", label: expect.objectContaining({ en: expect.any(String) }) }, key: "laterQuestion" }]);
    expect(placeOf(tianwen3Definition, "pools.1.capacity")).toMatchObject({ kind: "pool", key: "service-module" });
  });

  it("reads pool rows in order, without removed or blank rows, and knows which form row each came from", () => {
    const rows = readPoolRows(
      unflatten({
        "pools.0.was": "orbiter", "pools.0.key": "orbiter", "pools.0.remove": "on", "pools.0.capacity": "15",
        "pools.1.was": "service-module", "pools.1.key": "module", "pools.1.label.en": "Module", "pools.1.label.zh": "舱", "pools.1.unit.en": "kilograms", "pools.1.unit.zh": "千克", "pools.1.unit.symbol": "kg", "pools.1.capacity": "5", "pools.1.maxPerRequest": "",
        "pools.2.key": "", "pools.2.capacity": "",
      }),
    );
    expect(rows.items).toEqual([{ key: "module", label: { en: "Module", zh: "舱" }, unit: { en: "kilograms", zh: "千克", symbol: "kg" }, capacity: 5 }]);
    expect(rows.rowOf).toEqual([1]);
    expect(rows.renamed).toEqual({ "service-module": "module" });
    const rubric = readRubric(unflatten({ "criteria.0.key": "merit", "criteria.0.weight": "x", "scale.min": "1" }));
    expect(rubric.fieldErrors).toEqual({ "criteria.0.weight": { key: "number" }, "scale.max": { key: "required" } });
  });
});
