import { z } from "zod";
import { localizedSchema } from "./public-data";

// The site search: what the query string may hold, and what a search returns.

export const SEARCH_MAX_LENGTH = 100;

export const SEARCH_KINDS = ["mission", "opportunity", "institution", "project"] as const;
export const searchKindSchema = z.enum(SEARCH_KINDS);
export type SearchKind = (typeof SEARCH_KINDS)[number];

// Control characters mean nothing in a search and PostgreSQL refuses NUL; typographic apostrophes are how
// many people type "Chang'e"; NFKC folds full-width and compatibility forms ("Ｃｏｌｏｇｎｅ") into the
// plain letters the content is written in.
const normalise = (value: unknown) => {
  const first = Array.isArray(value) ? value[0] : value;
  if (typeof first !== "string") return first;
  return first
    .normalize("NFKC")
    .replace(/[\u0000-\u001f\u007f]+/g, " ")
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/\s+/g, " ")
    .trim();
};

/**
 * What a query is searched and cached as. Only A–Z are lower-cased: that is all PostgreSQL's lower() is sure
 * to fold (a C-locale database folds nothing else), so the key finds exactly what the typed text would.
 */
export const searchKeyOf = (query: string) => query.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());

/** `?q=`: absent or blank means no search yet. Messages are keys under Search.errors. */
export const searchParamsSchema = z
  .object({
    q: z.preprocess(normalise, z.string().max(SEARCH_MAX_LENGTH, "tooLong").optional()).transform((q) => q ?? ""),
  })
  .transform(({ q }) => ({ q, key: searchKeyOf(q) }));

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
