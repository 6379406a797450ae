import "server-only";
import { randomUUID } from "node:crypto";
import countries from "i18n-iso-countries";
import { env } from "@/env";
import { Prisma } from "@/generated/prisma/client";
import { countryName, isKnownCountryCode } from "@/lib/localize";
import { opportunityPath, OPPORTUNITY_PATHS } from "@/lib/site";
import { hasHan, type SearchHit, type SearchKind, type SearchParams, type SearchResults } from "@/lib/validation/search";
import { CACHE_TAGS, cachedQuery } from "../cache";
import { noteDatabaseError, prisma } from "../db";
import { BusyError, createConcurrencyLimiter } from "../platform/concurrency";
import { createLruCache } from "../platform/lru";
import { createTokenBuckets } from "../platform/token-bucket";

// Site search over published missions, calls, institutions and projects, in PostgreSQL itself (PGlite too):
// full-text search with the 'simple' configuration over English text, ranked with ts_rank; Chinese, which
// 'simple' does not split into words, by substring. Visitors go through searchPublished: answered from a
// cache when the same query was searched since the content last changed, and otherwise limited per client
// address and in total, since any text makes a new query and a flood of them would starve every other page.

export const MAX_HITS_PER_KIND = 20;
// Shorter English fragments ("a", "of") would match nearly everything by substring; words still match.
const MIN_ENGLISH_SUBSTRING = 3;

let countryNames: { code: string; en: string; zh: string }[] | undefined;

/** Countries and regions whose English or Chinese name the query is, or (when long enough) is part of. */
export function matchingCountryCodes(query: string): string[] {
  countryNames ??= Object.keys(countries.getAlpha2Codes())
    .filter(isKnownCountryCode)
    .map((code) => ({ code, en: countryName(code, "en").toLowerCase(), zh: countryName(code, "zh") }));
  const q = query.toLowerCase();
  const partial = hasHan(q) ? q.length >= 2 : q.length >= 4;
  return countryNames
    .filter(({ en, zh }) => en === q || zh === q || (partial && (en.includes(q) || zh.includes(q))))
    .map(({ code }) => code)
    .sort();
}

interface Row {
  kind: SearchKind;
  slug: string;
  parent_slug: string | null;
  name_en: string;
  name_zh: string | null;
  parent_en: string | null;
  parent_zh: string | null;
  country_code: string | null;
  score: number;
}

function pathOf(row: Row): string {
  switch (row.kind) {
    case "mission":
      return `/missions/${row.slug}`;
    case "opportunity":
      return opportunityPath(row.slug);
    case "institution":
      return `/institutions/${row.slug}`;
    case "project":
      return `${OPPORTUNITY_PATHS["chang-e-8-cooperation-projects"]}/${row.slug}`;
  }
}

