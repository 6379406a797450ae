import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { cachedQuery, CACHE_TAGS } from "../cache";
import { prisma } from "../db";
import type { InstitutionDetail, InstitutionSummary } from "@/lib/validation/public-data";
import {
  institutionSelect,
  isoDate,
  latest,
  localized,
  projectInclude,
  toInstitutionSummary,
  toProjectSummary,
  visibleAward,
  visibleInstitution,
  visibleProject,
} from "./mappers";

const detailInclude = {
  awards: {
    where: visibleAward,
    include: {
      agreement: true,
      opportunity: { select: { slug: true, titleEn: true, titleZh: true, mission: { select: { slug: true, nameEn: true, nameZh: true } } } },
    },
  },
  projects: { where: { project: visibleProject }, include: { project: { include: projectInclude } }, orderBy: { project: { position: "asc" } } },
} satisfies Prisma.InstitutionInclude;

function toInstitutionDetail(i: Prisma.InstitutionGetPayload<{ include: typeof detailInclude }>): InstitutionDetail {
  return {
    ...toInstitutionSummary(i),
    awards: i.awards.map((a) => ({
      opportunity: {
        slug: a.opportunity.slug,
        title: localized(a.opportunity.titleEn, a.opportunity.titleZh),
        mission: { slug: a.opportunity.mission.slug, name: localized(a.opportunity.mission.nameEn, a.opportunity.mission.nameZh) },
      },
      agreement: a.agreement
        ? { status: a.agreement.status, signedOn: isoDate(a.agreement.signedOn), expiresOn: isoDate(a.agreement.expiresOn) }
        : null,
    })),
    projects: i.projects.map((p) => toProjectSummary(p.project)),
    updatedAt: latest(
      i.updatedAt,
      ...i.awards.flatMap((a) => [a.updatedAt, ...(a.agreement ? [a.agreement.updatedAt] : [])]),
      ...i.projects.map((p) => p.project.updatedAt),
    ),
  };
}

export const listInstitutions = cachedQuery(
  "institutions:list",
  [CACHE_TAGS.institutions],
  async (): Promise<InstitutionSummary[]> => {
    const rows = await prisma.institution.findMany({ where: visibleInstitution, select: institutionSelect, orderBy: { nameEn: "asc" } });
    return rows.map(toInstitutionSummary);
  },
);

export const getInstitution = cachedQuery(
  "institutions:detail",
  [CACHE_TAGS.institutions, CACHE_TAGS.opportunities, CACHE_TAGS.projects],
  async (slug: string): Promise<InstitutionDetail | null> => {
    const row = await prisma.institution.findUnique({ where: { slug, ...visibleInstitution }, include: detailInclude });
    return row ? toInstitutionDetail(row) : null;
  },
);

/** Every institution of one country or region, with what each takes part in; empty if none. */
export const getCountryInstitutions = cachedQuery(
  "institutions:country",
  [CACHE_TAGS.institutions, CACHE_TAGS.opportunities, CACHE_TAGS.projects],
  async (countryCode: string): Promise<InstitutionDetail[]> => {
    const rows = await prisma.institution.findMany({ where: { countryCode, ...visibleInstitution }, include: detailInclude, orderBy: { nameEn: "asc" } });
    return rows.map(toInstitutionDetail);
  },
);

/** The countries and regions that have at least one institution, by code. */
export const listCountryCodes = cachedQuery("institutions:countries", [CACHE_TAGS.institutions], async (): Promise<string[]> => {
  const rows = await prisma.institution.findMany({
    where: { countryCode: { not: null }, ...visibleInstitution },
    distinct: ["countryCode"],
    select: { countryCode: true },
    orderBy: { countryCode: "asc" },
  });
  return rows.map((r) => r.countryCode!);
});
