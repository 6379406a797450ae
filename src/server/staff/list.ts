import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { type ListQuery, pageWindow } from "@/lib/admin-list";
import type { StaffRoleName } from "@/lib/permissions";
import type { STAFF_SORTS, StaffStatus } from "@/lib/validation/admin/staff";
import { type RecentSignInFailures, recentSignInFailures } from "../auth/throttle";
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
  signInFailures: RecentSignInFailures;
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
  disabledAt: true,
  lastSignInAt: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.StaffUserSelect;

type SelectedStaff = Prisma.StaffUserGetPayload<{ select: typeof rowSelect }>;

export function staffStatusOf(user: { disabledAt: Date | null }): StaffStatus {
  return user.disabledAt ? "disabled" : "active";
}

function whereOf(query: StaffListQuery): Prisma.StaffUserWhereInput {
  const and: Prisma.StaffUserWhereInput[] = [];
  if (query.q) and.push({ OR: [{ email: { contains: query.q, mode: "insensitive" } }, { name: { contains: query.q, mode: "insensitive" } }] });
  if (query.filters.role) and.push({ role: query.filters.role as StaffRoleName });
  if (query.filters.status === "disabled") and.push({ disabledAt: { not: null } });
  if (query.filters.status === "active") and.push({ disabledAt: null });
  return { AND: and };
}

function orderOf(query: StaffListQuery): Prisma.StaffUserOrderByWithRelationInput[] {
  const direction = query.dir;
  const primary: Prisma.StaffUserOrderByWithRelationInput =
    query.sort === "lastSignInAt" ? { lastSignInAt: { sort: direction, nulls: "last" } } : { [query.sort]: direction };
  // The email is unique, so pages never overlap or skip rows.
  return [primary, { email: "asc" }];
}

function toRow(user: SelectedStaff): StaffRow {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    status: staffStatusOf(user),
    totpEnabled: user.totpEnabledAt !== null,
    lastSignInAt: user.lastSignInAt,
    createdAt: user.createdAt,
  };
}

/** One page of the staff list with the total the filters select. */
export async function listStaff(query: StaffListQuery): Promise<{ rows: StaffRow[]; total: number }> {
  const where = whereOf(query);
  const [users, total] = await Promise.all([
    prisma.staffUser.findMany({ where, orderBy: orderOf(query), select: rowSelect, ...pageWindow(query.page) }),
    prisma.staffUser.count({ where }),
  ]);
  return { rows: users.map(toRow), total };
}

/** Every account the filters select, for the CSV export. */
export async function staffForExport(query: StaffListQuery): Promise<StaffRow[]> {
  const users = await prisma.staffUser.findMany({ where: whereOf(query), orderBy: orderOf(query), select: rowSelect });
  return users.map(toRow);
}

export async function getStaffDetail(id: string): Promise<StaffDetail | null> {
  const user = await prisma.staffUser.findUnique({ where: { id }, select: rowSelect });
  if (!user) return null;
  return {
    ...toRow(user),
    signInFailures: await recentSignInFailures(user.email),
    disabledAt: user.disabledAt,
    totpEnabledAt: user.totpEnabledAt,
    updatedAt: user.updatedAt,
  };
}
