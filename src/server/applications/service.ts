import "server-only";
import { createHash, randomUUID } from "node:crypto";
import { env } from "@/env";
import { cache } from "react";
import { Prisma } from "@/generated/prisma/client";
import type { ApplicationStatus } from "@/generated/prisma/enums";
import { cleanFileName, newStorageKey } from "@/lib/files";
import { MAX_ATTACHMENT_BYTES, type ApplicationAnswers } from "@/lib/validation/application";
import { fieldErrorsOf, type FieldErrors } from "@/lib/form-state";
import { acceptsUntil, openStageIndex, stageState } from "@/lib/calls/status";
import { changedSince, TYPED_ANSWERS, typedAnswersOf } from "@/lib/calls/answer-revision";
import { isLocale } from "@/i18n/locales";
import { prisma, queryWithLargeValues } from "../db";
import { now } from "../platform/clock";
import { currentDefinition, definitionOf } from "../calls/definitions";
import { firstOverPool, remainingByPool, totalsByPool } from "../calls/pools";
import { attachmentQuestions, pageAnswersSchema, resourceRequests, stageAnswersSchema } from "@/lib/calls/answers";
import { stageOf, type AttachmentQuestion, type CallDefinition, type Page, type Pool } from "@/lib/calls/definition";
import { createDatabaseFileStorage, fileStorage, isStoreFullError, storeFileSql } from "../storage/file-storage";
import { checkAttachment } from "./attachment-checks";
import { consumeRateLimit, RATE_LIMITS } from "../platform/rate-limit";
import { hashToken, looksLikeToken, newAccessToken } from "./tokens";
import { enqueueMail } from "../mail/outbox";
import { applicationLink, resumeLinkMessage, submissionConfirmationMessage, withdrawalConfirmationMessage } from "./notifications";
import { actorOf, changedQuestions, mayChange, mayWithdraw, recordChange, recordPartialSave, openedBy, viewFor } from "./team";


export type Failure =
  | { ok: false; code: "not_found" }
  /** A page the draft's form does not have, or one that takes only files. */
  | { ok: false; code: "unknown_page" }
  | { ok: false; code: "rate_limited"; retryAfterSeconds: number }
  /** `kept`: the step's valid answers were saved as a draft, the invalid ones left out, so the step stays incomplete. */
  | { ok: false; code: "invalid"; fieldErrors: FieldErrors; kept?: boolean }
  /** Saved from a copy of the page older than its saved answers: these questions changed since; nothing was written. */
  | { ok: false; code: "stale"; changed: string[] }
  | { ok: false; code: "not_editable" }
  | { ok: false; code: "incomplete"; missing: string[] }
  /** What the pool has free, in its unit. */
  | { ok: false; code: "over_capacity"; pool: Pool; remaining: number }
  | { ok: false; code: "call_closed" }
  | StoreFull;

/** The upload store has no room: nothing was written. */
export type StoreFull = { ok: false; code: "store_full" };

type Result<T> = ({ ok: true } & T) | Failure;

const stageSelect = { id: true, position: true, titleEn: true, titleZh: true, opensAt: true, closesAt: true, graceMinutes: true } as const;

const applicationInclude = {
  opportunity: { select: { slug: true, titleEn: true, titleZh: true, demonstration: true, timeZone: true } },
  stage: { select: stageSelect },
  attachments: { select: { id: true, kind: true, fileName: true, sizeBytes: true, createdAt: true }, orderBy: { createdAt: "asc" } },
  events: { select: { status: true, at: true }, orderBy: { at: "asc" } },
} satisfies Prisma.ApplicationInclude;

type ApplicationRow = Prisma.ApplicationGetPayload<{ include: typeof applicationInclude }>;

