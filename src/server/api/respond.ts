import "server-only";
import { unstable_rethrow } from "next/navigation";
import type { NextRequest } from "next/server";
import type { z } from "zod";
import { paginate } from "@/lib/pagination";
import {
  searchParamsToObject,
  toApiIssues,
  type ApiErrorBody,
  type ApiErrorCode,
  type ApiIssue,
  RETRY_AFTER_SECONDS,
} from "@/lib/validation/api";
import { isDatabaseAvailable, noteDatabaseError } from "../db";

// Every /api/v1 handler answers through these, so success and error shapes cannot drift apart.

export const PUBLIC_CACHE_CONTROL = "public, max-age=60, stale-while-revalidate=300";
export const NO_STORE = "no-store";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly issues?: ApiIssue[],
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export const notFoundError = (message: string) => new ApiError(404, "not_found", message);

export function respondWithJson(body: unknown, init: { status?: number; cacheControl: string; headers?: Record<string, string> }): Response {
  return Response.json(body, {
    status: init.status ?? 200,
    headers: { "Cache-Control": init.cacheControl, ...init.headers },
  });
}

export function respondWithData(data: unknown): Response {
  return respondWithJson({ data }, { cacheControl: PUBLIC_CACHE_CONTROL });
}

export function respondWithPage<T>(items: readonly T[], query: { page: number; pageSize: number }): Response {
  return respondWithJson(paginate(items, query), { cacheControl: PUBLIC_CACHE_CONTROL });
}

export function respondWithError(status: number, code: ApiErrorCode, message: string, issues?: ApiIssue[]): Response {
  const body: ApiErrorBody = { error: { code, message, ...(issues ? { issues } : {}) } };
  const headers: Record<string, string> = status === 503 ? { "Retry-After": String(RETRY_AFTER_SECONDS) } : {};
  return respondWithJson(body, { status, cacheControl: NO_STORE, headers });
}

/** The query string parsed with a strict schema; throws a 400 ApiError listing every problem. */
export function parseQuery<Schema extends z.ZodType>(request: NextRequest, schema: Schema): z.output<Schema> {
  const parsed = schema.safeParse(searchParamsToObject(request.nextUrl.searchParams));
  if (!parsed.success) {
    throw new ApiError(400, "invalid_parameters", "Some query parameters are not valid; see issues.", toApiIssues(parsed.error));
  }
  return parsed.data;
}

export interface HandlerContext<Params> {
  params: Promise<Params>;
}

type Handler<Params> = (request: NextRequest, context: HandlerContext<Params>) => Promise<Response>;

/** Wraps a route handler: ApiErrors become their response, a lost database 503, anything else a 500 without details. */
export function handleApi<Params = Record<string, never>>(handler: Handler<Params>): Handler<Params> {
  return async (request, context) => {
    try {
      return await handler(request, context);
    } catch (error) {
      unstable_rethrow(error);
      if (error instanceof ApiError) return respondWithError(error.status, error.code, error.message, error.issues);
      if (noteDatabaseError(error) || !isDatabaseAvailable()) {
        return respondWithError(503, "service_unavailable", "The database is not answering. Please try again in a few minutes.");
      }
      console.error(`[api] ${request.method} ${request.nextUrl.pathname} failed:`, error);
      return respondWithError(500, "internal_error", "Something went wrong on our side. Please try again later.");
    }
  };
}

/**
 * `{ data }` for one item of a cached list, or a 404 ApiError. The slug is checked against the list first,
 * so made-up slugs never reach the database nor add entries to the data cache.
 */
export async function respondWithListedItem<Item>(opts: {
  slug: string;
  noun: string;
  list: () => Promise<readonly { slug: string }[]>;
  get: (slug: string) => Promise<Item | null>;
}): Promise<Response> {
  const listed = (await opts.list()).some((entry) => entry.slug === opts.slug);
  const item = listed ? await opts.get(opts.slug) : null;
  if (!item) throw notFoundError(`No ${opts.noun} has the slug "${opts.slug}".`);
  return respondWithData(item);
}
