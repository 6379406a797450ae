import { z } from "zod";
import en from "../../i18n/messages/en.json";
import { memoized, pageAnswersSchema } from "../calls/answers";
import { stageOf, type CallDefinition } from "../calls/definition";
import { apiErrorCodeSchema, apiErrorSchema, apiIssueSchema, toApiIssues, type ApiIssue } from "./api";
import {
  attachmentKindSchema,
  emailSchema,
  leadStepSchema,
  MAX_ATTACHMENT_BYTES,
  MAX_LETTERS_OF_SUPPORT,
  payloadStepSchema,
  scienceStepSchema,
} from "./application";

// The partner API for submitting a Tianwen-3 application in one request: bodies, answers and errors.
// The answers are the web form's own step schemas, so both ways in accept exactly the same applications.

/** One attachment (at most 10 MB) plus the multipart envelope, as for the form's server actions. */
export const MAX_UPLOAD_BODY_BYTES = 11 * 1024 * 1024;
/** Far above the longest valid application (about 20 KB of text), far below anything that strains the server. */
export const MAX_SUBMISSION_BODY_BYTES = 256 * 1024;
export const IDEMPOTENCY_KEY_HEADER = "Idempotency-Key";
/** The call whose applications this portal has taken since its first version. */
export const OFFER_SLUG = "tianwen-3-payload-offer";

export const applicationPathSchema = z.object({
  slug: z
    .string()
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/)
    .max(120)
    .meta({ description: "A call that takes applications here (GET /api/v1/calls lists them); any other slug answers 404", examples: [OFFER_SLUG] }),
});

export const idempotencyKeySchema = z
  .uuid({ error: `Send an ${IDEMPOTENCY_KEY_HEADER} header holding a UUID, the same one for every retry of this submission` })
  .meta({ description: "A UUID chosen by the client for this submission; a retry with the same key creates nothing new", examples: ["5f0c3c0e-8f5e-4d55-9f55-2b7f0e3c1a11"] });

export const submissionHeadersSchema = z.object({ [IDEMPOTENCY_KEY_HEADER]: idempotencyKeySchema });

// The browser form turns numbers into strings and back; the API documents the numbers it expects.
// Bounds mirror payloadStepSchema, and tests/unit/api-openapi.test.ts checks each against it.
export const PAYLOAD_NUMBER_BOUNDS = {
  massKg: { type: "number", exclusiveMinimum: 0, maximum: 15, description: "Mass in kg, at most 3 decimal places" },
  peakPowerW: { type: "number", minimum: 0, maximum: 10_000 },
  averagePowerW: { type: "number", minimum: 0, maximum: 10_000, description: "Not above peakPowerW" },
  lengthMm: { type: "integer", minimum: 1, maximum: 5000 },
  widthMm: { type: "integer", minimum: 1, maximum: 5000 },
  heightMm: { type: "integer", minimum: 1, maximum: 5000 },
  dataVolumeMbPerDay: { type: "number", minimum: 0, maximum: 1_000_000 },
  trl: { type: "integer", minimum: 1, maximum: 9, description: "Technology readiness level" },
} as const;

type JsonSchemaObject = { properties?: Record<string, unknown>; required?: string[] };

const leadSchema = leadStepSchema.meta({
  id: "ApplicationLead",
  description: "The lead institution and up to four participating entities. country (ISO 3166-1 alpha-2) is required unless institutionType is INTERNATIONAL_ORGANISATION.",
});

const payloadSchema = payloadStepSchema.meta({
  id: "ApplicationPayload",
  description: "The payload, its carrier and resources. The mass must fit the carrier's remaining capacity.",
  override: ({ jsonSchema }: { jsonSchema: JsonSchemaObject }) => {
    Object.assign((jsonSchema.properties ??= {}), PAYLOAD_NUMBER_BOUNDS);
    jsonSchema.required = [...new Set([...(jsonSchema.required ?? []), "payloadKind", "carrier", ...Object.keys(PAYLOAD_NUMBER_BOUNDS)])];
  },
});

const scienceSchema = scienceStepSchema.meta({
  id: "ApplicationScience",
  description: "Science objectives and data sharing; otherObjective is required when objectives include OTHER.",
});

export const uploadReferenceSchema = z
  .strictObject({
    uploadId: z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, "Not an uploadId").meta({ description: "uploadId from POST /api/v1/uploads" }),
    uploadToken: z.string().min(1).max(100).meta({ description: "uploadToken from the same upload; proves the right to attach it" }),
  })
  .meta({ id: "UploadReference" });

const MAX_API_ATTACHMENTS = 50;

const uploadListSchema = z
  .array(uploadReferenceSchema)
  .max(MAX_API_ATTACHMENTS)
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((item, index) => {
      if (seen.has(item.uploadId)) ctx.addIssue({ code: "custom", path: [index, "uploadId"], message: "This upload is listed twice" });
      seen.add(item.uploadId);
    });
  });

/** The keys of a submission that are not a page of answers. */
export const SUBMISSION_ENVELOPE = ["email", "locale", "attachments"] as const;

