import path from "node:path";
import { NextRequest } from "next/server";
import { afterAll, describe, expect, it } from "vitest";
import { initialFormState } from "@/lib/form-state";
import { STAFF_ROLES, type StaffRoleName } from "@/lib/permissions";
import { testPrisma } from "../support/database";
import { allows, concretePath, describeAccess, discover, HTTP_METHODS, paramsOf, SRC, staffEntries } from "../support/admin-access";
import { actAs, createStaff, refusalOf, signOutTestStaff } from "../support/staff";

// Every staff route handler's exported methods and every staff server action, called in-process by every role and by
// nobody: refused exactly where src/lib/permissions.ts says (401/403 or sign-in/forbidden), and a refused call writes
// nothing to the audit trail. What is listed comes from tests/support/admin-access.ts, which the unit stage checks
// against the source tree.

type Handler = (...args: unknown[]) => Promise<unknown>;
const importSource = (file: string) => import(/* @vite-ignore */ path.join(SRC, file)) as Promise<Record<string, unknown>>;

const discovery = discover();
const actions = staffEntries("action", discovery);
const routes = staffEntries("route", discovery);

const staffByRole = new Map<StaffRoleName, Awaited<ReturnType<typeof createStaff>>>();
for (const role of STAFF_ROLES) staffByRole.set(role, await createStaff(role));
const roles = [...STAFF_ROLES, null] as const;
const actAsRole = (role: StaffRoleName | null) => actAs(role ? staffByRole.get(role)! : null);

afterAll(() => signOutTestStaff());

/** Calls an action as its form would: (previous state, form data) for useActionState forms, else (form data). */
async function callAction(fn: Handler): Promise<unknown> {
  const form = new FormData();
  form.set("locale", "en");
  try {
    await (fn.length >= 2 ? fn(initialFormState, form) : fn(form));
    return null;
  } catch (error) {
    return error;
  }
}

/** A route's answer as the role would meet it: the status, or sign-in/forbidden for a page-style refusal thrown. */
async function callRoute(handler: Handler, method: string, url: string): Promise<{ status: number; refusal: "sign-in" | "forbidden" | null }> {
  const request = new NextRequest(new URL(concretePath(url), "http://localhost:3000"), { method });
  try {
    const response = (await handler(request, { params: Promise.resolve(paramsOf(url)) })) as Response;
    return { status: response.status, refusal: null };
  } catch (error) {
    const refusal = refusalOf(error);
    if (!refusal) throw error;
    return { status: refusal === "sign-in" ? 401 : 403, refusal };
  }
}

describe("the staff action matrix", () => {
  it("covers server actions of every staff module", () => {
    expect(new Set(actions.map((a) => a.file)).size).toBeGreaterThanOrEqual(6);
    const inline = actions.filter((a) => a.exportName === undefined).map((a) => a.key);
    // An inline action is a closure inside a component: the unit stage checks its first call instead.
    expect(inline.every((key) => key.includes("#"))).toBe(true);
  });

  for (const role of roles) {
    it(`refuses ${role ?? "a signed-out visitor"} exactly where the role table says`, async () => {
      let checked = 0;
      for (const { key, file, exportName, access } of actions) {
        if (exportName === undefined) continue;
        const fn = (await importSource(file))[exportName];
        expect(typeof fn, `${key} is not a function`).toBe("function");
        actAsRole(role);
        const auditBefore = await testPrisma().auditEntry.count();
        const refusal = refusalOf(await callAction(fn as Handler));
        const auditAfter = await testPrisma().auditEntry.count();
        const expected = allows(access, role) ? null : role ? "forbidden" : "sign-in";
        expect(refusal, `${key} (${describeAccess(access)}) as ${role ?? "nobody"}`).toBe(expected);
        if (expected) expect(auditAfter, `${key} wrote an audit entry although refused`).toBe(auditBefore);
        checked++;
      }
      expect(checked).toBeGreaterThan(30);
    });
  }
});

describe("the staff route matrix", () => {
  it("calls exactly the methods each staff route file exports", async () => {
    const files = [...new Set(routes.map((r) => r.file))];
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      const exported = Object.keys(await importSource(file)).filter((name) => (HTTP_METHODS as readonly string[]).includes(name));
      const listed = routes.filter((r) => r.file === file).map((r) => r.method);
      expect(exported.sort(), `src/${file}: methods found in the source vs. exported`).toEqual(listed.sort());
    }
  });

  for (const role of roles) {
    it(`answers ${role ?? "a signed-out visitor"} 401/403 exactly where the role table says`, async () => {
      for (const { key, file, method, url, access } of routes) {
        const handler = (await importSource(file))[method!] as Handler;
        actAsRole(role);
        const auditBefore = await testPrisma().auditEntry.count();
        const { status } = await callRoute(handler, method!, url!);
        const label = `${key} (${describeAccess(access)}) as ${role ?? "nobody"} -> ${status}`;
        if (allows(access, role)) {
          expect([401, 403], label).not.toContain(status);
          expect(status, label).toBeLessThan(500);
        } else {
          expect(status, label).toBe(role ? 403 : 401);
          expect(await testPrisma().auditEntry.count(), `${key} wrote an audit entry although refused`).toBe(auditBefore);
        }
      }
    });
  }
});
