"use server";

import { formContentLocale } from "@/i18n/locales";
import { redirect } from "next/navigation";
import type { ZodType } from "zod";
import { formDataToObject, submittedValues, type FormState, fieldErrorsOf, withoutNul } from "@/lib/form-state";
import { CONTENT_KINDS, type ContentKind, isContentKind } from "@/lib/content-kinds";
import {
  callStageSchema,
  capacitySchema,
  completeObligationSchema,
  deleteSchema,
  factsSchema,
  figureSchema,
  moveStageSchema,
  obligationSchema,
  publishSchema,
  recordRefSchema,
} from "@/lib/validation/admin/content";
import { requirePermission } from "../../authz";
import { addObligation, completeObligation, deleteObligation, updateObligation } from "../../content/agreements";
import { saveFacts } from "../../content/facts";
import { removeFigure, setCapacity, setFigure } from "../../content/opportunities";
import { CONTENT_STORES, createContent, deleteContent, setPublished, updateContent } from "../../content/repository";
import { addStage, moveStage, removeStage, updateStage } from "../../content/stages";
import type { ContentResult } from "../../content/write";

// Every action: content.write first, then the shared schema, then the service (write + audit in one transaction,
// then revalidation), then back to the record's page. Ids travel in hidden fields: bound actions hang on posts
// sent without JavaScript.

const field = (formData: FormData, name: string) => {
  const value = formData.get(name);
  return typeof value === "string" && value !== "" ? withoutNul(value) : undefined;
};
const refOf = (formData: FormData) => recordRefSchema.safeParse({ id: field(formData, "id"), version: field(formData, "version") });

const invalid = (formData: FormData, fieldErrors: FormState["fieldErrors"]): FormState => ({
  ok: false,
  message: "summaryTitle",
  fieldErrors,
  values: submittedValues(formData),
});
const badRequest: FormState = { ok: false, message: "invalidRequest" };

function refused(result: Exclude<ContentResult<object>, { ok: true }>, formData: FormData): FormState {
  return { ok: false, message: result.message, fieldErrors: result.fieldErrors, values: submittedValues(formData) };
}

const recordPath = (locale: string, kind: ContentKind, id: string, done: string, section = "") =>
  `/${locale}/admin/${kind}/${id}?done=${done}${section ? `#${section}` : ""}`;

// A record's own fields may be called "kind" (an opportunity's, a project's), so the save form names it "contentKind".
const kindOf = (formData: FormData, field: "kind" | "contentKind"): ContentKind | null => {
  const kind = formData.get(field);
  return isContentKind(kind) ? kind : null;
};

/** Any kind's form: create when it has no id, else update the row at the version the form was opened at. */
export async function saveContentAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const kind = kindOf(formData, "contentKind");
  const staff = await requirePermission(kind ? CONTENT_KINDS[kind].permissions.write : "content.write");
  if (!kind) return badRequest;
  const store = CONTENT_STORES[kind];
  const editing = field(formData, "id") !== undefined;
  const schema = (editing ? store.schema : (store as { createSchema?: typeof store.schema }).createSchema ?? store.schema) as ZodType<never>;
  const parsed = schema.safeParse(formDataToObject(formData, (store as { arrayFields?: string[] }).arrayFields ?? []));
  if (!parsed.success) return invalid(formData, fieldErrorsOf(parsed.error));
  let result: ContentResult;
  if (editing) {
    const ref = refOf(formData);
    if (!ref.success) return badRequest;
    result = await updateContent(staff, kind, ref.data, parsed.data);
  } else {
    result = await createContent(staff, kind, parsed.data);
  }
  if (!result.ok) return refused(result, formData);
  redirect(recordPath(formContentLocale(formData), kind, result.id, editing ? "saved" : "created"));
}

/** A mission's or an opportunity's facts, saved as one list. */
export async function saveFactsAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const staff = await requirePermission("content.write");
  const owner = formData.get("owner");
  const ref = refOf(formData);
  if ((owner !== "mission" && owner !== "opportunity") || !ref.success) return badRequest;
  const parsed = factsSchema.safeParse(formDataToObject(formData));
  if (!parsed.success) return invalid(formData, fieldErrorsOf(parsed.error));
  const result = await saveFacts(staff, owner, ref.data, parsed.data);
  if (!result.ok) return refused(result, formData);
  redirect(recordPath(formContentLocale(formData), owner === "mission" ? "missions" : "opportunities", ref.data.id, "saved", "facts"));
}

/** Sets one carrier's payload capacity on an opportunity. */
export async function setCapacityAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const staff = await requirePermission("content.write");
  return opportunityPart(formData, capacitySchema, (ref, input) => setCapacity(staff, ref, input), "capacities");
}

/** Publishes (or corrects) one result figure of an opportunity. */
export async function setFigureAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const staff = await requirePermission("content.write");
  return opportunityPart(formData, figureSchema, (ref, input) => setFigure(staff, ref, input), "figures");
}

export async function removeFigureAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const staff = await requirePermission("content.write");
  const figureId = field(formData, "figureId");
  if (!figureId) return badRequest;
  return opportunityPart(formData, deleteSchema, (ref) => removeFigure(staff, ref, figureId), "figures");
}

