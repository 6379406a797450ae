import { randomBytes } from "node:crypto";
import { hash } from "@node-rs/argon2";
import type { StaffRoleName } from "@/lib/permissions";
import type { StaffSession } from "@/server/authz";
import { testPrisma } from "./database";

// Integration tests act as a staff member by filling the slot src/server/authz.ts reads under NODE_ENV=test,
// in place of next-auth's cookie session (the browser tests sign in for real).
const testStaffKey = Symbol.for("space-cooperation-portal.test-staff");
const slot = globalThis as { [testStaffKey]?: StaffSession | null };

export const TEST_PASSWORD = "correct horse battery staple";
let passwordHash: Promise<string> | undefined;

/** A staff account of the given role, with TEST_PASSWORD, in the test database. */
export async function createStaff(role: StaffRoleName, overrides: { email?: string; name?: string } = {}): Promise<StaffSession> {
  passwordHash ??= hash(TEST_PASSWORD);
  const email = overrides.email ?? `${role.toLowerCase()}-${randomBytes(4).toString("hex")}@staff.test`;
  const user = await testPrisma().staffUser.create({
    data: { email, name: overrides.name ?? `Test ${role.toLowerCase()}`, role, passwordHash: await passwordHash },
  });
  return { id: user.id, email: user.email, name: user.name, role };
}

/** Makes the app's currentStaff() return this staff member (null: nobody signed in). */
export function actAs(staff: StaffSession | null): void {
  slot[testStaffKey] = staff;
}

/** A new staff member of this role, acting from now on. */
export async function signInAs(role: StaffRoleName): Promise<StaffSession> {
  const staff = await createStaff(role);
  actAs(staff);
  return staff;
}

export function signOutTestStaff(): void {
  delete slot[testStaffKey];
}

/** What a server action or page threw for a refused request: "sign-in", "forbidden", or null if it was allowed. */
export function refusalOf(error: unknown): "sign-in" | "forbidden" | null {
  const digest = (error as { digest?: string } | undefined)?.digest ?? "";
  if (digest.startsWith("NEXT_REDIRECT") && digest.includes("/admin/sign-in")) return "sign-in";
  if (digest === "NEXT_HTTP_ERROR_FALLBACK;403") return "forbidden";
  return null;
}

/** Where a thrown Next.js redirect sends the browser, or null for any other error. */
export function redirectTarget(error: unknown): string | null {
  const digest = (error as { digest?: string } | undefined)?.digest ?? "";
  // NEXT_REDIRECT;<type>;<url>;<status>; where the url may itself hold semicolons.
  return digest.startsWith("NEXT_REDIRECT") ? digest.split(";").slice(2, -2).join(";") : null;
}
