import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { type AwardInput, awardSchema } from "@/lib/validation/admin/content";
import type { agreementStatusSchema } from "@/lib/validation/public-data";
import { prisma } from "../db";
import { defineStore, type ModelDelegate } from "./store";
import { isoDate } from "../queries/mappers";
import { refuseField, refuseTaken, versionOf } from "./write";

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

const listInclude = {
  institution: { select: { nameEn: true, nameZh: true, countryCode: true } },
  opportunity: { select: { titleEn: true, titleZh: true } },
  agreement: { select: { id: true, status: true } },
} satisfies Prisma.SampleLoanAwardInclude;

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

export const awardStore = defineStore({
  kind: "awards",
  model: (db) => db.sampleLoanAward as unknown as ModelDelegate,
  schema: awardSchema,
  listInclude,
  toRow: (a: Prisma.SampleLoanAwardGetPayload<{ include: typeof listInclude }>): AwardRow => ({
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
  }),
  where: {
    agreement: (value) => (value === "none" ? { agreement: { is: null } } : { agreement: { is: { status: value as AgreementStatus } } }),
  },
  get: getAwardForStaff,
  summarise: (a) => ({
    id: a.id,
    version: a.version,
    name: { en: a.institution.nameEn, zh: a.institution.nameZh, message: "awards.name" },
    uses: a.agreement ? [{ label: "awards.agreement" }] : [],
  }),
  async check(tx, input: AwardInput, exceptId) {
    const opportunity = await tx.opportunity.findUnique({ where: { id: input.opportunityId }, select: { kind: true } });
    if (opportunity?.kind !== "SAMPLE_LOAN") refuseField("opportunityId", "chooseOne");
    if (!(await tx.institution.findUnique({ where: { id: input.institutionId }, select: { id: true } }))) refuseField("institutionId", "chooseOne");
    const holder = await tx.sampleLoanAward.findUnique({
      where: { opportunityId_institutionId: { opportunityId: input.opportunityId, institutionId: input.institutionId } },
      select: { id: true },
    });
    if (holder && holder.id !== exceptId) refuseTaken("institutionId");
  },
  columns: (input: AwardInput) => input,
  uniqueField: "institutionId",
  // Refused while a loan agreement is recorded for the award: delete the agreement first.
  inUse: async (tx, row: { id: string }) => (await tx.loanAgreement.findUnique({ where: { awardId: row.id }, select: { id: true } })) !== null,
});

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
