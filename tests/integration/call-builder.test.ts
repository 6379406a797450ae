import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stageAnswersSchema } from "@/lib/calls/answers";
import { callDefinitionSchema } from "@/lib/calls/definition";
import { type BuilderState, initialBuilderState } from "@/lib/calls/edit";
import type { StaffSession } from "@/server/authz";
import {
  duplicateCallAction,
  moveFormItemAction,
  removeFormItemAction,
  saveFormPageAction,
  saveFormPoolsAction,
  saveFormQuestionAction,
  saveFormRubricAction,
  saveFormStageAction,
} from "@/server/actions/admin/call-form";
import { getCallBuilder } from "@/server/calls/builder";
import { currentDefinition } from "@/server/calls/definitions";
import { createOpportunity } from "../factories";
import { testPrisma } from "../support/database";
import { actAs, createStaff, redirectTarget, refusalOf, signOutTestStaff } from "../support/staff";

// The call builder's actions as the panel's forms post them: an editor builds a call's form from nothing, every
// refusal comes back to the form with a message (never an error page), a form built from an older save is refused,
// a change after a submission makes a new version, and a call is duplicated with its form.

type Action = (state: BuilderState, formData: FormData) => Promise<BuilderState>;
type Outcome = { state: BuilderState; to?: undefined } | { to: string; state?: undefined };

let editor: StaffSession;
beforeAll(async () => {
  editor = await createStaff("EDITOR");
});
afterAll(() => signOutTestStaff());

/** The hidden fields a builder page carries for the call's form as it is now. */
async function seen(callId: string) {
  const view = (await getCallBuilder(callId))!;
  return { id: callId, formVersion: String(view.form?.version ?? 0), formHash: view.form?.hash ?? "none" };
}

/** Posts a builder form as the signed-in staff member would: its answer, or where it sent the browser. */
async function post(action: Action, fields: Record<string, string>, ref?: Record<string, string>): Promise<Outcome> {
  const form = new FormData();
  form.set("locale", "en");
  for (const [name, value] of Object.entries({ ...(ref ?? (await seen(fields.id!))), ...fields })) form.set(name, value);
  try {
    return { state: await action(initialBuilderState, form) };
  } catch (error) {
    const to = redirectTarget(error);
    if (!to) throw error;
    return { to };
  }
}

/** Posts and expects the save to go back to the builder. */
async function saved(action: Action, fields: Record<string, string>): Promise<string> {
  const outcome = await post(action, fields);
  expect(outcome.state, JSON.stringify(outcome.state)).toBeUndefined();
  return outcome.to!;
}

async function newCall() {
  actAs(editor);
  return createOpportunity({ published: false });
}

const bilingual = (name: string, en: string, zh: string) => ({ [`${name}.en`]: en, [`${name}.zh`]: zh });

