import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import type { Localized, PartialDate, SourceDto } from "@/lib/validation/public-data";
import { cachedQuery, CACHE_TAGS } from "../cache";
import { prisma } from "../db";
import { isoDate, latest, localized, partialDate, visibleMission, visibleOpportunity } from "./mappers";

interface Ref {
  slug: string;
  name: Localized;
}

export type TimelineEntry =
  | {
      kind: "milestone";
      key: string;
      label: Localized;
      date: PartialDate;
      /** "Around 2028": a planned date the agency gives only approximately. */
      approximate: boolean;
      mission: Ref | null;
      opportunity: Ref | null;
      source: SourceDto | null;
    }
  | { kind: "callOpens" | "callCloses"; key: string; date: PartialDate; approximate: false; opportunity: Ref; mission: Ref };

/** A call with a date missing: the timeline says what was not published. */
export interface CallWithoutDates {
  opportunity: Ref;
  status: "OPEN" | "CLOSED" | "RESULTS_PUBLISHED";
  opensOn: PartialDate | null;
  closesOn: PartialDate | null;
}

export interface Timeline {
  /** In date order. */
  entries: TimelineEntry[];
  incompleteCalls: CallWithoutDates[];
  updatedAt: string;
}

const milestoneWhere = {
  published: true,
  AND: [{ OR: [{ missionId: null }, { mission: visibleMission }] }, { OR: [{ opportunityId: null }, { opportunity: visibleOpportunity }] }],
} satisfies Prisma.MilestoneWhereInput;

export const getTimeline = cachedQuery(
  "explore:timeline",
  [CACHE_TAGS.missions, CACHE_TAGS.opportunities],
  async (): Promise<Timeline> => {
    const [milestones, opportunities] = await Promise.all([
      prisma.milestone.findMany({
        where: milestoneWhere,
        include: {
          mission: { select: { slug: true, nameEn: true, nameZh: true } },
          opportunity: { select: { slug: true, titleEn: true, titleZh: true } },
        },
      }),
      prisma.opportunity.findMany({
        where: visibleOpportunity,
        include: { mission: { select: { slug: true, nameEn: true, nameZh: true } } },
        orderBy: { slug: "asc" },
      }),
    ]);
    const refs = [...new Set(milestones.map((m) => m.sourceRef).filter((r): r is string => r !== null))];
    const sources = new Map(
      (await prisma.source.findMany({ where: { reference: { in: refs } } })).map((s) => [s.reference, { url: s.url, label: s.label }]),
    );

    const entries: TimelineEntry[] = milestones.map((m) => ({
      kind: "milestone",
      key: m.slug,
      label: localized(m.labelEn, m.labelZh),
      date: { date: isoDate(m.date)!, precision: m.precision },
      approximate: m.approximate,
      mission: m.mission ? { slug: m.mission.slug, name: localized(m.mission.nameEn, m.mission.nameZh) } : null,
      opportunity: m.opportunity ? { slug: m.opportunity.slug, name: localized(m.opportunity.titleEn, m.opportunity.titleZh) } : null,
      source: (m.sourceRef && sources.get(m.sourceRef)) || null,
    }));
    const incompleteCalls: CallWithoutDates[] = [];
    for (const o of opportunities) {
      const opportunity = { slug: o.slug, name: localized(o.titleEn, o.titleZh) };
      const mission = { slug: o.mission.slug, name: localized(o.mission.nameEn, o.mission.nameZh) };
      const opensOn = partialDate(o.opensOn, o.opensPrecision);
      const closesOn = partialDate(o.closesOn, o.closesPrecision);
      if (opensOn) entries.push({ kind: "callOpens", key: `${o.slug}:opens`, date: opensOn, approximate: false, opportunity, mission });
      if (closesOn) entries.push({ kind: "callCloses", key: `${o.slug}:closes`, date: closesOn, approximate: false, opportunity, mission });
      if (!opensOn || !closesOn) incompleteCalls.push({ opportunity, status: o.status, opensOn, closesOn });
    }
    return {
      entries: entries.sort((a, b) => a.date.date.localeCompare(b.date.date) || a.key.localeCompare(b.key)),
      incompleteCalls,
      updatedAt: latest(...milestones.map((m) => m.updatedAt), ...opportunities.map((o) => o.updatedAt)),
    };
  },
);
