import "server-only";
import type { CapacityDto, FigureDto, Localized, OpportunitySummary, OpportunityStatus } from "@/lib/validation/public-data";
import { cachedQuery, CACHE_TAGS } from "../cache";
import { prisma } from "../db";
import { countInterestByCountry } from "./map";
import { latest, localized, toCapacities, visibleOpportunity } from "./mappers";
import { listOpportunities } from "./opportunities";

type OpportunityKind = OpportunitySummary["kind"];

export interface OpportunityTransparency {
  slug: string;
  kind: OpportunityKind;
  status: OpportunityStatus;
  title: Localized;
  mission: { slug: string; name: Localized };
  figures: FigureDto[];
  /** Offered and reserved mass per carrier, for a payload offer (selections publish no reservations). */
  capacities: CapacityDto[];
  /** Expressions of interest submitted so far, for a payload offer: counts only. */
  interest: { submissions: number; countries: number } | null;
}

export interface Transparency {
  opportunities: OpportunityTransparency[];
  updatedAt: string;
}

const getCachedTransparency = cachedQuery(
  "explore:transparency",
  [CACHE_TAGS.opportunities],
  async (_hour: number): Promise<Transparency> => {
    const rows = await prisma.opportunity.findMany({
      where: visibleOpportunity,
      include: {
        mission: { select: { slug: true, nameEn: true, nameZh: true } },
        figures: true,
        pools: { orderBy: { key: "asc" } },
      },
      orderBy: { slug: "asc" },
    });
    const interest = new Map<string, { countryCode: string; count: number }[]>();
    for (const o of rows) if (o.kind === "PAYLOAD_OFFER") interest.set(o.slug, await countInterestByCountry({ opportunityId: o.id }));
    return {
      opportunities: rows.map((o) => {
        const counts = interest.get(o.slug);
        return {
          slug: o.slug,
          kind: o.kind,
          status: o.status,
          title: localized(o.titleEn, o.titleZh),
          mission: { slug: o.mission.slug, name: localized(o.mission.nameEn, o.mission.nameZh) },
          figures: o.figures.map((f) => ({ key: f.key, value: f.value, outOf: f.outOf })),
          capacities: o.kind === "PAYLOAD_OFFER" ? toCapacities(o.pools) : [],
          interest: counts ? { submissions: counts.reduce((n, c) => n + c.count, 0), countries: counts.length } : null,
        };
      }),
      updatedAt: latest(...rows.flatMap((o) => [o.updatedAt, ...o.pools.map((c) => c.updatedAt)])),
    };
  },
);

/** The dashboard with each call's status at the time of the request. */
export async function getTransparency(hour: number): Promise<Transparency> {
  const [t, calls] = await Promise.all([getCachedTransparency(hour), listOpportunities()]);
  const status = new Map(calls.map((o) => [o.slug, o.status]));
  return { ...t, opportunities: t.opportunities.map((o) => ({ ...o, status: status.get(o.slug) ?? o.status })) };
}