/** What the applicant's pages show: plain data, never the token hash or idempotency key. */
export interface ApplicantView {
  id: string;
  reference: string | null;
  status: ApplicationStatus;
  email: string;
  locale: string;
  /** The language the applicant reads the portal in: their pages and the wording of their mail. */
  interfaceLocale: string;
  /** Saved answers per page of the form. */
  answers: Record<string, unknown>;
  /** The form this draft answers (its stage's pages in the version it started on); null for a call with none. */
  form: { stageKey: string; pages: Page[]; pools: Pool[] } | null;
  /** What the applicant named their proposal, where the form asks (the payload's name): the page's subtitle. */
  title: string | null;
  /** The pages in order, then "check": the flow the applicant walks. */
  steps: string[];
  completedSteps: string[];
  attachments: { id: string; kind: string; fileName: string; sizeBytes: number }[];
  events: { status: ApplicationStatus; at: string }[];
  submittedAt: string | null;
  call: { slug: string; title: { en: string; zh: string }; demonstration: boolean; timeZone: string };
  /** The stage the draft answers, and the last instant it takes the submission (its closing, grace or extension). */
  stage: { title: { en: string; zh: string }; acceptsUntil: string | null } | null;
  /** A draft whose stage has closed: read-only. */
  closed: boolean;
  editable: boolean;
  withdrawable: boolean;
}

const WITHDRAWABLE: ApplicationStatus[] = ["SUBMITTED", "UNDER_REVIEW", "SHORTLISTED"];

/** Whether the application's stage still takes its submission at `at` (the stage's window, grace, and any extension). */
function stageClosed(row: Pick<ApplicationRow, "stage" | "deadlineExtendedTo">, at: Date): boolean {
  return row.stage !== null && stageState(row.stage, at, row.deadlineExtendedTo) !== "open";
}

/** The form a draft answers: the stage it is in, in the version of the call's definition it started on. */
interface DraftForm {
  definition: CallDefinition;
  stageKey: string;
}

type FormRef = Pick<ApplicationRow, "opportunityId" | "definitionId"> & { stage: { position: number } | null };

async function formOf(row: FormRef, db?: Prisma.TransactionClient): Promise<DraftForm | null> {
  const stored = await definitionOf(row, db);
  const stage = stored?.definition.stages[row.stage?.position ?? 0];
  return stored && stage ? { definition: stored.definition, stageKey: stage.key } : null;
}

/** The form an application answers, as its pages show it (for staff pages and receipts too). */
export async function formViewOf(row: FormRef): Promise<ApplicantView["form"]> {
  const form = await formOf(row);
  return form ? { stageKey: form.stageKey, pages: stageOf(form.definition, form.stageKey).form.pages, pools: form.definition.pools } : null;
}

/** Answers are saved per page; the stage's schema reads them as one object keyed by question. */
const flatten = (answers: unknown): Record<string, unknown> =>
  Object.assign({}, ...Object.values((answers ?? {}) as Record<string, unknown>).filter((v) => v && typeof v === "object" && !Array.isArray(v)));

/** The pages of a form that hold questions answered in words (the others hold only files). */
export const isAnswerPage = (page: Page) => page.questions.some((q) => q.type !== "attachment");

/**
 * Whether a page is done: its answers pass its schema, and each required file question has a file of its kind.
 */
function pageComplete(form: DraftForm, page: Page, answers: Record<string, unknown>, attachments: { kind: string }[]): boolean {
  const filesDone = page.questions.every((q) => q.type !== "attachment" || !q.required || attachments.some((a) => a.kind === q.attachmentKind));
  if (!isAnswerPage(page)) return filesDone;
  // Answers typed and not accepted keep the page incomplete, even where the question is optional.
  if (Object.keys(typedAnswersOf(answers[page.key])).length > 0) return false;
  return filesDone && pageAnswersSchema(form.definition, form.stageKey, page.key, { saved: flatten(answers) }).safeParse(answers[page.key]).success;
}

