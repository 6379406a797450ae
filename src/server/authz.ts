import "server-only";
import { forbidden, redirect } from "next/navigation";
import { getLocale } from "next-intl/server";
import { cache } from "react";
import { type Permission, roleCan, type StaffRoleName, STAFF_ROLES } from "@/lib/permissions";
import { auth } from "./auth/config";

/** The page's language for the sign-in redirect; English where none is known (outside a page). */
async function requestLocale(): Promise<string> {
  try {
    return await getLocale();
  } catch {
    return "en";
  }
}

export interface StaffSession {
  id: string;
  email: string;
  name: string;
  role: StaffRoleName;
}

// Tests sign staff in by setting this; the app never does.
const testStaffKey = Symbol.for("space-cooperation-portal.test-staff");
type TestSlot = { [testStaffKey]?: StaffSession | null };

/** The signed-in staff member, or null; read once per request. */
export const currentStaff = cache(async (): Promise<StaffSession | null> => {
  const slot = globalThis as TestSlot;
  if (process.env.NODE_ENV === "test" && testStaffKey in slot) return slot[testStaffKey] ?? null;
  const session = await auth();
  const user = session?.user as { id?: string; email?: string | null; name?: string | null; role?: string } | undefined;
  if (!user?.id || !user.role || !(STAFF_ROLES as readonly string[]).includes(user.role)) return null;
  return { id: user.id, email: user.email ?? "", name: user.name ?? "", role: user.role as StaffRoleName };
});

export function staffCan(staff: StaffSession, permission: Permission | readonly Permission[]): boolean {
  const wanted = typeof permission === "string" ? [permission] : permission;
  return wanted.some((p) => roleCan(staff.role, p));
}

/**
 * For pages and server actions: the staff member if they hold the permission (or any of several);
 * otherwise sign-in for no session, and 403 for the wrong role.
 */
export async function requirePermission(permission: Permission | readonly Permission[]): Promise<StaffSession> {
  const staff = await currentStaff();
  if (!staff) {
    redirect(`/${await requestLocale()}/admin/sign-in`);
  }
  if (!staffCan(staff, permission)) forbidden();
  return staff;
}

/** For admin API routes: the staff member, or the JSON error response to send (401 or 403). */
export async function authorizeApi(
  permission: Permission | readonly Permission[],
): Promise<{ staff: StaffSession; error?: undefined } | { staff?: undefined; error: Response }> {
  const staff = await currentStaff();
  if (!staff) return { error: Response.json({ error: { code: "unauthorized", message: "Sign in as staff first." } }, { status: 401 }) };
  if (!staffCan(staff, permission)) {
    return { error: Response.json({ error: { code: "forbidden", message: "Your role does not allow this." } }, { status: 403 }) };
  }
  return { staff };
}

/** Any signed-in staff member, whatever their role: for one's own account, sign-out and the panel's frame. */
export async function requireStaff(): Promise<StaffSession> {
  const staff = await currentStaff();
  if (!staff) {
    redirect(`/${await requestLocale()}/admin/sign-in`);
  }
  return staff;
}
