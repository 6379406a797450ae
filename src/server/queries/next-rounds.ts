import "server-only";
import type { Localized, SourceDto } from "@/lib/validation/public-data";
import { cachedQuery, CACHE_TAGS } from "../cache";
import { prisma } from "../db";
import { latest, localized, visibleOpportunity } from "./mappers";

export interface LaterRound {
  slug: string;
  title: Localized;
  /** False while staff prepare the call: then only its sourced announcement is shown, never its draft details. */
  published: boolean;
  facts: Localized[];
  sources: SourceDto[];
}

export interface NextRounds {
  rounds: LaterRound[];
  /** When the portal's records on this call and its later rounds last changed: what "none announced" is as of. */
  asOf: string;
}

/** Rounds of the same mission and kind recorded after this call, published or announced; null for an unknown call. */
export const getNextRounds = cachedQuery("opportunities:next-rounds", [CACHE_TAGS.opportunities], async (slug: string): Promise<NextRounds | null> => {
  const current = await prisma.opportunity.findFirst({ where: { slug, ...visibleOpportunity }, select: { id: true, missionId: true, kind: true, createdAt: true, updatedAt: true } });
  if (!current) return null;
  const later = await prisma.opportunity.findMany({
    where: { missionId: current.missionId, kind: current.kind, id: { not: current.id }, demonstration: false, createdAt: { gte: current.createdAt } },
    orderBy: [{ createdAt: "asc" }, { slug: "asc" }],
    select: {
      slug: true,
      published: true,
      titleEn: true,
      titleZh: true,
      updatedAt: true,
      facts: { orderBy: { position: "asc" }, select: { textEn: true, textZh: true } },
      sources: { orderBy: { reference: "asc" }, select: { url: true, label: true } },
    },
  });
  return {
    rounds: later.map((o) => ({
      slug: o.slug,
      title: localized(o.titleEn, o.titleZh),
      published: o.published,
      // A draft shows only what the cited sources said: the announcement, which is public already.
      facts: o.sources.length > 0 || o.published ? o.facts.map((f) => localized(f.textEn, f.textZh)) : [],
      sources: o.sources.map((s) => ({ url: s.url, label: s.label })),
    })).filter((r) => r.published || r.facts.length > 0),
    asOf: latest(current.updatedAt, ...later.map((o) => o.updatedAt)),
  };
});
