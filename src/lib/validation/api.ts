import { z } from "zod";
import { isKnownCountryCode } from "../localize";
import { institutionTypeSchema, projectKindSchema } from "./public-data";

// Query and path parameters of the public JSON API, and the envelopes it answers with.
// The route handlers parse with these and the OpenAPI document is generated from them.

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;
/** Seconds a client should wait before retrying while the database is down; runtime/server.mjs sends the same. */
export const RETRY_AFTER_SECONDS = 5;

// Query values arrive as strings; digits only, so "1e1", "0x10" or " 2" are rejected rather than guessed at.
// Documented as the integer it stands for, which is what clients generating code want to see.
const positiveIntegerParam = (opts: { name: string; fallback: number; max?: number; description: string }) => {
  const number = z.number().int().min(1, `${opts.name} must be at least 1`);
  return z
    .string()
    .regex(/^\d{1,9}$/, `${opts.name} must be a whole number`)
    .transform(Number)
    .pipe(opts.max === undefined ? number : number.max(opts.max, `${opts.name} must be at most ${opts.max}`))
    .optional()
    .transform((value) => value ?? opts.fallback)
    .meta({
      description: opts.description,
      override: ({ jsonSchema }: { jsonSchema: Record<string, unknown> }) => {
        delete jsonSchema.pattern;
        Object.assign(jsonSchema, { type: "integer", minimum: 1, default: opts.fallback }, opts.max ? { maximum: opts.max } : {});
      },
    });
};

export const pageParamSchema = positiveIntegerParam({
  name: "page",
  fallback: 1,
  description: "1-based page number; past the last page the data array is empty",
});

export const pageSizeParamSchema = positiveIntegerParam({
  name: "pageSize",
  fallback: DEFAULT_PAGE_SIZE,
  max: MAX_PAGE_SIZE,
  description: `Items per page, 1 to ${MAX_PAGE_SIZE}`,
});

export const countryParamSchema = z
  .string()
  .regex(/^[A-Za-z]{2}$/, { message: "country must be a two-letter ISO 3166-1 code such as FR", abort: true })
  .refine(isKnownCountryCode, "country is not a known ISO 3166-1 country or region code")
  .transform((code) => code.toUpperCase())
  .meta({ description: "ISO 3166-1 alpha-2 code of a country or region, in either case", examples: ["FR"] });

export const slugSchema = z
  .string()
  .max(120)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "Not a valid slug")
  .meta({ description: "URL identifier, lowercase words joined by hyphens", examples: ["chang-e-5-sample-loans"] });

const pagination = { page: pageParamSchema, pageSize: pageSizeParamSchema };

// strictObject: an unknown parameter is more likely a typo than something to ignore silently.
export const noQuerySchema = z.strictObject({});
export const paginationQuerySchema = z.strictObject(pagination);

export const institutionListQuerySchema = z.strictObject({
  ...pagination,
  country: countryParamSchema.optional().meta({ description: "Only institutions of this country or region (ISO 3166-1 alpha-2, either case)" }),
  type: institutionTypeSchema.optional().meta({ description: "Only institutions of this type" }),
});

export const projectListQuerySchema = z.strictObject({
  ...pagination,
  country: countryParamSchema
    .optional()
    .meta({ description: "Only projects with a partner from this country or region (ISO 3166-1 alpha-2, either case)" }),
  kind: projectKindSchema.optional().meta({ description: "Only projects of this kind" }),
  opportunity: slugSchema.optional().meta({ description: "Only projects selected under this opportunity (slug)" }),
});

export const slugPathSchema = z.object({ slug: slugSchema });

export type PaginationQuery = z.output<typeof paginationQuerySchema>;
export type InstitutionListQuery = z.output<typeof institutionListQuerySchema>;
export type ProjectListQuery = z.output<typeof projectListQuerySchema>;

export const paginationSchema = z
  .object({
    page: z.number().int().min(1),
    pageSize: z.number().int().min(1).max(MAX_PAGE_SIZE),
    total: z.number().int().min(0).meta({ description: "Items matching the filters, on all pages" }),
    totalPages: z.number().int().min(0).meta({ description: "0 when nothing matches" }),
  })
  .meta({ id: "Pagination" });

export type Pagination = z.infer<typeof paginationSchema>;

export const listResponseSchema = <Item extends z.ZodType>(item: Item) => z.object({ data: z.array(item), pagination: paginationSchema });
export const itemResponseSchema = <Item extends z.ZodType>(item: Item) => z.object({ data: item });

export const apiErrorCodeSchema = z.enum(["invalid_parameters", "not_found", "service_unavailable", "internal_error"]);
export type ApiErrorCode = z.infer<typeof apiErrorCodeSchema>;

export const apiIssueSchema = z
  .object({
    path: z.array(z.union([z.string(), z.number()])).meta({ description: "Where the problem is, e.g. [\"pageSize\"]" }),
    message: z.string(),
  })
  .meta({ id: "ApiIssue" });

export type ApiIssue = z.infer<typeof apiIssueSchema>;

export const apiErrorSchema = z
  .object({
    error: z.object({
      code: apiErrorCodeSchema,
      message: z.string().meta({ description: "For people; may change wording between releases" }),
      issues: z.array(apiIssueSchema).optional().meta({ description: "Present with invalid_parameters: one entry per problem" }),
    }),
  })
  .meta({ id: "Error", description: "Every error response has this shape" });

export type ApiErrorBody = z.infer<typeof apiErrorSchema>;

/** Zod issues as the API reports them; an unknown parameter becomes one issue per key, at that key. */
export function toApiIssues(error: z.ZodError): ApiIssue[] {
  return error.issues.flatMap((issue): ApiIssue[] => {
    const path = issue.path.map((part) => (typeof part === "symbol" ? String(part) : part));
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((name) => ({ path: [...path, name], message: `Unknown parameter "${name}"` }));
    }
    return [{ path, message: issue.message }];
  });
}

/** URLSearchParams as a plain object; a repeated name becomes an array, which every schema rejects. */
export function searchParamsToObject(params: URLSearchParams): Record<string, string | string[]> {
  // No prototype: "?__proto__=x" must arrive as an unknown parameter, not vanish into the object's prototype.
  const result: Record<string, string | string[]> = Object.create(null);
  for (const name of new Set(params.keys())) {
    const values = params.getAll(name);
    result[name] = values.length === 1 ? values[0]! : values;
  }
  return result;
}

/** Ready to serve: the database answers and every migration this release ships is applied (/api/health, /api/health/ready). */
export const healthSchema = z
  .object({
    status: z.enum(["ok", "unavailable"]),
    database: z.enum(["up", "down"]),
    migrations: z.enum(["applied", "pending", "unknown"]).meta({ description: "unknown while the database is down or could not be asked" }),
    pendingMigrations: z.array(z.string()).optional().meta({ description: "The migrations this release ships that the database lacks: run `npm run db:migrate`" }),
  })
  .meta({ id: "Health" });

export type Health = z.infer<typeof healthSchema>;

/** The process answers; says nothing of the database (/api/health/live). */
export const healthLiveSchema = z.object({ status: z.literal("ok") }).meta({ id: "HealthLive" });

export type HealthLive = z.infer<typeof healthLiveSchema>;
