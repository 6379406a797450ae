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
        "Read-only public data: missions, cooperation opportunities, institutions and projects. " +
        "Lists are paginated with page and pageSize; unknown query parameters are rejected. " +
        "Text fields come in English (en) and Chinese (zh, null where none was published).",
    },
    tags: [
      { name: "Missions" },
      { name: "Opportunities" },
      { name: "Institutions" },
      { name: "Projects" },
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
