import "server-only";
import { z } from "zod";
import {
  createDocument,
  type oas31,
  type ZodOpenApiOperationObject,
  type ZodOpenApiPathsObject,
  type ZodOpenApiResponseObject,
} from "zod-openapi";
import {
  apiErrorSchema,
  healthSchema,
  institutionListQuerySchema,
  itemResponseSchema,
  listResponseSchema,
  noQuerySchema,
  paginationQuerySchema,
  projectListQuerySchema,
  RETRY_AFTER_SECONDS,
  slugPathSchema,
} from "@/lib/validation/api";
import {
  institutionSummarySchema,
  missionDetailSchema,
  missionSummarySchema,
  opportunityDetailSchema,
  opportunitySummarySchema,
  projectSummarySchema,
} from "@/lib/validation/public-data";
import {
  applicationApiErrorSchema,
  applicationPathSchema,
  applicationSubmissionSchema,
  MAX_UPLOAD_BODY_BYTES,
  submissionHeadersSchema,
  submissionReceiptSchema,
  uploadFormSchema,
  uploadSchema,
} from "@/lib/validation/application-api";

// The OpenAPI document is generated from the very schemas the handlers parse with and the queries return.

const json = (schema: z.ZodType) => ({ "application/json": { schema } });

const errorResponse = (id: string, description: string): ZodOpenApiResponseObject => ({
  id,
  description,
  content: json(apiErrorSchema),
});

const retryAfter = z
  .object({ "Retry-After": z.number().int().min(0).meta({ description: "Seconds to wait before trying again", examples: [RETRY_AFTER_SECONDS] }) });

const errors = {
  400: errorResponse("InvalidParameters", "A query parameter is unknown, repeated or not valid; `issues` says which and why."),
  404: errorResponse("NotFound", "Nothing has this slug, or there is no such endpoint."),
  500: errorResponse("InternalError", "An unexpected error; no details are disclosed."),
  503: { ...errorResponse("ServiceUnavailable", "The database is not answering; try again shortly."), headers: retryAfter },
} satisfies Record<number, ZodOpenApiResponseObject>;

const applicationErrorResponse = (id: string, description: string): ZodOpenApiResponseObject => ({
  id,
  description,
  content: json(applicationApiErrorSchema),
});

// The write endpoints answer with more codes than the read-only ones, and are never cached.
const applicationErrors = {
  400: applicationErrorResponse("InvalidSubmission", "The body, a header or a file is missing or not valid; `issues` names each field and why."),
  409: applicationErrorResponse(
    "SubmissionConflict",
    "over_capacity: the payload's mass exceeds what its carrier can still take. call_closed: the offer no longer accepts applications.",
  ),
  422: applicationErrorResponse("IdempotencyKeyReused", "idempotency_key_reused: this Idempotency-Key was already used with a different body."),
  429: {
    ...applicationErrorResponse("RateLimited", "rate_limited: too many requests from this address."),
    headers: z.object({ "Retry-After": z.number().int().min(0).meta({ description: "Seconds until the limit resets" }) }),
  },
} satisfies Record<number, ZodOpenApiResponseObject>;

const cacheHeaders = z.object({
  "Cache-Control": z.string().meta({ examples: ["public, max-age=60, stale-while-revalidate=300"] }),
});

function listOperation(opts: {
  operationId: string;
  tag: string;
  summary: string;
  query: z.ZodObject;
  item: z.ZodType;
}): ZodOpenApiOperationObject {
  return {
    operationId: opts.operationId,
    tags: [opts.tag],
    summary: opts.summary,
    requestParams: { query: opts.query },
    responses: {
      200: { description: "One page of results", headers: cacheHeaders, content: json(listResponseSchema(opts.item)) },
      400: errors[400],
      500: errors[500],
      503: errors[503],
    },
  };
}

function detailOperation(opts: { operationId: string; tag: string; summary: string; item: z.ZodType }): ZodOpenApiOperationObject {
  return {
    operationId: opts.operationId,
    tags: [opts.tag],
    summary: opts.summary,
    requestParams: { path: slugPathSchema, query: noQuerySchema },
    responses: {
      200: { description: "The item", headers: cacheHeaders, content: json(itemResponseSchema(opts.item)) },
      400: errors[400],
      404: errors[404],
      500: errors[500],
      503: errors[503],
    },
  };
}

export const API_PATHS = {
  missions: "/api/v1/missions",
  mission: "/api/v1/missions/{slug}",
  opportunities: "/api/v1/opportunities",
  opportunity: "/api/v1/opportunities/{slug}",
  institutions: "/api/v1/institutions",
  projects: "/api/v1/projects",
  uploads: "/api/v1/uploads",
  applications: "/api/v1/opportunities/{slug}/applications",
  openapi: "/api/v1/openapi.json",
  health: "/api/health",
} as const;