function toView(row: ApplicationRow, form: DraftForm | null): ApplicantView {
  const answers = (row.answers ?? {}) as Record<string, unknown>;
  const pages = form ? stageOf(form.definition, form.stageKey).form.pages : [];
  const completedSteps = pages.filter((page) => pageComplete(form!, page, answers, row.attachments)).map((page) => page.key);
  return {
    id: row.id,
    reference: row.reference,
    status: row.status,
    email: row.email,
    locale: row.locale,
    interfaceLocale: row.interfaceLocale ?? row.locale,
    answers,
    form: form ? { stageKey: form.stageKey, pages, pools: form.definition.pools } : null,
    title: row.payloadName,
    steps: [...pages.map((page) => page.key), "check"],
    completedSteps,
    attachments: row.attachments.map((a) => ({ id: a.id, kind: a.kind, fileName: a.fileName, sizeBytes: a.sizeBytes })),
    events: row.events.map((e) => ({ status: e.status, at: e.at.toISOString() })),
    submittedAt: row.submittedAt?.toISOString() ?? null,
    call: {
      slug: row.opportunity.slug,
      title: { en: row.opportunity.titleEn, zh: row.opportunity.titleZh },
      demonstration: row.opportunity.demonstration,
      timeZone: row.opportunity.timeZone,
    },
    stage: row.stage
      ? { title: { en: row.stage.titleEn, zh: row.stage.titleZh }, acceptsUntil: acceptsUntil(row.stage, row.deadlineExtendedTo)?.toISOString() ?? null }
      : null,
    closed: row.status === "DRAFT" && stageClosed(row, now()),
    editable: row.status === "DRAFT" && !stageClosed(row, now()),
    withdrawable: WITHDRAWABLE.includes(row.status),
  };
}

async function findByToken(token: string) {
  if (!looksLikeToken(token)) return null;
  return openedBy(hashToken(token), (where) => prisma.application.findUnique({ where, include: applicationInclude }));
}

/** Read once per request: the layout and the page of an applicant's step both ask for it. */
export const getApplicantView = cache(async (token: string): Promise<ApplicantView | null> => {
  const row = await findByToken(token);
  return row ? viewFor(toView(row, await formOf(row)), await actorOf(row, token)) : null;
});

/** A published call that takes applications here, with its stages in order; null for any other slug. */
export async function findCall(slug: string) {
  return prisma.opportunity.findFirst({
    where: { slug, published: true, referencePrefix: { not: null }, mission: { published: true } },
    select: { id: true, slug: true, titleEn: true, titleZh: true, demonstration: true, stages: { select: { ...stageSelect, entry: true }, orderBy: { position: "asc" } } },
  });
}

/** The stage a new application enters now: the first open one that takes anyone; null when none does. */
export function entryStage(call: NonNullable<Awaited<ReturnType<typeof findCall>>>, at: Date) {
  const index = openStageIndex(call.stages, at);
  const stage = index >= 0 ? call.stages[index]! : null;
  return stage && stage.entry === "ANYONE" ? stage : null;
}

/** What an application asks of its call's pools, read from its answers against its own version of the form. */
export async function poolRequestsOf(row: FormRef & { answers: Prisma.JsonValue }, db?: Prisma.TransactionClient) {
  const form = await formOf(row, db);
  return form ? resourceRequests(form.definition, form.stageKey, flatten(row.answers)) : [];
}

/** Creates a draft in the call's open stage and returns the secret for its private link, and its form's first page. */
export async function startApplication(input: {
  slug: string;
  email: string;
  locale: string;
  /** The language of the page the applicant started from (one of six); `locale` is its content language. */
  interfaceLocale?: string;
  clientIp: string;
}): Promise<Result<{ token: string; id: string; firstPage: string; call: { en: string; zh: string | null }; mailId: string | null }>> {
  for (const [key, rule] of [
    [`start:ip:${input.clientIp}`, RATE_LIMITS.startPerIp],
    [`start:email:${input.email}`, RATE_LIMITS.startPerEmail],
  ] as const) {
    const limit = await consumeRateLimit(key, rule);
    if (!limit.allowed) return { ok: false, code: "rate_limited", retryAfterSeconds: limit.retryAfterSeconds };
  }
  const call = await findCall(input.slug);
  if (!call) return { ok: false, code: "not_found" };
  const stage = entryStage(call, now());
  if (!stage) return { ok: false, code: "call_closed" };
  const { token, hash } = newAccessToken();
  // The application answers the form as it stands now, whatever staff change later.
  const definition = await currentDefinition(call.id);
  const interfaceLocale = input.interfaceLocale && isLocale(input.interfaceLocale) ? input.interfaceLocale : input.locale;
  const title = { en: call.titleEn, zh: call.titleZh };
  // The resume link's email is written with the draft: a draft that exists always has its link on the way.
  const mail = await resumeLinkMessage({ email: input.email, locale: input.locale, interfaceLocale, call: title }, applicationLink(token, interfaceLocale));
  const { row, mailId } = await prisma.$transaction(async (tx) => {
    const row = await tx.application.create({
      data: {
        opportunityId: call.id,
        stageId: stage.id,
        definitionId: definition?.id ?? null,
        email: input.email,
        locale: input.locale,
        interfaceLocale,
        accessTokenHash: hash,
        events: { create: { status: "DRAFT" } },
      },
      select: { id: true },
    });
    return { row, mailId: await enqueueMail(tx, { ...mail, applicationId: row.id }) };
  });
  const firstPage = definition?.definition.stages[stage.position]?.form.pages[0]?.key ?? "";
  return { ok: true, token, id: row.id, firstPage, call: title, mailId };
}

