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
  healthLiveSchema,
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
  callDetailSchema,
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
  uploadReferenceSchema,
  uploadSchema,
} from "@/lib/validation/application-api";
import {
  dataFilePath,
  dataFormatSchema,
  datasetFileSchema,
  datasetItemSchemas,
  datasetNameSchema,
  DATASETS,
  OPEN_DATA_PATHS,
} from "@/lib/validation/open-data";
import { LOCALES } from "@/i18n/locales";
import { attachmentQuestions, requestJsonSchema } from "@/lib/calls/answers";
import { stageOf, type CallDefinition } from "@/lib/calls/definition";
import { callApplicationsPath, callListQuerySchema } from "./calls";

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
  404: applicationErrorResponse(
    "UploadOrOpportunityNotFound",
    "The slug names no call that takes applications here, or an attachment matches no unattached upload (issues say which).",
  ),
  409: applicationErrorResponse(
    "SubmissionConflict",
    "over_capacity: an amount asked exceeds what its pool (a carrier's kilograms, a sample category's grams) can still take. " +
      "call_closed: no stage takes applications now (closed or not yet open); answered before the body is validated.",
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

function submitOperation(opts: {
  operationId: string;
  summary: string;
  /** The body one call's form asks for; the slug is then part of the path, not a parameter. */
  body?: oas31.SchemaObject | oas31.ReferenceObject;
}): ZodOpenApiOperationObject {
  return {
    operationId: opts.operationId,
    tags: ["Applications"],
    summary: opts.summary,
    description:
      "Only a call whose acceptsApplications is true takes applications here (GET /api/v1/calls lists them), and only while one of its stages is open. " +
      "The answers follow the same rules as the web form. " +
      (opts.body ? "" : `The body each call takes, generated from its published form, is in ${API_PATHS.callOpenApi}. `) +
      "Nothing is stored unless the submission succeeds. Retry with the same Idempotency-Key and body to learn the outcome " +
      "of a request whose answer was lost: it answers 200 with the same reference and creates nothing.",
    requestParams: opts.body ? { header: submissionHeadersSchema } : { path: applicationPathSchema, header: submissionHeadersSchema },
    requestBody: { required: true, content: { "application/json": { schema: opts.body ?? applicationSubmissionSchema } } },
    responses: {
      200: {
        description: "A retry: the submission made earlier with this Idempotency-Key (statusUrl is null)",
        headers: z.object({ "Idempotent-Replayed": z.literal("true") }),
        content: json(itemResponseSchema(submissionReceiptSchema)),
      },
      201: { description: "Submitted; a confirmation with the status link was emailed", content: json(itemResponseSchema(submissionReceiptSchema)) },
      400: applicationErrors[400],
      404: applicationErrors[404],
      409: applicationErrors[409],
      422: applicationErrors[422],
      429: applicationErrors[429],
      500: errors[500],
      503: errors[503],
    },
  };
}

const uploadOperation: ZodOpenApiOperationObject = {
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
    503: {
      ...errorResponse("UploadChecksBusy", "The database is not answering, or many files are being checked at once; send the file again after Retry-After."),
      headers: retryAfter,
    },
    507: applicationErrorResponse("UploadStoreFull", "upload_store_full: the upload store has no room; nothing was stored. Try again later."),
  },
};

export const API_PATHS = {
  missions: "/api/v1/missions",
  mission: "/api/v1/missions/{slug}",
  opportunities: "/api/v1/opportunities",
  opportunity: "/api/v1/opportunities/{slug}",
  institutions: "/api/v1/institutions",
  projects: "/api/v1/projects",
  uploads: "/api/v1/uploads",
  applications: "/api/v1/opportunities/{slug}/applications",
  calls: "/api/v1/calls",
  call: "/api/v1/calls/{slug}",
  callApplications: "/api/v1/calls/{slug}/applications",
  callOpenApi: "/api/v1/calls/{slug}/openapi.json",
  openapi: "/api/v1/openapi.json",
  health: "/api/health",
  healthLive: "/api/health/live",
  healthReady: "/api/health/ready",
} as const;

