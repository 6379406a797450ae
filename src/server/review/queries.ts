import "server-only";
import { Prisma } from "@/generated/prisma/client";
import type { ApplicationStatus, Carrier } from "@/generated/prisma/enums";
import { type ListQuery, pageWindow } from "@/lib/admin-list";
import { decisionOutcomes, isOpenForReview, reviewSteps } from "@/lib/application-workflow";
import type { Rubric } from "@/lib/calls/definition";
import { averageRubricScores, type RubricAverages, type RubricScores, storedScores } from "@/lib/calls/rubric";
import type { ApplicationSort } from "@/lib/validation/admin/review";
import { formViewOf, type ApplicantView } from "../applications/service";
import { type StaffSession, staffCan } from "../authz";
import { definitionOf } from "../calls/definitions";
import { prisma } from "../db";
import { canOpen, canReadContent, canReadScores, reviewStanding } from "./access";

export type ApplicationListQuery = ListQuery<ApplicationSort, "status" | "carrier" | "country">;

/** A reviewer's own part in an application, as the inbox shows it. */
export type OwnReview = "todo" | "scored" | "conflict";

export interface InboxRow {
  id: string;
  reference: string | null;
  status: ApplicationStatus;
  email: string;
  submittedAt: Date | null;
  leadInstitution: string | null;
  leadCountry: string | null;
  payloadName: string | null;
  carrier: Carrier | null;
  massKg: number | null;
  /** The overall average, weighted by the rubric's criteria (see SCORED); only for staff who read every application. */
  averageScore: number | null;
  scoredCount: number;
  /** Only for reviewers: where their own review stands. */
  ownReview: OwnReview | null;
}

// Whitelisted expressions: the sort never reaches SQL as text from the request.
const SORT_SQL: Record<ApplicationSort, string> = {
  reference: `a."reference"`,
  submitted: `a."submittedAt"`,
  institution: `lower(a."leadInstitution")`,
  country: `a."leadCountry"`,
  carrier: `a."carrier"`,
  mass: `a."massKg"`,
  status: `a."status"`,
  score: `s."overall"`,
};

const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * The inbox's WHERE clause: every submitted application for staff who read them all, only one's assigned ones
 * for a reviewer; then the search and filters.
 */
function inboxWhere(staff: StaffSession, query: ApplicationListQuery): Prisma.Sql {
  const conditions: Prisma.Sql[] = [Prisma.sql`a."status" <> 'DRAFT'::"ApplicationStatus"`];
  if (!staffCan(staff, "applications.read")) conditions.push(Prisma.sql`mine."id" IS NOT NULL`);
  if (query.q) {
    const pattern = likePattern(query.q);
    conditions.push(Prisma.sql`(a."reference" ILIKE ${pattern} OR a."leadInstitution" ILIKE ${pattern} OR a."payloadName" ILIKE ${pattern})`);
  }
  if (query.filters.status) conditions.push(Prisma.sql`a."status" = ${query.filters.status}::"ApplicationStatus"`);
  if (query.filters.carrier) conditions.push(Prisma.sql`a."carrier" = ${query.filters.carrier}::"Carrier"`);
  if (query.filters.country) conditions.push(Prisma.sql`a."leadCountry" = ${query.filters.country}`);
  return Prisma.join(conditions, " AND ");
}

// Averages come only from reviewers who scored and declared no conflict, on the rubric of the version of the call the
// application answered (the call's first for one started before versions, as definitionOf reads it): each criterion's
// mean, then their mean weighted by the criteria's weights, as averageRubricScores computes it for one application.
const SCORED = Prisma.sql`
  SELECT r."applicationId", count(*)::int AS "scoredCount", max(w."overall") AS "overall"
  FROM "ReviewAssignment" r
  LEFT JOIN (
    SELECT m."applicationId", (sum(m."weight" * m."mean") / sum(m."weight"))::float8 AS "overall"
    FROM (
      SELECT ra."applicationId", c."key", c."weight",
             avg(CASE WHEN jsonb_typeof(ra."scores" -> c."key") = 'number' THEN (ra."scores" ->> c."key")::float8 END) AS "mean"
      FROM "ReviewAssignment" ra
      JOIN "Application" app ON app."id" = ra."applicationId"
      JOIN "CallDefinition" d ON d."id" = coalesce(
        app."definitionId",
        (SELECT f."id" FROM "CallDefinition" f WHERE f."opportunityId" = app."opportunityId" ORDER BY f."version" LIMIT 1))
      CROSS JOIN LATERAL jsonb_to_recordset(d."definition" -> 'rubric' -> 'criteria') AS c("key" text, "weight" float8)
      WHERE ra."scoredAt" IS NOT NULL AND ra."conflictDeclaredAt" IS NULL
      GROUP BY ra."applicationId", c."key", c."weight"
    ) m
    WHERE m."mean" IS NOT NULL
    GROUP BY m."applicationId"
  ) w ON w."applicationId" = r."applicationId"
  WHERE r."scoredAt" IS NOT NULL AND r."conflictDeclaredAt" IS NULL
  GROUP BY r."applicationId"`;