/** A call built through the forms: one stage, two pages, a pool and six kinds of question. */
async function buildCall() {
  const call = await newCall();
  const id = call.id;
  const at = { id, "at.stage": "proposal" };
  expect(await saved(saveFormStageAction, { id, intent: "add", key: "proposal", "page.key": "applicant", ...bilingual("page.title", "Applicant", "申请人") })).toBe(
    `/en/admin/opportunities/${id}/form?done=created#item-0`,
  );
  await saved(saveFormPageAction, { ...at, intent: "add", key: "payload", ...bilingual("title", "Payload", "载荷") });
  await saved(saveFormPoolsAction, {
    id,
    "pools.0.key": "orbiter",
    ...bilingual("pools.0.label", "Orbiter", "轨道器"),
    ...bilingual("pools.0.unit", "kilograms", "千克"),
    "pools.0.unit.symbol": "kg",
    "pools.0.capacity": "15",
    "pools.0.maxPerRequest": "10",
  });
  const onPage = (page: string) => ({ ...at, "at.page": page, intent: "add" });
  await saved(saveFormQuestionAction, { ...onPage("applicant"), type: "shortText", key: "institutionName", ...bilingual("label", "Institution", "机构"), required: "on", maxLength: "200" });
  await saved(saveFormQuestionAction, {
    ...onPage("applicant"),
    type: "group",
    key: "participants",
    ...bilingual("label", "Participants", "参与单位"),
    maxItems: "3",
    "first.key": "name",
    "first.type": "shortText",
    ...bilingual("first.label", "Name", "名称"),
    "first.required": "on",
  });
  await saved(saveFormQuestionAction, { ...onPage("applicant"), "at.question": "participants", type: "country", key: "country", ...bilingual("label", "Country", "国家"), required: "on" });
  await saved(saveFormQuestionAction, {
    ...onPage("payload"),
    type: "singleChoice",
    key: "carrier",
    ...bilingual("label", "Carrier", "搭载平台"),
    required: "on",
    options: "ORBITER | Orbiter | 轨道器 | orbiter\nLANDER | Lander | 着陆器 | orbiter",
  });
  await saved(saveFormQuestionAction, { ...onPage("payload"), type: "resource", key: "massKg", ...bilingual("label", "Mass (kg)", "质量（千克）"), required: "on", source: "question:carrier", step: "0.001" });
  await saved(saveFormQuestionAction, { ...onPage("payload"), type: "number", key: "trl", ...bilingual("label", "Readiness level", "技术成熟度"), required: "on", min: "1", max: "9", integer: "on" });
  await saved(saveFormQuestionAction, { ...onPage("payload"), type: "yesNo", key: "flownBefore", ...bilingual("label", "Flown before?", "是否曾飞行？"), required: "on" });
  await saved(saveFormQuestionAction, {
    ...onPage("payload"),
    type: "longText",
    key: "heritage",
    ...bilingual("label", "Heritage", "继承性"),
    required: "on",
    "limit.unit": "words",
    "limit.max": "300",
    "showIf.question": "flownBefore",
    "showIf.mode": "equals",
    "showIf.values": "yes",
  });
  return id;
}