/**
 * What any call's entry stage takes through the API: who applies, the uploads answering its file questions, and
 * one object per page of the form, keyed by the page's key and checked by that page's own schema (the form's).
 */
export function callSubmissionSchema(definition: CallDefinition, stageKey: string) {
  return memoized(definition, `submission|${stageKey}`, () => {
    const pages = stageOf(definition, stageKey).form.pages.filter((page) => page.questions.some((q) => q.type !== "attachment"));
    return z.strictObject({
      email: emailSchema,
      locale: z.enum(["en", "zh"]).default("en"),
      attachments: uploadListSchema.default([]),
      ...Object.fromEntries(pages.map((page) => [page.key, pageAnswersSchema(definition, stageKey, page.key)])),
    });
  });
}
export type CallSubmission = { email: string; locale: "en" | "zh"; attachments: z.infer<typeof uploadListSchema> } & Record<string, unknown>;

export const applicationSubmissionSchema = z
  .strictObject({
    email: emailSchema.meta({ description: "Where the confirmation with the private status link is sent" }),
    locale: z.enum(["en", "zh"]).default("en").meta({ description: "Language of the confirmation email and status page" }),
    lead: leadSchema,
    payload: payloadSchema,
    science: scienceSchema,
    attachments: z
      .array(uploadReferenceSchema)
      .min(1, "Attach the technical description")
      .max(1 + MAX_LETTERS_OF_SUPPORT, `Attach one technical description and at most ${MAX_LETTERS_OF_SUPPORT} letters of support`)
      .superRefine((list, ctx) => {
        const seen = new Set<string>();
        list.forEach((item, index) => {
          if (seen.has(item.uploadId)) ctx.addIssue({ code: "custom", path: [index, "uploadId"], message: "This upload is listed twice" });
          seen.add(item.uploadId);
        });
      })
      .meta({ description: `Exactly one TECHNICAL_DESCRIPTION upload and up to ${MAX_LETTERS_OF_SUPPORT} LETTER_OF_SUPPORT uploads` }),
  })
  .meta({ id: "ApplicationSubmission" });

export type ApplicationSubmission = z.output<typeof applicationSubmissionSchema>;

export const uploadFormSchema = z
  .object({
    kind: attachmentKindSchema.meta({
      description: "What the document is: the attachmentKind of the file question it answers in the call's form (GET /api/v1/calls/{slug} has the form)",
      examples: ["TECHNICAL_DESCRIPTION", "LETTER_OF_SUPPORT"],
    }),
    file: z
      .file({ error: "Send the document as a file part named file" })
      .meta({
        description:
          `A PDF of at most ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB; its content, not its name, must be PDF, and nothing else: ` +
          "no other format sharing the file, no scripts, launch actions or embedded files. The file name may not hold a folder path or control characters; it is only displayed.",
      }),
  })
  .meta({ id: "UploadForm" });

export const uploadSchema = z
  .object({
    uploadId: z.string(),
    uploadToken: z.string().meta({ description: "Secret; send it with uploadId when submitting. Shown only once." }),
    fileName: z.string().meta({ description: "The file's name, cleaned for display" }),
    sizeBytes: z.number().int().min(1),
  })
  .meta({ id: "Upload" });

export const submittedStatusSchema = z.enum(["SUBMITTED", "UNDER_REVIEW", "SHORTLISTED", "ACCEPTED", "DECLINED", "WITHDRAWN"]);

export const submissionReceiptSchema = z
  .object({
    reference: z.string().meta({ examples: ["TW3-2026-000001"] }),
    status: submittedStatusSchema.meta({ description: "SUBMITTED when first created; the current status when a retry is answered" }),
    statusUrl: z
      .url()
      .nullable()
      .meta({ description: "The applicant's private status page. Only the first answer carries it (it is also emailed); a retry answers null." }),
  })
  .meta({ id: "SubmissionReceipt" });

export const applicationApiErrorCodeSchema = z.enum([
  ...apiErrorCodeSchema.options,
  "rate_limited",
  "over_capacity",
  "call_closed",
  "idempotency_key_reused",
  "upload_store_full",
]);
export type ApplicationApiErrorCode = z.infer<typeof applicationApiErrorCodeSchema>;

export const applicationApiErrorSchema = z
  .object({
    // The shared error shape, with more codes.
    error: apiErrorSchema.shape.error.extend({
      code: applicationApiErrorCodeSchema,
      issues: z
        .array(apiIssueSchema)
        .optional()
        .meta({ description: "With invalid_parameters, one entry per problem; with not_found, the attachments that matched no upload" }),
    }),
  })
  .meta({ id: "ApplicationApiError", description: "The error shape of the application endpoints, with their additional codes" });

const errorTexts: Record<string, string | undefined> = en.Errors;

/** The English text of a shared schema's message key; any other message as it is. */
export const describeMessage = (message: string): string => errorTexts[message] ?? message;

/** Zod issues as the API reports them, with the form's message keys in words. */
export function applicationApiIssues(error: z.ZodError, prefix: (string | number)[] = []): ApiIssue[] {
  return toApiIssues(error).map((issue) => ({ path: [...prefix, ...issue.path], message: describeMessage(issue.message) }));
}
