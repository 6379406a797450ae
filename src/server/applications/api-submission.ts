import "server-only";
import { randomUUID } from "node:crypto";
import { isDeepStrictEqual } from "node:util";
import { Prisma } from "@/generated/prisma/client";
import type { Pool } from "@/lib/calls/definition";
import type { ApiIssue } from "@/lib/validation/api";
import { attachmentQuestions, resourceRequests, stageAnswersSchema } from "@/lib/calls/answers";
import { MAX_GRACE_MINUTES, openStageIndex } from "@/lib/calls/status";
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
import { applicationLink, submissionConfirmationMessage } from "./notifications";
import { decisionReleased, statusForApplicant } from "./applicant-status";
import { consumeRateLimit, RATE_LIMITS } from "../platform/rate-limit";
import { checkAttachment } from "./attachment-checks";
import { attachmentRefusal, denormalized, storeAttachment, takeReferenceSql, type StoreFull } from "./service";
import { now } from "../platform/clock";
import { storedDefinition, type DefinitionVersion } from "../calls/definitions";
import { totalsByPool } from "../calls/pools";
import type { OutboxMessage } from "../mail/outbox";
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
 * The stage's schema over every page at once: what it finds across pages (conditions on another page's answer, rules
 * between pages) is reported at the page and question it concerns; the answers it accepts, as one object by question.
 */
function checkStage(definition: CallDefinition, stageKey: string, answers: Record<string, unknown>): { issues: ApiIssue[]; data: Record<string, unknown> | null } {
  const checked = stageAnswersSchema(definition, stageKey).safeParse(Object.assign({}, ...Object.values(answers)));
  if (checked.success) return { issues: [], data: checked.data as Record<string, unknown> };
  const pageOf = (question: unknown) => stageOf(definition, stageKey).form.pages.find((p) => p.questions.some((q) => q.key === question))?.key;
  return { issues: applicationApiIssues(checked.error).map((issue) => ({ ...issue, path: [pageOf(issue.path[0]) ?? "answers", ...issue.path] })), data: null };
}

/** A published call that takes applications here, its stages in order and its form's current version. */
type SubmissionTarget = {
  id: string;
  slug: string;
  titleEn: string;
  titleZh: string | null;
  referencePrefix: string;
  stages: { id: string; position: number; opensAt: string | null; closesAt: string | null; graceMinutes: number; entry: "ANYONE" | "INVITED" }[];
  version: DefinitionVersion | null;
};

/**
 * The call a submission names, in one statement (what findCall and currentDefinitionVersion read, together); null for a
 * slug that takes no applications. Instants come as ISO strings with their offset. Read each time rather than cached:
 * the stage's window is checked again by the statement that writes the submission.
 */
async function findSubmissionTarget(slug: string): Promise<SubmissionTarget | null> {
  const rows = await prisma.$queryRaw<SubmissionTarget[]>`
    SELECT o."id", o."slug", o."titleEn", o."titleZh", o."referencePrefix",
      COALESCE((
        SELECT json_agg(json_build_object('id', s."id", 'position', s."position", 'graceMinutes', s."graceMinutes", 'entry', s."entry",
          'opensAt', s."opensAt" AT TIME ZONE 'UTC', 'closesAt', s."closesAt" AT TIME ZONE 'UTC') ORDER BY s."position")
        FROM "CallStage" s WHERE s."opportunityId" = o."id"), '[]'::json) AS "stages",
      (SELECT json_build_object('id', d."id", 'version', d."version", 'updatedAt', d."updatedAt" AT TIME ZONE 'UTC')
        FROM "CallDefinition" d WHERE d."opportunityId" = o."id" ORDER BY d."version" DESC LIMIT 1) AS "version"
    FROM "Opportunity" o JOIN "Mission" m ON m."id" = o."missionId"
    WHERE o."slug" = ${slug} AND o."published" AND m."published" AND o."referencePrefix" IS NOT NULL`;
  return rows[0] ?? null;
}