describe("the call builder", () => {
  it("lets an editor build a call's form whose answers schema takes a valid answer and refuses a bad one", async () => {
    const id = await buildCall();
    const stored = (await currentDefinition(id))!;
    expect(stored.version).toBe(1);
    expect(callDefinitionSchema.safeParse(stored.definition).success).toBe(true);
    const [stage] = stored.definition.stages;
    expect(stage!.form.pages.map((p) => [p.key, p.questions.map((q) => q.type)])).toEqual([
      ["applicant", ["shortText", "group"]],
      ["payload", ["singleChoice", "resource", "number", "yesNo", "longText"]],
    ]);

    const answers = stageAnswersSchema(stored.definition, "proposal");
    const valid = {
      institutionName: "Institut de Recherche",
      participants: [{ name: "Partner University", country: "FR" }],
      carrier: "ORBITER",
      massKg: "2.5",
      trl: "6",
      flownBefore: "yes",
      heritage: "Flew on two missions.",
    };
    expect(answers.safeParse(valid).success).toBe(true);
    // Over the pool's limit per application, a fraction of a level, and the follow-up left out.
    const bad = answers.safeParse({ ...valid, massKg: "12", trl: "6.5", heritage: "" });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => [i.path.join("."), i.message]).sort()).toEqual([
      ["heritage", "required"],
      ["massKg", "tooLarge"],
      ["trl", "wholeNumber"],
    ]);
    // The rows' questions too: a row without its country.
    expect(answers.safeParse({ ...valid, participants: [{ name: "Partner University" }] }).success).toBe(false);

    const audit = await testPrisma().auditEntry.findMany({ where: { entity: "CallDefinition", entityId: stored.id } });
    expect(audit.every((entry) => entry.actorEmail === editor.email)).toBe(true);
    expect(audit.length).toBeGreaterThanOrEqual(10);
  });

  it("shows the meta-schema's refusals next to the field, or names the question a change would break, and saves nothing", async () => {
    const id = await buildCall();
    const before = (await currentDefinition(id))!.definition;
    const at = { id, "at.stage": "proposal", "at.page": "payload", intent: "add" };

    const duplicate = await post(saveFormQuestionAction, { ...at, type: "email", key: "carrier", ...bilingual("label", "Email", "邮箱") });
    expect(duplicate.state?.fieldErrors).toEqual({ key: { key: "duplicateKey" } });
    expect(duplicate.state?.values?.key).toBe("carrier");
    // React can post a form again without JavaScript only if its state is made of plain objects.
    expect(Object.getPrototypeOf(duplicate.state!.values)).toBe(Object.prototype);

    const options = await post(saveFormQuestionAction, { ...at, type: "multipleChoice", key: "goals", ...bilingual("label", "Goals", "目标"), options: "A | Alpha | 甲\nB | Beta\nC D | Gamma | 丙", maxChoices: "many" });
    expect(options.state?.fieldErrors).toEqual({ options: { key: "optionLine", item: 2 }, maxChoices: { key: "number" } });
    const value = await post(saveFormQuestionAction, { ...at, type: "multipleChoice", key: "goals", ...bilingual("label", "Goals", "目标"), options: "A | Alpha | 甲\nC D | Gamma | 丙" });
    expect(value.state?.fieldErrors).toEqual({ options: { key: "optionValue", item: 2 } });

    const unknown = await post(saveFormQuestionAction, { ...at, type: "shortText", key: "why", ...bilingual("label", "Why", "原因"), maxLength: "100", "showIf.question": "flownBefore", "showIf.values": "maybe" });
    expect(unknown.state?.fieldErrors).toEqual({ "showIf.values": { key: "unknownOption" } });

    // The follow-up moved above the question it depends on.
    const moved = await post(moveFormItemAction, { id, "at.stage": "proposal", "at.page": "payload", "at.question": "heritage", direction: "up" });
    expect(moved.state?.problems).toEqual([{ place: { kind: "question", key: "heritage", label: { en: "Heritage", zh: "继承性" } }, key: "laterQuestion" }]);

    // The pool the carrier's options and the mass draw on.
    const pools = await post(saveFormPoolsAction, { id, "pools.0.was": "orbiter", "pools.0.key": "orbiter", "pools.0.remove": "on", "pools.0.capacity": "15" });
    expect(pools.state?.problems?.map((p) => [p.place.key, p.key])).toEqual([
      ["carrier", "unknownPool"],
      ["carrier", "unknownPool"],
    ]);

    await saved(removeFormItemAction, { id, "at.stage": "proposal", "at.page": "applicant", "at.question": "participants", "at.member": "country" });
    const emptied = await post(removeFormItemAction, { id, "at.stage": "proposal", "at.page": "applicant", "at.question": "participants", "at.member": "name" });
    expect(emptied.state?.problems).toEqual([{ place: { kind: "question", key: "participants", label: { en: "Participants", zh: "参与单位" } }, key: "lastRow" }]);

    const rubric = await post(saveFormRubricAction, { id, "criteria.0.key": "merit", ...bilingual("criteria.0.label", "Merit", "评价"), "criteria.0.weight": "1", "scale.min": "5", "scale.max": "1", ...bilingual("instructions", "Score", "评分") });
    expect(rubric.state?.fieldErrors).toEqual({ "scale.min": { key: "minAboveMax" } });

    const gone = await post(saveFormQuestionAction, { id, "at.stage": "proposal", "at.page": "nowhere", intent: "add", type: "url", key: "site", ...bilingual("label", "Site", "网站") });
    expect(gone.state).toMatchObject({ ok: false, message: "itemNotFound" });

    const after = (await currentDefinition(id))!.definition;
    expect(after.stages[0]!.form.pages[1]).toEqual(before.stages[0]!.form.pages[1]);
    expect(after.pools).toEqual(before.pools);
  });

  it("refuses reviewers and viewers, who change nothing", async () => {
    const id = await buildCall();
    const ref = await seen(id);
    const before = await testPrisma().callDefinition.findFirstOrThrow({ where: { opportunityId: id } });
    for (const role of ["REVIEWER", "VIEWER"] as const) {
      actAs(await createStaff(role));
      for (const [action, fields] of [
        [saveFormPageAction, { "at.stage": "proposal", intent: "add", key: "extra", ...bilingual("title", "Extra", "附加") }],
        [removeFormItemAction, { "at.stage": "proposal", "at.page": "payload" }],
        [duplicateCallAction, { slug: `copy-${randomUUID().slice(0, 8)}` }],
      ] as const) {
        const error = await post(action, { id, ...fields }, ref).then(() => null, (e: unknown) => e);
        expect(refusalOf(error), `${role} ${action.name}`).toBe("forbidden");
      }
    }
    actAs(editor);
    const after = await testPrisma().callDefinition.findFirstOrThrow({ where: { opportunityId: id } });
    expect(after.updatedAt).toEqual(before.updatedAt);
  });

  it("refuses a form built before someone else's save, rather than overwrite it", async () => {
    const id = await buildCall();
    const opened = await seen(id);
    await saved(saveFormPageAction, { id, "at.stage": "proposal", intent: "add", key: "science", ...bilingual("title", "Science", "科学") });
    const late = await post(saveFormPageAction, { id, "at.stage": "proposal", intent: "add", key: "budget", ...bilingual("title", "Budget", "预算") }, opened);
    expect(late.state).toMatchObject({ ok: false, message: "staleDefinition" });
    expect((await currentDefinition(id))!.definition.stages[0]!.form.pages.map((p) => p.key)).toEqual(["applicant", "payload", "science"]);
  });

  it("makes version 2 once an application was submitted against version 1, which stays as it was", async () => {
    const id = await buildCall();
    const v1 = (await currentDefinition(id))!;
    await testPrisma().application.create({
      data: { opportunityId: id, definitionId: v1.id, email: `applicant-${randomUUID()}@example.org`, accessTokenHash: randomUUID(), status: "SUBMITTED" },
    });
    expect((await getCallBuilder(id))!.submitted).toBe(1);
    const to = await saved(saveFormQuestionAction, {
      id,
      "at.stage": "proposal",
      "at.page": "applicant",
      "at.question": "institutionName",
      intent: "edit",
      type: "shortText",
      key: "institutionName",
      ...bilingual("label", "Lead institution", "牵头机构"),
      required: "on",
      maxLength: "200",
    });
    expect(to).toBe(`/en/admin/opportunities/${id}/form?done=newVersion#item-0-0-0`);
    const v2 = (await currentDefinition(id))!;
    expect(v2.version).toBe(2);
    expect(v2.definition.stages[0]!.form.pages[0]!.questions[0]!.label.en).toBe("Lead institution");
    const kept = await testPrisma().callDefinition.findUniqueOrThrow({ where: { id: v1.id } });
    expect(callDefinitionSchema.parse(kept.definition)).toEqual(v1.definition);
  });

  it("duplicates a call as an unpublished draft whose version 1 is the source's form", async () => {
    const id = await buildCall();
    const source = await testPrisma().opportunity.findUniqueOrThrow({ where: { id } });
    const slug = `copied-call-${randomUUID().slice(0, 8)}`;
    const to = await saved(duplicateCallAction, { id, slug });
    const copy = await testPrisma().opportunity.findUniqueOrThrow({ where: { slug } });
    expect(to).toBe(`/en/admin/opportunities/${copy.id}/form?done=duplicated`);
    expect(copy).toMatchObject({ published: false, missionId: source.missionId, kind: source.kind, titleEn: `${source.titleEn} (copy)`, referencePrefix: null });
    const form = (await currentDefinition(copy.id))!;
    expect(form.version).toBe(1);
    expect(form.definition).toEqual((await currentDefinition(id))!.definition);

    const taken = await post(duplicateCallAction, { id, slug });
    expect(taken.state?.fieldErrors).toEqual({ slug: { key: "taken" } });
    const malformed = await post(duplicateCallAction, { id, slug: "Not A Slug" });
    expect(malformed.state?.fieldErrors).toEqual({ slug: { key: "slug" } });
  });
});
