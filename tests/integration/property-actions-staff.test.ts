import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STAFF_ROLES } from "@/lib/permissions";
import { createStaffSchema } from "@/lib/validation/staff";
import type { StaffSession } from "@/server/authz";
import { findAdminActionModules } from "../support/admin-access";
import {
  badChoice,
  badEmailField,
  badText,
  driveAction,
  missingId,
  nastyString,
  PROPERTY_TIMEOUT,
  RUNS,
  someVersion,
  STAFF_ACTION_TESTS,
  staffActionCases,
  tooLong,
  type ActionCase,
  type FormValue,
} from "../support/property";
import { actAs, createStaff, signOutTestStaff } from "../support/staff";

// Staff management, driven by an administrator with generated bad forms: each is refused with { ok: false } and
// message keys, never throws, and writes nothing. Sign-in and sessions are in property-actions-auth.

type Action = (...args: never[]) => Promise<unknown>;
const FILE = "property-actions-staff";
const actions: Record<string, Action> = {};
for (const { name, file } of findAdminActionModules().filter((m) => STAFF_ACTION_TESTS[m.name] === FILE)) {
  for (const [exportName, fn] of Object.entries((await import(/* @vite-ignore */ file)) as Record<string, unknown>)) {
    if (typeof fn === "function") actions[`${name}#${exportName}`] = fn as Action;
  }
}
const covered = new Set<string>();

let admin: StaffSession;
beforeAll(async () => {
  admin = await createStaff("ADMIN");
  actAs(admin);
});
afterAll(() => signOutTestStaff());

const badId = fc.oneof(tooLong(64), fc.constantFrom<FormValue>(undefined, ""));
const badPassword = fc.oneof(fc.constantFrom<FormValue>(undefined, "", "short", "elevenchars"), tooLong(256));

function drive(key: string, cases: fc.Arbitrary<ActionCase>) {
  it(`${key}: ${RUNS} bad forms are refused and write nothing`, async () => {
    covered.add(key);
    await driveAction(key, actions[key]!, cases);
  });
}

describe("staff management under generated bad forms, as an administrator", { timeout: PROPERTY_TIMEOUT }, () => {
  drive(
    "staff#createStaffAction",
    staffActionCases({
      valid: { email: "new.colleague@staff.test", name: "New Colleague", role: "EDITOR", password: "a long enough passphrase" },
      bad: { email: badEmailField, name: badText(2, 120), role: badChoice(STAFF_ROLES), password: badPassword },
      schema: createStaffSchema,
      // An address that already has an account.
      semantic: fc.constant(null).map(() => ({ email: admin.email.toUpperCase(), name: "Someone Else", role: "VIEWER", password: "a long enough passphrase" })),
      semanticWeight: 0.1,
    }),
  );

  const details = { name: "Renamed Colleague", role: "EDITOR" };
  drive(
    "staff#updateStaffAction",
    fc.tuple(missingId, someVersion).chain(([id, updatedAt]) =>
      staffActionCases({
        valid: { id, updatedAt, ...details },
        bad: { id: badId, updatedAt: fc.oneof(fc.constantFrom<FormValue>(undefined, "yesterday", "2026-01-01"), nastyString), name: badText(2, 120), role: badChoice(STAFF_ROLES) },
        semantic: fc.constant({ id, updatedAt, ...details }),
      }),
    ),
  );

  drive(
    "staff#setStaffDisabledAction",
    missingId.chain((id) =>
      staffActionCases({
        valid: { id, disabled: "true" },
        bad: { id: badId, disabled: badChoice(["true", "false"]) },
        // An unknown account, or disabling oneself.
        semantic: fc.constantFrom({ id, disabled: "true" }, { id: "self", disabled: "true" }).map((f) => (f.id === "self" ? { ...f, id: admin.id } : f)),
      }),
    ),
  );

  drive(
    "staff#resetStaffPasswordAction",
    missingId.chain((id) =>
      staffActionCases({ valid: { id, password: "a long enough passphrase" }, bad: { id: badId, password: badPassword }, semantic: fc.constant({ id, password: "a long enough passphrase" }), semanticWeight: 0.1 }),
    ),
  );

  for (const key of ["staff#unlockStaffAction", "staff#resetStaffTotpAction"]) {
    drive(key, missingId.chain((id) => staffActionCases({ valid: { id }, bad: { id: badId }, semantic: fc.constant({ id }) })));
  }

  it("drove every staff management action: a new one without a property test fails here", () => {
    expect(Object.keys(STAFF_ACTION_TESTS).sort(), "action modules missing from STAFF_ACTION_TESTS").toEqual(findAdminActionModules().map((m) => m.name).sort());
    expect(Object.keys(actions).sort()).toEqual([...covered].sort());
  });
});