/**
 * Validates, creates and submits an application with its uploads and its confirmation email in one transaction,
 * then sends the email at once. What the transaction writes comes from the request and the cached form, and is
 * carried to the email rather than read back: a first submission costs the database a handful of statements.
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
  const call = await findSubmissionTarget(input.slug);
  if (!call) return { ok: false, code: "not_found" };
  const at = now();
  // The stage a new application enters now: the first open one that takes anyone (as entryStage does for the web form).
  const index = openStageIndex(call.stages, at);
  const stage = index >= 0 && call.stages[index]!.entry === "ANYONE" ? call.stages[index]! : null;
  if (!stage || !call.referencePrefix) return { ok: false, code: "call_closed" };

  // The call's form as it stands: the body is checked by the same page and stage schemas as the web form.
  const stored = call.version ? await storedDefinition(call.version) : null;
  const stageKey = stored?.definition.stages[stage.position]?.key;
  if (!stored || !stageKey) return { ok: false, code: "call_closed" };
  const { definition } = stored;

  const key = idempotencyKeySchema.safeParse(input.idempotencyKey ?? undefined);
  const parsed = callSubmissionSchema(definition, stageKey).safeParse(input.body);
  const body = parsed.success ? (parsed.data as CallSubmission) : null;
  const answers = body ? answersOf(body) : {};
  const stageChecked = body ? checkStage(definition, stageKey, answers) : null;
  const issues = [
    ...(key.success ? [] : applicationApiIssues(key.error, [IDEMPOTENCY_KEY_HEADER])),
    ...(parsed.success ? [] : applicationApiIssues(parsed.error)),
    ...(stageChecked?.issues ?? []),
  ];
  if (!key.success || !body || !stageChecked?.data || issues.length > 0) return { ok: false, code: "invalid", issues };

  // Any refusal from here on may be a retry of a submission this key already made: that answers first.
  const refuse = async (failure: ApiSubmissionFailure): Promise<ApiSubmissionResult> => (await answerForRetry(key.data, body)) ?? failure;
  const uploads = await checkUploads(body.attachments, attachmentQuestions(definition, stageKey));
  if (!uploads.ok) return refuse(uploads.failure);

  const { token, hash } = newAccessToken();
  const { email, locale } = body;
  const statusUrl = applicationLink(token, locale);
  const columns: Record<string, unknown> = Object.assign({}, ...Object.entries(answers).map(([page, data]) => denormalized(page, data as Record<string, unknown>)));
  // The reference is taken by the statement that writes the row, so the email is rendered around a stand-in for it.
  const referenceMark = `REF${randomUUID().replaceAll("-", "")}`;
  const confirmation = await submissionConfirmationMessage(
    {
      email,
      locale,
      interfaceLocale: locale,
      reference: referenceMark,
      call: { en: call.titleEn, zh: call.titleZh },
      payloadName: (columns.payloadName as string | undefined) ?? null,
      leadInstitution: (columns.leadInstitution as string | undefined) ?? null,
    },
    statusUrl,
    at,
  );
  let written: Written;
  try {
    written = await writeSubmission({
      id: newRowId(),
      opportunityId: call.id,
      stageId: stage.id,
      definitionId: stored.id,
      referencePrefix: call.referencePrefix,
      email,
      locale,
      accessTokenHash: hash,
      idempotencyKey: key.data,
      answers,
      columns,
      at,
      requests: totalsByPool(resourceRequests(definition, stageKey, stageChecked.data)),
      uploads: body.attachments.map((a) => ({ id: a.uploadId, tokenHash: hashToken(a.uploadToken) })),
      mail: confirmation,
      referenceMark,
    });
  } catch (error) {
    // A request with the same key committed first (the insert's unique violation): answer as a retry of it.
    const concurrent = await answerForRetry(key.data, body);
    if (concurrent) return concurrent;
    throw error;
  }
  if (!written.stageOpen) return refuse({ ok: false, code: "call_closed" });
  if (written.overPool !== null) {
    return refuse({ ok: false, code: "over_capacity", pool: definition.pools.find((p) => p.key === written.overPool)!, remaining: Number(written.overFree) });
  }
  // Another submission attached one of the uploads since they were checked.
  if (written.attached !== uploads.ids.length || !written.id || !written.reference) {
    return refuse({ ok: false, code: "unknown_uploads", issues: [{ path: ["attachments"], message: "No unattached upload has this uploadId and uploadToken" }] });
  }

  await deliverNow([written.mailId]);
  return { ok: true, firstTime: true, applicationId: written.id, reference: written.reference, status: "SUBMITTED", statusUrl };
}

// Row ids elsewhere are Prisma's cuids; a random UUID is as unique.
const newRowId = () => randomUUID();

/** What the submission's one statement did: each refusal it found, or the row, its reference and its email. */
type Written = {
  stageOpen: boolean;
  overPool: string | null;
  overFree: string | null;
  attached: number;
  id: string | null;
  reference: string | null;
  mailId: string | null;
};

