import "server-only";
import type { Prisma } from "@/generated/prisma/client";
export { latest } from "@/lib/dates";
import { CARRIERS, carrierOfPool, POOL_DECIMALS } from "@/lib/calls/pools";
import type {
  CapacityDto,
  PoolDto,
  InstitutionSummary,
  Localized,
  PartialDate,
  ProjectSummary,
} from "@/lib/validation/public-data";

// Prisma rows -> the plain, JSON-safe shapes that pages and the API share.
export const localized = (en: string, zh: string | null): Localized => ({ en, zh });

export const isoDate = (date: Date | null): string | null => (date ? date.toISOString().slice(0, 10) : null);

export function partialDate(date: Date | null, precision: "DAY" | "MONTH" | "YEAR" | null): PartialDate | null {
  return date ? { date: isoDate(date)!, precision: precision ?? "DAY" } : null;
}

// What visitors may see: drafts never, nor anything shown through a draft (an unpublished mission's calls, an
// unpublished call's awards and projects, an unpublished institution's awards and partnerships).
export const visibleMission = { published: true } satisfies Prisma.MissionWhereInput;
export const visibleOpportunity = { published: true, mission: visibleMission } satisfies Prisma.OpportunityWhereInput;
export const visibleInstitution = { published: true } satisfies Prisma.InstitutionWhereInput;
export const visibleProject = { published: true, opportunity: visibleOpportunity } satisfies Prisma.CooperationProjectWhereInput;
export const visibleAward = {
  published: true,
  institution: visibleInstitution,
  opportunity: visibleOpportunity,
} satisfies Prisma.SampleLoanAwardWhereInput;

export const institutionSelect = {
  slug: true,
  nameEn: true,
  nameZh: true,
  type: true,
  countryCode: true,
} satisfies Prisma.InstitutionSelect;

export function toInstitutionSummary(row: Prisma.InstitutionGetPayload<{ select: typeof institutionSelect }>): InstitutionSummary {
  return { slug: row.slug, name: localized(row.nameEn, row.nameZh), type: row.type, countryCode: row.countryCode };
}

export const projectInclude = {
  opportunity: { select: { slug: true } },
  partners: { where: { institution: visibleInstitution }, orderBy: { position: "asc" }, include: { institution: { select: institutionSelect } } },
} satisfies Prisma.CooperationProjectInclude;

export function toProjectSummary(row: Prisma.CooperationProjectGetPayload<{ include: typeof projectInclude }>): ProjectSummary {
  const partners = row.partners.map((p) => ({ institution: toInstitutionSummary(p.institution), role: p.role }));
  const countryCodes = [...new Set(partners.map((p) => p.institution.countryCode).filter((c): c is string => c !== null))];
  return {
    slug: row.slug,
    title: localized(row.titleEn, row.titleZh),
    kind: row.kind,
    opportunitySlug: row.opportunity.slug,
    partners,
    countryCodes,
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** A pool as partners read it: what it holds, what acceptances reserved and what is left, in the pool's unit. */
export function toPool(row: Prisma.ResourcePoolGetPayload<object>): PoolDto {
  const capacity = row.capacity.toNumber();
  const reserved = row.reserved.toNumber();
  return {
    key: row.key,
    capacity,
    reserved,
    remaining: Math.max(0, Number(row.capacity.minus(row.reserved).toFixed(POOL_DECIMALS))),
    maxPerRequest: row.maxPerRequest?.toNumber() ?? null,
  };
}

/** The pools that are a payload offer's carriers, in kilograms per carrier as partners have always read them. */
export function toCapacities(rows: Prisma.ResourcePoolGetPayload<object>[]): CapacityDto[] {
  return rows
    .flatMap((row) => {
      const carrier = carrierOfPool(row.key);
      if (!carrier) return [];
      const pool = toPool(row);
      return [{ carrier, massKg: pool.capacity, reservedKg: pool.reserved, remainingKg: pool.remaining, maxPerPayloadKg: pool.maxPerRequest }];
    })
    .sort((a, b) => CARRIERS.indexOf(a.carrier) - CARRIERS.indexOf(b.carrier));
}
