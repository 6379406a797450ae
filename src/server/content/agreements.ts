import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { type ListQuery, pageWindow } from "@/lib/admin-list";
import type { AgreementInput, ObligationInput } from "@/lib/validation/admin/content";
import { agreementStatusSchema } from "@/lib/validation/public-data";
import { recordAudit } from "../audit";
import type { StaffSession } from "../authz";
import { CACHE_TAGS } from "../cache";
import { prisma } from "../db";
import { isoDate } from "../queries/mappers";
import { checkVersion, refuseField, refuseNotFound, refuseStale, refuseTaken, versionOf, writeContent } from "./write";

export const AGREEMENT_TAGS = [CACHE_TAGS.opportunities, CACHE_TAGS.institutions];

type AgreementStatus = AgreementInput["status"];

/** Today as a date column holds it (midnight UTC). */
export const todayUtc = (now = new Date()) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));

export const agreementListSpec = {
  sorts: ["institution", "status", "signed", "expires", "updated"] as const,
  defaultSort: "institution" as const,
  filters: { status: agreementStatusSchema.options, overdue: ["yes"] as const },
};
export type AgreementListQuery = ListQuery<(typeof agreementListSpec.sorts)[number], keyof typeof agreementListSpec.filters>;

const overdueObligation = () => ({ completedOn: null, dueOn: { lt: todayUtc() } }) satisfies Prisma.AgreementObligationWhereInput;

export interface AgreementRow {
  id: string;
  awardId: string;
  institutionNameEn: string;
  institutionNameZh: string | null;
  opportunityTitleEn: string;
  opportunityTitleZh: string;
  status: AgreementStatus;
  signedOn: string | null;
  expiresOn: string | null;
  openObligations: number;
  overdueObligations: number;
  updatedAt: string;
}

export async function listAgreementsForStaff(query: AgreementListQuery, { all = false } = {}): Promise<{ rows: AgreementRow[]; total: number }> {
  const q = query.q;
  const where: Prisma.LoanAgreementWhereInput = {
    ...(q
      ? {
          award: {
            institution: {
              OR: [{ nameEn: { contains: q, mode: "insensitive" } }, { nameZh: { contains: q, mode: "insensitive" } }, { slug: { contains: q, mode: "insensitive" } }],
            },
          },
        }
      : {}),
    ...(query.filters.status ? { status: query.filters.status as AgreementStatus } : {}),
    ...(query.filters.overdue === "yes" ? { obligations: { some: overdueObligation() } } : {}),
  };
  const dir = query.dir;
  const orderBy: Prisma.LoanAgreementOrderByWithRelationInput[] =
    query.sort === "status"
      ? [{ status: dir }, { award: { institution: { nameEn: "asc" } } }]
      : query.sort === "signed"
        ? [{ signedOn: { sort: dir, nulls: "last" } }]
        : query.sort === "expires"
          ? [{ expiresOn: { sort: dir, nulls: "last" } }]
          : query.sort === "updated"
            ? [{ updatedAt: dir }]
            : [{ award: { institution: { nameEn: dir } } }];
  const [rows, total] = await Promise.all([
    prisma.loanAgreement.findMany({
      where,
      orderBy,
      ...(all ? {} : pageWindow(query.page)),
      include: {
        award: { include: { institution: { select: { nameEn: true, nameZh: true } }, opportunity: { select: { titleEn: true, titleZh: true } } } },
        obligations: { where: { completedOn: null }, select: { dueOn: true } },
      },
    }),
    prisma.loanAgreement.count({ where }),
  ]);
  const today = todayUtc();
  return {
    total,
    rows: rows.map((a) => ({
      id: a.id,
      awardId: a.awardId,
      institutionNameEn: a.award.institution.nameEn,
      institutionNameZh: a.award.institution.nameZh,
      opportunityTitleEn: a.award.opportunity.titleEn,
      opportunityTitleZh: a.award.opportunity.titleZh,
      status: a.status,
      signedOn: isoDate(a.signedOn),
      expiresOn: isoDate(a.expiresOn),
      openObligations: a.obligations.length,
      overdueObligations: a.obligations.filter((o) => o.dueOn < today).length,
      updatedAt: a.updatedAt.toISOString(),
    })),
  };
}

export async function getAgreementForStaff(id: string) {
  const a = await prisma.loanAgreement.findUnique({
    where: { id },
    include: {
      award: {
        include: {
          institution: { select: { id: true, nameEn: true, nameZh: true, countryCode: true } },
          opportunity: { select: { id: true, titleEn: true, titleZh: true } },
        },
      },
      obligations: { orderBy: [{ dueOn: "asc" }, { createdAt: "asc" }] },
    },
  });
  if (!a) return null;
  const today = todayUtc();
  return {
    id: a.id,
    awardId: a.awardId,
    institution: a.award.institution,
    opportunity: a.award.opportunity,
    status: a.status,
    signedOn: isoDate(a.signedOn),
    expiresOn: isoDate(a.expiresOn),
    obligations: a.obligations.map((o) => ({
      id: o.id,
      kind: o.kind,
      dueOn: isoDate(o.dueOn)!,
      completedOn: isoDate(o.completedOn),
      note: o.note,
      overdue: !o.completedOn && o.dueOn < today,
      version: versionOf(o),
    })),
    updatedAt: a.updatedAt.toISOString(),
    version: versionOf(a),
  };
}
export type AgreementForStaff = NonNullable<Awaited<ReturnType<typeof getAgreementForStaff>>>;

