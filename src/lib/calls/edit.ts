import { z } from "zod";
import { withoutNul } from "../form-state";
import type { Bilingual, CallDefinition, ChoiceOption, EligibilityQuestion, FieldQuestion, Page, Pool, Question, QuestionType, Rubric, Stage } from "./definition";

// Staff write a call's form one operation at a time: each operation takes a definition and returns a new one (its
// input untouched) with where the changed item now sits, and the meta-schema (definition.ts) then decides whether
// the result may be saved. The builder's forms post fields named by their path in the definition ("label.en",
// "pools.2.capacity"), so the meta-schema's refusals land next to the field that caused them. No server imports.

// ------------------------------------------------------------------ where an item is

/** An item of the outline by its keys: a stage, a page of it, a question of the page, a row question of a group. */
export interface ItemPath {
  stage: string;
  page?: string;
  question?: string;
  member?: string;
}

export type ItemLevel = "stage" | "page" | "question" | "member";

export const levelOf = (at: ItemPath): ItemLevel => (at.member !== undefined ? "member" : at.question !== undefined ? "question" : at.page !== undefined ? "page" : "stage");

/** The item's position as a path into the definition, e.g. ["stages", 0, "form", "pages", 2, "questions", 1]. */
export type Position = (string | number)[];

export type EditResult = { ok: true; definition: CallDefinition; at: Position } | { ok: false; error: "itemNotFound" | "atEdge" };

const notFound = { ok: false, error: "itemNotFound" } as const;

interface Located {
  /** The list holding the item, in the copy being edited. */
  list: { key: string }[];
  index: number;
  position: Position;
}

/** Finds the item in a definition (the copy an operation edits); null when any key on the way names nothing. */
function locate(definition: CallDefinition, at: ItemPath): Located | null {
  const level = levelOf(at);
  const s = definition.stages.findIndex((stage) => stage.key === at.stage);
  if (s < 0) return null;
  if (level === "stage") return { list: definition.stages, index: s, position: ["stages", s] };
  const pages = definition.stages[s]!.form.pages;
  const p = pages.findIndex((page) => page.key === at.page);
  if (p < 0) return null;
  if (level === "page") return { list: pages, index: p, position: ["stages", s, "form", "pages", p] };
  const questions = pages[p]!.questions;
  const q = questions.findIndex((question) => question.key === at.question);
  if (q < 0) return null;
  const position = ["stages", s, "form", "pages", p, "questions", q];
  if (level === "question") return { list: questions, index: q, position };
  const group = questions[q]!;
  if (group.type !== "group") return null;
  const m = group.questions.findIndex((member) => member.key === at.member);
  return m < 0 ? null : { list: group.questions, index: m, position: [...position, "questions", m] };
}

/** The item an ItemPath names, read-only; null when it names nothing. */
export function itemAt(definition: CallDefinition, at: ItemPath): Stage | Page | Question | FieldQuestion | null {
  const found = locate(definition, at);
  return found ? (found.list[found.index] as Stage | Page | Question) : null;
}

// ------------------------------------------------------------------ operations

export interface NewPage {
  key: string;
  title: Bilingual;
}

/** A stage starts with one page: the meta-schema takes no stage without. */
export interface NewStage {
  key: string;
  page: NewPage;
}

const emptyPage = (page: NewPage): Page => ({ key: page.key, title: page.title, questions: [] });
const newStage = (stage: NewStage): Stage => ({ key: stage.key, form: { pages: [emptyPage(stage.page)], rules: [] } });

/**
 * A call's first form: one stage with one page, and a rubric of one criterion for staff to rewrite (the meta-schema
 * takes no form without a rubric).
 */
export function startDefinition(stage: NewStage): CallDefinition {
  return {
    stages: [newStage(stage)],
    pools: [],
    eligibility: [],
    rubric: {
      criteria: [{ key: "merit", label: { en: "Merit", zh: "综合评价" }, weight: 1 }],
      scale: { min: 1, max: 5 },
      instructions: { en: "1 is weak, 3 is sound, 5 is excellent.", zh: "1分为较弱，3分为合格，5分为优秀。" },
    },
  };
}

/** Adds a stage after the last one; a call without a form yet gets its first form. */
export function addStage(definition: CallDefinition | null, stage: NewStage): EditResult {
  if (!definition) return { ok: true, definition: startDefinition(stage), at: ["stages", 0] };
  const next = structuredClone(definition);
  next.stages.push(newStage(stage));
  return { ok: true, definition: next, at: ["stages", next.stages.length - 1] };
}