type DenormalizedColumns = Pick<Prisma.ApplicationUncheckedCreateInput, "leadInstitution" | "leadCountry" | "payloadName" | "carrier" | "massKg">;

/** The columns copied from one step's answers, for a new application or an update. */
export function denormalized(step: string, data: Record<string, unknown>): DenormalizedColumns {
  if (step === "lead") return { leadInstitution: data.institutionName as string, leadCountry: (data.country as string | undefined) ?? null };
  if (step === "payload") return { payloadName: data.payloadName as string, carrier: data.carrier as "ORBITER", massKg: data.massKg as number };
  return {};
}

/** Reads a posted form, given the fields that carry several values (a multiple choice's boxes). */
export type FormReader = (multiValued: string[]) => unknown;

/**
 * Validates one page of a draft against the call's form (in the language it was typed in, for decimal numbers) and
 * saves it; an amount asked of a pool is refused beyond what the pool has free.
 */
export async function saveApplicationStep(
  token: string,
  step: string,
  input: unknown | FormReader,
  locale = "en",
  options: StepSaveOptions = {},
): Promise<Result<{ view: ApplicantView }>> {
  const row = await findByToken(token);
  if (!row) return { ok: false, code: "not_found" };
  if (row.status !== "DRAFT" || !(await mayChange(row, token))) return { ok: false, code: "not_editable" };
  if (stageClosed(row, now())) return { ok: false, code: "call_closed" };
  const form = await formOf(row);
  const page = form && stageOf(form.definition, form.stageKey).form.pages.find((p) => p.key === step);
  if (!form || !page || !isAnswerPage(page)) return { ok: false, code: "unknown_page" };
  const savedPage = ((row.answers ?? {}) as Record<string, unknown>)[step];
  if (options.revision !== undefined) {
    const changed = changedSince(options.revision, savedPage, answerKeysOf(page));
    if (changed.length > 0) return { ok: false, code: "stale", changed };
  }
  const posted = typeof input === "function" ? (input as FormReader)(page.questions.filter((q) => q.type === "multipleChoice").map((q) => q.key)) : input;
  const schema = pageAnswersSchema(form.definition, form.stageKey, step, { locale, saved: flatten(row.answers) });
  const parsed = schema.safeParse(posted);
  if (!parsed.success) {
    const fieldErrors = fieldErrorsOf(parsed.error);
    if (!options.keepValid) return { ok: false, code: "invalid", fieldErrors };
    return recordPartialSave(row, token, step, await keepValidAnswers(row, form, page, schema, posted, fieldErrors));
  }
  const data = parsed.data as Record<string, unknown>;
  const requests = resourceRequests(form.definition, form.stageKey, data);
  if (requests.length > 0) {
    const remaining = await remainingByPool({ id: row.opportunityId });
    const asked = totalsByPool(requests);
    const over = requests.find((r) => asked.find((a) => a.pool === r.pool)!.amount.greaterThan(remaining[r.pool] ?? 0));
    if (over) return { ok: false, code: "invalid", fieldErrors: { [over.field]: "overCapacity" } };
  }
  const answers = { ...((row.answers ?? {}) as object), [step]: data };
  const updated = await prisma.application.update({
    where: { id: row.id },
    data: { answers: answers as Prisma.InputJsonValue, ...denormalized(step, data) },
    include: applicationInclude,
  });
  await recordChange(row, token, { action: "save", pageKey: step, questionKeys: changedQuestions((row.answers as Record<string, unknown> | null)?.[step], data) });
  return { ok: true, view: toView(updated, form) };
}

