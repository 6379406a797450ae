import { z } from "zod";
import { localizedSchema } from "./public-data";

// The site search: what the query string may hold, and what a search returns.

export const SEARCH_MAX_LENGTH = 100;

export const SEARCH_KINDS = ["mission", "opportunity", "institution", "project"] as const;
export const searchKindSchema = z.enum(SEARCH_KINDS);
export type SearchKind = (typeof SEARCH_KINDS)[number];

// Control characters mean nothing in a search and PostgreSQL refuses NUL; typographic apostrophes are how
// many people type "Chang'e".
const normalise = (value: unknown) => {
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === "string" ? first.replace(/[\u0000-\u001f\u007f]+/g, " ").replace(/[\u2018\u2019\u02bc]/g, "'").trim() : first;
};

/** `?q=`: absent or blank means no search yet. Messages are keys under Search.errors. */
export const searchParamsSchema = z.object({
  q: z.preprocess(normalise, z.string().max(SEARCH_MAX_LENGTH, "tooLong").optional()).transform((q) => q ?? ""),
});

export type SearchParams = z.output<typeof searchParamsSchema>;

export const searchHitSchema = z.object({
  kind: searchKindSchema,
  slug: z.string(),
  /** Path under /{locale}. */
  path: z.string(),
  title: localizedSchema,
  /** The mission of a call, the call of a project; null for missions and institutions. */
  parent: localizedSchema.nullable(),
  countryCode: z.string().nullable(),
  score: z.number(),
});

export const searchResultsSchema = z.object({
  query: z.string(),
  total: z.number().int(),
  /** Kinds with at least one hit, the kind of the best hit first. */
  groups: z.array(
    z.object({ kind: searchKindSchema, total: z.number().int().meta({ description: "Matches of this kind; hits holds the best ones" }), hits: z.array(searchHitSchema) }),
  ),
});

export type SearchHit = z.infer<typeof searchHitSchema>;
export type SearchResults = z.infer<typeof searchResultsSchema>;

/** Whether a query has Chinese characters, which the 'simple' text-search configuration does not split into words. */
export const hasHan = (text: string) => /\p{Script=Han}/u.test(text);