const readinessResponses = {
  200: { description: "Ready: status ok, database up, migrations applied", content: json(healthSchema) },
  503: { description: "Not ready: the database is down, or migrations are pending (listed)", content: json(healthSchema) },
};

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
  [API_PATHS.uploads]: { post: uploadOperation },
  [API_PATHS.applications]: {
    post: submitOperation({
      operationId: "submitApplication",
      summary: "Submit a complete application to a call (the same as POST /api/v1/calls/{slug}/applications)",
    }),
  },
  [API_PATHS.calls]: {
    get: listOperation({
      operationId: "listCalls",
      tag: "Calls",
      summary: "Every published call, with its stages, status and the capacity it has left",
      query: callListQuerySchema,
      item: opportunitySummarySchema,
    }),
  },
  [API_PATHS.call]: {
    get: detailOperation({
      operationId: "getCall",
      tag: "Calls",
      summary: "One call, with its stages, facts, sources, awards and selected projects, and where to send applications",
      item: callDetailSchema,
    }),
  },
  [API_PATHS.callApplications]: {
    post: submitOperation({ operationId: "submitCallApplication", summary: "Submit a complete application to a call" }),
  },
  [API_PATHS.callOpenApi]: {
    get: {
      operationId: "getCallOpenApiDocument",
      tags: ["Calls"],
      summary: "An OpenAPI 3.1 document for submitting to one call, with the request body its published form asks for",
      description:
        "Generated from the call's current form: each page of answers is a schema of its own, each question a property named by its key and " +
        "titled by its label, with its choices, limits and whether it is required. Only published calls that take applications here have one.",
      requestParams: { path: slugPathSchema, query: noQuerySchema },
      responses: {
        200: { description: "OpenAPI 3.1 document", headers: cacheHeaders, content: json(z.record(z.string(), z.unknown())) },
        400: errors[400],
        404: errors[404],
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
      summary: "Ready to serve (the same as /api/health/ready); never cached",
      responses: readinessResponses,
    },
  },
  [API_PATHS.healthReady]: {
    get: {
      operationId: "getHealthReady",
      tags: ["Meta"],
      summary: "Whether the database answers and every migration this release ships is applied; never cached",
      responses: readinessResponses,
    },
  },
  [API_PATHS.healthLive]: {
    get: {
      operationId: "getHealthLive",
      tags: ["Meta"],
      summary: "Whether the process answers; the database is not asked; never cached",
      responses: { 200: { description: "The process answers", content: json(healthLiveSchema) } },
    },
  },
};

// Open data: files outside /api, read-only and unpaginated, each with a digest and an Ed25519 signature.

const fileHeaders = z.object({
  "Cache-Control": z.string().meta({ examples: ["public, max-age=60, stale-while-revalidate=300"] }),
  ETag: z.string().meta({ description: "The SHA-256 of the body, quoted; send it back in If-None-Match to get 304" }),
});

const notModified = { description: "The client's copy (If-None-Match) is current", headers: fileHeaders };

const fileNotFound = errorResponse("FileNotFound", "No such dataset, format or file.");

// Outside /api the production server answers a lost database with its HTML page, not the API's JSON error.
const fileUnavailable = { description: "The database is not answering; try again shortly", headers: retryAfter };

const datasetSummaries: Record<(typeof DATASETS)[number], string> = {
  missions: "Every published mission",
  opportunities: "Every published opportunity, with its figures and payload capacities",
  "call-stages": "Every stage of the published calls, with its window as announced",
  institutions: "Every published institution",
  "sample-loan-awards": "Every published lunar sample loan award, with its agreement's public status",
  projects: "Every published cooperation project, with its partners",
  milestones: "Every published milestone",
};

const datasetPaths: ZodOpenApiPathsObject = Object.fromEntries(
  DATASETS.map((dataset) => [
    dataFilePath({ dataset, format: "json", kind: "data" }),
    {
      get: {
        operationId: `getDataset${dataset.replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase())}Json`,
        tags: ["Open data"],
        summary: `${datasetSummaries[dataset]}, as one JSON file`,
        description:
          "Items have the same shape as the JSON API's. Records are in a stable order and the file carries no timestamp of its own, " +
          "so the same data always gives the same bytes, digest and signature.",
        responses: {
          200: { description: "The dataset", headers: fileHeaders, content: json(datasetFileSchema(datasetItemSchemas[dataset])) },
          304: notModified,
          500: errors[500],
          503: fileUnavailable,
        },
      },
    },
  ]),
);