/**
 * Submits in one statement, so all of it is written or none (no transaction needed): under share locks on the pools
 * asked and row locks on the uploads, and only while the stage takes submissions at `at` (its window and grace), its
 * call is published and takes applications, every pool has room and every upload is still free, it takes the next
 * reference and writes the application, its DRAFT and SUBMITTED events, the uploads attached to it and its
 * confirmation email with the reference in place of `referenceMark`. Otherwise it writes nothing and says why.
 */
async function writeSubmission(a: {
  id: string;
  opportunityId: string;
  stageId: string;
  definitionId: string;
  referencePrefix: string;
  email: string;
  locale: string;
  accessTokenHash: string;
  idempotencyKey: string;
  answers: Record<string, unknown>;
  columns: Record<string, unknown>;
  at: Date;
  requests: { pool: string; amount: Prisma.Decimal }[];
  uploads: { id: string; tokenHash: string }[];
  mail: OutboxMessage;
  referenceMark: string;
}): Promise<Written> {
  const column = (name: string) => (a.columns[name] ?? null) as string | number | null;
  const none = Prisma.sql`SELECT NULL::text AS "key", 0::numeric AS "amount" WHERE false`;
  const asked = a.requests.length === 0 ? none : Prisma.sql`VALUES ${Prisma.join(a.requests.map((r) => Prisma.sql`(${r.pool}, ${r.amount.toString()}::numeric)`))}`;
  const uploads =
    a.uploads.length === 0
      ? Prisma.sql`SELECT NULL::text AS "id" WHERE false`
      : Prisma.sql`SELECT "id" FROM "Attachment"
          WHERE ("id", "uploadTokenHash") IN (${Prisma.join(a.uploads.map((u) => Prisma.sql`(${u.id}, ${u.tokenHash})`))}) AND "applicationId" IS NULL
          ORDER BY "id" FOR UPDATE`;
  const mark = (text: string | null | undefined) => (text == null ? Prisma.sql`NULL` : Prisma.sql`replace(${text}, ${a.referenceMark}, app."reference")`);
  const rows = await prisma.$queryRaw<Written[]>`
    WITH stage AS (
      SELECT s."id" FROM "CallStage" s JOIN "Opportunity" o ON o."id" = s."opportunityId"
      WHERE s."id" = ${a.stageId} AND o."id" = ${a.opportunityId} AND o."published" AND o."referencePrefix" = ${a.referencePrefix}
        AND (s."opensAt" IS NULL OR s."opensAt" <= ${a.at}::timestamp)
        AND (s."closesAt" IS NULL OR ${a.at}::timestamp <= s."closesAt" + make_interval(mins => LEAST(GREATEST(s."graceMinutes", 0), ${MAX_GRACE_MINUTES}::int)))
    ), asked ("key", "amount") AS (${asked}),
    pools AS (
      -- Locked in code-point key order, as acceptances lock them.
      SELECT "key", "capacity" - "reserved" AS "free" FROM "ResourcePool"
      WHERE "opportunityId" = ${a.opportunityId} AND "key" IN (SELECT "key" FROM asked)
      ORDER BY "key" COLLATE "C" FOR SHARE
    ), over AS (
      SELECT asked."key", COALESCE(pools."free", 0)::text AS "free" FROM asked LEFT JOIN pools ON pools."key" = asked."key"
      WHERE asked."amount" > COALESCE(pools."free", 0) ORDER BY asked."key" COLLATE "C" LIMIT 1
    ), uploads AS (${uploads}),
    accepted AS (
      SELECT EXISTS (SELECT 1 FROM stage) AND NOT EXISTS (SELECT 1 FROM over) AND (SELECT count(*) FROM uploads) = ${a.uploads.length}::int AS "ok"
    ), reference AS (${takeReferenceSql(a.referencePrefix, a.at.getUTCFullYear(), Prisma.sql`(SELECT "ok" FROM accepted)`)}),
    app AS (
      INSERT INTO "Application" ("id", "opportunityId", "stageId", "definitionId", "email", "locale", "interfaceLocale",
        "accessTokenHash", "idempotencyKey", "answers", "leadInstitution", "leadCountry", "payloadName", "carrier", "massKg",
        "reference", "status", "submittedAt", "createdAt", "updatedAt")
      SELECT ${a.id}, ${a.opportunityId}, ${a.stageId}, ${a.definitionId}, ${a.email}, ${a.locale}, ${a.locale},
        ${a.accessTokenHash}, ${a.idempotencyKey}, ${JSON.stringify(a.answers)}::jsonb, ${column("leadInstitution")},
        ${column("leadCountry")}, ${column("payloadName")}, ${column("carrier")}::"Carrier", ${column("massKg")}::numeric,
        -- Stored as UTC whatever the session's time zone, as Prisma stores every other timestamp.
        reference."reference", 'SUBMITTED'::"ApplicationStatus", ${a.at}::timestamp, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
      FROM reference
      RETURNING "id", "reference"
    ), events AS (
      INSERT INTO "ApplicationEvent" ("id", "applicationId", "status", "at")
      SELECT e."id", app."id", e."status"::"ApplicationStatus", ${a.at}::timestamp
      FROM app, (VALUES (${newRowId()}, 'DRAFT'), (${newRowId()}, 'SUBMITTED')) AS e("id", "status")
    ), attached AS (
      UPDATE "Attachment" SET "applicationId" = app."id", "uploadTokenHash" = NULL FROM app WHERE "Attachment"."id" IN (SELECT "id" FROM uploads)
    ), mail AS (
      INSERT INTO "OutboxEmail" ("id", "kind", "to", "subject", "text", "html", "applicationId", "createdAt", "nextAttemptAt")
      SELECT ${newRowId()}, ${a.mail.kind}, ${a.mail.to}, ${mark(a.mail.subject)}, ${mark(a.mail.text)}, ${mark(a.mail.html)}, app."id",
        now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
      FROM app
      RETURNING "id"
    )
    SELECT EXISTS (SELECT 1 FROM stage) AS "stageOpen", (SELECT "key" FROM over) AS "overPool", (SELECT "free" FROM over) AS "overFree",
      (SELECT count(*)::int FROM uploads) AS "attached", (SELECT "id" FROM app) AS "id", (SELECT "reference" FROM app) AS "reference",
      (SELECT "id" FROM mail) AS "mailId"`;
  return rows[0]!;
}