const paths: ZodOpenApiPathsObject = {
  [API_PATHS.missions]: {
    get: listOperation({
      operationId: "listMissions",
      tag: "Missions",
      summary: "Lunar and Mars missions",
      query: paginationQuerySchema,
      item: missionSummarySchema,
    }),
  },
  [API_PATHS.mission]: {
    get: detailOperation({ operationId: "getMission", tag: "Missions", summary: "One mission, with its facts, sources and opportunities", item: missionDetailSchema }),
  },
  [API_PATHS.opportunities]: {
    get: listOperation({
      operationId: "listOpportunities",
      tag: "Opportunities",
      summary: "Sample loans, payload selections and payload offers",
      query: paginationQuerySchema,
      item: opportunitySummarySchema,
    }),
  },
  [API_PATHS.opportunity]: {
    get: detailOperation({
      operationId: "getOpportunity",
      tag: "Opportunities",
      summary: "One opportunity, with its facts, sources, awards and selected projects",
      item: opportunityDetailSchema,
    }),
  },
  [API_PATHS.institutions]: {
    get: listOperation({
      operationId: "listInstitutions",
      tag: "Institutions",
      summary: "Institutions that received samples or take part in projects",
      query: institutionListQuerySchema,
      item: institutionSummarySchema,
    }),
  },
  [API_PATHS.projects]: {
    get: listOperation({
      operationId: "listProjects",
      tag: "Projects",
      summary: "Selected cooperation projects and their partners",
      query: projectListQuerySchema,
      item: projectSummarySchema,
    }),
  },
  [API_PATHS.uploads]: {
    post: {
      operationId: "createUpload",
      tags: ["Applications"],
      summary: "Upload a PDF to attach to an application",
      description:
        `multipart/form-data with kind and file; the request may be at most ${MAX_UPLOAD_BODY_BYTES / 1024 / 1024} MB. ` +
        "The file must be a PDF by its content. Keep uploadId and uploadToken: submitting the application needs both.",
      requestBody: { required: true, content: { "multipart/form-data": { schema: uploadFormSchema } } },
      responses: {
        201: { description: "Stored, not yet attached to any application", content: json(itemResponseSchema(uploadSchema)) },
        400: applicationErrors[400],
        429: applicationErrors[429],
        500: errors[500],
        503: errors[503],
      },
    },
  },
  [API_PATHS.applications]: {
    post: {
      operationId: "submitApplication",
      tags: ["Applications"],
      summary: "Submit a complete application to the Tianwen-3 payload offer",
      description:
        "Only tianwen-3-payload-offer takes applications. The answers follow the same rules as the web form. " +
        "Nothing is stored unless the submission succeeds. Retry with the same Idempotency-Key and body to learn the outcome " +
        "of a request whose answer was lost: it answers 200 with the same reference and creates nothing.",
      requestParams: { path: applicationPathSchema, header: submissionHeadersSchema },
      requestBody: { required: true, content: json(applicationSubmissionSchema) },
      responses: {
        200: {
          description: "A retry: the submission made earlier with this Idempotency-Key (statusUrl is null)",
          headers: z.object({ "Idempotent-Replayed": z.literal("true") }),
          content: json(itemResponseSchema(submissionReceiptSchema)),
        },
        201: { description: "Submitted; a confirmation with the status link was emailed", content: json(itemResponseSchema(submissionReceiptSchema)) },
        400: applicationErrors[400],
        404: applicationErrorResponse("UploadOrOpportunityNotFound", "The slug takes no applications, or an attachment matches no unattached upload (issues say which)."),
        409: applicationErrors[409],
        422: applicationErrors[422],
        429: applicationErrors[429],
        500: errors[500],
        503: errors[503],
      },
    },
  },
  [API_PATHS.openapi]: {
    get: {
      operationId: "getOpenApiDocument",
      tags: ["Meta"],
      summary: "This document",
      requestParams: { query: noQuerySchema },
      responses: {
        200: { description: "OpenAPI 3.1 document", content: json(z.record(z.string(), z.unknown())) },
        400: errors[400],
        500: errors[500],
      },
    },
  },
  [API_PATHS.health]: {
    get: {
      operationId: "getHealth",
      tags: ["Meta"],
      summary: "Whether the portal and its database answer; never cached",
      responses: {
        200: { description: "Up: status ok, database up", content: json(healthSchema) },
        503: { description: "Down: status unavailable, database down", content: json(healthSchema) },
      },
    },
  },
};

export function createOpenApiDocument(): oas31.OpenAPIObject {
  return createDocument({
    openapi: "3.1.0",
    info: {
      title: "International Space Cooperation Portal API",
      version: "1.0.0",
      description:
        "Public data: missions, cooperation opportunities, institutions and projects. " +
        "Lists are paginated with page and pageSize; unknown query parameters are rejected. " +
        "Text fields come in English (en) and Chinese (zh, null where none was published). " +
        "Partners may also submit applications to the Tianwen-3 payload offer: upload the PDFs, then submit the answers.",
    },
    tags: [
      { name: "Missions" },
      { name: "Opportunities" },
      { name: "Institutions" },
      { name: "Projects" },
      { name: "Applications" },
      { name: "Meta" },
    ],
    paths,
  });
}

let cachedDocument: oas31.OpenAPIObject | undefined;

/** Built once per process: the schemas do not change while it runs. */
export function getOpenApiDocument(): oas31.OpenAPIObject {
  return (cachedDocument ??= createOpenApiDocument());
}