/** One search against the database, uncached and unlimited: visitors' searches go through searchPublished. */
export async function searchDatabase(query: string): Promise<SearchResults> {
  const q = query.trim();
  if (!q) return { query: q, total: 0, groups: [] };
  const han = hasHan(q);
  const englishSubstring = q.length >= MIN_ENGLISH_SUBSTRING;
  // ',PK,DE,' : matched against ',' || code || ',' so that no array parameter is needed.
  const codes = `,${matchingCountryCodes(q).join(",")},`;

  // Each published record as one document: its name (weight A) and the text around it (weight B). A record
  // shown through something unpublished (a call of a draft mission) is left out like the draft itself.
  const documents = Prisma.sql`
    SELECT 'mission' AS kind, m.slug, NULL::text AS parent_slug, m."nameEn" AS name_en, m."nameZh" AS name_zh,
           NULL::text AS parent_en, NULL::text AS parent_zh, NULL::text AS country_code,
           concat_ws(' ', m.body::text, m."launchWindowEn", m."landingSiteEn") AS other_en,
           concat_ws(' ', CASE m.body WHEN 'MOON' THEN '月球' WHEN 'MARS' THEN '火星' END, m."launchWindowZh", m."landingSiteZh") AS other_zh,
           FALSE AS in_country
      FROM "Mission" m
     WHERE m.published
    UNION ALL
    SELECT 'opportunity', o.slug, m.slug, o."titleEn", o."titleZh", m."nameEn", m."nameZh", NULL, m."nameEn", m."nameZh", FALSE
      FROM "Opportunity" o JOIN "Mission" m ON m.id = o."missionId"
     WHERE o.published AND m.published
    UNION ALL
    SELECT 'institution', i.slug, NULL, i."nameEn", i."nameZh", NULL, NULL, i."countryCode"::text, '', '',
           strpos(${codes}, ',' || i."countryCode" || ',') > 0
      FROM "Institution" i
     WHERE i.published
    UNION ALL
    SELECT 'project', p.slug, o.slug, p."titleEn", p."titleZh", o."titleEn", o."titleZh", NULL,
           coalesce(partners.names_en, ''), coalesce(partners.names_zh, ''), coalesce(partners.in_country, FALSE)
      FROM "CooperationProject" p
      JOIN "Opportunity" o ON o.id = p."opportunityId"
      JOIN "Mission" m ON m.id = o."missionId"
      LEFT JOIN LATERAL (
        SELECT string_agg(i."nameEn", ' ') AS names_en, string_agg(i."nameZh", ' ') AS names_zh,
               bool_or(strpos(${codes}, ',' || i."countryCode" || ',') > 0) AS in_country
          FROM "ProjectPartner" pp JOIN "Institution" i ON i.id = pp."institutionId"
         WHERE pp."projectId" = p.id AND i.published
      ) partners ON TRUE
     WHERE p.published AND o.published AND m.published`;

  const rows = await prisma.$queryRaw<Row[]>`
    WITH query AS (SELECT websearch_to_tsquery('simple', ${q}) AS tsquery, lower(${q}) AS lowered),
    documents AS (${documents}),
    scored AS (
      SELECT d.*,
             setweight(to_tsvector('simple', d.name_en), 'A') || setweight(to_tsvector('simple', d.other_en), 'B') AS vector,
             strpos(lower(d.name_en), query.lowered) AS en_at,
             CASE WHEN ${han} THEN strpos(lower(coalesce(d.name_zh, '')), query.lowered) ELSE 0 END AS zh_at,
             CASE WHEN ${han} THEN strpos(lower(d.other_zh), query.lowered) ELSE 0 END AS other_zh_at,
             CASE WHEN ${englishSubstring} THEN strpos(lower(d.other_en), query.lowered) ELSE 0 END AS other_en_at
        FROM documents d, query
    )
    SELECT s.kind, s.slug, s.parent_slug, s.name_en, s.name_zh, s.parent_en, s.parent_zh, s.country_code,
           ( CASE WHEN lower(s.name_en) = query.lowered OR lower(s.name_zh) = query.lowered THEN 100 ELSE 0 END
           + CASE WHEN s.en_at = 1 OR s.zh_at = 1 THEN 20 ELSE 0 END
           + CASE WHEN (${englishSubstring} AND s.en_at > 0) OR s.zh_at > 0 THEN 10 ELSE 0 END
           + CASE WHEN s.in_country THEN 8 ELSE 0 END
           + CASE WHEN s.other_en_at > 0 OR s.other_zh_at > 0 THEN 2 ELSE 0 END
           + 10 * ts_rank(s.vector, query.tsquery)
           )::float8 AS score
      FROM scored s, query
     WHERE s.vector @@ query.tsquery
        OR (${englishSubstring} AND (s.en_at > 0 OR s.other_en_at > 0))
        OR s.zh_at > 0 OR s.other_zh_at > 0
        OR s.in_country
     ORDER BY score DESC, s.name_en ASC, s.slug ASC`;

  const groups = new Map<SearchKind, { kind: SearchKind; total: number; hits: SearchHit[] }>();
  for (const row of rows) {
    const group = groups.get(row.kind) ?? { kind: row.kind, total: 0, hits: [] };
    groups.set(row.kind, group);
    group.total += 1;
    if (group.hits.length >= MAX_HITS_PER_KIND) continue;
    group.hits.push({
      kind: row.kind,
      slug: row.slug,
      path: pathOf(row),
      title: { en: row.name_en, zh: row.name_zh },
      parent: row.parent_en ? { en: row.parent_en, zh: row.parent_zh } : null,
      countryCode: row.country_code?.trim() || null,
      score: Number(row.score),
    });
  }
  // Rows come best first, so the map holds the kinds in the order of their best hit.
  return { query: q, total: rows.length, groups: [...groups.values()] };
}

export type SearchOutcome =
  | { ok: true; results: SearchResults }
  /** busy: too many searches in this process; limited: too many from this client. Nothing was searched. */
  | { ok: false; refused: "busy" | "limited"; retryAfterSeconds: number };

