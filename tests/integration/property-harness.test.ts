import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FormState } from "@/lib/form-state";
import { requirePermission, type StaffSession } from "@/server/authz";
import { createAuditEntry } from "../factories/records";
import { testPrisma } from "../support/database";
import { driveAction, refusedActors, refusedWith, staffActionCases, type Refusal } from "../support/property";
import { actAs, createStaff, signOutTestStaff } from "../support/staff";

// The staff-action properties can fail: a refusal that writes, a write outside the tables a property lists, a refusal
// for the wrong reason, and an action that forgets its permission are each caught, by the same driveAction and
// staffActionCases the property tests use, on stand-in actions that misbehave on purpose.

let admin: StaffSession;
let colleague: StaffSession;
beforeAll(async () => {
  admin = await createStaff("ADMIN");
  colleague = await createStaff("EDITOR");
  actAs(admin);
});
afterAll(() => signOutTestStaff());

type Action = (state: FormState, form: FormData) => Promise<FormState>;
const nameOf = (form: FormData) => String(form.get("name") ?? "");

/** What a property's failure says: fast-check's summary and, in its cause, the assertion that failed. */
async function failureOf(run: Promise<unknown>): Promise<string> {
  try {
    await run;
  } catch (error) {
    const cause = (error as { cause?: unknown }).cause;
    return `${(error as Error).message}\n${cause instanceof Error ? cause.message : String(cause ?? "")}`;
  }
  return "passed";
}

/** Stands in for staff#updateStaffAction: refuses a short name, but renames the account when told "!" among it. */
const leakyRename: Action = async (_state, form) => {
  await requirePermission("staff.manage");
  if (nameOf(form).includes("!")) await testPrisma().staffUser.update({ where: { id: colleague.id }, data: { name: nameOf(form) } });
  return nameOf(form).trim().length < 2 || nameOf(form).includes("!") ? { ok: false, message: "summaryTitle", fieldErrors: { name: "tooShort" } } : { ok: true };
};

const cases = (extra: Partial<Parameters<typeof staffActionCases>[0]> = {}) =>
  staffActionCases({
    valid: { id: "colleague", name: "A good name" },
    bad: { name: fc.constantFrom("", "x", "!", "x!") },
    naming: {},
    ...extra,
  });

describe("the staff-action property harness", () => {
  it("fails a refusal that wrote to a table it watches, naming the form", async () => {
    expect(await failureOf(driveAction("leaky rename", leakyRename, cases(), {}, { actor: admin, tables: ["StaffUser"], runs: 100 }))).toMatch(/leaky rename \(invalid\) wrote to the database[\s\S]*form: /);
  });

  it("fails a write to a table the property does not list, once the runs are over", async () => {
    const auditing: Action = async (_state, form) => {
      await requirePermission("staff.manage");
      if (nameOf(form) === "!") await createAuditEntry();
      return { ok: false, message: "summaryTitle", fieldErrors: { name: "tooShort" } };
    };
    expect(await failureOf(driveAction("auditing refusal", auditing, cases(), {}, { actor: admin, tables: ["StaffUser"], runs: 100 }))).toMatch(/wrote to a table outside the ones it lists/);
  });

  it("fails a refusal that blames a field that was fine", async () => {
    const blamesId: Action = async () => {
      await requirePermission("staff.manage");
      return { ok: false, message: "summaryTitle", fieldErrors: { id: "invalidRequest" } };
    };
    expect(await failureOf(driveAction("blames id", blamesId, cases(), {}, { actor: admin, tables: ["StaffUser"], runs: 100 }))).toMatch(/errors on fields that were fine/);
  });

  it("fails a refusal given for the wrong reason", async () => {
    const alwaysStale: Action = async () => {
      await requirePermission("staff.manage");
      return { ok: false, message: "staleEdit" };
    };
    const refusals = fc.constant<Refusal>({ fields: { id: "missing", name: "A good name" }, label: "unknown account", expect: refusedWith("staffNotFound") });
    expect(await failureOf(driveAction("wrong reason", alwaysStale, staffActionCases({ valid: {}, bad: {}, refusals }), {}, { actor: admin, runs: 100 }))).toMatch(/unknown account answered/);
  });

  it("fails an action that forgets its permission check", async () => {
    const unguarded: Action = async () => ({ ok: false, message: "summaryTitle", fieldErrors: { name: "tooShort" } });
    const unauthorised = await refusedActors("staff#updateStaffAction");
    expect(unauthorised.map((a) => a?.role ?? null)).toEqual([null, "EDITOR", "REVIEWER", "VIEWER"]);
    expect(await failureOf(driveAction("unguarded", unguarded, cases({ unauthorised }), {}, { actor: admin, tables: ["StaffUser"], runs: 100 }))).toMatch(/valid form/);
  });

  it("passes the well-behaved version of each", async () => {
    const rename: Action = async (_state, form) => {
      await requirePermission("staff.manage");
      return { ok: false, message: "summaryTitle", fieldErrors: { name: "tooShort" } };
    };
    await driveAction("rename", rename, cases({ unauthorised: await refusedActors("staff#updateStaffAction") }), {}, { actor: admin, tables: ["StaffUser", "AuditEntry"], runs: 100 });
    expect((await testPrisma().staffUser.findUniqueOrThrow({ where: { id: admin.id } })).role).toBe("ADMIN");
  });
});
