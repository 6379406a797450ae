import "server-only";
import { isDeepStrictEqual } from "node:util";
import { env } from "@/env";
import { Prisma } from "@/generated/prisma/client";
import type { ApiIssue } from "@/lib/validation/api";
import { MAX_LETTERS_OF_SUPPORT } from "@/lib/validation/application";
import {
  applicationApiIssues,
  applicationSubmissionSchema,
  describeMessage,
  IDEMPOTENCY_KEY_HEADER,
  idempotencyKeySchema,
  uploadFormSchema,
  type ApplicationSubmission,
} from "@/lib/validation/application-api";
import { prisma } from "../db";
import { notifySubmitted } from "./notifications";
import { consumeRateLimit, RATE_LIMITS } from "../platform/rate-limit";
import { checkAttachment } from "./attachment-checks";
import { denormalized, entryStage, finalizeSubmission, findCall, getApplicantView, storeAttachment, type StoreFull } from "./service";
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
  | { ok: false; code: "over_capacity"; carrier: string; remainingKg: number }
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

/** Thrown inside the transaction to roll back everything it wrote, then returned as the answer. */
class Refusal extends Error {
  constructor(readonly failure: ApiSubmissionFailure) {
    super(failure.code);
  }
}

// Long enough for PGlite, which runs one transaction at a time, to finish the ones queued before this.
const TRANSACTION_OPTIONS = { maxWait: 15_000, timeout: 20_000 };

const statusUrlOf = (locale: string, token: string) => `${env.SITE_URL}/${locale}/applications/${token}`;

/**
 * Validates, creates and submits an application with its uploads in one transaction, then mails the confirmation.
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

  const key = idempotencyKeySchema.safeParse(input.idempotencyKey ?? undefined);
  const body = applicationSubmissionSchema.safeParse(input.body);
  if (!key.success || !body.success) {
    const issues = [
      ...(key.success ? [] : applicationApiIssues(key.error, [IDEMPOTENCY_KEY_HEADER])),
      ...(body.success ? [] : applicationApiIssues(body.error)),
    ];
    return { ok: false, code: "invalid", issues };
  }

  const earlier = await answerForRetry(key.data, body.data);
  if (earlier) return earlier;

  const { token, hash } = newAccessToken();
  const { email, locale, lead, payload, science, attachments } = body.data;
  let submitted: { applicationId: string; reference: string };
  try {
    submitted = await prisma.$transaction(async (tx) => {
      // First, so that a concurrent request with the same key waits here and then answers as a retry.
      const application = await tx.application.create({
        data: {
          opportunityId: call.id,
          stageId: stage.id,
          definitionId: (await currentDefinition(call.id, tx))?.id ?? null,
          email,
          locale,
          accessTokenHash: hash,
          idempotencyKey: key.data,
          answers: { lead, payload, science } as Prisma.InputJsonValue,
          ...denormalized("lead", lead),
          ...denormalized("payload", payload),
          events: { create: { status: "DRAFT" } },
        },
        select: { id: true },
      });
      await attachUploads(tx, application.id, attachments);
      const result = await finalizeSubmission(application.id, key.data, tx);
      if (result.ok) return { applicationId: application.id, reference: result.reference };
      if (result.code === "over_capacity") throw new Refusal({ ...result, carrier: payload.carrier });
      if (result.code === "call_closed") throw new Refusal(result);
      throw new Error(`A validated application was refused at submission: ${result.code}`);
    }, TRANSACTION_OPTIONS);
  } catch (error) {
    if (error instanceof Refusal) return error.failure;
    // A request with the same key committed first (inside a transaction the unique violation may reach us as a
    // driver adapter error rather than P2002): answer as a retry of it.
    const concurrent = await answerForRetry(key.data, body.data);
    if (concurrent) return concurrent;
    throw error;
  }

  const statusUrl = statusUrlOf(locale, token);
  const view = await getApplicantView(token);
  if (view) await notifySubmitted(view, statusUrl);
  return { ok: true, firstTime: true, ...submitted, status: "SUBMITTED", statusUrl };
}

/** Attaches the uploads named in the body, under lock; refuses any whose id and token do not match a free upload. */
async function attachUploads(tx: Prisma.TransactionClient, applicationId: string, attachments: ApplicationSubmission["attachments"]) {
  const ids = attachments.map((a) => a.uploadId);
  const rows = await tx.$queryRaw<{ id: string; kind: string; uploadTokenHash: string | null }[]>`
    SELECT id, kind::text AS kind, "uploadTokenHash" FROM "Attachment"
    WHERE id IN (${Prisma.join(ids)}) AND "applicationId" IS NULL FOR UPDATE`;
  const byId = new Map(rows.map((row) => [row.id, row]));
  // One answer for an unknown id and a wrong token, so ids cannot be probed.
  const unknown = attachments.flatMap((a, index): ApiIssue[] =>
    byId.get(a.uploadId)?.uploadTokenHash === hashToken(a.uploadToken)
      ? []
      : [{ path: ["attachments", index], message: "No unattached upload has this uploadId and uploadToken" }],
  );
  if (unknown.length > 0) throw new Refusal({ ok: false, code: "unknown_uploads", issues: unknown });

  const kinds = ids.map((id) => byId.get(id)!.kind);
  const issues: ApiIssue[] = [];
  if (kinds.filter((k) => k === "TECHNICAL_DESCRIPTION").length !== 1) {
    issues.push({ path: ["attachments"], message: "Attach exactly one upload of kind TECHNICAL_DESCRIPTION" });
  }
  if (kinds.filter((k) => k === "LETTER_OF_SUPPORT").length > MAX_LETTERS_OF_SUPPORT) {
    issues.push({ path: ["attachments"], message: describeMessage("tooManyLetters") });
  }
  if (issues.length > 0) throw new Refusal({ ok: false, code: "invalid", issues });

  await tx.attachment.updateMany({ where: { id: { in: ids }, applicationId: null }, data: { applicationId, uploadTokenHash: null } });
}

// Compared as stored: JSON drops undefined properties, and key order does not matter.
const asStored = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;

/**
 * The answer for a key already used: the same submission again gets its reference (but not its secret link,
 * which only the first answer and the email carry); a different body under the same key is refused.
 */
async function answerForRetry(idempotencyKey: string, body: ApplicationSubmission): Promise<ApiSubmissionResult | null> {
  const existing = await prisma.application.findUnique({
    where: { idempotencyKey },
    select: { id: true, reference: true, status: true, email: true, locale: true, answers: true, attachments: { select: { id: true } } },
  });
  if (!existing) return null;
  const sameSubmission =
    existing.reference !== null &&
    existing.email === body.email &&
    existing.locale === body.locale &&
    isDeepStrictEqual(asStored(existing.answers), asStored({ lead: body.lead, payload: body.payload, science: body.science })) &&
    isDeepStrictEqual(existing.attachments.map((a) => a.id).sort(), body.attachments.map((a) => a.uploadId).sort());
  if (!sameSubmission) return { ok: false, code: "idempotency_key_reused" };
  return { ok: true, firstTime: false, applicationId: existing.id, reference: existing.reference!, status: existing.status, statusUrl: null };
}