/** Renames a stage (its key is how answers and the API name it). */
export function updateStage(definition: CallDefinition, at: ItemPath, changes: { key: string }): EditResult {
  const next = structuredClone(definition);
  const found = locate(next, { stage: at.stage });
  if (!found || levelOf(at) !== "stage") return notFound;
  next.stages[found.index]!.key = changes.key;
  return { ok: true, definition: next, at: found.position };
}

/** Adds a page after the stage's last one. */
export function addPage(definition: CallDefinition, at: ItemPath, page: NewPage): EditResult {
  const next = structuredClone(definition);
  const found = locate(next, { stage: at.stage });
  if (!found) return notFound;
  const pages = next.stages[found.index]!.form.pages;
  pages.push(emptyPage(page));
  return { ok: true, definition: next, at: [...found.position, "form", "pages", pages.length - 1] };
}

/** Changes a page's key and title; its questions stay. */
export function updatePage(definition: CallDefinition, at: ItemPath, page: NewPage): EditResult {
  const next = structuredClone(definition);
  const found = levelOf(at) === "page" ? locate(next, at) : null;
  if (!found) return notFound;
  const target = found.list[found.index] as Page;
  target.key = page.key;
  target.title = page.title;
  return { ok: true, definition: next, at: found.position };
}

/** Adds a question at the end of a page, or (with `at.question` naming a group) at the end of the group's rows. */
export function addQuestion(definition: CallDefinition, at: ItemPath, question: Question): EditResult {
  const next = structuredClone(definition);
  const parent = locate(next, { stage: at.stage, page: at.page, question: at.question });
  if (!parent || at.page === undefined || at.member !== undefined) return notFound;
  if (at.question === undefined) {
    const questions = (parent.list[parent.index] as Page).questions;
    questions.push(question);
    return { ok: true, definition: next, at: [...parent.position, "questions", questions.length - 1] };
  }
  const group = parent.list[parent.index] as Question;
  if (group.type !== "group") return notFound;
  group.questions.push(question as FieldQuestion);
  return { ok: true, definition: next, at: [...parent.position, "questions", group.questions.length - 1] };
}

/**
 * Replaces a question with its edited version. A group keeps its rows (they are edited one by one), and a new key
 * is carried to the conditions, pool choices and rules that named the old one.
 */
export function updateQuestion(definition: CallDefinition, at: ItemPath, question: Question): EditResult {
  const next = structuredClone(definition);
  const level = levelOf(at);
  const found = level === "question" || level === "member" ? locate(next, at) : null;
  if (!found) return notFound;
  const before = found.list[found.index] as Question;
  const after = structuredClone(question);
  if (before.type === "group" && after.type === "group") after.questions = before.questions;
  found.list[found.index] = after;
  if (before.key !== after.key) {
    const stage = next.stages.find((s) => s.key === at.stage)!;
    if (level === "question") {
      renameReferences(stage.form.pages.flatMap((p) => p.questions), before.key, after.key);
      for (const rule of stage.form.rules) {
        if (rule.question === before.key) rule.question = after.key;
        if (rule.than === before.key) rule.than = after.key;
      }
    } else {
      renameReferences(found.list as FieldQuestion[], before.key, after.key);
    }
  }
  return { ok: true, definition: next, at: found.position };
}

function renameReferences(questions: (Question | FieldQuestion)[], from: string, to: string) {
  for (const q of questions) {
    if (q.showIf?.question === from) q.showIf.question = to;
    if (q.type === "resource" && q.poolFrom === from) q.poolFrom = to;
  }
}

/**
 * Moves an item one place up or down among its siblings. A question at the top or bottom of its page moves to the
 * end of the page before or the start of the page after, so a question can travel through the stage.
 */
export function moveItem(definition: CallDefinition, at: ItemPath, direction: "up" | "down"): EditResult {
  const next = structuredClone(definition);
  const found = locate(next, at);
  if (!found) return notFound;
  const { list, index, position } = found;
  const target = index + (direction === "up" ? -1 : 1);
  if (target >= 0 && target < list.length) {
    [list[index], list[target]] = [list[target]!, list[index]!];
    return { ok: true, definition: next, at: [...position.slice(0, -1), target] };
  }
  if (levelOf(at) !== "question") return { ok: false, error: "atEdge" };
  const stageIndex = position[1] as number;
  const pages = next.stages[stageIndex]!.form.pages;
  const pageIndex = position[4] as number;
  const neighbour = pages[pageIndex + (direction === "up" ? -1 : 1)];
  if (!neighbour) return { ok: false, error: "atEdge" };
  const [moved] = list.splice(index, 1) as Question[];
  if (direction === "up") neighbour.questions.push(moved!);
  else neighbour.questions.unshift(moved!);
  const landed = direction === "up" ? neighbour.questions.length - 1 : 0;
  return { ok: true, definition: next, at: ["stages", stageIndex, "form", "pages", pageIndex + (direction === "up" ? -1 : 1), "questions", landed] };
}

