import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { type ListQuery, pageWindow } from "@/lib/admin-list";
import type { StaffRoleName } from "@/lib/permissions";
import type { STAFF_SORTS, StaffStatus } from "@/lib/validation/admin/staff";
import { prisma } from "../db";

// Reads for the staff-management pages: plain objects with no password hash or TOTP secret.

export type StaffListQuery = ListQuery<(typeof STAFF_SORTS)[number], "role" | "status">;

export interface StaffRow {
  id: string;
  email: string;
  name: string;
  role: StaffRoleName;
  status: StaffStatus;
  totpEnabled: boolean;
  lastSignInAt: Date | null;
  createdAt: Date;
}

export interface StaffDetail extends StaffRow {
  failedSignIns: number;
  lockedUntil: Date | null;
  disabledAt: Date | null;
  totpEnabledAt: Date | null;
  updatedAt: Date;
}

const rowSelect = {
  id: true,
  email: true,
  name: true,
  role: true,
  totpEnabledAt: true,
  failedSignIns: true,
  lockedUntil: true,
  disabledAt: true,
  lastSignInAt: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.StaffUserSelect;

type SelectedStaff = Prisma.StaffUserGetPayload<{ select: typeof rowSelect }>;

/** Disabled wins over locked: a disabled account cannot sign in whatever its lock says. */
export function staffStatusOf(user: { disabledAt: Date | null; lockedUntil: Date | null }, now = new Date()): StaffStatus {
  if (user.disabledAt) return "disabled";
  if (user.lockedUntil && user.lockedUntil > now) return "locked";
  return "active";
}

function whereOf(query: StaffListQuery, now: Date): Prisma.StaffUserWhereInput {
  const and: Prisma.StaffUserWhereInput[] = [];
  if (query.q) and.push({ OR: [{ email: { contains: query.q, mode: "insensitive" } }, { name: { contains: query.q, mode: "insensitive" } }] });
  if (query.filters.role) and.push({ role: query.filters.role as StaffRoleName });
  if (query.filters.status === "disabled") and.push({ disabledAt: { not: null } });
  if (query.filters.status === "locked") and.push({ disabledAt: null, lockedUntil: { gt: now } });
  if (query.filters.status === "active") and.push({ disabledAt: null, OR: [{ lockedUntil: null }, { lockedUntil: { lte: now } }] });
  return { AND: and };
}

function orderOf(query: StaffListQuery): Prisma.StaffUserOrderByWithRelationInput[] {
  const direction = query.dir;
  const primary: Prisma.StaffUserOrderByWithRelationInput =
    query.sort === "lastSignInAt" ? { lastSignInAt: { sort: direction, nulls: "last" } } : { [query.sort]: direction };
  // The email is unique, so pages never overlap or skip rows.
  return [primary, { email: "asc" }];
}

function toRow(user: SelectedStaff, now: Date): StaffRow {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    status: staffStatusOf(user, now),
    totpEnabled: user.totpEnabledAt !== null,
    lastSignInAt: user.lastSignInAt,
    createdAt: user.createdAt,
  };
}

/** One page of the staff list with the total the filters select. */
export async function listStaff(query: StaffListQuery): Promise<{ rows: StaffRow[]; total: number }> {
  const now = new Date();
  const where = whereOf(query, now);
  const [users, total] = await Promise.all([
    prisma.staffUser.findMany({ where, orderBy: orderOf(query), select: rowSelect, ...pageWindow(query.page) }),
    prisma.staffUser.count({ where }),
  ]);
  return { rows: users.map((user) => toRow(user, now)), total };
}

/** Every account the filters select, for the CSV export. */
export async function staffForExport(query: StaffListQuery): Promise<StaffRow[]> {
  const now = new Date();
  const users = await prisma.staffUser.findMany({ where: whereOf(query, now), orderBy: orderOf(query), select: rowSelect });
  return users.map((user) => toRow(user, now));
}

export async function getStaffDetail(id: string): Promise<StaffDetail | null> {
  const user = await prisma.staffUser.findUnique({ where: { id }, select: rowSelect });
  if (!user) return null;
  return {
    ...toRow(user, new Date()),
    failedSignIns: user.failedSignIns,
    lockedUntil: user.lockedUntil,
    disabledAt: user.disabledAt,
    totpEnabledAt: user.totpEnabledAt,
    updatedAt: user.updatedAt,
  };
}
