"use server";

import { redirect } from "next/navigation";
import type { ZodType } from "zod";
import { formLocale } from "@/i18n/locales";
import type { CallDefinition } from "@/lib/calls/definition";
import {
  addPage,
  addQuestion,
  addStage,
  type BuilderState,
  builderRefSchema,
  duplicateFormSchema,
  type EditResult,
  explainRefusals,
  type FieldOf,
  formErrors,
  isQuestionType,
  type ItemPath,
  itemPathSchema,
  moveFormSchema,
  moveItem,
  newStageFormSchema,
  pageFieldOf,
  pageFormSchema,
  type Position,
  questionFieldOf,
  questionFormSchema,
  readEligibilityRows,
  readForm,
  readPoolRows,
  readRubric,
  removeItem,
  rowsFieldOf,
  rubricFieldOf,
  setEligibility,
  setPools,
  setRubric,
  setTeam,
  stageFieldOf,
  stageFormSchema,
  teamFormSchema,
  unflatten,
  updatePage,
  updateQuestion,
  updateStage,
} from "@/lib/calls/edit";
import { requirePermission } from "../../authz";
import { duplicateCall, editCallDefinition } from "../../calls/builder";

// The call builder's actions, one per kind of edit: calls.define first, then the call and the form version the page
// was built from (hidden fields: bound actions hang on posts sent without JavaScript), then the form's own fields,
// then one operation of src/lib/calls/edit.ts saved through saveCallDefinition, then back to the builder.

const badRequest: BuilderState = { ok: false, message: "invalidRequest" };

interface Request {
  id: string;
  seen: { version: number; hash: string };
  at: ItemPath;
  fields: Record<string, string>;
  /** The posted fields as a plain object, to show again: React passes nothing else to and from a form. */
  values: Record<string, string>;
  input: Record<string, unknown>;
  locale: string;
}

/** The call, the version seen, the item (hidden "at.*" fields) and the posted fields; null for a form not sent as built. */
function readRequest(formData: FormData): Request | null {
  const fields = readForm(formData);
  const input = unflatten(fields);
  const ref = builderRefSchema.safeParse(input);
  if (!ref.success) return null;
  const at = itemPathSchema.safeParse(input.at ?? {});
  return {
    id: ref.data.id,
    seen: { version: ref.data.formVersion, hash: ref.data.formHash },
    at: at.success ? at.data : { stage: "" },
    fields,
    values: { ...fields },
    input,
    locale: formLocale(formData),
  };
}

const builderPath = (locale: string, id: string, done: string, anchor: string) => `/${locale}/admin/opportunities/${encodeURIComponent(id)}/form?done=${done}#${anchor}`;

/** The outline's anchor for an item: its place by indices ("item-0-2-5"), or the section a list lives in. */
const anchorOf = (at: Position) => {
  const indices = at.filter((part): part is number => typeof part === "number");
  return indices.length > 0 ? `item-${indices.join("-")}` : String(at[0] ?? "outline");
};

/** Parses the form's fields; on failure, the state that shows them again with their errors. */
function parseFields<T>(request: Request, schema: ZodType<T>, fieldOf?: FieldOf): { ok: true; data: T } | { ok: false; state: BuilderState } {
  const parsed = schema.safeParse(request.input);
  if (parsed.success) return { ok: true, data: parsed.data };
  return { ok: false, state: { ok: false, message: "summaryTitle", fieldErrors: formErrors(parsed.error, fieldOf), values: request.values } };
}

/** Saves one edit and goes back to the builder, or answers the form with why not. */
async function save(
  staff: Awaited<ReturnType<typeof requirePermission>>,
  request: Request,
  edit: (definition: CallDefinition | null) => EditResult,
  fieldOf: FieldOf | null,
  done = "saved",
): Promise<BuilderState> {
  const outcome = await editCallDefinition(staff, request.id, request.seen, edit);
  if (outcome.ok) {
    redirect(builderPath(request.locale, request.id, outcome.newVersion ? "newVersion" : outcome.changed ? done : "unchanged", anchorOf(outcome.at)));
  }
  if (outcome.reason === "callGone") return { ok: false, message: "recordGone" };
  if (outcome.reason !== "invalid") return { ok: false, message: outcome.reason, values: request.values };
  const explained = explainRefusals(outcome.candidate, outcome.fieldErrors, fieldOf ? { at: outcome.at, fieldOf } : undefined);
  return { ok: false, message: "summaryTitle", ...explained, values: request.values };
}

/** An operation that needs a form to exist already. */
const onForm = (operation: (definition: CallDefinition) => EditResult) => (definition: CallDefinition | null): EditResult =>
  definition ? operation(definition) : { ok: false, error: "itemNotFound" };

/** Adds a stage (with its first page), starts the call's form with one, or renames a stage. */
export async function saveFormStageAction(_prev: BuilderState, formData: FormData): Promise<BuilderState> {
  const staff = await requirePermission("calls.define");
  const request = readRequest(formData);
  if (!request) return badRequest;
  if (request.fields.intent === "add") {
    const parsed = parseFields(request, newStageFormSchema);
    if (!parsed.ok) return parsed.state;
    return save(staff, request, (definition) => addStage(definition, parsed.data), stageFieldOf, "created");
  }
  const parsed = parseFields(request, stageFormSchema);
  if (!parsed.ok) return parsed.state;
  return save(staff, request, onForm((definition) => updateStage(definition, request.at, parsed.data)), stageFieldOf);
}