/** Removes an item with everything in it; what named it elsewhere is the meta-schema's to refuse. */
export function removeItem(definition: CallDefinition, at: ItemPath): EditResult {
  const next = structuredClone(definition);
  const found = locate(next, at);
  if (!found) return notFound;
  found.list.splice(found.index, 1);
  return { ok: true, definition: next, at: found.position.slice(0, -2) };
}

/** Replaces the pools; a pool whose key changed (`renamed`: old key to new) is renamed where options and questions name it. */
export function setPools(definition: CallDefinition, pools: Pool[], renamed: Record<string, string> = {}): EditResult {
  const next = structuredClone(definition);
  next.pools = structuredClone(pools);
  const rename = (key: string) => (Object.hasOwn(renamed, key) ? renamed[key]! : key);
  const visit = (questions: (Question | FieldQuestion)[]) => {
    for (const q of questions) {
      if (q.type === "singleChoice") for (const o of q.options) if (o.pool !== undefined) o.pool = rename(o.pool);
      if (q.type === "resource" && q.pool !== undefined) q.pool = rename(q.pool);
      if (q.type === "group") visit(q.questions);
    }
  };
  for (const stage of next.stages) for (const page of stage.form.pages) visit(page.questions);
  return { ok: true, definition: next, at: ["pools"] };
}

export function setEligibility(definition: CallDefinition, eligibility: EligibilityQuestion[]): EditResult {
  const next = structuredClone(definition);
  next.eligibility = structuredClone(eligibility);
  return { ok: true, definition: next, at: ["eligibility"] };
}

export function setRubric(definition: CallDefinition, rubric: Rubric): EditResult {
  const next = structuredClone(definition);
  next.rubric = structuredClone(rubric);
  return { ok: true, definition: next, at: ["rubric"] };
}

/** How many people an application's team may have, the lead included; none: the portal's default. */
export function setTeam(definition: CallDefinition, maxMembers: number | undefined): EditResult {
  const next = structuredClone(definition);
  if (maxMembers === undefined) delete next.team;
  else next.team = { maxMembers };
  return { ok: true, definition: next, at: ["team"] };
}

// ------------------------------------------------------------------ what the builder's forms post

/** The question types a page may ask, in the order the type chooser offers them. */
export const QUESTION_TYPES = [
  "shortText",
  "longText",
  "number",
  "singleChoice",
  "multipleChoice",
  "yesNo",
  "date",
  "country",
  "email",
  "url",
  "attachment",
  "resource",
  "group",
] as const satisfies readonly QuestionType[];

/** A group's rows hold neither groups (rows do not nest) nor files (stored apart from the answers). */
export const ROW_QUESTION_TYPES = QUESTION_TYPES.filter((type) => type !== "group" && type !== "attachment");

export const isQuestionType = (value: unknown): value is QuestionType => (QUESTION_TYPES as readonly unknown[]).includes(value);

/** A group's first row question, asked with the group: a group is never empty. Types that need no further settings. */
export const FIRST_ROW_TYPES = ["shortText", "longText", "number", "date", "country", "email", "url", "yesNo"] as const;

const MIB = 1024 * 1024;

/** A form's fields by name, as posted: the first value of each, without NUL. */
export function readForm(formData: FormData): Record<string, string> {
  const values: Record<string, string> = Object.create(null);
  for (const [name, value] of formData.entries()) {
    if (typeof value !== "string" || name.startsWith("$ACTION") || Object.hasOwn(values, name)) continue;
    values[name] = withoutNul(value);
  }
  return values;
}

const SEGMENT = /^(?:[A-Za-z][A-Za-z0-9]{0,63}|\d{1,3})$/;

/** Dotted field names to nested objects and lists ("pools.1.unit.en"); names with other segments are dropped. */
export function unflatten(flat: Record<string, string>): Record<string, unknown> {
  // No prototype: a field named "constructor" stays a field.
  const root: Record<string, unknown> = Object.create(null);
  for (const [name, value] of Object.entries(flat)) {
    const parts = name.split(".");
    if (!parts.every((part) => SEGMENT.test(part))) continue;
    let node: Record<string | number, unknown> = root;
    parts.forEach((part, i) => {
      const key = /^\d+$/.test(part) ? Number(part) : part;
      if (i === parts.length - 1) {
        node[key] = value;
        return;
      }
      let child = node[key];
      if (typeof child !== "object" || child === null) child = node[key] = /^\d+$/.test(parts[i + 1]!) ? [] : Object.create(null);
      node = child as Record<string | number, unknown>;
    });
  }
  return root;
}