const openDataPaths: ZodOpenApiPathsObject = {
  ...datasetPaths,
  [OPEN_DATA_PATHS.csv]: {
    get: {
      operationId: "getDatasetCsv",
      tags: ["Open data"],
      summary: "A dataset as CSV",
      description:
        "UTF-8 with a byte-order mark, one header row, then one row per record of the JSON file, in the same order. " +
        "Lists (partners, country codes) are joined with \"; \". A cell that a spreadsheet would run as a formula starts with a single quote.",
      requestParams: { path: z.object({ dataset: datasetNameSchema }) },
      responses: {
        200: { description: "The dataset", headers: fileHeaders, content: { "text/csv": { schema: z.string() } } },
        304: notModified,
        404: fileNotFound,
        500: errors[500],
        503: fileUnavailable,
      },
    },
  },
  [OPEN_DATA_PATHS.digest]: {
    get: {
      operationId: "getDatasetDigest",
      tags: ["Open data"],
      summary: "The SHA-256 digest of a dataset file, as sha256sum prints it",
      description: "One line: 64 lowercase hex digits, two spaces, the file name, a newline. `sha256sum -c` checks a download against it.",
      requestParams: { path: z.object({ dataset: datasetNameSchema, format: dataFormatSchema }) },
      responses: {
        200: {
          description: "The digest line",
          headers: fileHeaders,
          content: { "text/plain": { schema: z.string().regex(/^[0-9a-f]{64} {2}\S+\n$/).meta({ examples: ["3f1c…  missions.csv\n"] }) } },
        },
        304: notModified,
        404: fileNotFound,
        500: errors[500],
        503: fileUnavailable,
      },
    },
  },
  [OPEN_DATA_PATHS.signature]: {
    get: {
      operationId: "getDatasetSignature",
      tags: ["Open data"],
      summary: "The Ed25519 signature of a dataset file",
      description:
        "The raw 64-byte Ed25519 signature over the file's exact bytes, made with the key at /.well-known/cooperation-portal-signing-key. " +
        "Check it with `openssl pkeyutl -verify -pubin -inkey key.pem -rawin -in missions.csv -sigfile missions.csv.sig`.",
      requestParams: { path: z.object({ dataset: datasetNameSchema, format: dataFormatSchema }) },
      responses: {
        200: { description: "64 bytes", headers: fileHeaders, content: { "application/octet-stream": { schema: z.file() } } },
        304: notModified,
        404: fileNotFound,
        500: errors[500],
        503: fileUnavailable,
      },
    },
  },
  [OPEN_DATA_PATHS.signingKey]: {
    get: {
      operationId: "getSigningKey",
      tags: ["Open data"],
      summary: "The public key that signs the open-data files",
      description: "An Ed25519 public key as a SubjectPublicKeyInfo PEM. Its SHA-256 fingerprint (of the DER encoding) is shown on the open-data page.",
      responses: {
        200: {
          description: "The public key",
          headers: fileHeaders,
          content: { "text/plain": { schema: z.string().meta({ examples: ["-----BEGIN PUBLIC KEY-----\n…\n-----END PUBLIC KEY-----\n"] }) } },
        },
        304: notModified,
        500: errors[500],
      },
    },
  },
  [OPEN_DATA_PATHS.feed]: {
    get: {
      operationId: "getFeed",
      tags: ["Open data"],
      summary: "Atom feed of calls opening and closing, results, milestones and updated records",
      description: "Titles and summaries are in the feed's language; entry ids stay the same across languages and rebuilds.",
      requestParams: { path: z.object({ locale: z.enum(LOCALES) }) },
      responses: {
        200: { description: "An Atom 1.0 feed", headers: fileHeaders, content: { "application/atom+xml": { schema: z.string() } } },
        304: notModified,
        404: fileNotFound,
        500: errors[500],
        503: fileUnavailable,
      },
    },
  },
  [OPEN_DATA_PATHS.calendar]: {
    get: {
      operationId: "getCalendar",
      tags: ["Open data"],
      summary: "iCalendar of application dates, stage deadlines and milestones",
      description:
        "One event per opening and per closing of each stage of a call (a call without stages: its own opening and closing), and one per milestone, " +
        "titled in English and Chinese. What was announced as a day, a month or a year is an all-day event covering it in the call's time zone; " +
        "an exact instant is a timed event at that instant in UTC. UIDs never change: a stage's is built from the call's slug, the stage's position " +
        "and whether it opens or closes, so a renamed stage keeps its UID. A call with no published deadline has no closing event; practice calls have none at all.",
      responses: {
        200: { description: "An iCalendar (RFC 5545) file", headers: fileHeaders, content: { "text/calendar": { schema: z.string() } } },
        304: notModified,
        500: errors[500],
        503: fileUnavailable,
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
        "Public data: missions, cooperation opportunities (also listed as calls, with their stages), institutions and projects. " +
        "Lists are paginated with page and pageSize; unknown query parameters are rejected. " +
        "Text fields come in English (en) and Chinese (zh, null where none was published). " +
        "Partners may also submit applications to the calls that take them here (acceptsApplications in GET /api/v1/calls): " +
        "upload the PDFs, then submit the answers. " +
        "Every public list is also published whole as signed CSV and JSON files under /data, with an Atom feed and a calendar.",
    },
    tags: [
      { name: "Missions" },
      { name: "Opportunities" },
      { name: "Calls", description: "The opportunities as calls: their stages, live status and where applications go" },
      { name: "Institutions" },
      { name: "Projects" },
      { name: "Applications" },
      { name: "Meta" },
      { name: "Open data", description: "Whole datasets as files, each signed with Ed25519, and the feed and calendar" },
    ],
    paths: { ...paths, ...openDataPaths },
  });
}

