import "server-only";
import type { ApplicationStatus, Prisma } from "@/generated/prisma/client";
import { aggregateInvolvement, type CountryInvolvement, type InvolvementRecord } from "@/lib/geo/involvement";
import type { InstitutionSummary } from "@/lib/validation/public-data";
import { cachedQuery, CACHE_TAGS } from "../cache";
import { prisma } from "../db";
import { institutionSelect, latest, toInstitutionSummary, visibleAward, visibleInstitution, visibleOpportunity, visibleProject } from "./mappers";

/** Expressions of interest that count: submitted and beyond; drafts never, nor ones the applicant withdrew. */
export const INTEREST_STATUSES: ApplicationStatus[] = ["SUBMITTED", "UNDER_REVIEW", "SHORTLISTED", "ACCEPTED", "DECLINED"];

/**
 * Submissions revalidate no cache tag, so queries that count them take the current hour as an argument:
 * a new hour is a new cache entry, and the counts are at most an hour old.
 */
export const cacheHour = (now = Date.now()) => Math.floor(now / 3_600_000);

/** Counts of expressions of interest per lead country, for payload offers; no application is ever named. */
export async function countInterestByCountry(where: Prisma.ApplicationWhereInput = {}) {
  const groups = await prisma.application.groupBy({
    by: ["leadCountry"],
    where: {
      ...where,
      status: { in: INTEREST_STATUSES },
      leadCountry: { not: null },
      opportunity: { ...visibleOpportunity, kind: "PAYLOAD_OFFER" },
    },
    _count: { _all: true },
  });
  return groups.map((g) => ({ countryCode: g.leadCountry!, count: g._count._all }));
}

export interface OrganisationInvolvement {
  institution: InstitutionSummary;
  sampleLoans: number;
  projects: number;
}

export interface CooperationMap {
  countries: CountryInvolvement[];
  /** International organisations take part without a country: listed, not drawn. */
  organisations: OrganisationInvolvement[];
  updatedAt: string;
}

export const getCooperationMap = cachedQuery(
  "explore:map",
  [CACHE_TAGS.institutions, CACHE_TAGS.opportunities, CACHE_TAGS.projects],
  async (_hour: number): Promise<CooperationMap> => {
    const [awards, partners, interest] = await Promise.all([
      prisma.sampleLoanAward.findMany({
        where: { ...visibleAward, opportunity: { ...visibleOpportunity, kind: "SAMPLE_LOAN" } },
        select: { id: true, updatedAt: true, institution: { select: { ...institutionSelect, updatedAt: true } } },
      }),
      prisma.projectPartner.findMany({
        where: { institution: visibleInstitution, project: { ...visibleProject, opportunity: { ...visibleOpportunity, kind: "PAYLOAD_SELECTION" } } },
        select: { project: { select: { slug: true, updatedAt: true } }, institution: { select: { ...institutionSelect, updatedAt: true } } },
      }),
      countInterestByCountry(),
    ]);
    const records: InvolvementRecord[] = [
      ...awards.map((a) => ({ kind: "sampleLoan" as const, countryCode: a.institution.countryCode, key: a.id })),
      ...partners.map((p) => ({ kind: "project" as const, countryCode: p.institution.countryCode, key: p.project.slug })),
    ];

    const organisations = new Map<string, OrganisationInvolvement>();
    const organisation = (institution: (typeof awards)[number]["institution"]) => {
      const found = organisations.get(institution.slug) ?? { institution: toInstitutionSummary(institution), sampleLoans: 0, projects: 0 };
      organisations.set(institution.slug, found);
      return found;
    };
    for (const a of awards) if (!a.institution.countryCode) organisation(a.institution).sampleLoans += 1;
    for (const p of partners) if (!p.institution.countryCode) organisation(p.institution).projects += 1;

    return {
      countries: aggregateInvolvement(records, interest),
      organisations: [...organisations.values()].sort((a, b) => a.institution.name.en.localeCompare(b.institution.name.en)),
      updatedAt: latest(
        ...awards.flatMap((a) => [a.updatedAt, a.institution.updatedAt]),
        ...partners.flatMap((p) => [p.project.updatedAt, p.institution.updatedAt]),
      ),
    };
  },
);
