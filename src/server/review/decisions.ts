import "server-only";
import { Prisma } from "@/generated/prisma/client";
import type { ApplicationStatus, Carrier } from "@/generated/prisma/enums";
import { canTransition, type DecisionOutcome, decisionOutcomes } from "@/lib/application-workflow";
import type { BatchResult, PrepareDecisionInput } from "@/lib/validation/admin/review";
import { recordAudit } from "../audit";
import type { StaffSession } from "../authz";
import { prisma } from "../db";
import { decisionEmail } from "../mail/decision-templates";
import { averageScores } from "./queries";
import { refuse, type ReviewResult } from "./result";

// Decisions are prepared one by one, reviewed as a batch, then applied: each in its own transaction, so that one
// refusal (capacity, a withdrawal meanwhile) leaves that decision prepared and the others unaffected.

/**
 * The mass an acceptance reserves: capacity is kept in hundredths of a kg, so a payload's mass is rounded up to one,
 * and many tiny payloads can never together take more than the carrier offers.
 */
export const reservationKg = (massKg: Prisma.Decimal | number | string) => new Prisma.Decimal(massKg).toDecimalPlaces(2, Prisma.Decimal.ROUND_UP);

/** Prepares (or changes) the decision for an application; nothing reaches the applicant until the batch is applied. */
export async function prepareDecision(staff: StaffSession, input: PrepareDecisionInput): Promise<ReviewResult<{ decisionId: string }>> {
  return prisma.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ status: ApplicationStatus; reference: string | null }[]>`
      SELECT "status"::text AS "status", "reference" FROM "Application" WHERE "id" = ${input.applicationId} FOR UPDATE`;
    const app = rows[0];
    if (!app || app.status === "DRAFT") return refuse("applicationNotFound");
    if (!canTransition(app.status, input.outcome, "staff")) return refuse("illegalTransition");
    const note = input.note ?? null;
    const before = await tx.preparedDecision.findUnique({ where: { applicationId: input.applicationId } });
    const decision = before
      ? await tx.preparedDecision.update({ where: { id: before.id }, data: { outcome: input.outcome, note, preparedById: staff.id } })
      : await tx.preparedDecision.create({ data: { applicationId: input.applicationId, outcome: input.outcome, note, preparedById: staff.id } });
    await recordAudit(tx, staff, {
      action: before ? "update" : "create",
      entity: "PreparedDecision",
      entityId: decision.id,
      summary: `${app.reference}: ${input.outcome} prepared`,
      before: before ?? undefined,
      after: decision,
    });
    return { ok: true as const, decisionId: decision.id };
  });
}

/** Takes a prepared decision out of the batch. */
export async function removePreparedDecision(staff: StaffSession, decisionId: string): Promise<ReviewResult> {
  return prisma.$transaction(async (tx) => {
    const decision = await tx.preparedDecision.findUnique({ where: { id: decisionId }, include: { application: { select: { reference: true } } } });
    if (!decision) return refuse("decisionNotFound");
    await tx.preparedDecision.delete({ where: { id: decisionId } });
    const { application, ...before } = decision;
    await recordAudit(tx, staff, { action: "delete", entity: "PreparedDecision", entityId: decisionId, summary: `${application.reference}: removed from the batch`, before });
    return { ok: true as const };
  });
}

export type ApplyResult =
  | { ok: true; reference: string; outcome: DecisionOutcome; outboxEmailId: string }
  | { ok: false; error: "decisionNotFound" }
  | { ok: false; error: "illegalTransition" | "capacityExceeded"; reference: string; outcome: DecisionOutcome };

/**
 * Applies one prepared decision in one transaction: the status and its history event; for an acceptance, the mass
 * reserved on the carrier under a row lock (so that two staff accepting at once cannot both take the last kilograms);
 * the held notice in the applicant's language; the audit entry; and the prepared decision removed.
 */