export interface SearchLimits {
  /** Uncached searches one client address may run per minute, in bursts of up to as many. */
  perClientPerMinute: number;
  /** Uncached searches running against the database at once in this process. */
  concurrency: number;
  /** Searches waiting for one of those, each at most maxWaitMs; one more is refused at once. */
  maxQueue: number;
  maxWaitMs: number;
  /** Distinct searches whose results are kept. */
  cachedQueries: number;
}

// Two at once keep the database busy while leaving the pool, and PGlite's single connection, to other pages
// between statements; those waiting beyond a couple of seconds are better told to try again.
export const SEARCH_LIMITS: SearchLimits = {
  perClientPerMinute: env.SEARCH_RATE_PER_MINUTE,
  concurrency: env.SEARCH_CONCURRENCY,
  maxQueue: 4 * env.SEARCH_CONCURRENCY,
  maxWaitMs: 2000,
  cachedQueries: 500,
};

const BUSY_RETRY_AFTER_SECONDS = 5;
// Clients remembered at once (about 100 bytes each); one forgotten early only starts with a full budget again.
const MAX_CLIENTS = 20_000;

/**
 * A token that changes whenever staff publish a change: staff writes expire it through the same tags as every
 * public query, so results kept under an older token are never read again. Results themselves stay in this
 * process's bounded memory rather than in Next's data cache, where each distinct query would be a file under
 * .next/cache that nothing prunes, and distinct queries are exactly what a flood of searches sends.
 */
const contentVersion = cachedQuery(
  "search:content-version",
  [CACHE_TAGS.missions, CACHE_TAGS.opportunities, CACHE_TAGS.institutions, CACHE_TAGS.projects],
  async () => randomUUID(),
);

export interface SearchService {
  search(params: SearchParams, client: string): Promise<SearchOutcome>;
}

/** The cache and limits in front of `searchDatabase`; `query` and `now` stand in for them in tests. */
export function createSearchService(
  limits: SearchLimits,
  { query = searchDatabase, now }: { query?: (key: string) => Promise<SearchResults>; now?: () => number } = {},
): SearchService {
  const kept = createLruCache<SearchResults>(limits.cachedQueries);
  // Visitors who send a query already being searched wait for that search instead of starting their own.
  const running = new Map<string, Promise<SearchResults>>();
  const database = createConcurrencyLimiter({
    name: "search",
    concurrency: limits.concurrency,
    maxQueue: limits.maxQueue,
    maxWaitMs: limits.maxWaitMs,
    retryAfterSeconds: BUSY_RETRY_AFTER_SECONDS,
  });
  const clients = createTokenBuckets({ capacity: limits.perClientPerMinute, refillPerSecond: limits.perClientPerMinute / 60, maxClients: MAX_CLIENTS }, now);

  const answer = async (search: Promise<SearchResults>, shownQuery: string): Promise<SearchOutcome> => {
    try {
      // The query as this visitor typed it, not as whoever searched it first did.
      return { ok: true, results: { ...(await search), query: shownQuery } };
    } catch (error) {
      if (error instanceof BusyError) return { ok: false, refused: "busy", retryAfterSeconds: error.retryAfterSeconds };
      throw error;
    }
  };

  return {
    async search({ q, key }, client) {
      if (!key) return { ok: true, results: { query: q, total: 0, groups: [] } };
      const cacheKey = `${await contentVersion()}\n${key}`;
      const known = kept.get(cacheKey);
      if (known) return answer(Promise.resolve(known), q);
      const pending = running.get(cacheKey);
      if (pending) return answer(pending, q);

      const budget = clients.take(client);
      if (!budget.allowed) return { ok: false, refused: "limited", retryAfterSeconds: budget.retryAfterSeconds };
      const search = database
        .run(async () => {
          try {
            return await query(key);
          } catch (error) {
            noteDatabaseError(error);
            throw error;
          }
        })
        .then((results) => {
          kept.set(cacheKey, results);
          return results;
        })
        .finally(() => running.delete(cacheKey));
      running.set(cacheKey, search);
      return answer(search, q);
    },
  };
}

// One per process, as the limits are (Next.js may load this module in more than one bundle).
const serviceKey = Symbol.for("space-cooperation-portal.search");
const processSlot = globalThis as { [serviceKey]?: SearchService };

/**
 * A visitor's search, already parsed by searchParamsSchema; `client` is their address as rate limits count it
 * (addressGroup(clientIp())).
 * A refusal is an answer to show, not an error.
 */
export function searchPublished(params: SearchParams, client: string): Promise<SearchOutcome> {
  processSlot[serviceKey] ??= createSearchService(SEARCH_LIMITS);
  return processSlot[serviceKey].search(params, client);
}