const trimmedText = (v: unknown) => (typeof v === "string" ? v.trim() : "");
/** A text the meta-schema checks: blank stays "", so it is reported as required rather than missing. */
const text = z.preprocess(trimmedText, z.string());
const optionalText = z.preprocess((v) => trimmedText(v) || undefined, z.string().optional());

const toNumber = (v: unknown, ctx: z.RefinementCtx, required: boolean): number | undefined => {
  const typed = trimmedText(v);
  if (typed === "") {
    if (!required) return undefined;
    ctx.addIssue({ code: "custom", message: "required" });
    return z.NEVER;
  }
  const n = Number(typed);
  if (!Number.isFinite(n)) {
    ctx.addIssue({ code: "custom", message: "number" });
    return z.NEVER;
  }
  return n;
};
const numberText = z.unknown().transform((v, ctx) => toNumber(v, ctx, true) as number);
const optionalNumber = z
  .unknown()
  .transform((v, ctx) => toNumber(v, ctx, false))
  .optional();
const tick = z.preprocess((v) => v === "on" || v === "true", z.boolean());

/** Fields under one name ("label.en", "label.zh"); none posted reads as all blank. */
const fields = <S extends z.ZodRawShape>(shape: S) => z.preprocess((v) => (typeof v === "object" && v !== null ? v : {}), z.object(shape));
const bilingual = fields({ en: text, zh: text });
/** Help in either language or both; nothing when both are blank. */
const optionalBilingual = fields({ en: optionalText, zh: optionalText }).transform((b) => (b.en !== undefined || b.zh !== undefined ? b : undefined));

/** What a form's item fields say where they are: the item's keys, posted in hidden fields "at.stage" etc. */
export const itemPathSchema = z.object({
  stage: text,
  page: optionalText,
  question: optionalText,
  member: optionalText,
});

/** Hidden fields every builder form carries: the call, and the version and digest of the form it was built from. */
export const builderRefSchema = z.object({
  id: z.string().min(1).max(64),
  formVersion: z.coerce.number().int().min(0),
  formHash: z.string().min(1).max(64),
});

export const pageFormSchema = z.object({ key: text, title: bilingual });
export const stageFormSchema = z.object({ key: text });
export const newStageFormSchema = z.object({ key: text, page: fields({ key: text, title: bilingual }) });
export const moveFormSchema = z.object({ direction: z.enum(["up", "down"], { error: "chooseOne" }) });
/** The team limit: a number of people, or blank for the portal's default (the meta-schema checks its range). */
export const teamFormSchema = z.object({ maxMembers: optionalNumber });
export const duplicateFormSchema = z.object({
  slug: z.preprocess(trimmedText, z.string().min(1, "required").max(120, "tooLong").regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "slug")),
});

/**
 * Options as lines "value | English | 中文", and for a choice that decides a pool, "| pool" after them.
 * A line that does not split so is reported with its place among the options.
 */
const optionLines = z.preprocess(
  (v) => (typeof v === "string" ? v : ""),
  z.string().transform((lines, ctx): ChoiceOption[] => {
    const rows = lines.split(/\r?\n/).map((line) => line.trim()).filter(Boolean);
    return rows.map((line, i) => {
      const [value = "", en = "", zh = "", pool, ...rest] = line.split("|").map((part) => part.trim());
      if (!en || !zh || rest.length > 0) ctx.addIssue({ code: "custom", message: "optionLine", path: [i] });
      return { value, label: { en, zh }, ...(pool ? { pool } : {}) };
    });
  }),
);

/** Options back to the lines their field shows. */
export const optionsToLines = (options: ChoiceOption[]) =>
  options.map((o) => [o.value, o.label.en, o.label.zh, ...(o.pool ? [o.pool] : [])].join(" | ")).join("\n");

const showIfFields = fields({ question: optionalText, mode: z.enum(["equals", "notEquals"]).catch("equals"), values: optionalText }).transform((s) => {
    if (!s.question) return undefined;
    const values = (s.values ?? "").split(/[\s,]+/).filter(Boolean);
    // One value as itself, several as a list: as definitions are written by hand.
    const wanted = values.length === 1 ? values[0] : values;
    return { question: s.question, [s.mode]: wanted };
  });

const firstRowFields = z.object({ key: text, type: z.enum(FIRST_ROW_TYPES, { error: "chooseOne" }), label: bilingual, required: tick });