/** The weighted overall averages of these applications (none for one nobody has scored), as the inbox lists them. */
export async function overallScores(applicationIds: string[]): Promise<Map<string, number>> {
  if (applicationIds.length === 0) return new Map();
  const rows = await prisma.$queryRaw<{ applicationId: string; overall: number | null }[]>`
    SELECT s."applicationId", s."overall" FROM (${SCORED}) s WHERE s."applicationId" IN (${Prisma.join(applicationIds)})`;
  return new Map(rows.flatMap((r) => (r.overall === null ? [] : [[r.applicationId, r.overall] as const])));
}

interface RawInboxRow extends Omit<InboxRow, "ownReview" | "averageScore"> {
  overall: number | null;
  mineId: string | null;
  mineConflict: Date | null;
  mineScored: Date | null;
}

async function selectInbox(staff: StaffSession, query: ApplicationListQuery, window?: { skip: number; take: number }) {
  const readsAll = staffCan(staff, "applications.read");
  const where = inboxWhere(staff, query);
  // A reviewer neither sees nor sorts by other reviewers' averages.
  const sort = Prisma.raw(query.sort === "score" && !readsAll ? SORT_SQL.submitted : SORT_SQL[query.sort]);
  const dir = Prisma.raw(query.dir === "desc" ? "DESC" : "ASC");
  const from = Prisma.sql`
    FROM "Application" a
    LEFT JOIN (${SCORED}) s ON s."applicationId" = a."id"
    LEFT JOIN "ReviewAssignment" mine ON mine."applicationId" = a."id" AND mine."reviewerId" = ${staff.id}
    WHERE ${where}`;
  const limit = window ? Prisma.sql`LIMIT ${window.take} OFFSET ${window.skip}` : Prisma.empty;
  const [rows, counted] = await Promise.all([
    prisma.$queryRaw<RawInboxRow[]>`
      SELECT a."id", a."reference", a."status"::text AS "status", a."email", a."submittedAt", a."leadInstitution", a."leadCountry",
             a."payloadName", a."carrier"::text AS "carrier", a."massKg"::float8 AS "massKg",
             s."overall", coalesce(s."scoredCount", 0) AS "scoredCount",
             mine."id" AS "mineId", mine."conflictDeclaredAt" AS "mineConflict", mine."scoredAt" AS "mineScored"
      ${from}
      ORDER BY ${sort} ${dir} NULLS LAST, a."id" ${dir}
      ${limit}`,
    window ? prisma.$queryRaw<{ total: number }[]>`SELECT count(*)::int AS "total" ${from}` : Promise.resolve(null),
  ]);
  const list: InboxRow[] = rows.map(({ overall, mineId, mineConflict, mineScored, ...row }) => ({
    ...row,
    leadCountry: row.leadCountry?.trim() ?? null,
    averageScore: readsAll ? overall : null,
    scoredCount: readsAll ? row.scoredCount : 0,
    ownReview: readsAll || !mineId ? null : mineConflict ? "conflict" : mineScored ? "scored" : "todo",
  }));
  return { rows: list, total: counted ? (counted[0]?.total ?? 0) : list.length };
}

/** One page of the inbox. */
export function listApplications(staff: StaffSession, query: ApplicationListQuery): Promise<{ rows: InboxRow[]; total: number }> {
  return selectInbox(staff, query, pageWindow(query.page));
}

