import "server-only";
import { Prisma } from "@/generated/prisma/client";
import type { ApplicationStatus } from "@/generated/prisma/enums";
import { canTransition, type DecisionOutcome, decisionOutcomes } from "@/lib/application-workflow";
import { isLocale } from "@/i18n/locales";
import type { BatchResult, PrepareDecisionInput } from "@/lib/validation/admin/review";
import type { Pool } from "@/lib/calls/definition";
import { poolRequestsOf } from "../applications/service";
import { recordAudit } from "../audit";
import type { StaffSession } from "../authz";
import { prisma } from "../db";
import { currentDefinition } from "../calls/definitions";
import { reservationAmount, reserve, totalsByPool, type Reservation } from "../calls/pools";
import { decisionEmail } from "../mail/decision-templates";
import { enqueueMail } from "../mail/outbox";
import { overallScores } from "./queries";
import { refuse, type ReviewResult } from "./result";

// Decisions are prepared one by one, reviewed as a batch, then applied: each in its own transaction, so that one
// refusal (capacity, a withdrawal meanwhile) leaves that decision prepared and the others unaffected.

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
 * asked of the call's pools reserved under row locks (so that two staff accepting at once cannot both take the last
 * kilograms or grams);
 * the held notice in the applicant's language; the audit entry; and the prepared decision removed.
 */
export async function applyDecision(staff: StaffSession, decisionId: string): Promise<ApplyResult> {
  return prisma.$transaction(async (tx): Promise<ApplyResult> => {
    // Locks in the order every write here takes them (application, then its decision, then the pools in key order),
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
      select: {
        id: true,
        reference: true,
        status: true,
        email: true,
        locale: true,
        interfaceLocale: true,
        opportunityId: true,
        definitionId: true,
        answers: true,
        stage: { select: { position: true } },
        opportunity: { select: { titleEn: true, titleZh: true } },
        payloadName: true,
        leadInstitution: true,
      },
    });
    const reference = app.reference ?? app.id;
    const { outcome } = decision;
    if (!canTransition(app.status, outcome, "staff")) return { ok: false, error: "illegalTransition", reference, outcome };

    // An acceptance reserves what the application asks of the call's pools (per its own version of the form).
    let reservations: Reservation[] = [];
    if (outcome === "ACCEPTED") {
      const reserved = await reserve(tx, app.opportunityId, await poolRequestsOf(app, tx));
      if (!reserved.ok) return { ok: false, error: "capacityExceeded", reference, outcome };
      reservations = reserved.reservations;
    }

    const at = new Date();
    await tx.application.update({ where: { id: app.id }, data: { status: outcome, events: { create: { status: outcome, at } } } });
    const locale = app.locale === "zh" ? "zh" : "en";
    const notice = await decisionEmail({
      locale: app.interfaceLocale && isLocale(app.interfaceLocale) ? app.interfaceLocale : locale,
      outcome,
      reference,
      call: locale === "zh" && app.opportunity.titleZh ? app.opportunity.titleZh : app.opportunity.titleEn,
      payloadName: app.payloadName,
      leadInstitution: app.leadInstitution,
      note: decision.note,
      reserved: reservations.length > 0,
    });
    // Held until staff release it; then the job runner sends it.
    const mailId = (await enqueueMail(tx, { kind: "decision-notice", heldForReview: true, applicationId: app.id, to: app.email, ...notice }))!;
    await tx.preparedDecision.delete({ where: { id: decisionId } });
    await recordAudit(tx, staff, {
      action: "decision",
      entity: "Application",
      entityId: app.id,
      summary: `${reference}: ${app.status} → ${outcome}`,
      before: { status: app.status, ...(reservations.length > 0 && { reserved: Object.fromEntries(reservations.map((r) => [r.pool, r.before])) }) },
      after: {
        status: outcome,
        note: decision.note,
        outboxEmailId: mailId,
        ...(reservations.length > 0 && { reserved: Object.fromEntries(reservations.map((r) => [r.pool, r.after])) }),
      },
    });
    return { ok: true, reference, outcome, outboxEmailId: mailId };
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
  asks: PoolAsk[];
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
  asks: PoolAsk[];
  averageScore: number | null;
  outcomes: DecisionOutcome[];
}

/** What an application asks of one pool, with the pool's label and unit. */
export interface PoolAsk {
  pool: Pick<Pool, "key" | "label" | "unit">;
  amount: number;
}

export interface PoolLoad {
  opportunityTitleEn: string;
  opportunityTitleZh: string;
  pool: Pick<Pool, "key" | "label" | "unit">;
  capacity: number;
  reserved: number;
  /** What the batch's acceptances would reserve, rounded up as applying does. */
  accepting: number;
  remainingAfter: number;
}

