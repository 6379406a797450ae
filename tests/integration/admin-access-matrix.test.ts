import { afterAll, describe, expect, it } from "vitest";
import { initialFormState } from "@/lib/form-state";
import { STAFF_ROLES, type StaffRoleName } from "@/lib/permissions";
import { testPrisma } from "../support/database";
import { ACTION_ACCESS, allows, findAdminActionModules } from "../support/admin-access";
import { actAs, createStaff, refusalOf, signOutTestStaff } from "../support/staff";

// Every server action of the staff panel, called by every role and by nobody: refused exactly where
// src/lib/permissions.ts says, and a refused call writes nothing to the audit trail.

type Action = (...args: unknown[]) => Promise<unknown>;

const modules = findAdminActionModules();
const actions: { key: string; fn: Action }[] = [];
for (const { name, file } of modules) {
  const exported = (await import(/* @vite-ignore */ file)) as Record<string, unknown>;
  for (const [exportName, fn] of Object.entries(exported)) {
    if (typeof fn === "function") actions.push({ key: `${name}#${exportName}`, fn: fn as Action });
  }
}

const staffByRole = new Map<StaffRoleName, Awaited<ReturnType<typeof createStaff>>>();
for (const role of STAFF_ROLES) staffByRole.set(role, await createStaff(role));

afterAll(() => signOutTestStaff());

/** Calls an action as its form would: (previous state, form data) for useActionState forms, else (form data). */
async function callAction(fn: Action): Promise<unknown> {
  const form = new FormData();
  form.set("locale", "en");
  try {
    await (fn.length >= 2 ? fn(initialFormState, form) : fn(form));
    return null;
  } catch (error) {
    return error;
  }
}

describe("the staff action matrix", () => {
  it("knows what every action requires", () => {
    expect(actions.length).toBeGreaterThan(0);
    const unknown = actions.map((a) => a.key).filter((key) => !(key in ACTION_ACCESS));
    expect(unknown, "actions missing from tests/support/admin-access.ts").toEqual([]);
  });

  for (const role of [...STAFF_ROLES, null] as const) {
    it(`refuses ${role ?? "a signed-out visitor"} exactly where the role table says`, async () => {
      const outcomes: string[] = [];
      for (const { key, fn } of actions) {
        const access = ACTION_ACCESS[key];
        if (!access || access === "public") continue;
        actAs(role ? staffByRole.get(role)! : null);
        const auditBefore = await testPrisma().auditEntry.count();
        const refusal = refusalOf(await callAction(fn));
        const auditAfter = await testPrisma().auditEntry.count();
        const expected = allows(access, role) ? null : role ? "forbidden" : "sign-in";
        outcomes.push(`${key}: ${refusal ?? "allowed"}`);
        expect(refusal, `${key} as ${role ?? "nobody"}`).toBe(expected);
        if (expected) expect(auditAfter, `${key} wrote an audit entry although refused`).toBe(auditBefore);
      }
      expect(outcomes.length).toBeGreaterThan(0);
    });
  }
});