/** Every application the inbox's filters select, in its order, for the CSV export. */
export async function exportApplications(staff: StaffSession, query: ApplicationListQuery): Promise<InboxRow[]> {
  return (await selectInbox(staff, query)).rows;
}

/** The lead countries of submitted applications, for the inbox's filter. */
export async function applicationCountries(staff: StaffSession): Promise<string[]> {
  const rows = await prisma.application.findMany({
    where: {
      status: { not: "DRAFT" },
      leadCountry: { not: null },
      ...(staffCan(staff, "applications.read") ? {} : { assignments: { some: { reviewerId: staff.id } } }),
    },
    distinct: ["leadCountry"],
    select: { leadCountry: true },
    orderBy: { leadCountry: "asc" },
  });
  return rows.map((r) => r.leadCountry!.trim());
}

// ------------------------------------------------------------------ one application

export interface ReviewRow {
  id: string;
  reviewerId: string;
  reviewerName: string;
  reviewerEmail: string;
  own: boolean;
  conflict: { at: string; reason: string | null } | null;
  scores: RubricScores | null;
  comment: string | null;
  scoredAt: string | null;
}

export type Averages = RubricAverages;

export interface ApplicationDetail {
  id: string;
  reference: string | null;
  status: ApplicationStatus;
  email: string;
  locale: string;
  /** The language the applicant reads the portal and their mail in (one of six). */
  interfaceLocale: string;
  submittedAt: string | null;
  leadInstitution: string | null;
  leadCountry: string | null;
  payloadName: string | null;
  carrier: Carrier | null;
  massKg: number | null;
  /** The answers in the shape the applicant's own summary reads; null for a conflicted reviewer. */
  answers: ApplicantView | null;
  attachments: { id: string; kind: string; fileName: string; sizeBytes: number }[];
  events: { status: ApplicationStatus; at: string }[];
  reviews: ReviewRow[];
  /** The rubric reviewers score on: that of the version of the call the application answered; null if it has none. */
  rubric: Rubric | null;
  /** Null until someone may see them (see canReadScores) and someone has scored. */
  averages: Averages | null;
  preparedDecision: { outcome: "ACCEPTED" | "DECLINED"; note: string | null } | null;
  viewer: {
    readsAll: boolean;
    assigned: boolean;
    conflicted: boolean;
    canReadContent: boolean;
    canReadScores: boolean;
    /** Whether this viewer may score now (assigned, not conflicted, review still open). */
    canScore: boolean;
    canAssign: boolean;
    canDecide: boolean;
  };
  /** The review steps staff may take from the current status (decisions go through the batch). */
  nextSteps: ApplicationStatus[];
  /** Whether a decision may be prepared now, and with which outcomes. */
  decisionOutcomes: ("ACCEPTED" | "DECLINED")[];
}

/**
 * The averages per criterion and overall (weighted by the rubric's criteria), from reviewers who scored and declared
 * no conflict; null if none did.
 */
export function averageScores(rubric: Rubric, rows: { conflicted: boolean; scores: RubricScores | null }[]): Averages | null {
  return averageRubricScores(rubric, rows.flatMap((r) => (!r.conflicted && r.scores ? [r.scores] : [])));
}

export type DetailResult = { kind: "ok"; detail: ApplicationDetail } | { kind: "not_found" } | { kind: "forbidden" };