/**
 * The uploads named in the body, checked before anything is written: each id with its token must be a free upload,
 * and together they must answer the form's file questions (a kind it asks, within size and number, every required
 * one present). The transaction attaches them only if still free.
 */
async function checkUploads(
  attachments: CallSubmission["attachments"],
  questions: AttachmentQuestion[],
): Promise<{ ok: true; ids: string[] } | { ok: false; failure: ApiSubmissionFailure }> {
  const ids = attachments.map((a) => a.uploadId);
  const rows =
    ids.length === 0
      ? []
      : await prisma.$queryRaw<{ id: string; kind: string; sizeBytes: number; uploadTokenHash: string | null }[]>`
    SELECT id, kind, "sizeBytes", "uploadTokenHash" FROM "Attachment" WHERE id IN (${Prisma.join(ids)}) AND "applicationId" IS NULL`;
  const byId = new Map(rows.map((row) => [row.id, row]));
  // One answer for an unknown id and a wrong token, so ids cannot be probed.
  const unknown = attachments.flatMap((a, index): ApiIssue[] =>
    byId.get(a.uploadId)?.uploadTokenHash === hashToken(a.uploadToken)
      ? []
      : [{ path: ["attachments", index], message: "No unattached upload has this uploadId and uploadToken" }],
  );
  if (unknown.length > 0) return { ok: false, failure: { ok: false, code: "unknown_uploads", issues: unknown } };

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
  return issues.length > 0 ? { ok: false, failure: { ok: false, code: "invalid", issues } } : { ok: true, ids };
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
