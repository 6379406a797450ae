import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { cachedQuery, CACHE_TAGS } from "../cache";
import { prisma } from "../db";
import { announcedPeriod } from "@/lib/calls/stage-dates";
import { callStatus, nextChange, stageState } from "@/lib/calls/status";
import type { CallForm, OpportunityDetail, OpportunitySummary, PartialDate, RecordedStatus } from "@/lib/validation/public-data";
import { now } from "../platform/clock";
import { requestJsonSchema } from "@/lib/calls/answers";
import { currentDefinition } from "../calls/definitions";
import { createCallOpenApiDocument } from "../api/openapi";
import {
  institutionSelect,
  isoDate,
  latest,
  localized,
  partialDate,
  projectInclude,
  toCapacities,
  toPool,
  toInstitutionSummary,
  toProjectSummary,
  visibleAward,
  visibleOpportunity,
  visibleProject,
} from "./mappers";

const summaryInclude = {
  mission: { select: { slug: true, nameEn: true, nameZh: true } },
  stages: { orderBy: { position: "asc" } },
  figures: { orderBy: { key: "asc" } },
  pools: { orderBy: { key: "asc" } },
} satisfies Prisma.OpportunityInclude;

type SummaryRow = Prisma.OpportunityGetPayload<{ include: typeof summaryInclude }>;

/** The call's window: from its stages when it has them (first opening, last closing), else as staff recorded it. */
function callWindow(o: SummaryRow): { opensOn: PartialDate | null; closesOn: PartialDate | null } {
  if (o.stages.length === 0) return { opensOn: partialDate(o.opensOn, o.opensPrecision), closesOn: partialDate(o.closesOn, o.closesPrecision) };
  const first = o.stages[0]!;
  const last = o.stages[o.stages.length - 1]!;
  return {
    opensOn: first.opensAt ? announcedPeriod(first.opensAt.toISOString(), first.opensPrecision, "opens", o.timeZone) : null,
    closesOn: last.closesAt ? announcedPeriod(last.closesAt.toISOString(), last.closesPrecision, "closes", o.timeZone) : null,
  };
}

function toOpportunitySummary(o: SummaryRow): OpportunitySummary {
  return {
    slug: o.slug,
    kind: o.kind,
    // The recorded status; `live` turns it into the status at the time of the request.
    status: o.status,
    title: localized(o.titleEn, o.titleZh),
    mission: { slug: o.mission.slug, name: localized(o.mission.nameEn, o.mission.nameZh) },
    timeZone: o.timeZone,
    contactEmail: o.contactEmail,
    demonstration: o.demonstration,
    acceptsApplications: o.referencePrefix !== null,
    stages: o.stages.map((s) => ({
      position: s.position,
      title: localized(s.titleEn, s.titleZh),
      opensAt: s.opensAt?.toISOString() ?? null,
      opensPrecision: s.opensPrecision,
      closesAt: s.closesAt?.toISOString() ?? null,
      closesPrecision: s.closesPrecision,
      graceMinutes: s.graceMinutes,
      entry: s.entry,
      state: "open",
    })),
    ...callWindow(o),
    figures: o.figures.map((f) => ({ key: f.key, value: f.value, outOf: f.outOf })),
    capacities: toCapacities(o.pools),
    pools: o.pools.map(toPool),
    updatedAt: latest(o.updatedAt, ...o.stages.map((s) => s.updatedAt), ...o.pools.map((c) => c.updatedAt)),
  };
}

/** A cached call as it stands now: its status and each stage's state follow the clock, not the cache. */
function live<T extends OpportunitySummary>(o: T, at = now()): T {
  return {
    ...o,
    status: callStatus({ status: o.status as RecordedStatus, stages: o.stages }, at),
    stages: o.stages.map((s) => ({ ...s, state: stageState(s, at) })),
  };
}

/** When the pages showing these calls must be built again: the next opening or closing of any stage. */
export function statusChangesAt(opportunities: OpportunitySummary[], at = now()): Date | null {
  return nextChange(opportunities.flatMap((o) => o.stages), at);
}

/**
 * The next opening or closing of a stage of any public call, read from the database rather than the cache: when this
 * process's status alarm (src/server/status-alarm.ts) expires the public pages.
 */
export async function nextStageChange(at = now()): Promise<Date | null> {
  const stages = await prisma.callStage.findMany({
    where: { opportunity: visibleOpportunity },
    select: { opensAt: true, closesAt: true, graceMinutes: true },
  });
  return nextChange(stages, at);
}