export async function applyDecision(staff: StaffSession, decisionId: string): Promise<ApplyResult> {
  return prisma.$transaction(async (tx): Promise<ApplyResult> => {
    // Locks in the order every write here takes them (application, then its decision, then the carrier's capacity),
    // so that preparing, applying and changing status concurrently cannot deadlock.
    const pending = await tx.preparedDecision.findUnique({ where: { id: decisionId }, select: { applicationId: true } });
    if (!pending) return { ok: false, error: "decisionNotFound" };
    await tx.$queryRaw`SELECT "id" FROM "Application" WHERE "id" = ${pending.applicationId} FOR UPDATE`;
    // Read again under the lock: another member of staff may have applied or removed it meanwhile.
    const found = await tx.$queryRaw<{ applicationId: string; outcome: DecisionOutcome; note: string | null }[]>`
      SELECT "applicationId", "outcome"::text AS "outcome", "note" FROM "PreparedDecision" WHERE "id" = ${decisionId} FOR UPDATE`;
    const decision = found[0];
    if (!decision) return { ok: false, error: "decisionNotFound" };
    const app = await tx.application.findUniqueOrThrow({
      where: { id: decision.applicationId },
      select: { id: true, reference: true, status: true, email: true, locale: true, opportunityId: true, carrier: true, massKg: true, payloadName: true, leadInstitution: true },
    });
    const reference = app.reference ?? app.id;
    const { outcome } = decision;
    if (!canTransition(app.status, outcome, "staff")) return { ok: false, error: "illegalTransition", reference, outcome };

    let capacity: { carrier: Carrier; before: string; after: string } | undefined;
    if (outcome === "ACCEPTED") {
      if (!app.carrier || app.massKg === null) return { ok: false, error: "capacityExceeded", reference, outcome };
      const rows = await tx.$queryRaw<{ id: string; massKg: string; reservedKg: string }[]>`
        SELECT "id", "massKg"::text AS "massKg", "reservedKg"::text AS "reservedKg" FROM "PayloadCapacity"
        WHERE "opportunityId" = ${app.opportunityId} AND "carrier" = ${app.carrier}::"Carrier" FOR UPDATE`;
      const row = rows[0];
      if (!row) return { ok: false, error: "capacityExceeded", reference, outcome };
      const reserved = new Prisma.Decimal(row.reservedKg).plus(reservationKg(app.massKg));
      if (reserved.greaterThan(row.massKg)) return { ok: false, error: "capacityExceeded", reference, outcome };
      await tx.payloadCapacity.update({ where: { id: row.id }, data: { reservedKg: reserved } });
      capacity = { carrier: app.carrier, before: row.reservedKg, after: reserved.toFixed(2) };
    }

    const at = new Date();
    await tx.application.update({ where: { id: app.id }, data: { status: outcome, events: { create: { status: outcome, at } } } });
    const notice = await decisionEmail({
      locale: app.locale === "zh" ? "zh" : "en",
      outcome,
      reference,
      payloadName: app.payloadName ?? "",
      leadInstitution: app.leadInstitution ?? "",
      note: decision.note,
    });
    const mail = await tx.outboxEmail.create({
      data: { heldForReview: true, applicationId: app.id, to: app.email, subject: notice.subject, text: notice.text, html: notice.html },
      select: { id: true },
    });
    await tx.preparedDecision.delete({ where: { id: decisionId } });
    await recordAudit(tx, staff, {
      action: "decision",
      entity: "Application",
      entityId: app.id,
      summary: `${reference}: ${app.status} → ${outcome}`,
      before: { status: app.status, ...(capacity && { carrier: capacity.carrier, reservedKg: capacity.before }) },
      after: { status: outcome, note: decision.note, outboxEmailId: mail.id, ...(capacity && { carrier: capacity.carrier, reservedKg: capacity.after }) },
    });
    return { ok: true, reference, outcome, outboxEmailId: mail.id };
  });
}