/** The settings each type adds to the fields every question has. */
const SETTINGS = {
  shortText: { minLength: optionalNumber, maxLength: numberText },
  longText: { limit: fields({ unit: z.enum(["words", "characters"], { error: "chooseOne" }), max: numberText }), min: optionalNumber },
  number: { min: optionalNumber, max: optionalNumber, step: optionalNumber, integer: tick, positive: tick, unit: optionalBilingual },
  singleChoice: { options: optionLines },
  multipleChoice: { options: optionLines, minChoices: optionalNumber, maxChoices: optionalNumber },
  yesNo: {},
  date: { min: optionalText, max: optionalText },
  country: {},
  email: {},
  url: {},
  attachment: { attachmentKind: text, maxMegabytes: numberText, maxFiles: numberText },
  // "pool:<key>", or "question:<key>" for the earlier choice that picks the pool.
  resource: { source: z.preprocess(trimmedText, z.string().regex(/^(pool|question):./, "chooseOne")), step: optionalNumber },
  group: { minItems: optionalNumber, maxItems: numberText, first: firstRowFields.optional() },
} satisfies Record<QuestionType, z.ZodRawShape>;

const commonFields = { key: text, label: bilingual, help: optionalBilingual, required: tick, showIf: showIfFields };

/** Drops settings left blank, so the meta-schema sees them absent rather than undefined-valued. */
const defined = <T extends object>(value: T): T => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== false)) as T;

/** A first row question as its type starts: text gets room for a name or a paragraph; everything else needs nothing. */
export function firstRowQuestion(row: z.output<typeof firstRowFields>): FieldQuestion {
  const base = { key: row.key, label: row.label, required: row.required };
  if (row.type === "shortText") return { ...base, type: "shortText", maxLength: 200 };
  if (row.type === "longText") return { ...base, type: "longText", limit: { unit: "words", max: 500 } };
  return { ...base, type: row.type } as FieldQuestion;
}

/**
 * The question form of one type: its fields (named by their path in the question) to the question the meta-schema
 * then checks. `isNewGroup`: a group being created asks for its first row question.
 */
export function questionFormSchema(type: QuestionType, options: { isNewGroup?: boolean } = {}): z.ZodType<Question> {
  const shape: z.ZodRawShape = { ...commonFields, ...SETTINGS[type] };
  return z.object(shape).transform((form): Question => {
    const { key, label, help, required, showIf, ...settings } = form as Record<string, unknown>;
    const base = defined({ key, type, label, help, required, showIf }) as Record<string, unknown>;
    base.required = required;
    switch (type) {
      case "attachment": {
        const s = settings as { attachmentKind: string; maxMegabytes: number; maxFiles: number };
        return { ...base, attachmentKind: s.attachmentKind, maxBytes: Math.round(s.maxMegabytes * MIB), maxFiles: s.maxFiles } as Question;
      }
      case "resource": {
        const s = settings as { source: string; step?: number };
        const [from, name] = [s.source.slice(0, s.source.indexOf(":")), s.source.slice(s.source.indexOf(":") + 1)];
        return { ...base, ...(from === "question" ? { poolFrom: name } : { pool: name }), ...defined({ step: s.step }) } as Question;
      }
      case "group": {
        const { first, ...rest } = settings as { first?: z.output<typeof firstRowFields> } & Record<string, unknown>;
        return { ...base, ...defined(rest), questions: options.isNewGroup && first ? [firstRowQuestion(first)] : [] } as Question;
      }
      default:
        return { ...base, ...defined(settings) } as Question;
    }
  });
}

