import "server-only";
import { unstable_rethrow } from "next/navigation";
import type { NextRequest } from "next/server";
import type { z } from "zod";
import { paginate } from "@/lib/pagination";
import {
  searchParamsToObject,
  toApiIssues,
  type ApiErrorCode,
  type ApiIssue,
  RETRY_AFTER_SECONDS,
} from "@/lib/validation/api";
import type { ApplicationApiErrorCode } from "@/lib/validation/application-api";
import { isDatabaseAvailable, isPoolBusyError, noteDatabaseError } from "../db";
import { log } from "@/server/log";
import { now } from "@/server/platform/clock";
import { listOpportunities, statusChangesAt } from "@/server/queries/opportunities";
import { logPath } from "../../../runtime/log.mjs";

// Every /api/v1 handler answers through these, so success and error shapes cannot drift apart.

const MAX_AGE_S = 60;
const STALE_WHILE_REVALIDATE_S = 300;
export const PUBLIC_CACHE_CONTROL = `public, max-age=${MAX_AGE_S}, stale-while-revalidate=${STALE_WHILE_REVALIDATE_S}`;
export const NO_STORE = "no-store";

type ErrorCode = ApiErrorCode | ApplicationApiErrorCode;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly issues?: ApiIssue[],
    /** Sent as Retry-After, e.g. with a 429. */
    readonly retryAfterSeconds?: number,
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

/** `{ data }` answering a write: never cached. */
export function respondWithUncached(data: unknown, init: { status: 200 | 201; headers?: Record<string, string> }): Response {
  return respondWithJson({ data }, { status: init.status, cacheControl: NO_STORE, headers: init.headers });
}

export function respondWithError(status: number, code: ErrorCode, message: string, issues?: ApiIssue[], retryAfterSeconds?: number): Response {
  const body = { error: { code, message, ...(issues ? { issues } : {}) } };
  const retryAfter = retryAfterSeconds ?? (status === 503 ? RETRY_AFTER_SECONDS : undefined);
  const headers: Record<string, string> = retryAfter === undefined ? {} : { "Retry-After": String(retryAfter) };
  return respondWithJson(body, { status, cacheControl: NO_STORE, headers });
}

/**
 * The request body, read up to maxBytes; null when it is longer. Content-Length is checked first, and the
 * stream is counted as it arrives too, since a chunked body declares no length. A body the client broke off or
 * framed wrongly is a 400: its "aborted" (ECONNRESET) error must not pass for a lost database connection.
 */
export async function readBodyUpTo(request: Request, maxBytes: number): Promise<Uint8Array<ArrayBuffer> | null> {
  const tooLong = async (reader?: ReadableStreamDefaultReader<Uint8Array>) => {
    await (reader ? reader.cancel() : request.body?.cancel())?.catch(() => {});
    return null;
  };
  if (Number(request.headers.get("content-length")) > maxBytes) return tooLong();
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read().catch(() => {
      throw new ApiError(400, "invalid_parameters", "The request body was not received in full.", [{ path: [], message: "The body ended early or its framing is broken" }]);
    });
    if (done) break;
    length += value.byteLength;
    if (length > maxBytes) return tooLong(reader);
    chunks.push(value);
  }
  const body = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
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
      if (error instanceof ApiError) return respondWithError(error.status, error.code, error.message, error.issues, error.retryAfterSeconds);
      if (isPoolBusyError(error)) {
        return respondWithError(503, "service_unavailable", "The portal is busy. Please try again in a few seconds.");
      }
      if (noteDatabaseError(error) || !isDatabaseAvailable()) {
        return respondWithError(503, "service_unavailable", "The database is not answering. Please try again in a few minutes.");
      }
      log.error({ err: error }, `[api] ${request.method} ${logPath(request.nextUrl.pathname)} failed`);
      return respondWithError(500, "internal_error", "Something went wrong on our side. Please try again later.");
    }
  };
}

/**
 * PUBLIC_CACHE_CONTROL, shortened so that no cache keeps or serves the answer past `changesAt`, when what it shows
 * changes by the clock (a call opening or closing): whole seconds from `at`, rounded down.
 */
export function publicCacheControl(changesAt: Date | null, at: Date): string {
  const seconds = changesAt ? Math.floor((changesAt.getTime() - at.getTime()) / 1000) : Number.POSITIVE_INFINITY;
  if (seconds >= MAX_AGE_S + STALE_WHILE_REVALIDATE_S) return PUBLIC_CACHE_CONTROL;
  const maxAge = Math.max(0, Math.min(MAX_AGE_S, seconds));
  const stale = seconds - maxAge;
  return stale > 0 ? `public, max-age=${maxAge}, stale-while-revalidate=${stale}` : `public, max-age=${maxAge}`;
}

/**
 * handleApi for a public read of the JSON API. Lists and items show calls with their status at the time of the request,
 * so a public answer is cacheable only until the next instant a published call's stage opens or closes
 * (runtime/page-cache.mjs keeps it for its max-age). That instant counts from before the handler reads: an answer
 * computed just before a change is not kept after it.
 */
export function handlePublicRead<Params = Record<string, never>>(handler: Handler<Params>): Handler<Params> {
  return handleApi(async (request, context) => {
    const at = now();
    const response = await handler(request, context);
    if (response.headers.get("Cache-Control") === PUBLIC_CACHE_CONTROL) {
      response.headers.set("Cache-Control", publicCacheControl(statusChangesAt(await listOpportunities(), at), at));
    }
    return response;
  });
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
