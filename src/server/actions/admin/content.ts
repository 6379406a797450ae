"use server";

import { formContentLocale } from "@/i18n/locales";
import { redirect } from "next/navigation";
import type { ZodType } from "zod";
import { formDataToObject, submittedValues, type FormState, fieldErrorsOf } from "@/lib/form-state";
import {
  agreementSchema,
  awardSchema,
  capacitySchema,
  completeObligationSchema,
  type ContentKind,
  CONTENT_KINDS,
  deleteSchema,
  factsSchema,
  figureSchema,
  institutionSchema,
  missionSchema,
  newAgreementSchema,
  obligationSchema,
  opportunitySchema,
  projectSchema,
  publishSchema,
  recordRefSchema,
  sourceSchema,
} from "@/lib/validation/admin/content";
import { withoutNul } from "@/lib/validation/fields";
import { requirePermission } from "../../authz";
import {
  addObligation,
  completeObligation,
  createAgreement,
  deleteAgreement,
  deleteObligation,
  updateAgreement,
  updateObligation,
} from "../../content/agreements";
import { createAward, deleteAward, updateAward } from "../../content/awards";
import { saveFacts } from "../../content/facts";
import { createInstitution, deleteInstitution, updateInstitution } from "../../content/institutions";
import { createMission, deleteMission, updateMission } from "../../content/missions";
import { createOpportunity, deleteOpportunity, removeFigure, setCapacity, setFigure, updateOpportunity } from "../../content/opportunities";
import { createProject, deleteProject, updateProject } from "../../content/projects";
import { setPublished } from "../../content/publishing";
import { createSource, deleteSource, updateSource } from "../../content/sources";
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

/** Create when the form has no id, else update the row at the version the form was opened at. */
async function save<Input>(
  formData: FormData,
  kind: ContentKind,
  schema: ZodType<Input>,
  create: ((input: Input) => Promise<ContentResult>) | null,
  update: ((ref: { id: string; version: string }, input: Input) => Promise<ContentResult>) | null,
  arrayFields: string[] = [],
): Promise<FormState> {
  const parsed = schema.safeParse(formDataToObject(formData, arrayFields));
  if (!parsed.success) return invalid(formData, fieldErrorsOf(parsed.error));
  const editing = field(formData, "id") !== undefined;
  let result: ContentResult;
  if (editing) {
    const ref = refOf(formData);
    if (!ref.success || !update) return badRequest;
    result = await update(ref.data, parsed.data);
  } else {
    if (!create) return badRequest;
    result = await create(parsed.data);
  }
  if (!result.ok) return refused(result, formData);
  redirect(recordPath(formContentLocale(formData), kind, result.id, editing ? "saved" : "created"));
}

export async function saveMissionAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const staff = await requirePermission("content.write");
  return save(formData, "missions", missionSchema, (i) => createMission(staff, i), (r, i) => updateMission(staff, r, i), ["sourceIds"]);
}

export async function saveOpportunityAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const staff = await requirePermission("content.write");
  return save(formData, "opportunities", opportunitySchema, (i) => createOpportunity(staff, i), (r, i) => updateOpportunity(staff, r, i), [
    "sourceIds",
  ]);
}

export async function saveInstitutionAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const staff = await requirePermission("content.write");
  return save(formData, "institutions", institutionSchema, (i) => createInstitution(staff, i), (r, i) => updateInstitution(staff, r, i));
}

export async function saveProjectAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const staff = await requirePermission("content.write");
  return save(formData, "projects", projectSchema, (i) => createProject(staff, i), (r, i) => updateProject(staff, r, i));
}

export async function saveAwardAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const staff = await requirePermission("content.write");
  return save(formData, "awards", awardSchema, (i) => createAward(staff, i), (r, i) => updateAward(staff, r, i));
}

export async function saveSourceAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const staff = await requirePermission("content.write");
  return save(formData, "sources", sourceSchema, (i) => createSource(staff, i), (r, i) => updateSource(staff, r, i));
}

export async function saveAgreementAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const staff = await requirePermission("content.write");
  // A new agreement names its award; an existing one keeps it.
  return field(formData, "id")
    ? save(formData, "agreements", agreementSchema, null, (r, i) => updateAgreement(staff, r, i))
    : save(formData, "agreements", newAgreementSchema, (i) => createAgreement(staff, i), null);
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

async function opportunityPart<Input>(
  formData: FormData,
  schema: ZodType<Input>,
  write: (ref: { id: string; version: string }, input: Input) => Promise<ContentResult>,
  section: string,
): Promise<FormState> {
  const ref = refOf(formData);
  if (!ref.success) return badRequest;
  const parsed = schema.safeParse(formDataToObject(formData));
  if (!parsed.success) return invalid(formData, fieldErrorsOf(parsed.error));
  const result = await write(ref.data, parsed.data);
  if (!result.ok) return refused(result, formData);
  redirect(recordPath(formContentLocale(formData), "opportunities", ref.data.id, "saved", section));
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

async function obligationPart<Input>(
  formData: FormData,
  schema: ZodType<Input>,
  write: (ref: { id: string; version: string }, input: Input) => Promise<ContentResult<{ id: string; agreementId: string }>>,
  done: string,
): Promise<FormState> {
  const ref = refOf(formData);
  if (!ref.success) return badRequest;
  const parsed = schema.safeParse(formDataToObject(formData));
  if (!parsed.success) return invalid(formData, fieldErrorsOf(parsed.error));
  const result = await write(ref.data, parsed.data);
  if (!result.ok) return refused(result, formData);
  redirect(recordPath(formContentLocale(formData), "agreements", result.agreementId, done, "obligations"));
}

const deleters: Record<ContentKind, (staff: Awaited<ReturnType<typeof requirePermission>>, ref: { id: string; version: string }) => Promise<ContentResult>> = {
  missions: deleteMission,
  opportunities: deleteOpportunity,
  institutions: deleteInstitution,
  projects: deleteProject,
  awards: deleteAward,
  agreements: deleteAgreement,
  sources: deleteSource,
};

/** Deletes a record once the confirmation is ticked; refused while other records depend on it. */
export async function deleteRecordAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const staff = await requirePermission("content.write");
  const kind = formData.get("kind");
  const ref = refOf(formData);
  if (!(CONTENT_KINDS as readonly unknown[]).includes(kind) || !ref.success) return badRequest;
  const confirmed = deleteSchema.safeParse(formDataToObject(formData));
  if (!confirmed.success) return invalid(formData, fieldErrorsOf(confirmed.error));
  const result = await deleters[kind as ContentKind](staff, ref.data);
  if (!result.ok) return refused(result, formData);
  redirect(`/${formContentLocale(formData)}/admin/${kind as ContentKind}?done=deleted`);
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
