import "server-only";
import { isDeepStrictEqual } from "node:util";
import { Prisma } from "@/generated/prisma/client";
import type { Pool } from "@/lib/calls/definition";
import type { ApiIssue } from "@/lib/validation/api";
import { attachmentQuestions, stageAnswersSchema } from "@/lib/calls/answers";
import { stageOf, type AttachmentQuestion, type CallDefinition } from "@/lib/calls/definition";
import {
  applicationApiIssues,
  callSubmissionSchema,
  describeMessage,
  IDEMPOTENCY_KEY_HEADER,
  idempotencyKeySchema,
  SUBMISSION_ENVELOPE,
  uploadFormSchema,
  type CallSubmission,
} from "@/lib/validation/application-api";
import { prisma } from "../db";
import { deliverNow } from "../jobs/runner";
import { applicationLink } from "./notifications";
import { decisionReleased, statusForApplicant } from "./applicant-status";
import { consumeRateLimit, RATE_LIMITS } from "../platform/rate-limit";
import { checkAttachment } from "./attachment-checks";
import { attachmentRefusal, denormalized, entryStage, finalizeSubmission, findCall, storeAttachment, type StoreFull } from "./service";
import { now } from "../platform/clock";
import { currentDefinition } from "../calls/definitions";
import { hashToken, newAccessToken } from "./tokens";

// Partners submit a complete application in one request: PDFs first (POST /api/v1/uploads), then the answers
// with the uploads' ids and tokens. The web form's rules apply; the difference is that nothing is kept unless
// the whole submission succeeds.

type RateLimited = { ok: false; code: "rate_limited"; retryAfterSeconds: number };
type Invalid = { ok: false; code: "invalid"; issues: ApiIssue[] };

export type ApiSubmissionFailure =
  | RateLimited
  | Invalid
  | { ok: false; code: "unknown_uploads"; issues: ApiIssue[] }
  | { ok: false; code: "idempotency_key_reused" }
  | { ok: false; code: "over_capacity"; pool: Pool; remaining: number }
  | { ok: false; code: "call_closed" }
  | { ok: false; code: "not_found" };

export type ApiSubmissionResult =
  | {
      ok: true;
      /** False when this answers a retry of a submission already made with the same idempotency key. */
      firstTime: boolean;
      applicationId: string;
      reference: string;
      status: string;
      /** The private status link; only the first answer has it, since only its hash is stored. */
      statusUrl: string | null;
    }
  | ApiSubmissionFailure;

type ChecksBusy = { ok: false; code: "checks_busy" };
export type ApiUploadResult = { ok: true; uploadId: string; uploadToken: string; fileName: string; sizeBytes: number } | Invalid | StoreFull | ChecksBusy;

async function rateLimit(key: string): Promise<RateLimited | null> {
  const limit = await consumeRateLimit(key, RATE_LIMITS.submitPerIp);
  return limit.allowed ? null : { ok: false, code: "rate_limited", retryAfterSeconds: limit.retryAfterSeconds };
}

/** Counts an upload attempt from this address; called before the body is read, so refused clients cost little. */
export const limitApiUploads = (clientIp: string) => rateLimit(`api-upload:ip:${clientIp}`);

/** Stores a PDF not yet attached to anything; its token, shown once, is what later proves the right to attach it. */
export async function createApiUpload(fields: { kind: unknown; file: unknown }): Promise<ApiUploadResult> {
  const parsed = uploadFormSchema.safeParse(fields);
  if (!parsed.success) return { ok: false, code: "invalid", issues: applicationApiIssues(parsed.error) };
  const { kind, file } = parsed.data;
  const bytes = new Uint8Array(await file.arrayBuffer());
  const fileError = await checkAttachment({ bytes, name: file.name, type: file.type });
  // A full check queue says nothing about the file: the client should send it again, not change it.
  if (fileError === "fileCheckBusy") return { ok: false, code: "checks_busy" };
  if (fileError) return { ok: false, code: "invalid", issues: [{ path: ["file"], message: describeMessage(fileError) }] };
  const { token, hash } = newAccessToken();
  const stored = await storeAttachment({ kind, fileName: file.name, bytes }, { uploadTokenHash: hash });
  if (!stored.ok) return stored;
  const { id, fileName, sizeBytes } = stored.attachment;
  return { ok: true, uploadId: id, uploadToken: token, fileName, sizeBytes };
}

/** The pages of answers in a submission, as a draft keeps them. */
const answersOf = (body: CallSubmission): Record<string, unknown> =>
  Object.fromEntries(Object.entries(body).filter(([key]) => !(SUBMISSION_ENVELOPE as readonly string[]).includes(key)));