/** What a question's form shows before anything is posted: its saved values under the fields' names. */
export function questionFormValues(question: Question | FieldQuestion): Record<string, string> {
  const values: Record<string, string> = {
    key: question.key,
    "label.en": question.label.en,
    "label.zh": question.label.zh,
    required: question.required ? "on" : "",
  };
  if (question.help?.en) values["help.en"] = question.help.en;
  if (question.help?.zh) values["help.zh"] = question.help.zh;
  if (question.showIf) {
    const mode = question.showIf.equals !== undefined ? "equals" : "notEquals";
    values["showIf.question"] = question.showIf.question;
    values["showIf.mode"] = mode;
    values["showIf.values"] = [question.showIf[mode] ?? []].flat().join(", ");
  }
  const put = (name: string, value: unknown) => {
    if (value !== undefined && value !== false) values[name] = value === true ? "on" : String(value);
  };
  switch (question.type) {
    case "shortText":
      put("minLength", question.minLength);
      put("maxLength", question.maxLength);
      break;
    case "longText":
      put("limit.unit", question.limit.unit);
      put("limit.max", question.limit.max);
      put("min", question.min);
      break;
    case "number":
      for (const name of ["min", "max", "step", "integer", "positive"] as const) put(name, question[name]);
      put("unit.en", question.unit?.en);
      put("unit.zh", question.unit?.zh);
      break;
    case "singleChoice":
      values.options = optionsToLines(question.options);
      break;
    case "multipleChoice":
      values.options = optionsToLines(question.options);
      put("minChoices", question.minChoices);
      put("maxChoices", question.maxChoices);
      break;
    case "date":
      put("min", question.min);
      put("max", question.max);
      break;
    case "attachment":
      put("attachmentKind", question.attachmentKind);
      put("maxMegabytes", Math.round((question.maxBytes / MIB) * 1000) / 1000);
      put("maxFiles", question.maxFiles);
      break;
    case "resource":
      values.source = question.pool !== undefined ? `pool:${question.pool}` : `question:${question.poolFrom}`;
      put("step", question.step);
      break;
    case "group":
      put("minItems", question.minItems);
      put("maxItems", question.maxItems);
      break;
  }
  return values;
}

// Lists edited as rows of one form: the saved rows, then one blank row to add; a ticked "remove" drops a row.
const poolRowSchema = z.object({
  was: optionalText,
  key: text,
  label: bilingual,
  unit: fields({ en: text, zh: text, symbol: text }),
  capacity: numberText,
  maxPerRequest: optionalNumber,
});
const eligibilityRowSchema = z.object({ key: text, question: bilingual, refusal: bilingual });
const criterionRowSchema = z.object({ key: text, label: bilingual, help: optionalBilingual, weight: numberText });

/** Rows of a list form, in order: removed rows and a blank new row dropped; `rowOf[i]` is the form row of list item i. */
interface Rows<T> {
  items: T[];
  rowOf: number[];
  fieldErrors: Record<string, BuilderError>;
}

const isBlankRow = (row: unknown): boolean =>
  typeof row !== "object" || row === null || Object.entries(row).every(([name, v]) => name === "was" || (typeof v === "string" ? v.trim() === "" : isBlankRow(v)));

function readRows<S extends z.ZodType>(rows: unknown, schema: S, list: string): Rows<z.output<S>> {
  const result: Rows<z.output<S>> = { items: [], rowOf: [], fieldErrors: {} };
  const given = Array.isArray(rows) ? rows : [];
  given.forEach((row, r) => {
    if (row === undefined || isBlankRow(row) || (row as { remove?: string }).remove === "on") return;
    const parsed = schema.safeParse(row);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) result.fieldErrors[[list, r, ...issue.path].join(".")] ??= { key: issue.message };
      return;
    }
    result.items.push(parsed.data);
    result.rowOf.push(r);
  });
  return result;
}

export function readPoolRows(input: Record<string, unknown>): Rows<Pool> & { renamed: Record<string, string> } {
  const rows = readRows(input.pools, poolRowSchema, "pools");
  const renamed: Record<string, string> = {};
  const items = rows.items.map(({ was, maxPerRequest, ...pool }) => {
    if (was && was !== pool.key) renamed[was] = pool.key;
    return (maxPerRequest === undefined ? pool : { ...pool, maxPerRequest }) as Pool;
  });
  return { ...rows, items, renamed };
}

export const readEligibilityRows = (input: Record<string, unknown>) => readRows(input.eligibility, eligibilityRowSchema, "eligibility");

export function readRubric(input: Record<string, unknown>): Rows<Rubric["criteria"][number]> & { rubric: Rubric } {
  const rows = readRows(input.criteria, criterionRowSchema, "criteria");
  const items = rows.items.map(({ help, ...criterion }) => (help ? { ...criterion, help: help as Bilingual } : criterion));
  const rest = z.object({ scale: fields({ min: numberText, max: numberText }), instructions: bilingual }).safeParse(input);
  const fieldErrors = { ...rows.fieldErrors };
  if (!rest.success) for (const issue of rest.error.issues) fieldErrors[issue.path.join(".")] ??= { key: issue.message };
  const scale = rest.success ? rest.data.scale : { min: 1, max: 5 };
  const instructions = rest.success ? rest.data.instructions : { en: "", zh: "" };
  return { ...rows, items, fieldErrors, rubric: { criteria: items, scale, instructions } };
}

// ------------------------------------------------------------------ what comes back to a form

/** An error next to a field: a message key under "Errors", and for a list in one field (options) the item's place. */
export interface BuilderError {
  key: string;
  item?: number;
}

