import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { type ListQuery, pageWindow } from "@/lib/admin-list";
import type { AwardInput } from "@/lib/validation/admin/content";
import { agreementStatusSchema } from "@/lib/validation/public-data";
import { recordAudit } from "../audit";
import type { StaffSession } from "../authz";
import { CACHE_TAGS } from "../cache";
import { prisma } from "../db";
import { isoDate } from "../queries/mappers";
import {
  checkVersion,
  PUBLISHED_FILTER,
  publishedFilter,
  refuseField,
  refuseInUse,
  refuseNotFound,
  refuseStale,
  refuseTaken,
  versionOf,
  writeContent,
} from "./write";

export const AWARD_TAGS = [CACHE_TAGS.opportunities, CACHE_TAGS.institutions];

/** Awards belong to sample-loan calls; the opportunity filter offers those. */
export async function awardListSpec() {
  const opportunities = await prisma.opportunity.findMany({ where: { kind: "SAMPLE_LOAN" }, select: { id: true } });
  return {
    sorts: ["institution", "opportunity", "updated"] as const,
    defaultSort: "institution" as const,
    filters: {
      opportunity: opportunities.map((o) => o.id),
      agreement: [...agreementStatusSchema.options, "none"] as const,
      published: PUBLISHED_FILTER,
    },
  };
}
export type AwardListQuery = ListQuery<"institution" | "opportunity" | "updated", "opportunity" | "agreement" | "published">;

type AgreementStatus = (typeof agreementStatusSchema.options)[number];

export interface AwardRow {
  id: string;
  institutionNameEn: string;
  institutionNameZh: string | null;
  countryCode: string | null;
  opportunityTitleEn: string;
  opportunityTitleZh: string;
  agreementId: string | null;
  agreementStatus: AgreementStatus | null;
  published: boolean;
  updatedAt: string;
}

const institutionSearch = (q: string | undefined): Prisma.SampleLoanAwardWhereInput =>
  q
    ? {
        institution: {
          OR: [{ nameEn: { contains: q, mode: "insensitive" } }, { nameZh: { contains: q, mode: "insensitive" } }, { slug: { contains: q, mode: "insensitive" } }],
        },
      }
    : {};

export async function listAwardsForStaff(query: AwardListQuery, { all = false } = {}): Promise<{ rows: AwardRow[]; total: number }> {
  const agreement = query.filters.agreement;
  const where: Prisma.SampleLoanAwardWhereInput = {
    ...institutionSearch(query.q),
    ...(query.filters.opportunity ? { opportunityId: query.filters.opportunity } : {}),
    ...(agreement === "none" ? { agreement: { is: null } } : agreement ? { agreement: { is: { status: agreement as AgreementStatus } } } : {}),
    ...publishedFilter(query.filters.published),
  };
  const orderBy: Prisma.SampleLoanAwardOrderByWithRelationInput[] =
    query.sort === "opportunity"
      ? [{ opportunity: { titleEn: query.dir } }, { institution: { nameEn: "asc" } }]
      : query.sort === "updated"
        ? [{ updatedAt: query.dir }]
        : [{ institution: { nameEn: query.dir } }];
  const [rows, total] = await Promise.all([
    prisma.sampleLoanAward.findMany({
      where,
      orderBy,
      ...(all ? {} : pageWindow(query.page)),
      include: {
        institution: { select: { nameEn: true, nameZh: true, countryCode: true } },
        opportunity: { select: { titleEn: true, titleZh: true } },
        agreement: { select: { id: true, status: true } },
      },
    }),
    prisma.sampleLoanAward.count({ where }),
  ]);
  return {
    total,
    rows: rows.map((a) => ({
      id: a.id,
      institutionNameEn: a.institution.nameEn,
      institutionNameZh: a.institution.nameZh,
      countryCode: a.institution.countryCode,
      opportunityTitleEn: a.opportunity.titleEn,
      opportunityTitleZh: a.opportunity.titleZh,
      agreementId: a.agreement?.id ?? null,
      agreementStatus: a.agreement?.status ?? null,
      published: a.published,
      updatedAt: a.updatedAt.toISOString(),
    })),
  };
}