/** How the applicant's form saves a step, beyond what the API does. */
export interface StepSaveOptions {
  /** The page's revision as the form loaded it (`pageRevision`): a save from an older copy is refused. */
  revision?: string;
  /** On invalid answers, save the valid ones as a draft (the step stays incomplete) rather than nothing. */
  keepValid?: boolean;
}

const answerKeysOf = (page: Page) => page.questions.filter((q) => q.type !== "attachment").map((q) => q.key);

/**
 * Saves a step's answers that pass their own question's check, replacing the page's saved answers: the questions in
 * error are left unanswered, so the page is incomplete and the check page and submission refuse it until corrected.
 */
async function keepValidAnswers(
  row: ApplicationRow,
  form: DraftForm,
  page: Page,
  schema: ReturnType<typeof pageAnswersSchema>,
  posted: unknown,
  fieldErrors: FieldErrors,
): Promise<Failure> {
  const shape = (schema as unknown as { in?: { shape?: Record<string, { safeParse: (v: unknown) => { success: boolean; data?: unknown } }> } }).in?.shape;
  const values = (posted && typeof posted === "object" ? posted : {}) as Record<string, unknown>;
  const failed = new Set(Object.keys(fieldErrors).map((path) => path.split(".")[0]));
  const kept: Record<string, unknown> = {};
  const typed: Record<string, unknown> = {};
  for (const key of answerKeysOf(page)) {
    const one = failed.has(key) ? null : shape?.[key]?.safeParse(values[key]);
    if (one?.success && one.data !== undefined) kept[key] = one.data;
    else if (!one?.success && values[key] !== undefined && values[key] !== "") typed[key] = values[key];
  }
  const requests = resourceRequests(form.definition, form.stageKey, kept);
  if (requests.length > 0) {
    const remaining = await remainingByPool({ id: row.opportunityId });
    const asked = totalsByPool(requests);
    for (const r of requests) {
      if (!asked.find((a) => a.pool === r.pool)!.amount.greaterThan(remaining[r.pool] ?? 0)) continue;
      const key = r.field.split(".")[0]!;
      typed[key] = values[key];
      delete kept[key];
      fieldErrors[r.field] ??= "overCapacity";
    }
  }
  if (Object.keys(typed).length > 0) kept[TYPED_ANSWERS] = typed;
  const answers = { ...((row.answers ?? {}) as object), [page.key]: kept };
  await prisma.application.update({ where: { id: row.id }, data: { answers: answers as Prisma.InputJsonValue } });
  return { ok: false, code: "invalid", fieldErrors, kept: true };
}

/** An uploaded file as it arrived: its bytes, and the name and media type the client gave, which are only checked and displayed. */
export interface UploadedFile {
  /** The attachmentKind of the file question it answers. */
  kind: string;
  fileName: string;
  /** The declared media type; absent or "" when the client declared none. */
  type?: string;
  bytes: Uint8Array;
}

/** Why a file may not answer a file question of the form, before its content is looked at; null when it may. */
export function attachmentRefusal(question: AttachmentQuestion | undefined, sizeBytes: number, alreadyAttached: number): string | null {
  if (!question) return "invalidRequest";
  // Beyond what any question takes, the message names the portal's own limit.
  if (sizeBytes > question.maxBytes) return sizeBytes > MAX_ATTACHMENT_BYTES ? "fileTooLarge" : "fileTooLargeForQuestion";
  // A question of one file takes a new one in place of the old; others take up to their number.
  if (question.maxFiles > 1 && alreadyAttached >= question.maxFiles) return "tooManyFiles";
  return null;
}

/**
 * Stores an uploaded file for one of the form's file questions if it passes the question's limits and
 * checkAttachment; for a question of one file, the new file replaces the old one.
 */
