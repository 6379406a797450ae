import "server-only";
import type { Prisma } from "@/generated/prisma/client";
export { latest } from "@/lib/dates";
import type {
  CapacityDto,
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

export function toCapacity(row: Prisma.PayloadCapacityGetPayload<object>): CapacityDto {
  const massKg = row.massKg.toNumber();
  const reservedKg = row.reservedKg.toNumber();
  return {
    carrier: row.carrier,
    massKg,
    reservedKg,
    remainingKg: Math.max(0, Number((massKg - reservedKg).toFixed(2))),
    maxPerPayloadKg: row.maxPerPayloadKg?.toNumber() ?? null,
  };
}