let cachedDocument: oas31.OpenAPIObject | undefined;

/** Built once per process: the schemas do not change while it runs. */
export function getOpenApiDocument(): oas31.OpenAPIObject {
  return (cachedDocument ??= createOpenApiDocument());
}

// ------------------------------------------------------------------ one call's document

type JsonSchema = oas31.SchemaObject & { properties?: Record<string, oas31.SchemaObject | oas31.ReferenceObject>; required?: string[] };

/** A Zod schema as JSON Schema 2020-12, which OpenAPI 3.1's schema objects are, as the API reads it (its input). */
function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as JsonSchema & { $schema?: string };
  return rest;
}

const pascal = (key: string) => key.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());
const componentRef = (name: string): oas31.ReferenceObject => ({ $ref: `#/components/schemas/${name}` });

/**
 * The request body one stage's form asks for: email and locale, the answers of each page that holds any (page key,
 * then question key, as the form stores them: requestJsonSchema's properties, shared out by page), and the uploads.
 */
function stageSubmission(definition: CallDefinition, stageKey: string, prefix: string) {
  const answers = requestJsonSchema(definition, stageKey) as JsonSchema;
  const components: Record<string, JsonSchema> = {};
  const properties: Record<string, oas31.SchemaObject | oas31.ReferenceObject> = {
    email: jsonSchemaOf(applicationSubmissionSchema.shape.email),
    locale: jsonSchemaOf(applicationSubmissionSchema.shape.locale),
  };
  const required = ["email"];
  for (const page of stageOf(definition, stageKey).form.pages) {
    const keys = page.questions.filter((q) => q.type !== "attachment").map((q) => q.key);
    if (keys.length === 0) continue;
    const name = `${prefix}${pascal(page.key)}Answers`;
    const pageRequired = (answers.required ?? []).filter((key) => keys.includes(key));
    components[name] = {
      type: "object",
      title: page.title.en,
      properties: Object.fromEntries(keys.map((key) => [key, answers.properties![key]!])),
      ...(pageRequired.length > 0 ? { required: pageRequired } : {}),
    };
    properties[page.key] = componentRef(name);
    if (pageRequired.length > 0) required.push(page.key);
  }
  const files = attachmentQuestions(definition, stageKey);
  const leastFiles = files.filter((q) => q.required).length;
  properties.attachments = {
    type: "array",
    items: componentRef("UploadReference"),
    ...(leastFiles > 0 ? { minItems: leastFiles } : {}),
    maxItems: files.reduce((sum, q) => sum + q.maxFiles, 0),
    description:
      files.length === 0
        ? "This form asks for no files."
        : "Uploads from POST /api/v1/uploads, each with the kind its question asks for: " +
          files.map((q) => `${q.attachmentKind} for "${q.label.en}" (${q.required ? "required" : "optional"}, at most ${q.maxFiles})`).join("; ") +
          ".",
  };
  if (leastFiles > 0) required.push("attachments");
  components[`${prefix}ApplicationSubmission`] = { type: "object", properties, required, additionalProperties: false };
  return { name: `${prefix}ApplicationSubmission`, components };
}

/** The OpenAPI document for submitting to one call: its uploads and its applications, with the body its form asks for. */
export function createCallOpenApiDocument(call: {
  slug: string;
  title: string;
  /** The form's version; staff may still edit a version nobody has submitted against. */
  version: number;
  definition: CallDefinition;
  /** The stages a new application may enter (those open to anyone). */
  stageKeys: string[];
}): oas31.OpenAPIObject {
  // Named by stage only when more than one stage takes new applications.
  const bodies = call.stageKeys.map((key) => stageSubmission(call.definition, key, call.stageKeys.length > 1 ? pascal(key) : ""));
  const body = bodies.length === 1 ? componentRef(bodies[0]!.name) : { anyOf: bodies.map((b) => componentRef(b.name)), description: "The body of the stage open now" };
  return createDocument({
    openapi: "3.1.0",
    info: {
      title: `${call.title}: applications`,
      version: `form version ${call.version}`,
      description:
        `Submitting an application to "${call.title}" through the portal's API: upload the PDFs, then send the answers. ` +
        "The request body is generated from the call's published form, and changes when staff change the form. " +
        `The rest of the API is described in ${API_PATHS.openapi}.`,
    },
    tags: [{ name: "Applications" }],
    paths: {
      [API_PATHS.uploads]: { post: uploadOperation },
      [callApplicationsPath(call.slug)]: {
        post: submitOperation({ operationId: "submitApplication", summary: `Submit a complete application to "${call.title}"`, body }),
      },
    },
    components: { schemas: { UploadReference: uploadReferenceSchema, ...Object.assign({}, ...bodies.map((b) => b.components)) } },
  });
}