export function createAgreement(staff: StaffSession, input: AgreementInput & { awardId: string }) {
  return writeContent({ tags: AGREEMENT_TAGS, uniqueField: "awardId" }, async (tx) => {
    if (!(await tx.sampleLoanAward.findUnique({ where: { id: input.awardId }, select: { id: true } }))) refuseField("awardId", "chooseOne");
    if (await tx.loanAgreement.findUnique({ where: { awardId: input.awardId }, select: { id: true } })) refuseTaken("awardId");
    const row = await tx.loanAgreement.create({ data: input });
    await recordAudit(tx, staff, { action: "create", entity: "LoanAgreement", entityId: row.id, after: row });
    return { id: row.id };
  });
}

/** Status, signing date and expiry: the term runs from signing to expiry. */
export function updateAgreement(staff: StaffSession, ref: { id: string; version: string }, input: AgreementInput) {
  return writeContent({ tags: AGREEMENT_TAGS }, async (tx) => {
    const before = (await tx.loanAgreement.findUnique({ where: { id: ref.id } })) ?? refuseNotFound();
    checkVersion(versionOf(before), ref.version);
    const { count } = await tx.loanAgreement.updateMany({ where: { id: ref.id, updatedAt: before.updatedAt }, data: input });
    if (count === 0) refuseStale();
    const after = await tx.loanAgreement.findUniqueOrThrow({ where: { id: ref.id } });
    await recordAudit(tx, staff, { action: "update", entity: "LoanAgreement", entityId: ref.id, before, after });
    return { id: ref.id };
  });
}

/** The agreement's obligations are part of it and go with it; the award stays. */
export function deleteAgreement(staff: StaffSession, ref: { id: string; version: string }) {
  return writeContent({ tags: AGREEMENT_TAGS }, async (tx) => {
    const before = (await tx.loanAgreement.findUnique({ where: { id: ref.id }, include: { obligations: true } })) ?? refuseNotFound();
    checkVersion(versionOf(before), ref.version);
    await tx.loanAgreement.delete({ where: { id: ref.id } });
    await recordAudit(tx, staff, { action: "delete", entity: "LoanAgreement", entityId: ref.id, before });
    return { id: ref.id };
  });
}

export function addObligation(staff: StaffSession, agreementId: string, input: ObligationInput) {
  return writeContent({ tags: AGREEMENT_TAGS }, async (tx) => {
    if (!(await tx.loanAgreement.findUnique({ where: { id: agreementId }, select: { id: true } }))) refuseNotFound();
    const row = await tx.agreementObligation.create({ data: { ...input, agreementId } });
    await recordAudit(tx, staff, { action: "create", entity: "AgreementObligation", entityId: row.id, after: row });
    return { id: row.id };
  });
}

export function updateObligation(staff: StaffSession, ref: { id: string; version: string }, input: ObligationInput) {
  return writeContent({ tags: AGREEMENT_TAGS }, async (tx) => {
    const before = (await tx.agreementObligation.findUnique({ where: { id: ref.id } })) ?? refuseNotFound();
    checkVersion(versionOf(before), ref.version);
    const { count } = await tx.agreementObligation.updateMany({ where: { id: ref.id, updatedAt: before.updatedAt }, data: input });
    if (count === 0) refuseStale();
    const after = await tx.agreementObligation.findUniqueOrThrow({ where: { id: ref.id } });
    await recordAudit(tx, staff, { action: "update", entity: "AgreementObligation", entityId: ref.id, before, after });
    return { id: ref.id, agreementId: after.agreementId };
  });
}

/** Marks an obligation met, on the day given (today by default). */
export function completeObligation(staff: StaffSession, ref: { id: string; version: string }, completedOn: Date = todayUtc()) {
  return writeContent({ tags: AGREEMENT_TAGS }, async (tx) => {
    const before = (await tx.agreementObligation.findUnique({ where: { id: ref.id } })) ?? refuseNotFound();
    checkVersion(versionOf(before), ref.version);
    const { count } = await tx.agreementObligation.updateMany({ where: { id: ref.id, updatedAt: before.updatedAt }, data: { completedOn } });
    if (count === 0) refuseStale();
    const after = await tx.agreementObligation.findUniqueOrThrow({ where: { id: ref.id } });
    await recordAudit(tx, staff, { action: "update", entity: "AgreementObligation", entityId: ref.id, summary: "completed", before, after });
    return { id: ref.id, agreementId: after.agreementId };
  });
}

export function deleteObligation(staff: StaffSession, ref: { id: string; version: string }) {
  return writeContent({ tags: AGREEMENT_TAGS }, async (tx) => {
    const before = (await tx.agreementObligation.findUnique({ where: { id: ref.id } })) ?? refuseNotFound();
    checkVersion(versionOf(before), ref.version);
    await tx.agreementObligation.delete({ where: { id: ref.id } });
    await recordAudit(tx, staff, { action: "delete", entity: "AgreementObligation", entityId: ref.id, before });
    return { id: ref.id, agreementId: before.agreementId };
  });
}