/** Applies every prepared decision, oldest first, and reports which took effect and why others did not. */
export async function applyDecisionBatch(staff: StaffSession): Promise<BatchResult> {
  const decisions = await prisma.preparedDecision.findMany({ select: { id: true }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  const result: BatchResult = { applied: [], refused: [] };
  for (const { id } of decisions) {
    const applied = await applyDecision(staff, id);
    if (applied.ok) result.applied.push({ reference: applied.reference, outcome: applied.outcome });
    // Gone meanwhile: another member of staff applied or removed it.
    else if (applied.error !== "decisionNotFound") result.refused.push({ reference: applied.reference, outcome: applied.outcome, reason: applied.error });
  }
  return result;
}

// ------------------------------------------------------------------ the decisions page

export interface BatchItem {
  decisionId: string;
  applicationId: string;
  reference: string | null;
  payloadName: string | null;
  leadInstitution: string | null;
  status: ApplicationStatus;
  carrier: Carrier | null;
  massKg: number | null;
  outcome: DecisionOutcome;
  note: string | null;
  preparedBy: string;
  averageScore: number | null;
}

export interface Candidate {
  applicationId: string;
  reference: string | null;
  payloadName: string | null;
  leadInstitution: string | null;
  status: ApplicationStatus;
  carrier: Carrier | null;
  massKg: number | null;
  averageScore: number | null;
  outcomes: DecisionOutcome[];
}

export interface CarrierLoad {
  opportunityTitleEn: string;
  opportunityTitleZh: string;
  carrier: Carrier;
  massKg: number;
  reservedKg: number;
  /** What the batch's acceptances would reserve, rounded up as applying does. */
  acceptingKg: number;
  remainingAfterKg: number;
}

const scoreSelect = {
  where: { scoredAt: { not: null } },
  select: { conflictDeclaredAt: true, scientificValue: true, technicalFeasibility: true, cooperationDiversity: true },
} as const;

type ScoredRow = { conflictDeclaredAt: Date | null; scientificValue: number | null; technicalFeasibility: number | null; cooperationDiversity: number | null };

const overallOf = (rows: ScoredRow[]) =>
  averageScores(
    rows.map((r) => ({
      conflicted: r.conflictDeclaredAt !== null,
      scores: { scientificValue: r.scientificValue ?? 0, technicalFeasibility: r.technicalFeasibility ?? 0, cooperationDiversity: r.cooperationDiversity ?? 0 },
    })),
  )?.overall ?? null;

/** The decisions page: the prepared batch, the shortlist still to decide, and what the batch would do to each carrier. */
export async function getDecisionBatch(): Promise<{ batch: BatchItem[]; candidates: Candidate[]; loads: CarrierLoad[] }> {
  const appSelect = {
    id: true,
    reference: true,
    payloadName: true,
    leadInstitution: true,
    status: true,
    carrier: true,
    massKg: true,
    opportunityId: true,
    assignments: scoreSelect,
  } as const;
  const [decisions, shortlisted] = await Promise.all([
    prisma.preparedDecision.findMany({ include: { application: { select: appSelect } }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] }),
    prisma.application.findMany({ where: { status: "SHORTLISTED", decision: null }, select: appSelect, orderBy: { submittedAt: "asc" } }),
  ]);
  const preparers = await prisma.staffUser.findMany({ where: { id: { in: [...new Set(decisions.map((d) => d.preparedById))] } }, select: { id: true, name: true } });
  const nameOf = new Map(preparers.map((p) => [p.id, p.name]));

  const batch: BatchItem[] = decisions.map((d) => ({
    decisionId: d.id,
    applicationId: d.applicationId,
    reference: d.application.reference,
    payloadName: d.application.payloadName,
    leadInstitution: d.application.leadInstitution,
    status: d.application.status,
    carrier: d.application.carrier,
    massKg: d.application.massKg?.toNumber() ?? null,
    outcome: d.outcome,
    note: d.note,
    preparedBy: nameOf.get(d.preparedById) ?? "",
    averageScore: overallOf(d.application.assignments),
  }));
  const candidates: Candidate[] = shortlisted
    .map((a) => ({
      applicationId: a.id,
      reference: a.reference,
      payloadName: a.payloadName,
      leadInstitution: a.leadInstitution,
      status: a.status,
      carrier: a.carrier,
      massKg: a.massKg?.toNumber() ?? null,
      averageScore: overallOf(a.assignments),
      outcomes: decisionOutcomes(a.status),
    }))
    // Best-scored first; unscored last.
    .sort((x, y) => (y.averageScore ?? -1) - (x.averageScore ?? -1));

  const opportunityIds = [...new Set([...decisions.map((d) => d.application.opportunityId), ...shortlisted.map((a) => a.opportunityId)])];
  const capacities = await prisma.payloadCapacity.findMany({
    where: { opportunityId: { in: opportunityIds } },
    include: { opportunity: { select: { titleEn: true, titleZh: true } } },
    orderBy: [{ opportunityId: "asc" }, { carrier: "asc" }],
  });
  const loads: CarrierLoad[] = capacities.map((c) => {
    const accepting = decisions
      .filter((d) => d.outcome === "ACCEPTED" && d.application.opportunityId === c.opportunityId && d.application.carrier === c.carrier && d.application.massKg)
      .reduce((sum, d) => sum.plus(reservationKg(d.application.massKg!)), new Prisma.Decimal(0));
    return {
      opportunityTitleEn: c.opportunity.titleEn,
      opportunityTitleZh: c.opportunity.titleZh,
      carrier: c.carrier,
      massKg: c.massKg.toNumber(),
      reservedKg: c.reservedKg.toNumber(),
      acceptingKg: accepting.toNumber(),
      remainingAfterKg: c.massKg.minus(c.reservedKg).minus(accepting).toNumber(),
    };
  });
  return { batch, candidates, loads };
}
