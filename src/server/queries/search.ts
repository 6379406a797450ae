import "server-only";
import countries from "i18n-iso-countries";
import { Prisma } from "@/generated/prisma/client";
import { countryName, isKnownCountryCode } from "@/lib/localize";
import { opportunityPath, OPPORTUNITY_PATHS } from "@/lib/site";
import { hasHan, type SearchHit, type SearchKind, type SearchResults } from "@/lib/validation/search";
import { prisma } from "../db";

// Site search over published missions, calls, institutions and projects, in PostgreSQL itself (PGlite too):
// full-text search with the 'simple' configuration over English text, ranked with ts_rank; Chinese, which
// 'simple' does not split into words, by substring. Not cached: each query is one statement over a few
// hundred short rows at most.

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
      return `${OPPORTUNITY_PATHS["change-8-cooperation-projects"]}/${row.slug}`;
  }
}

export async function searchPublished(query: string): Promise<SearchResults> {
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
    WITH query AS (SELECT websearch_to_tsquery('simple', ${q}) AS tsquery, lower(${q}) AS lowered, ${q}::text AS raw),
    documents AS (${documents}),
    scored AS (
      SELECT d.*,
             setweight(to_tsvector('simple', d.name_en), 'A') || setweight(to_tsvector('simple', d.other_en), 'B') AS vector,
             strpos(lower(d.name_en), query.lowered) AS en_at,
             CASE WHEN ${han} THEN strpos(coalesce(d.name_zh, ''), query.raw) ELSE 0 END AS zh_at,
             CASE WHEN ${han} THEN strpos(d.other_zh, query.raw) ELSE 0 END AS other_zh_at,
             CASE WHEN ${englishSubstring} THEN strpos(lower(d.other_en), query.lowered) ELSE 0 END AS other_en_at
        FROM documents d, query
    )
    SELECT s.kind, s.slug, s.parent_slug, s.name_en, s.name_zh, s.parent_en, s.parent_zh, s.country_code,
           ( CASE WHEN lower(s.name_en) = query.lowered OR s.name_zh = query.raw THEN 100 ELSE 0 END
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