export async function addAttachment(token: string, input: UploadedFile): Promise<Result<{ attachmentId: string }>> {
  const row = await findByToken(token);
  if (!row) return { ok: false, code: "not_found" };
  if (row.status !== "DRAFT" || !(await mayChange(row, token))) return { ok: false, code: "not_editable" };
  if (stageClosed(row, now())) return { ok: false, code: "call_closed" };
  const form = await formOf(row);
  const question = form ? attachmentQuestions(form.definition, form.stageKey).find((q) => q.attachmentKind === input.kind) : undefined;
  const attached = row.attachments.filter((a) => a.kind === input.kind);
  const refusal = attachmentRefusal(question, input.bytes.byteLength, attached.length);
  if (refusal) return { ok: false, code: "invalid", fieldErrors: { [question ? "file" : "kind"]: question ? refusal : "chooseOne" } };
  const fileError = await checkAttachment({ bytes: input.bytes, name: input.fileName, type: input.type ?? "" });
  if (fileError) return { ok: false, code: "invalid", fieldErrors: { file: fileError } };
  const replaced = question!.maxFiles === 1 ? attached.map((a) => a.id) : [];
  const stored = await storeAttachment(input, { applicationId: row.id }, replaced);
  if (!stored.ok) return stored;
  await recordChange(row, token, { action: "upload", subject: input.kind });
  return { ok: true, attachmentId: stored.attachment.id };
}

// Long enough for PGlite, which runs one transaction at a time, to finish the ones queued before this.
const STORE_TRANSACTION = { maxWait: 15_000, timeout: 30_000 };

/**
 * Stores a checked file and its Attachment row in one transaction, after removing the attachments it replaces:
 * a full store (its limit, or the database out of space) leaves everything as it was.
 * The storage key is made here, never from anything the client sent.
 */
export async function storeAttachment(
  input: Pick<UploadedFile, "kind" | "fileName" | "bytes">,
  owner: { applicationId?: string; uploadTokenHash?: string },
  replacing: string[] = [],
): Promise<{ ok: true; attachment: { id: string; fileName: string; sizeBytes: number } } | StoreFull> {
  const storageKey = newStorageKey();
  const row = {
    kind: input.kind,
    fileName: cleanFileName(input.fileName),
    sizeBytes: input.bytes.byteLength,
    sha256: createHash("sha256").update(input.bytes).digest("hex"),
    storageKey,
    applicationId: owner.applicationId ?? null,
    uploadTokenHash: owner.uploadTokenHash ?? null,
  };
  try {
    // Nothing to replace and no limit to measure against: the bytes and their row in one statement, all or nothing.
    if (replacing.length === 0 && env.UPLOAD_STORE_LIMIT_BYTES === undefined) {
      const [attachment] = await queryWithLargeValues<{ id: string; fileName: string; sizeBytes: number }>(Prisma.sql`
        WITH file AS (${storeFileSql(storageKey, input.bytes)})
        INSERT INTO "Attachment" ("id", "kind", "fileName", "sizeBytes", "sha256", "storageKey", "applicationId", "uploadTokenHash", "createdAt")
        VALUES (${randomUUID()}, ${row.kind}, ${row.fileName}, ${row.sizeBytes}::int, ${row.sha256}, ${storageKey},
          ${row.applicationId}, ${row.uploadTokenHash}, now() AT TIME ZONE 'UTC')
        RETURNING "id", "fileName", "sizeBytes"`);
      return { ok: true, attachment: attachment! };
    }
    const attachment = await prisma.$transaction(async (tx) => {
      for (const id of replacing) await deleteAttachment(tx, id);
      await createDatabaseFileStorage(tx).put(storageKey, input.bytes);
      return tx.attachment.create({ data: row, select: { id: true, fileName: true, sizeBytes: true } });
    }, STORE_TRANSACTION);
    return { ok: true, attachment };
  } catch (error) {
    if (isStoreFullError(error)) return { ok: false, code: "store_full" };
    throw error;
  }
}

/** Deletes an attachment's row and its bytes together. */
async function deleteAttachment(tx: Prisma.TransactionClient, id: string) {
  const attachment = await tx.attachment.delete({ where: { id }, select: { storageKey: true } });
  await createDatabaseFileStorage(tx).remove(attachment.storageKey);
}

