import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { stageDates } from "@/lib/calls/stage-dates";
import { latest } from "@/lib/dates";
import type { CallStageDto, Localized, OpportunityStatus, PartialDate, SourceDto } from "@/lib/validation/public-data";
import { cachedQuery, CACHE_TAGS } from "../cache";
import { prisma } from "../db";
import { isoDate, localized, visibleMission } from "./mappers";
import { listRealCalls, realOpportunity } from "./real-calls";

interface Ref {
  slug: string;
  name: Localized;
}

type MilestoneEntry = {
  kind: "milestone";
  key: string;
  label: Localized;
  date: PartialDate;
  /** "Around 2028": a planned date the agency gives only approximately. */
  approximate: boolean;
  mission: Ref | null;
  opportunity: Ref | null;
  source: SourceDto | null;
};

export type TimelineEntry =
  | MilestoneEntry
  /** A call without stages: its window as staff recorded it. */
  | { kind: "callOpens" | "callCloses"; key: string; date: PartialDate; approximate: false; opportunity: Ref; mission: Ref }
  /** A stage of a call opening or closing; `date` places it, `at` and `precision` say what was announced. */
  | {
      kind: "stageOpens" | "stageCloses";
      key: string;
      date: PartialDate;
      approximate: false;
      opportunity: Ref;
      mission: Ref;
      stage: { position: number; title: Localized; entry: CallStageDto["entry"] };
      at: string;
      /** Null: an exact instant; otherwise only this day, month or year was announced. */
      precision: CallStageDto["opensPrecision"];
      timeZone: string;
    };

/** A call with a date missing: the timeline says what was not published. */
export interface CallWithoutDates {
  opportunity: Ref;
  status: OpportunityStatus;
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
  AND: [{ OR: [{ missionId: null }, { mission: visibleMission }] }, { OR: [{ opportunityId: null }, { opportunity: realOpportunity }] }],
} satisfies Prisma.MilestoneWhereInput;

const getTimelineMilestones = cachedQuery(
  "explore:timeline-milestones",
  [CACHE_TAGS.missions, CACHE_TAGS.opportunities],
  async (): Promise<{ entries: MilestoneEntry[]; updatedAt: string }> => {
    const milestones = await prisma.milestone.findMany({
      where: milestoneWhere,
      include: {
        mission: { select: { slug: true, nameEn: true, nameZh: true } },
        opportunity: { select: { slug: true, titleEn: true, titleZh: true } },
      },
    });
    const refs = [...new Set(milestones.map((m) => m.sourceRef).filter((r): r is string => r !== null))];
    const sources = new Map(
      (await prisma.source.findMany({ where: { reference: { in: refs } } })).map((s) => [s.reference, { url: s.url, label: s.label }]),
    );
    return {
      entries: milestones.map((m) => ({
        kind: "milestone",
        key: m.slug,
        label: localized(m.labelEn, m.labelZh),
        date: { date: isoDate(m.date)!, precision: m.precision },
        approximate: m.approximate,
        mission: m.mission ? { slug: m.mission.slug, name: localized(m.mission.nameEn, m.mission.nameZh) } : null,
        opportunity: m.opportunity ? { slug: m.opportunity.slug, name: localized(m.opportunity.titleEn, m.opportunity.titleZh) } : null,
        source: (m.sourceRef && sources.get(m.sourceRef)) || null,
      })),
      updatedAt: latest(...milestones.map((m) => m.updatedAt)),
    };
  },
);

/** The milestones and the real calls' dates, each stage's opening and closing as announced, in date order. */
export async function getTimeline(): Promise<Timeline> {
  const [milestones, calls] = await Promise.all([getTimelineMilestones(), listRealCalls()]);
  const entries: TimelineEntry[] = [...milestones.entries];
  const incompleteCalls: CallWithoutDates[] = [];
  for (const o of [...calls].sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0))) {
    const opportunity = { slug: o.slug, name: o.title };
    const mission = o.mission;
    if (o.stages.length > 0) {
      for (const d of stageDates(o)) {
        entries.push({
          kind: d.edge === "opens" ? "stageOpens" : "stageCloses",
          key: `${o.slug}:stage-${d.stage.position}:${d.edge}`,
          date: d.date,
          approximate: false,
          opportunity,
          mission,
          stage: { position: d.stage.position, title: d.stage.title, entry: d.stage.entry },
          at: d.at,
          precision: d.precision,
          timeZone: o.timeZone,
        });
      }
    } else {
      if (o.opensOn) entries.push({ kind: "callOpens", key: `${o.slug}:opens`, date: o.opensOn, approximate: false, opportunity, mission });
      if (o.closesOn) entries.push({ kind: "callCloses", key: `${o.slug}:closes`, date: o.closesOn, approximate: false, opportunity, mission });
    }
    if (!o.opensOn || !o.closesOn) incompleteCalls.push({ opportunity, status: o.status, opensOn: o.opensOn, closesOn: o.closesOn });
  }
  return {
    entries: entries.sort((a, b) => a.date.date.localeCompare(b.date.date) || a.key.localeCompare(b.key)),
    incompleteCalls,
    updatedAt: latest(milestones.updatedAt, ...calls.map((o) => o.updatedAt)),
  };
}