// The order visitors meet them in: the open offer first, then published results.
const opportunityOrder = ["tianwen-3-payload-offer", "chang-e-8-cooperation-projects", "chang-e-5-sample-loans"];
const byOrder = (a: { slug: string }, b: { slug: string }) =>
  (opportunityOrder.indexOf(a.slug) + 1 || 99) - (opportunityOrder.indexOf(b.slug) + 1 || 99) || a.slug.localeCompare(b.slug);

const listCachedOpportunities = cachedQuery(
  "opportunities:list",
  [CACHE_TAGS.opportunities],
  async (): Promise<OpportunitySummary[]> => {
    const rows = await prisma.opportunity.findMany({ where: visibleOpportunity, include: summaryInclude });
    return rows.map(toOpportunitySummary).sort(byOrder);
  },
);

const getCachedOpportunity = cachedQuery(
  "opportunities:detail",
  [CACHE_TAGS.opportunities, CACHE_TAGS.institutions, CACHE_TAGS.projects],
  async (slug: string): Promise<OpportunityDetail | null> => {
    const o = await prisma.opportunity.findUnique({
      where: { slug, ...visibleOpportunity },
      include: {
        ...summaryInclude,
        facts: { orderBy: { position: "asc" } },
        sources: { orderBy: { reference: "asc" } },
        awards: {
          where: visibleAward,
          include: { institution: { select: { ...institutionSelect, updatedAt: true } }, agreement: true },
          orderBy: { createdAt: "asc" },
        },
        projects: { where: visibleProject, include: projectInclude, orderBy: { position: "asc" } },
      },
    });
    if (!o) return null;
    const summary = toOpportunitySummary(o);
    return {
      ...summary,
      updatedAt: latest(
        summary.updatedAt,
        ...o.awards.flatMap((a) => [a.updatedAt, a.institution.updatedAt, ...(a.agreement ? [a.agreement.updatedAt] : [])]),
        ...o.projects.map((p) => p.updatedAt),
      ),
      facts: o.facts.map((f) => localized(f.textEn, f.textZh)),
      sources: o.sources.map((s) => ({ url: s.url, label: s.label })),
      awards: o.awards.map((a) => ({
        institution: toInstitutionSummary(a.institution),
        agreement: a.agreement
          ? { status: a.agreement.status, signedOn: isoDate(a.agreement.signedOn), expiresOn: isoDate(a.agreement.expiresOn) }
          : null,
      })),
      projects: o.projects.map(toProjectSummary),
    };
  },
);

export async function listOpportunities(): Promise<OpportunitySummary[]> {
  const at = now();
  return (await listCachedOpportunities()).map((o) => live(o, at));
}

export async function getOpportunity(slug: string): Promise<OpportunityDetail | null> {
  const o = await getCachedOpportunity(slug);
  return o ? live(o) : null;
}

/** A call's published form for partners: its stages' questions, pools and eligibility (the rubric is the reviewers'). */
export const getCallForm = cachedQuery("calls:form", [CACHE_TAGS.opportunities], async (slug: string): Promise<CallForm | null> => {
  const call = await prisma.opportunity.findUnique({ where: { slug, ...visibleOpportunity }, select: { id: true } });
  const stored = call && (await currentDefinition(call.id));
  if (!stored) return null;
  const { definition } = stored;
  return {
    version: stored.version,
    stages: definition.stages.map((s) => ({ key: s.key, pages: s.form.pages })),
    pools: definition.pools,
    eligibility: definition.eligibility,
    requestSchemas: Object.fromEntries(definition.stages.map((s) => [s.key, requestJsonSchema(definition, s.key) as Record<string, unknown>])),
  };
});

/**
 * The OpenAPI document for submitting to a published call that takes applications here, from its current form: the
 * body of each stage open to anyone (the first stage while none is); null for any other call.
 */
export const getCallOpenApiDocument = cachedQuery("calls:openapi", [CACHE_TAGS.opportunities], async (slug: string) => {
  const call = await prisma.opportunity.findFirst({
    where: { slug, ...visibleOpportunity, referencePrefix: { not: null } },
    select: { id: true, slug: true, titleEn: true, stages: { select: { position: true, entry: true }, orderBy: { position: "asc" } } },
  });
  const stored = call && (await currentDefinition(call.id));
  if (!stored) return null;
  const { definition } = stored;
  const entering = call.stages.filter((s) => s.entry === "ANYONE").flatMap((s) => definition.stages[s.position] ?? []);
  return createCallOpenApiDocument({
    slug: call.slug,
    title: call.titleEn,
    version: stored.version,
    definition,
    stageKeys: (entering.length > 0 ? entering : definition.stages.slice(0, 1)).map((s) => s.key),
  });
});
