import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { cachedQuery, CACHE_TAGS } from "../cache";
import { prisma } from "../db";
import type { OpportunityDetail, OpportunitySummary } from "@/lib/validation/public-data";
import {
  institutionSelect,
  isoDate,
  latest,
  localized,
  partialDate,
  projectInclude,
  toCapacity,
  toInstitutionSummary,
  toProjectSummary,
  visibleAward,
  visibleOpportunity,
  visibleProject,
} from "./mappers";

const summaryInclude = {
  mission: { select: { slug: true, nameEn: true, nameZh: true } },
  figures: { orderBy: { key: "asc" } },
  capacities: { orderBy: { carrier: "asc" } },
} satisfies Prisma.OpportunityInclude;

function toOpportunitySummary(o: Prisma.OpportunityGetPayload<{ include: typeof summaryInclude }>): OpportunitySummary {
  return {
    slug: o.slug,
    kind: o.kind,
    status: o.status,
    title: localized(o.titleEn, o.titleZh),
    mission: { slug: o.mission.slug, name: localized(o.mission.nameEn, o.mission.nameZh) },
    opensOn: partialDate(o.opensOn, o.opensPrecision),
    closesOn: partialDate(o.closesOn, o.closesPrecision),
    figures: o.figures.map((f) => ({ key: f.key, value: f.value, outOf: f.outOf })),
    capacities: o.capacities.map(toCapacity),
    updatedAt: latest(o.updatedAt, ...o.capacities.map((c) => c.updatedAt)),
  };
}

// The order visitors meet them in: the open offer first, then published results.
const opportunityOrder = ["tianwen-3-payload-offer", "chang-e-8-cooperation-projects", "chang-e-5-sample-loans"];
const byOrder = (a: { slug: string }, b: { slug: string }) =>
  (opportunityOrder.indexOf(a.slug) + 1 || 99) - (opportunityOrder.indexOf(b.slug) + 1 || 99) || a.slug.localeCompare(b.slug);

export const listOpportunities = cachedQuery(
  "opportunities:list",
  [CACHE_TAGS.opportunities],
  async (): Promise<OpportunitySummary[]> => {
    const rows = await prisma.opportunity.findMany({ where: visibleOpportunity, include: summaryInclude });
    return rows.map(toOpportunitySummary).sort(byOrder);
  },
);

export const getOpportunity = cachedQuery(
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