/** Adds a page to a stage, or changes a page's key and title. */
export async function saveFormPageAction(_prev: BuilderState, formData: FormData): Promise<BuilderState> {
  const staff = await requirePermission("calls.define");
  const request = readRequest(formData);
  if (!request) return badRequest;
  const parsed = parseFields(request, pageFormSchema);
  if (!parsed.ok) return parsed.state;
  const adding = request.fields.intent === "add";
  const operation = adding ? (d: CallDefinition) => addPage(d, request.at, parsed.data) : (d: CallDefinition) => updatePage(d, request.at, parsed.data);
  return save(staff, request, onForm(operation), pageFieldOf, adding ? "created" : "saved");
}

/** Adds a question of the type posted (to a page, or to a group's rows), or saves a question's edited fields. */
export async function saveFormQuestionAction(_prev: BuilderState, formData: FormData): Promise<BuilderState> {
  const staff = await requirePermission("calls.define");
  const request = readRequest(formData);
  const type = request?.fields.type;
  if (!request || !isQuestionType(type)) return badRequest;
  const adding = request.fields.intent === "add";
  const isNewGroup = adding && type === "group";
  const fieldOf = questionFieldOf(isNewGroup);
  const parsed = parseFields(request, questionFormSchema(type, { isNewGroup }), fieldOf);
  if (!parsed.ok) return parsed.state;
  const operation = adding ? (d: CallDefinition) => addQuestion(d, request.at, parsed.data) : (d: CallDefinition) => updateQuestion(d, request.at, parsed.data);
  return save(staff, request, onForm(operation), fieldOf, adding ? "created" : "saved");
}

/** Moves a stage, page or question one place: the button pressed carries the direction. */
export async function moveFormItemAction(_prev: BuilderState, formData: FormData): Promise<BuilderState> {
  const staff = await requirePermission("calls.define");
  const request = readRequest(formData);
  if (!request) return badRequest;
  const parsed = moveFormSchema.safeParse(request.input);
  if (!parsed.success) return badRequest;
  return save(staff, request, onForm((definition) => moveItem(definition, request.at, parsed.data.direction)), null, "moved");
}

/** Removes a stage, page or question (the builder asks first); refused when something else still names it. */
export async function removeFormItemAction(_prev: BuilderState, formData: FormData): Promise<BuilderState> {
  const staff = await requirePermission("calls.define");
  const request = readRequest(formData);
  if (!request) return badRequest;
  return save(staff, request, onForm((definition) => removeItem(definition, request.at)), null, "removed");
}

/** The call's pools as rows: saved ones changed or removed, a new one added. */
export async function saveFormPoolsAction(_prev: BuilderState, formData: FormData): Promise<BuilderState> {
  const staff = await requirePermission("calls.define");
  const request = readRequest(formData);
  if (!request) return badRequest;
  const rows = readPoolRows(request.input);
  if (Object.keys(rows.fieldErrors).length > 0) return { ok: false, message: "summaryTitle", fieldErrors: rows.fieldErrors, values: request.values };
  return save(staff, request, onForm((definition) => setPools(definition, rows.items, rows.renamed)), rowsFieldOf("pools", rows.rowOf));
}

/** The questions that decide whether someone may apply, as rows. */
export async function saveFormEligibilityAction(_prev: BuilderState, formData: FormData): Promise<BuilderState> {
  const staff = await requirePermission("calls.define");
  const request = readRequest(formData);
  if (!request) return badRequest;
  const rows = readEligibilityRows(request.input);
  if (Object.keys(rows.fieldErrors).length > 0) return { ok: false, message: "summaryTitle", fieldErrors: rows.fieldErrors, values: request.values };
  return save(staff, request, onForm((definition) => setEligibility(definition, rows.items)), rowsFieldOf("eligibility", rows.rowOf));
}

/** The reviewers' rubric: criteria as rows, the scale and the instructions. */
export async function saveFormRubricAction(_prev: BuilderState, formData: FormData): Promise<BuilderState> {
  const staff = await requirePermission("calls.define");
  const request = readRequest(formData);
  if (!request) return badRequest;
  const read = readRubric(request.input);
  if (Object.keys(read.fieldErrors).length > 0) return { ok: false, message: "summaryTitle", fieldErrors: read.fieldErrors, values: request.values };
  return save(staff, request, onForm((definition) => setRubric(definition, read.rubric)), rubricFieldOf(read.rowOf));
}

/** How many people an application's team may have; blank for the portal's default. */
export async function saveFormTeamAction(_prev: BuilderState, formData: FormData): Promise<BuilderState> {
  const staff = await requirePermission("calls.define");
  const request = readRequest(formData);
  if (!request) return badRequest;
  const parsed = parseFields(request, teamFormSchema);
  if (!parsed.ok) return parsed.state;
  return save(staff, request, onForm((definition) => setTeam(definition, parsed.data.maxMembers)), (rel) => (rel === "maxMembers" ? ["maxMembers"] : null));
}

/** A new unpublished call with this call's titles (marked as a copy), mission, kind and form; then its builder. */
export async function duplicateCallAction(_prev: BuilderState, formData: FormData): Promise<BuilderState> {
  const staff = await requirePermission("calls.define");
  const fields = readForm(formData);
  const values = { ...fields };
  const id = fields.id;
  if (!id) return badRequest;
  const parsed = duplicateFormSchema.safeParse(fields);
  if (!parsed.success) return { ok: false, message: "summaryTitle", fieldErrors: formErrors(parsed.error), values };
  const result = await duplicateCall(staff, id, parsed.data.slug);
  if (!result.ok) {
    return result.fieldErrors
      ? { ok: false, message: "summaryTitle", fieldErrors: Object.fromEntries(Object.entries(result.fieldErrors).map(([name, key]) => [name, { key }])), values }
      : { ok: false, message: result.message };
  }
  redirect(`/${formLocale(formData)}/admin/opportunities/${encodeURIComponent(result.id)}/form?done=duplicated`);
}
