import path from "node:path";
import { NextRequest } from "next/server";
import { afterAll, describe, expect, it } from "vitest";
import { initialFormState } from "@/lib/form-state";
import { CONTENT_KIND_SLUGS } from "@/lib/content-kinds";
import { STAFF_ROLES, type StaffRoleName } from "@/lib/permissions";
import { testPrisma } from "../support/database";
import {
  allows,
  concretePath,
  describeAccess,
  discover,
  HTTP_METHODS,
  isKindAccess,
  kindsToCall,
  paramsOf,
  SRC,
  staffEntries,
  UNKNOWN_KIND,
  unknownKindAnswer,
} from "../support/admin-access";
import { actAs, createStaff, refusalOf, signOutTestStaff } from "../support/staff";

// Every staff route handler's exported methods and every staff server action, called in-process by every role and by
// nobody: refused exactly where src/lib/permissions.ts says (401/403 or sign-in/forbidden), and a refused call writes
// nothing to the audit trail. What serves every content kind (a [kind] route, the record form's action) is called
// for each kind with what that kind's definition requires, and for a kind that does not exist: refused to those no
// kind allows, a 404 or a refused form to the others, never an error. What is listed comes from
// tests/support/admin-access.ts, which the unit stage checks against the source tree.

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
async function callAction(fn: Handler, fields: Record<string, string> = {}): Promise<{ state: unknown; error: unknown }> {
  const form = new FormData();
  form.set("locale", "en");
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  try {
    return { state: await (fn.length >= 2 ? fn(initialFormState, form) : fn(form)), error: null };
  } catch (error) {
    return { state: undefined, error };
  }
}

/** A route's answer as the role would meet it: the status, or sign-in/forbidden for a page-style refusal thrown. */
async function callRoute(handler: Handler, method: string, url: string, kind?: string): Promise<{ status: number; type: string | null; refusal: "sign-in" | "forbidden" | null }> {
  const request = new NextRequest(new URL(concretePath(url, "en", kind), "http://localhost:3000"), { method });
  try {
    const response = (await handler(request, { params: Promise.resolve(paramsOf(url, "en", kind)) })) as Response;
    return { status: response.status, type: response.headers.get("content-type"), refusal: null };
  } catch (error) {
    const refusal = refusalOf(error);
    if (!refusal) throw error;
    return { status: refusal === "sign-in" ? 401 : 403, type: null, refusal };
  }
}

describe("the staff action matrix", () => {
  it("covers server actions of every staff module", () => {
    expect(new Set(actions.map((a) => a.file)).size).toBeGreaterThanOrEqual(6);
    const inline = actions.filter((a) => a.exportName === undefined).map((a) => a.key);
    // An inline action is a closure inside a component: the unit stage checks its first call instead.
    expect(inline.every((key) => key.includes("#"))).toBe(true);
    const byKind = actions.filter((a) => isKindAccess(a.access));
    expect(byKind.map((a) => a.key)).toEqual(["server/actions/admin/content.ts#saveContentAction"]);
    for (const { key, access } of byKind) expect(kindsToCall(access), key).toEqual([...CONTENT_KIND_SLUGS, UNKNOWN_KIND]);
  });

  for (const role of roles) {
    it(`refuses ${role ?? "a signed-out visitor"} exactly where the role table says`, async () => {
      let checked = 0;
      const refused = role ? "forbidden" : "sign-in";
      for (const { key, file, exportName, access } of actions) {
        if (exportName === undefined) continue;
        const fn = (await importSource(file))[exportName];
        expect(typeof fn, `${key} is not a function`).toBe("function");
        for (const kind of kindsToCall(access)) {
          actAsRole(role);
          const field = isKindAccess(access) ? access.field : undefined;
          const auditBefore = await testPrisma().auditEntry.count();
          const { state, error } = await callAction(fn as Handler, kind !== undefined && field ? { [field]: kind } : {});
          const refusal = refusalOf(error);
          const auditAfter = await testPrisma().auditEntry.count();
          const label = `${key}${kind ? ` for ${kind}` : ""} (${describeAccess(access, kind)}) as ${role ?? "nobody"}`;
          if (kind === UNKNOWN_KIND && isKindAccess(access)) {
            // A kind that does not exist: refused for want of permission, or answered as a bad request.
            const expected = unknownKindAnswer(access, role);
            if (expected === "refused") expect(refusal, label).toBe(refused);
            else {
              if (expected === "not found") expect(refusal, label).toBeNull();
              if (!refusal) expect({ error, state }, label).toEqual({ error: null, state: { ok: false, message: "invalidRequest" } });
            }
          } else {
            expect(refusal, label).toBe(allows(access, role, kind) ? null : refused);
          }
          if (refusal) expect(auditAfter, `${label} wrote an audit entry although refused`).toBe(auditBefore);
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(30);
    });
  }
});

describe("the staff route matrix", () => {
  it("calls exactly the methods each staff route file exports", async () => {
    const files = [...new Set(routes.map((r) => r.file))];
    expect(files.length).toBeGreaterThanOrEqual(5);
    for (const file of files) {
      const exported = Object.keys(await importSource(file)).filter((name) => (HTTP_METHODS as readonly string[]).includes(name));
      const listed = routes.filter((r) => r.file === file).map((r) => r.method);
      expect(exported.sort(), `src/${file}: methods found in the source vs. exported`).toEqual(listed.sort());
    }
  });

  it("calls each route over [kind] for every content kind", () => {
    const byKind = routes.filter((r) => isKindAccess(r.access));
    expect(byKind.map((r) => r.key)).toEqual(["GET /api/admin/exports/[kind]"]);
    for (const { key, access } of byKind) expect(kindsToCall(access), key).toEqual([...CONTENT_KIND_SLUGS, UNKNOWN_KIND]);
  });

  for (const role of roles) {
    it(`answers ${role ?? "a signed-out visitor"} 401/403 exactly where the role table says`, async () => {
      for (const { key, file, method, url, access } of routes) {
        const handler = (await importSource(file))[method!] as Handler;
        for (const kind of kindsToCall(access)) {
          actAsRole(role);
          const auditBefore = await testPrisma().auditEntry.count();
          const { status, type } = await callRoute(handler, method!, url!, kind);
          const label = `${key}${kind ? ` for ${kind}` : ""} (${describeAccess(access, kind)}) as ${role ?? "nobody"} -> ${status}`;
          // A kind that does not exist: the permissions are checked first, then it is a 404 in JSON.
          const expected = kind === UNKNOWN_KIND && isKindAccess(access) ? unknownKindAnswer(access, role) : allows(access, role, kind) ? "allowed" : "refused";
          if (expected === "not found") {
            expect(status, label).toBe(404);
            expect(type, label).toMatch(/^application\/json/);
          } else if (expected === "allowed") {
            expect([401, 403], label).not.toContain(status);
            expect(status, label).toBeLessThan(500);
          } else if (expected === "refused") {
            expect(status, label).toBe(role ? 403 : 401);
          } else {
            expect([401, 403, 404], label).toContain(status);
          }
          if (status === 401 || status === 403) expect(await testPrisma().auditEntry.count(), `${label} wrote an audit entry although refused`).toBe(auditBefore);
        }
      }
    });
  }
});