export async function removeAttachment(token: string, attachmentId: string): Promise<Result<object>> {
  const row = await findByToken(token);
  if (!row) return { ok: false, code: "not_found" };
  if (row.status !== "DRAFT" || !(await mayChange(row, token))) return { ok: false, code: "not_editable" };
  if (stageClosed(row, now())) return { ok: false, code: "call_closed" };
  const removed = row.attachments.find((a) => a.id === attachmentId);
  if (!removed) return { ok: false, code: "not_found" };
  await prisma.$transaction((tx) => deleteAttachment(tx, attachmentId), STORE_TRANSACTION);
  await recordChange(row, token, { action: "removeFile", subject: removed.kind });
  return { ok: true };
}

/** A stored attachment's bytes, for its own applicant only. */
export async function readAttachment(token: string, attachmentId: string) {
  const row = await findByToken(token);
  const attachment = row?.attachments.find((a) => a.id === attachmentId);
  if (!row || !attachment) return null;
  const stored = await prisma.attachment.findUniqueOrThrow({ where: { id: attachmentId }, select: { storageKey: true } });
  const bytes = await fileStorage().get(stored.storageKey);
  return bytes ? { fileName: attachment.fileName, bytes } : null;
}

/** What a draft still lacks before it can be submitted: page keys. */
export function missingSteps(view: Pick<ApplicantView, "completedSteps" | "steps">): string[] {
  return view.steps.filter((s) => s !== "check" && !view.completedSteps.includes(s));
}

/**
 * Submits a complete draft once: the same idempotency key returns the same reference, and the carrier's
 * free capacity is checked under a row lock so that concurrent submissions cannot both pass a stale check.
 */
export async function submitApplication(
  token: string,
  idempotencyKey: string,
  /** The language of the status link in the confirmation email; the applicant's own by default. */
  linkLocale?: string,
): Promise<SubmissionResult> {
  const row = await findByToken(token);
  if (!row) return { ok: false, code: "not_found" };
  if (!(await mayChange(row, token))) return { ok: false, code: "not_editable" };
  const submitted = await finalizeSubmission(row.id, idempotencyKey, applicationLink(token, linkLocale ?? row.interfaceLocale ?? row.locale));
  if (submitted.ok && submitted.firstTime) await recordChange(row, token, { action: "submit" });
  return submitted;
}

/** `mailId`: the confirmation email written with a first submission, for the caller to send at once. */
type SubmissionResult = Result<{ reference: string; applicationId: string; firstTime: boolean; mailId?: string | null }>;

/**
 * Submits and writes the confirmation email (with its private `statusUrl`) in one transaction. Pass `tx` to submit
 * inside a caller's transaction, whose rollback then undoes everything the caller wrote too, the email included.
 */
export async function finalizeSubmission(applicationId: string, idempotencyKey: string, statusUrl: string, tx?: Prisma.TransactionClient): Promise<SubmissionResult> {
  if (tx) return finalizeInTransaction(tx, applicationId, idempotencyKey, statusUrl);
  try {
    return await prisma.$transaction((tx) => finalizeInTransaction(tx, applicationId, idempotencyKey, statusUrl));
  } catch (error) {
    // A retry with a key another application already used: answer as for that application.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      const existing = await prisma.application.findUnique({ where: { idempotencyKey } });
      if (existing?.reference) return { ok: true, reference: existing.reference, applicationId: existing.id, firstTime: false };
    }
    throw error;
  }
}