/** Where a problem outside the form lies, named as staff know it. */
export interface Place {
  kind: "stage" | "page" | "question" | "pool" | "eligibility" | "criterion" | "rule" | "rubric" | "form";
  key: string;
  label?: Bilingual;
}

/** What an action answers its form with. */
export interface BuilderState {
  ok: boolean;
  /** A key under "Errors" for the form as a whole. */
  message?: string;
  fieldErrors?: Record<string, BuilderError>;
  /** The change would break another part of the form: where, and why. */
  problems?: { place: Place; key: string }[];
  /** The posted fields, to show again. */
  values?: Record<string, string>;
}

export const initialBuilderState: BuilderState = { ok: false };

/** A builder form's parse errors as field errors: those inside the options field name their option. */
export function formErrors(error: z.ZodError, fieldOf: FieldOf = (rel) => [rel]): Record<string, BuilderError> {
  const errors: Record<string, BuilderError> = {};
  for (const issue of error.issues) {
    const rel = issue.path.join(".");
    const [field, item] = fieldOf(rel) ?? [rel];
    errors[field] ??= item === undefined ? { key: issue.message } : { key: issue.message, item };
  }
  return errors;
}

/** A field and, for a list in one field (options), the item's place in it (1-based); null: not a field of the form. */
export type FieldOf = (rel: string) => [string, number?] | null;

/** A path inside a question to the field that shows it. A group's rows are its own items, except a new group's first. */
export const questionFieldOf =
  (isNewGroup = false): FieldOf =>
  (rel) => {
    const option = /^options\.(\d+)(?:\.|$)/.exec(rel);
    if (option) return ["options", Number(option[1]) + 1];
    if (rel === "pool" || rel === "poolFrom") return ["source"];
    if (rel === "maxBytes") return ["maxMegabytes"];
    if (rel === "showIf.equals" || rel === "showIf.notEquals" || rel === "showIf") return ["showIf.values"];
    if (rel === "limit") return ["limit.max"];
    if (rel === "questions" || rel.startsWith("questions.")) return isNewGroup && rel.startsWith("questions.0.") ? [`first.${rel.slice("questions.0.".length)}`] : null;
    return rel === "" ? null : [rel];
  };

/** A stage's form: its key, and for a new stage its first page ("page.key", "page.title.en"). */
export const stageFieldOf: FieldOf = (rel) => (rel === "key" ? ["key"] : rel.startsWith("form.pages.0.") && !rel.includes(".questions") ? [`page.${rel.slice("form.pages.0.".length)}`] : null);

/** A page's form: its key and title; its questions are items of their own. */
export const pageFieldOf: FieldOf = (rel) => (rel === "key" || rel.startsWith("title.") ? [rel] : null);

/** A list edited as rows of one form ("pools.2.capacity"): list item i is form row rowOf[i]. */
export const rowsFieldOf =
  (list: string, rowOf: number[]): FieldOf =>
  (rel) => {
    const [index, ...rest] = rel.split(".");
    const row = rowOf[Number(index)];
    return row === undefined || rest.length === 0 ? null : [[list, row, ...rest].join(".")];
  };

/** The rubric's form: its criteria as rows, its scale and instructions. */
export const rubricFieldOf =
  (rowOf: number[]): FieldOf =>
  (rel) =>
    rel.startsWith("criteria.") ? rowsFieldOf("criteria", rowOf)(rel.slice("criteria.".length)) : rel.startsWith("scale.") || rel.startsWith("instructions.") ? [rel] : null;

/** Message keys the meta-schema shares between lists, told apart by the list they are about. */
function specificKey(path: string, key: string): string {
  if (key === "key" && path.endsWith(".attachmentKind")) return "attachmentKindFormat";
  if (key === "key" && /\.options\.\d+\.value$/.test(path)) return "optionValue";
  if (key !== "tooShort") return key;
  if (/\.showIf\.(equals|notEquals)$/.test(path)) return "showIfValues";
  if (path === "stages") return "lastStage";
  if (/\.pages$/.test(path)) return "lastPage";
  if (/\.questions$/.test(path)) return "lastRow";
  if (path === "rubric.criteria") return "lastCriterion";
  if (/\.options$/.test(path)) return "fewOptions";
  return key;
}

export interface RefusalScope {
  /** The edited item's position in the definition saved: refusals below it may be its form's fields. */
  at: Position;
  /** Which field of the form shows a refusal at a path below `at`. */
  fieldOf: FieldOf;
}

