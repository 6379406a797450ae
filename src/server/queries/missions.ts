import "server-only";
import { cachedQuery, CACHE_TAGS } from "../cache";
import { prisma } from "../db";
import type { MissionDetail, MissionSummary } from "@/lib/validation/public-data";
import { latest, localized, visibleMission, visibleOpportunity } from "./mappers";
import { listOpportunities } from "./opportunities";

type MissionRow = Awaited<ReturnType<typeof prisma.mission.findFirstOrThrow>>;

function toMissionSummary(m: MissionRow): MissionSummary {
  return {
    slug: m.slug,
    name: localized(m.nameEn, m.nameZh),
    body: m.body,
    status: m.status,
    launchWindow: m.launchWindowEn ? localized(m.launchWindowEn, m.launchWindowZh) : null,
    landingSite: m.landingSiteEn ? localized(m.landingSiteEn, m.landingSiteZh) : null,
    updatedAt: m.updatedAt.toISOString(),
  };
}

export const listMissions = cachedQuery("missions:list", [CACHE_TAGS.missions], async (): Promise<MissionSummary[]> => {
  const rows = await prisma.mission.findMany({ where: visibleMission, orderBy: { slug: "asc" } });
  return rows.map(toMissionSummary);
});

const getCachedMission = cachedQuery(
  "missions:detail",
  [CACHE_TAGS.missions, CACHE_TAGS.opportunities],
  async (slug: string): Promise<MissionDetail | null> => {
    const m = await prisma.mission.findUnique({
      where: { slug, ...visibleMission },
      include: {
        facts: { orderBy: { position: "asc" } },
        sources: { orderBy: { reference: "asc" } },
        opportunities: { where: visibleOpportunity, orderBy: { slug: "asc" } },
      },
    });
    if (!m) return null;
    return {
      ...toMissionSummary(m),
      updatedAt: latest(m.updatedAt, ...m.opportunities.map((o) => o.updatedAt)),
      facts: m.facts.map((f) => localized(f.textEn, f.textZh)),
      sources: m.sources.map((s) => ({ url: s.url, label: s.label })),
      opportunities: m.opportunities.map((o) => ({ slug: o.slug, title: localized(o.titleEn, o.titleZh), status: o.status })),
    };
  },
);

/** A mission with its calls' status at the time of the request. */
export async function getMission(slug: string): Promise<MissionDetail | null> {
  const [m, calls] = await Promise.all([getCachedMission(slug), listOpportunities()]);
  if (!m) return null;
  const status = new Map(calls.map((o) => [o.slug, o.status]));
  return { ...m, opportunities: m.opportunities.map((o) => ({ ...o, status: status.get(o.slug) ?? o.status })) };
}