/** One application as this staff member may see it; reviewers see only their assigned ones, and less when conflicted. */
export async function getApplicationDetail(staff: StaffSession, applicationId: string): Promise<DetailResult> {
  const app = await prisma.application.findUnique({
    where: { id: applicationId },
    include: {
      attachments: { select: { id: true, kind: true, fileName: true, sizeBytes: true }, orderBy: { createdAt: "asc" } },
      events: { select: { status: true, at: true }, orderBy: { at: "asc" } },
      assignments: { include: { reviewer: { select: { name: true, email: true } } }, orderBy: { createdAt: "asc" } },
      decision: { select: { outcome: true, note: true } },
      opportunity: { select: { slug: true, titleEn: true, titleZh: true, demonstration: true, timeZone: true } },
      stage: { select: { titleEn: true, titleZh: true, position: true } },
    },
  });
  if (!app || app.status === "DRAFT") return { kind: "not_found" };
  const standing = await reviewStanding(staff, app.id);
  if (!canOpen(standing)) return { kind: "forbidden" };
  const content = canReadContent(standing);
  const seesScores = canReadScores(standing);
  const rubric = (await definitionOf(app))?.definition.rubric ?? null;

  const all = app.assignments.map((a) => ({
    id: a.id,
    reviewerId: a.reviewerId,
    reviewerName: a.reviewer.name,
    reviewerEmail: a.reviewer.email,
    own: a.reviewerId === staff.id,
    conflict: a.conflictDeclaredAt ? { at: a.conflictDeclaredAt.toISOString(), reason: a.conflictReason } : null,
    scores: a.scoredAt ? storedScores(a.scores) : null,
    comment: a.comment,
    scoredAt: a.scoredAt?.toISOString() ?? null,
  }));
  // What a reviewer sees: their own row (without scores once conflicted) and, once they have scored, the others' scored rows.
  const reviews: ReviewRow[] = standing.readsAll
    ? all
    : all.flatMap((r) => {
        if (r.own) return [r.conflict ? { ...r, scores: null, comment: null, scoredAt: null } : r];
        return seesScores && !r.conflict && r.scores ? [{ ...r, reviewerEmail: "" }] : [];
      });
  const events = app.events.map((e) => ({ status: e.status, at: e.at.toISOString() }));
  const attachments = content ? app.attachments : [];
  // Staff read the answers against the version of the form the applicant answered.
  const form = content ? await formViewOf(app) : null;
  const answers: ApplicantView | null = content
    ? {
        id: app.id,
        reference: app.reference,
        status: app.status,
        email: app.email,
        locale: app.locale,
        interfaceLocale: app.interfaceLocale ?? app.locale,
        answers: (app.answers ?? {}) as ApplicantView["answers"],
        form,
        title: app.payloadName,
        steps: [],
        completedSteps: [],
        attachments,
        events,
        submittedAt: app.submittedAt?.toISOString() ?? null,
        call: {
          slug: app.opportunity.slug,
          title: { en: app.opportunity.titleEn, zh: app.opportunity.titleZh },
          demonstration: app.opportunity.demonstration,
          timeZone: app.opportunity.timeZone,
        },
        stage: app.stage ? { title: { en: app.stage.titleEn, zh: app.stage.titleZh }, acceptsUntil: null } : null,
        closed: false,
        editable: false,
        withdrawable: false,
      }
    : null;
  const open = isOpenForReview(app.status);
  const canDecide = staffCan(staff, "applications.decide");
  return {
    kind: "ok",
    detail: {
      id: app.id,
      reference: app.reference,
      status: app.status,
      email: content ? app.email : "",
      locale: app.locale,
      interfaceLocale: app.interfaceLocale ?? app.locale,
      submittedAt: app.submittedAt?.toISOString() ?? null,
      leadInstitution: app.leadInstitution,
      leadCountry: app.leadCountry?.trim() ?? null,
      payloadName: app.payloadName,
      carrier: app.carrier,
      massKg: app.massKg === null ? null : app.massKg.toNumber(),
      answers,
      attachments,
      events,
      reviews,
      rubric,
      averages: seesScores && rubric ? averageScores(rubric, all.map((r) => ({ conflicted: r.conflict !== null, scores: r.scores }))) : null,
      preparedDecision: canDecide ? app.decision : null,
      viewer: {
        readsAll: standing.readsAll,
        assigned: standing.assignment !== null,
        conflicted: standing.assignment?.conflicted ?? false,
        canReadContent: content,
        canReadScores: seesScores,
        canScore: open && standing.assignment !== null && !standing.assignment.conflicted,
        canAssign: staffCan(staff, "applications.assign") && open,
        canDecide,
      },
      nextSteps: canDecide ? reviewSteps(app.status) : [],
      decisionOutcomes: canDecide && !app.decision ? decisionOutcomes(app.status) : [],
    },
  };
}

/** Active reviewers not yet assigned to the application, for the assignment form. */
export async function assignableReviewers(applicationId: string): Promise<{ id: string; name: string; email: string }[]> {
  return prisma.staffUser.findMany({
    where: { role: "REVIEWER", disabledAt: null, assignments: { none: { applicationId } } },
    select: { id: true, name: true, email: true },
    orderBy: [{ name: "asc" }, { email: "asc" }],
  });
}
