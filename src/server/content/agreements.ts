import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import type { ZodType } from "zod";
import { CONTENT_KINDS } from "@/lib/content-kinds";
import { type AgreementInput, agreementSchema, newAgreementSchema, type ObligationInput } from "@/lib/validation/admin/content";
import { recordAudit } from "../audit";
import type { StaffSession } from "../authz";
import { prisma } from "../db";
import { isoDate } from "../queries/mappers";
import { defineStore, type ModelDelegate } from "./store";
import { checkVersion, refuseField, refuseNotFound, refuseStale, refuseTaken, versionOf, writeContent } from "./write";

const AGREEMENT_TAGS = [...CONTENT_KINDS.agreements.tags];

type AgreementStatus = AgreementInput["status"];

/** Today as a date column holds it (midnight UTC). */
export const todayUtc = (now = new Date()) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));

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

const listInclude = {
  award: { include: { institution: { select: { nameEn: true, nameZh: true } }, opportunity: { select: { titleEn: true, titleZh: true } } } },
  obligations: { where: { completedOn: null }, select: { dueOn: true } },
} satisfies Prisma.LoanAgreementInclude;

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

export const agreementStore = defineStore({
  kind: "agreements",
  model: (db) => db.loanAgreement as unknown as ModelDelegate,
  // Status, signing date and expiry (the term runs from signing to expiry); a new agreement also names its award.
  schema: agreementSchema as ZodType<AgreementInput & { awardId?: string }>,
  createSchema: newAgreementSchema,
  listInclude,
  toRow: (a: Prisma.LoanAgreementGetPayload<{ include: typeof listInclude }>): AgreementRow => {
    const today = todayUtc();
    return {
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
    };
  },
  where: { overdue: () => ({ obligations: { some: overdueObligation() } }) },
  get: getAgreementForStaff,
  // The agreement's obligations are part of it and go with it; the award stays.
  summarise: (a) => ({
    id: a.id,
    version: a.version,
    name: { en: a.institution.nameEn, zh: a.institution.nameZh, message: "agreements.name" },
    uses: [],
    parts: a.obligations.length > 0 ? { label: "agreements.parts", count: a.obligations.length } : undefined,
  }),
  async check(tx, input, exceptId) {
    if (exceptId !== undefined || input.awardId === undefined) return;
    if (!(await tx.sampleLoanAward.findUnique({ where: { id: input.awardId }, select: { id: true } }))) refuseField("awardId", "chooseOne");
    if (await tx.loanAgreement.findUnique({ where: { awardId: input.awardId }, select: { id: true } })) refuseTaken("awardId");
  },
  columns: (input) => input,
  uniqueField: "awardId",
  deleteInclude: { obligations: true },
});

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