/** The decisions page: the prepared batch, the shortlist still to decide, and what the batch would do to each pool. */
export async function getDecisionBatch(): Promise<{ batch: BatchItem[]; candidates: Candidate[]; loads: PoolLoad[] }> {
  const appSelect = {
    id: true,
    reference: true,
    payloadName: true,
    leadInstitution: true,
    status: true,
    opportunityId: true,
    definitionId: true,
    answers: true,
    stage: { select: { position: true } },
  } as const;
  const [decisions, shortlisted] = await Promise.all([
    prisma.preparedDecision.findMany({ include: { application: { select: appSelect } }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] }),
    prisma.application.findMany({ where: { status: "SHORTLISTED", decision: null }, select: appSelect, orderBy: { submittedAt: "asc" } }),
  ]);
  // Each application's average weighted by its own rubric, as the inbox lists it.
  const overall = await overallScores([...decisions.map((d) => d.applicationId), ...shortlisted.map((a) => a.id)]);
  const opportunityIds = [...new Set([...decisions.map((d) => d.application.opportunityId), ...shortlisted.map((a) => a.opportunityId)])];
  // Each call's pools as its latest form names them; each application's requests as its own version of the form reads them.
  const poolsOf = new Map(
    await Promise.all(opportunityIds.map(async (id) => [id, (await currentDefinition(id))?.definition.pools ?? []] as const)),
  );
  const requests = new Map(
    await Promise.all([...decisions.map((d) => d.application), ...shortlisted].map(async (a) => [a.id, totalsByPool(await poolRequestsOf(a))] as const)),
  );
  const asksOf = (opportunityId: string, totals: { pool: string; amount: Prisma.Decimal }[]): PoolAsk[] =>
    totals.flatMap(({ pool, amount }) => {
      const found = poolsOf.get(opportunityId)?.find((p) => p.key === pool);
      return found ? [{ pool: { key: found.key, label: found.label, unit: found.unit }, amount: amount.toNumber() }] : [];
    });
  const preparers = await prisma.staffUser.findMany({ where: { id: { in: [...new Set(decisions.map((d) => d.preparedById))] } }, select: { id: true, name: true } });
  const nameOf = new Map(preparers.map((p) => [p.id, p.name]));

  const batch: BatchItem[] = decisions.map((d) => ({
    decisionId: d.id,
    applicationId: d.applicationId,
    reference: d.application.reference,
    payloadName: d.application.payloadName,
    leadInstitution: d.application.leadInstitution,
    status: d.application.status,
    asks: asksOf(d.application.opportunityId, requests.get(d.applicationId) ?? []),
    outcome: d.outcome,
    note: d.note,
    preparedBy: nameOf.get(d.preparedById) ?? "",
    averageScore: overall.get(d.applicationId) ?? null,
  }));
  const candidates: Candidate[] = shortlisted
    .map((a) => ({
      applicationId: a.id,
      reference: a.reference,
      payloadName: a.payloadName,
      leadInstitution: a.leadInstitution,
      status: a.status,
      asks: asksOf(a.opportunityId, requests.get(a.id) ?? []),
      averageScore: overall.get(a.id) ?? null,
      outcomes: decisionOutcomes(a.status),
    }))
    // Best-scored first; unscored last.
    .sort((x, y) => (y.averageScore ?? -1) - (x.averageScore ?? -1));

  const rows = await prisma.resourcePool.findMany({
    where: { opportunityId: { in: opportunityIds } },
    include: { opportunity: { select: { titleEn: true, titleZh: true } } },
    orderBy: [{ opportunityId: "asc" }, { key: "asc" }],
  });
  const loads: PoolLoad[] = rows.flatMap((row) => {
    const pool = poolsOf.get(row.opportunityId)?.find((p) => p.key === row.key);
    if (!pool) return [];
    const accepting = decisions
      .filter((d) => d.outcome === "ACCEPTED" && d.application.opportunityId === row.opportunityId)
      .flatMap((d) => requests.get(d.applicationId) ?? [])
      .filter((r) => r.pool === row.key)
      .reduce((sum, r) => sum.plus(reservationAmount(r.amount)), new Prisma.Decimal(0));
    return [
      {
        opportunityTitleEn: row.opportunity.titleEn,
        opportunityTitleZh: row.opportunity.titleZh,
        pool: { key: pool.key, label: pool.label, unit: pool.unit },
        capacity: row.capacity.toNumber(),
        reserved: row.reserved.toNumber(),
        accepting: accepting.toNumber(),
        remainingAfter: row.capacity.minus(row.reserved).minus(accepting).toNumber(),
      },
    ];
  });
  return { batch, candidates, loads };
}