/**
 * What the stage's schema finds across pages (conditions on another page's answer, rules between pages), reported
 * at the page and question it concerns.
 */
function stageIssues(definition: CallDefinition, stageKey: string, body: CallSubmission): ApiIssue[] {
  const answers = answersOf(body);
  const checked = stageAnswersSchema(definition, stageKey).safeParse(Object.assign({}, ...Object.values(answers)));
  if (checked.success) return [];
  const pageOf = (question: unknown) => stageOf(definition, stageKey).form.pages.find((p) => p.questions.some((q) => q.key === question))?.key;
  return applicationApiIssues(checked.error).map((issue) => ({ ...issue, path: [pageOf(issue.path[0]) ?? "answers", ...issue.path] }));
}

/** Thrown inside the transaction to roll back everything it wrote, then returned as the answer. */
class Refusal extends Error {
  constructor(readonly failure: ApiSubmissionFailure) {
    super(failure.code);
  }
}

// Long enough for PGlite, which runs one transaction at a time, to finish the ones queued before this.
const TRANSACTION_OPTIONS = { maxWait: 15_000, timeout: 20_000 };


/**
 * Validates, creates and submits an application with its uploads and its confirmation email in one transaction,
 * then sends the email at once.
 * The same idempotency key with the same body answers the first result again and writes nothing.
 */
export async function submitCompleteApplication(input: {
  slug: string;
  body: unknown;
  idempotencyKey: string | null | undefined;
  clientIp: string;
}): Promise<ApiSubmissionResult> {
  const limited = await rateLimit(`api-submit:ip:${input.clientIp}`);
  if (limited) return limited;

  // A call that is closed answers so before anything looks at the answers.
  const call = await findCall(input.slug);
  if (!call) return { ok: false, code: "not_found" };
  const stage = entryStage(call, now());
  if (!stage) return { ok: false, code: "call_closed" };

  // The call's form as it stands: the body is checked by the same page and stage schemas as the web form.
  const stored = await currentDefinition(call.id);
  const stageKey = stored?.definition.stages[stage.position]?.key;
  if (!stored || !stageKey) return { ok: false, code: "call_closed" };
  const { definition } = stored;

  const key = idempotencyKeySchema.safeParse(input.idempotencyKey ?? undefined);
  const parsed = callSubmissionSchema(definition, stageKey).safeParse(input.body);
  const body = parsed.success ? (parsed.data as CallSubmission) : null;
  const issues = [
    ...(key.success ? [] : applicationApiIssues(key.error, [IDEMPOTENCY_KEY_HEADER])),
    ...(parsed.success ? [] : applicationApiIssues(parsed.error)),
    ...(body ? stageIssues(definition, stageKey, body) : []),
  ];
  if (!key.success || !body || issues.length > 0) return { ok: false, code: "invalid", issues };

  const earlier = await answerForRetry(key.data, body);
  if (earlier) return earlier;

  const { token, hash } = newAccessToken();
  const { email, locale, attachments } = body;
  const answers = answersOf(body);
  const statusUrl = applicationLink(token, locale);
  let submitted: { applicationId: string; reference: string; mailId?: string | null };
  try {
    submitted = await prisma.$transaction(async (tx) => {
      // First, so that a concurrent request with the same key waits here and then answers as a retry.
      const application = await tx.application.create({
        data: {
          opportunityId: call.id,
          stageId: stage.id,
          definitionId: stored.id,
          email,
          locale,
          // The API names one language for the status page and the mail: content and wording alike.
          interfaceLocale: locale,
          accessTokenHash: hash,
          idempotencyKey: key.data,
          answers: answers as Prisma.InputJsonValue,
          ...Object.assign({}, ...Object.entries(answers).map(([page, data]) => denormalized(page, data as Record<string, unknown>))),
          events: { create: { status: "DRAFT" } },
        },
        select: { id: true },
      });
      await attachUploads(tx, application.id, attachments, attachmentQuestions(definition, stageKey));
      const result = await finalizeSubmission(application.id, key.data, statusUrl, tx);
      if (result.ok) return { applicationId: application.id, reference: result.reference, mailId: result.mailId };
      if (result.code === "over_capacity") throw new Refusal(result);
      if (result.code === "call_closed") throw new Refusal(result);
      // Pages the stage still needs (a required file question the uploads did not answer, say).
      if (result.code === "incomplete") throw new Refusal({ ok: false, code: "invalid", issues: result.missing.map((page) => ({ path: [page], message: "This page of the form is not complete" })) });
      throw new Error(`A validated application was refused at submission: ${result.code}`);
    }, TRANSACTION_OPTIONS);
  } catch (error) {
    if (error instanceof Refusal) return error.failure;
    // A request with the same key committed first (inside a transaction the unique violation may reach us as a
    // driver adapter error rather than P2002): answer as a retry of it.
    const concurrent = await answerForRetry(key.data, body);
    if (concurrent) return concurrent;
    throw error;
  }

  await deliverNow([submitted.mailId]);
  return { ok: true, firstTime: true, applicationId: submitted.applicationId, reference: submitted.reference, status: "SUBMITTED", statusUrl };
}