async function finalizeInTransaction(tx: Prisma.TransactionClient, applicationId: string, idempotencyKey: string, statusUrl: string): Promise<SubmissionResult> {
  await tx.$queryRaw`SELECT id FROM "Application" WHERE id = ${applicationId} FOR UPDATE`;
  const app = await tx.application.findUniqueOrThrow({ where: { id: applicationId }, include: applicationInclude });
  if (app.reference && (app.idempotencyKey === idempotencyKey || app.status !== "DRAFT")) {
    return { ok: true as const, reference: app.reference, applicationId: app.id, firstTime: false };
  }
  if (app.status !== "DRAFT") return { ok: false as const, code: "not_editable" as const };
  // The deadline is the stage's closing (plus grace, or this applicant's extension), checked at the instant of submission.
  const at = now();
  if (!app.stage || stageClosed(app, at)) return { ok: false as const, code: "call_closed" as const };
  const { referencePrefix } = await tx.opportunity.findUniqueOrThrow({ where: { id: app.opportunityId }, select: { referencePrefix: true } });
  if (!referencePrefix) return { ok: false as const, code: "call_closed" as const };
  const form = await formOf(app, tx);
  const view = toView(app, form);
  const missing = missingSteps(view);
  if (!form) return { ok: false as const, code: "call_closed" as const };
  const answers = stageAnswersSchema(form.definition, form.stageKey).safeParse(flatten(app.answers));
  if (missing.length > 0 || !answers.success) return { ok: false as const, code: "incomplete" as const, missing };
  const over = await firstOverPool(tx, app.opportunityId, resourceRequests(form.definition, form.stageKey, answers.data as Record<string, unknown>));
  if (over) {
    const pool = form.definition.pools.find((p) => p.key === over.pool)!;
    return { ok: false as const, code: "over_capacity" as const, pool, remaining: over.remaining };
  }
  const reference = await nextReference(tx, referencePrefix, at.getUTCFullYear());
  await tx.application.update({
    where: { id: app.id },
    data: { status: "SUBMITTED", reference, idempotencyKey, submittedAt: at, events: { create: { status: "SUBMITTED", at } } },
  });
  // Rendered here, since the reference is only now known; the catalogue is already loaded, so it costs microseconds.
  const confirmation = await submissionConfirmationMessage(
    { ...app, reference, call: { en: app.opportunity.titleEn, zh: app.opportunity.titleZh } },
    statusUrl,
    at,
  );
  const mailId = await enqueueMail(tx, { ...confirmation, applicationId: app.id });
  return { ok: true as const, reference, applicationId: app.id, firstTime: true, mailId };
}

/**
 * The statement that takes the next number of a call's references for a year and returns the reference made of it
 * (e.g. TW3-2026-000123); with `when`, it takes one only where that condition holds, so a larger statement can
 * take it in the same step as the row it names.
 */
export function takeReferenceSql(prefix: string, year: number, when: Prisma.Sql = Prisma.sql`true`): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO "ReferenceCounter" ("prefix", "year", "last") SELECT ${prefix}, ${year}::int, 1 WHERE ${when}
    ON CONFLICT ("prefix", "year") DO UPDATE SET "last" = "ReferenceCounter"."last" + 1
    RETURNING "prefix" || '-' || "year"::text || '-' || CASE WHEN length("last"::text) >= 6 THEN "last"::text ELSE lpad("last"::text, 6, '0') END AS "reference"`;
}

async function nextReference(tx: Prisma.TransactionClient, prefix: string, year: number): Promise<string> {
  const rows = await tx.$queryRaw<{ reference: string }[]>(takeReferenceSql(prefix, year));
  return rows[0]!.reference;
}

/** Withdraws and writes the confirmation email in one transaction; `linkLocale` as for submitApplication. */
export async function withdrawApplication(token: string, linkLocale?: string): Promise<Result<{ reference: string; mailId: string | null }>> {
  const row = await findByToken(token);
  if (!row) return { ok: false, code: "not_found" };
  if (!WITHDRAWABLE.includes(row.status) || !row.reference || !(await mayWithdraw(row, token))) return { ok: false, code: "not_editable" };
  const now = new Date();
  const mail = await withdrawalConfirmationMessage(
    { ...row, call: { en: row.opportunity.titleEn, zh: row.opportunity.titleZh } },
    applicationLink(token, linkLocale ?? row.interfaceLocale ?? row.locale),
  );
  const withdrawn = await prisma.$transaction(async (tx) => {
    const updated = await tx.application.updateMany({
      where: { id: row.id, status: { in: WITHDRAWABLE } },
      data: { status: "WITHDRAWN", withdrawnAt: now },
    });
    if (updated.count === 0) return null;
    await tx.applicationEvent.create({ data: { applicationId: row.id, status: "WITHDRAWN", at: now } });
    return { mailId: await enqueueMail(tx, { ...mail, applicationId: row.id }) };
  });
  if (!withdrawn) return { ok: false, code: "not_editable" };
  await recordChange(row, token, { action: "withdraw" });
  return { ok: true, reference: row.reference, mailId: withdrawn.mailId };
}

export type { ApplicationAnswers };