/** Adds a stage after the call's last one. */
export async function addStageAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const staff = await requirePermission("content.write");
  return opportunityPart(formData, callStageSchema, (ref, input) => addStage(staff, ref, input), "stages", "created");
}

export async function updateStageAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const staff = await requirePermission("content.write");
  const stageId = field(formData, "stageId");
  if (!stageId) return badRequest;
  return opportunityPart(formData, callStageSchema, (ref, input) => updateStage(staff, ref, stageId, input), "stages");
}

/** Removes a stage after a ticked confirmation; refused while applications are in it. */
export async function removeStageAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const staff = await requirePermission("content.write");
  const stageId = field(formData, "stageId");
  if (!stageId) return badRequest;
  return opportunityPart(formData, deleteSchema, (ref) => removeStage(staff, ref, stageId), "stages", "deleted");
}

/** Moves a stage one place up or down: the button pressed carries the direction. */
export async function moveStageAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const staff = await requirePermission("content.write");
  const stageId = field(formData, "stageId");
  if (!stageId) return badRequest;
  return opportunityPart(formData, moveStageSchema, (ref, input) => moveStage(staff, ref, stageId, input.direction), "stages");
}

/** A part of an opportunity (a capacity, a figure, a stage), saved at the opportunity's version; back to its section. */
function opportunityPart<Input>(
  formData: FormData,
  schema: ZodType<Input>,
  write: (ref: { id: string; version: string }, input: Input) => Promise<ContentResult>,
  section: string,
  done = "saved",
): Promise<FormState> {
  return savePart(formData, schema, write, (ref) => recordPath(formContentLocale(formData), "opportunities", ref.id, done, section));
}

export async function addObligationAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const staff = await requirePermission("content.write");
  const agreementId = field(formData, "agreementId");
  if (!agreementId) return badRequest;
  const parsed = obligationSchema.safeParse(formDataToObject(formData));
  if (!parsed.success) return invalid(formData, fieldErrorsOf(parsed.error));
  const result = await addObligation(staff, agreementId, parsed.data);
  if (!result.ok) return refused(result, formData);
  redirect(recordPath(formContentLocale(formData), "agreements", agreementId, "created", "obligations"));
}

export async function updateObligationAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const staff = await requirePermission("content.write");
  return obligationPart(formData, obligationSchema, (ref, input) => updateObligation(staff, ref, input), "saved");
}

/** Marks an obligation met: today, or the day given. */
export async function completeObligationAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const staff = await requirePermission("content.write");
  return obligationPart(formData, completeObligationSchema, (ref, input) => completeObligation(staff, ref, input.completedOn), "completed");
}

export async function deleteObligationAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const staff = await requirePermission("content.write");
  return obligationPart(formData, deleteSchema, (ref) => deleteObligation(staff, ref), "deleted");
}

/** An agreement's obligation, saved at its own version; back to the agreement's obligations. */
function obligationPart<Input>(
  formData: FormData,
  schema: ZodType<Input>,
  write: (ref: { id: string; version: string }, input: Input) => Promise<ContentResult<{ id: string; agreementId: string }>>,
  done: string,
): Promise<FormState> {
  return savePart(formData, schema, write, (_ref, result) => recordPath(formContentLocale(formData), "agreements", result.agreementId, done, "obligations"));
}

/** The record's reference, the shared schema, the write; then the address to go back to. */
async function savePart<Input, Saved extends object>(
  formData: FormData,
  schema: ZodType<Input>,
  write: (ref: { id: string; version: string }, input: Input) => Promise<ContentResult<Saved>>,
  back: (ref: { id: string; version: string }, saved: Saved) => string,
): Promise<FormState> {
  const ref = refOf(formData);
  if (!ref.success) return badRequest;
  const parsed = schema.safeParse(formDataToObject(formData));
  if (!parsed.success) return invalid(formData, fieldErrorsOf(parsed.error));
  const result = await write(ref.data, parsed.data);
  if (!result.ok) return refused(result, formData);
  redirect(back(ref.data, result));
}

/** Deletes a record once the confirmation is ticked; refused while other records depend on it. */
export async function deleteRecordAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const kind = kindOf(formData, "kind");
  const staff = await requirePermission(kind ? CONTENT_KINDS[kind].permissions.write : "content.write");
  const ref = refOf(formData);
  if (!kind || !ref.success) return badRequest;
  const confirmed = deleteSchema.safeParse(formDataToObject(formData));
  if (!confirmed.success) return invalid(formData, fieldErrorsOf(confirmed.error));
  const result = await deleteContent(staff, kind, ref.data);
  if (!result.ok) return refused(result, formData);
  redirect(`/${formContentLocale(formData)}/admin/${kind}?done=deleted`);
}

/** Publishes a draft or takes a record off the public pages: a button of its own, audited as such. */
export async function publishAction(formData: FormData): Promise<void> {
  const staff = await requirePermission("content.write");
  const parsed = publishSchema.safeParse(formDataToObject(formData));
  if (!parsed.success) redirect(`/${formContentLocale(formData)}/admin`);
  const { kind, id, publish } = parsed.data;
  const result = await setPublished(staff, kind, id, publish);
  redirect(
    result.ok
      ? recordPath(formContentLocale(formData), kind, id, publish ? "published" : "unpublished")
      : `/${formContentLocale(formData)}/admin/${kind}?done=notFound`,
  );
}