/**
 * Attaches the uploads named in the body, under lock; refuses any whose id and token do not match a free upload,
 * and uploads that do not answer the form's file questions (a kind it does not ask, too many, too large, or a
 * required one missing).
 */
async function attachUploads(tx: Prisma.TransactionClient, applicationId: string, attachments: CallSubmission["attachments"], questions: AttachmentQuestion[]) {
  const ids = attachments.map((a) => a.uploadId);
  const rows =
    ids.length === 0
      ? []
      : await tx.$queryRaw<{ id: string; kind: string; sizeBytes: number; uploadTokenHash: string | null }[]>`
    SELECT id, kind, "sizeBytes", "uploadTokenHash" FROM "Attachment"
    WHERE id IN (${Prisma.join(ids)}) AND "applicationId" IS NULL FOR UPDATE`;
  const byId = new Map(rows.map((row) => [row.id, row]));
  // One answer for an unknown id and a wrong token, so ids cannot be probed.
  const unknown = attachments.flatMap((a, index): ApiIssue[] =>
    byId.get(a.uploadId)?.uploadTokenHash === hashToken(a.uploadToken)
      ? []
      : [{ path: ["attachments", index], message: "No unattached upload has this uploadId and uploadToken" }],
  );
  if (unknown.length > 0) throw new Refusal({ ok: false, code: "unknown_uploads", issues: unknown });

  const uploads = attachments.map((a) => byId.get(a.uploadId)!);
  const issues: ApiIssue[] = [];
  uploads.forEach((upload, index) => {
    const question = questions.find((q) => q.attachmentKind === upload.kind);
    const earlier = uploads.slice(0, index).filter((u) => u.kind === upload.kind).length;
    // In one request nothing is replaced: a question takes at most its number of files.
    const refusal = attachmentRefusal(question, upload.sizeBytes, 0) ?? (earlier >= question!.maxFiles ? "tooManyFiles" : null);
    if (refusal) issues.push({ path: ["attachments", index], message: refusal === "invalidRequest" ? `This form asks for no file of kind ${upload.kind}` : describeMessage(refusal) });
  });
  for (const q of questions) {
    if (q.required && !uploads.some((u) => u.kind === q.attachmentKind)) issues.push({ path: ["attachments"], message: `Attach an upload of kind ${q.attachmentKind}` });
  }
  if (issues.length > 0) throw new Refusal({ ok: false, code: "invalid", issues });

  if (ids.length > 0) await tx.attachment.updateMany({ where: { id: { in: ids }, applicationId: null }, data: { applicationId, uploadTokenHash: null } });
}

// Compared as stored: JSON drops undefined properties, and key order does not matter.
const asStored = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;

/**
 * The answer for a key already used: the same submission again gets its reference (but not its secret link,
 * which only the first answer and the email carry); a different body under the same key is refused.
 */
async function answerForRetry(idempotencyKey: string, body: CallSubmission): Promise<ApiSubmissionResult | null> {
  const existing = await prisma.application.findUnique({
    where: { idempotencyKey },
    select: { id: true, reference: true, status: true, email: true, locale: true, answers: true, attachments: { select: { id: true } } },
  });
  if (!existing) return null;
  const sameSubmission =
    existing.reference !== null &&
    existing.email === body.email &&
    existing.locale === body.locale &&
    isDeepStrictEqual(asStored(existing.answers), asStored(answersOf(body))) &&
    isDeepStrictEqual(existing.attachments.map((a) => a.id).sort(), body.attachments.map((a) => a.uploadId).sort());
  if (!sameSubmission) return { ok: false, code: "idempotency_key_reused" };
  // The partner sees what the applicant's page shows: no review stage, no decision before its notice is released.
  const status = statusForApplicant(existing.status, await decisionReleased(existing.id));
  return { ok: true, firstTime: false, applicationId: existing.id, reference: existing.reference!, status, statusUrl: null };
}