export async function getAwardForStaff(id: string) {
  const a = await prisma.sampleLoanAward.findUnique({
    where: { id },
    include: {
      institution: { select: { id: true, nameEn: true, nameZh: true, countryCode: true, published: true } },
      opportunity: { select: { id: true, titleEn: true, titleZh: true, published: true } },
      agreement: { select: { id: true, status: true, signedOn: true, expiresOn: true } },
    },
  });
  if (!a) return null;
  return {
    id: a.id,
    published: a.published,
    opportunityId: a.opportunityId,
    institutionId: a.institutionId,
    institution: a.institution,
    opportunity: a.opportunity,
    agreement: a.agreement
      ? { id: a.agreement.id, status: a.agreement.status, signedOn: isoDate(a.agreement.signedOn), expiresOn: isoDate(a.agreement.expiresOn) }
      : null,
    updatedAt: a.updatedAt.toISOString(),
    version: versionOf(a),
  };
}
export type AwardForStaff = NonNullable<Awaited<ReturnType<typeof getAwardForStaff>>>;

async function checkRelations(tx: Prisma.TransactionClient, input: AwardInput, exceptId?: string) {
  const opportunity = await tx.opportunity.findUnique({ where: { id: input.opportunityId }, select: { kind: true } });
  if (opportunity?.kind !== "SAMPLE_LOAN") refuseField("opportunityId", "chooseOne");
  if (!(await tx.institution.findUnique({ where: { id: input.institutionId }, select: { id: true } }))) refuseField("institutionId", "chooseOne");
  const holder = await tx.sampleLoanAward.findUnique({
    where: { opportunityId_institutionId: { opportunityId: input.opportunityId, institutionId: input.institutionId } },
    select: { id: true },
  });
  if (holder && holder.id !== exceptId) refuseTaken("institutionId");
}

/** A new award, as a draft. */
export function createAward(staff: StaffSession, input: AwardInput) {
  return writeContent({ tags: AWARD_TAGS, uniqueField: "institutionId" }, async (tx) => {
    await checkRelations(tx, input);
    const row = await tx.sampleLoanAward.create({ data: { ...input, published: false } });
    await recordAudit(tx, staff, { action: "create", entity: "SampleLoanAward", entityId: row.id, after: row });
    return { id: row.id };
  });
}

export function updateAward(staff: StaffSession, ref: { id: string; version: string }, input: AwardInput) {
  return writeContent({ tags: AWARD_TAGS, uniqueField: "institutionId" }, async (tx) => {
    const before = (await tx.sampleLoanAward.findUnique({ where: { id: ref.id } })) ?? refuseNotFound();
    checkVersion(versionOf(before), ref.version);
    await checkRelations(tx, input, ref.id);
    const { count } = await tx.sampleLoanAward.updateMany({ where: { id: ref.id, updatedAt: before.updatedAt }, data: input });
    if (count === 0) refuseStale();
    const after = await tx.sampleLoanAward.findUniqueOrThrow({ where: { id: ref.id } });
    await recordAudit(tx, staff, { action: "update", entity: "SampleLoanAward", entityId: ref.id, before, after });
    return { id: ref.id };
  });
}

/** Refused while a loan agreement is recorded for the award: delete the agreement first. */
export function deleteAward(staff: StaffSession, ref: { id: string; version: string }) {
  return writeContent({ tags: AWARD_TAGS }, async (tx) => {
    const before = (await tx.sampleLoanAward.findUnique({ where: { id: ref.id } })) ?? refuseNotFound();
    checkVersion(versionOf(before), ref.version);
    if (await tx.loanAgreement.findUnique({ where: { awardId: ref.id }, select: { id: true } })) refuseInUse();
    await tx.sampleLoanAward.delete({ where: { id: ref.id } });
    await recordAudit(tx, staff, { action: "delete", entity: "SampleLoanAward", entityId: ref.id, before });
    return { id: ref.id };
  });
}

/** Awards without an agreement yet, for the new-agreement form. */
export async function listAwardsWithoutAgreement(): Promise<{ id: string; institutionNameEn: string; institutionNameZh: string | null; opportunityTitleEn: string; opportunityTitleZh: string }[]> {
  const rows = await prisma.sampleLoanAward.findMany({
    where: { agreement: { is: null } },
    orderBy: { institution: { nameEn: "asc" } },
    include: { institution: { select: { nameEn: true, nameZh: true } }, opportunity: { select: { titleEn: true, titleZh: true } } },
  });
  return rows.map((a) => ({
    id: a.id,
    institutionNameEn: a.institution.nameEn,
    institutionNameZh: a.institution.nameZh,
    opportunityTitleEn: a.opportunity.titleEn,
    opportunityTitleZh: a.opportunity.titleZh,
  }));
}
