import "server-only";
import type { ApplicationStatus, ObligationKind } from "@/generated/prisma/client";
import { type StaffSession, staffCan } from "../../authz";
import { prisma } from "../../db";

export interface OverdueObligation {
  id: string;
  kind: ObligationKind;
  dueOn: string;
  daysLate: number;
  institutionNameEn: string;
  institutionNameZh: string | null;
  agreementId: string;
}

export interface Dashboard {
  applicationsByStatus?: { status: ApplicationStatus; count: number }[];
  assignedOpen?: number;
  overdue?: OverdueObligation[];
}

const DAY_MS = 86_400_000;

/** Obligations past their due date and not done, oldest first. */
export async function listOverdueObligations(today = new Date()): Promise<OverdueObligation[]> {
  const start = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()));
  const rows = await prisma.agreementObligation.findMany({
    where: { completedOn: null, dueOn: { lt: start } },
    orderBy: { dueOn: "asc" },
    select: {
      id: true,
      kind: true,
      dueOn: true,
      agreement: { select: { id: true, award: { select: { institution: { select: { nameEn: true, nameZh: true } } } } } },
    },
  });
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    dueOn: row.dueOn.toISOString().slice(0, 10),
    daysLate: Math.floor((start.getTime() - row.dueOn.getTime()) / DAY_MS),
    institutionNameEn: row.agreement.award.institution.nameEn,
    institutionNameZh: row.agreement.award.institution.nameZh,
    agreementId: row.agreement.id,
  }));
}

/** What the dashboard shows, limited to what the staff member's role may read. */
export async function getDashboard(staff: StaffSession): Promise<Dashboard> {
  const dashboard: Dashboard = {};
  if (staffCan(staff, "applications.read")) {
    const groups = await prisma.application.groupBy({ by: ["status"], where: { status: { not: "DRAFT" } }, _count: { _all: true } });
    dashboard.applicationsByStatus = groups.map((g) => ({ status: g.status, count: g._count._all }));
  }
  if (staffCan(staff, "applications.review")) {
    dashboard.assignedOpen = await prisma.reviewAssignment.count({
      where: { reviewerId: staff.id, scoredAt: null, conflictDeclaredAt: null, application: { status: { in: ["SUBMITTED", "UNDER_REVIEW", "SHORTLISTED"] } } },
    });
  }
  if (staffCan(staff, "content.read")) dashboard.overdue = await listOverdueObligations();
  return dashboard;
}