/**
 * The meta-schema's refusals (dotted path: key) as the form shows them: next to the field for those inside the
 * edited item, and as problems naming their place for those elsewhere (a question that named what was removed).
 */
export function explainRefusals(candidate: CallDefinition, refusals: Record<string, string>, scope?: RefusalScope): Pick<BuilderState, "fieldErrors" | "problems"> {
  const fieldErrors: Record<string, BuilderError> = {};
  const problems: { place: Place; key: string }[] = [];
  const prefix = scope?.at.join(".") ?? "";
  for (const [path, raw] of Object.entries(refusals)) {
    const key = specificKey(path, raw);
    const inside = scope !== undefined && (path === prefix || path.startsWith(`${prefix}.`));
    const mapped = inside ? scope.fieldOf(path === prefix ? "" : path.slice(prefix.length + 1)) : null;
    if (mapped) fieldErrors[mapped[0]] ??= mapped[1] === undefined ? { key } : { key, item: mapped[1] };
    else problems.push({ place: placeOf(candidate, path), key });
  }
  return { fieldErrors, problems };
}

/** The deepest named item a dotted path of the definition lies in. */
export function placeOf(definition: CallDefinition, path: string): Place {
  const parts = path.split(".");
  const at = (i: number) => Number(parts[i]);
  if (parts[0] === "pools" && parts.length > 1) {
    const pool = definition.pools[at(1)];
    return pool ? { kind: "pool", key: pool.key, label: pool.label } : { kind: "form", key: "" };
  }
  if (parts[0] === "eligibility" && parts.length > 1) {
    const item = definition.eligibility[at(1)];
    return item ? { kind: "eligibility", key: item.key, label: item.question } : { kind: "form", key: "" };
  }
  if (parts[0] === "rubric") {
    const criterion = parts[1] === "criteria" && parts.length > 2 ? definition.rubric.criteria[at(2)] : undefined;
    return criterion ? { kind: "criterion", key: criterion.key, label: criterion.label } : { kind: "rubric", key: "" };
  }
  if (parts[0] !== "stages" || parts.length < 2) return { kind: "form", key: "" };
  const stage = definition.stages[at(1)];
  if (!stage) return { kind: "form", key: "" };
  if (parts[3] === "rules") return { kind: "rule", key: stage.key };
  const page = parts[3] === "pages" && parts.length > 4 ? stage.form.pages[at(4)] : undefined;
  if (!page) return { kind: "stage", key: stage.key };
  const question = parts[5] === "questions" && parts.length > 6 ? page.questions[at(6)] : undefined;
  if (!question) return { kind: "page", key: page.key, label: page.title };
  const member = question.type === "group" && parts[7] === "questions" && parts.length > 8 ? question.questions[at(8)] : undefined;
  const named = member ?? question;
  return { kind: "question", key: named.key, label: named.label };
}

// ------------------------------------------------------------------ what a question's form may name

/**
 * The questions asked before an item, which its condition or its pool choice may name: earlier in the stage for a
 * page's question, earlier in the row for a group's row question. For "add", everything before the end of its page or group.
 */
export function questionsBefore(definition: CallDefinition, at: ItemPath, intent: "add" | "edit"): (Question | FieldQuestion)[] {
  const stage = definition.stages.find((s) => s.key === at.stage);
  if (!stage) return [];
  const rowOf = intent === "add" ? at.question : at.member !== undefined ? at.question : undefined;
  if (rowOf !== undefined) {
    const group = stage.form.pages.find((p) => p.key === at.page)?.questions.find((q) => q.key === rowOf);
    if (group?.type !== "group") return [];
    const end = intent === "add" ? group.questions.length : group.questions.findIndex((q) => q.key === at.member);
    return group.questions.slice(0, Math.max(end, 0));
  }
  const pageIndex = stage.form.pages.findIndex((p) => p.key === at.page);
  const asked = stage.form.pages.slice(0, pageIndex + 1).flatMap((p) => p.questions);
  const end = intent === "add" ? asked.length : asked.findIndex((q) => q.key === at.question);
  return asked.slice(0, Math.max(end, 0));
}

/** The answers a question can be shown on: a choice's values, yes and no; null for a question with free answers. */
export const fixedAnswers = (question: Question | FieldQuestion): string[] | null =>
  question.type === "yesNo" ? ["yes", "no"] : question.type === "singleChoice" || question.type === "multipleChoice" ? question.options.map((o) => o.value) : null;

/** A single choice whose every option names a pool: a resource question may draw on the pool it picks. */
export const picksPool = (question: Question | FieldQuestion): boolean =>
  question.type === "singleChoice" && question.options.every((o) => o.pool !== undefined);
