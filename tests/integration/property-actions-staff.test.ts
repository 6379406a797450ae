import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STAFF_ROLES } from "@/lib/permissions";
import { staffAccessSchema, staffDetailsSchema, staffIdSchema, staffPasswordResetSchema } from "@/lib/validation/admin/staff";
import { createStaffSchema } from "@/lib/validation/staff";
import type { StaffSession } from "@/server/authz";
import { testPrisma } from "../support/database";
import { findAdminActionModules } from "../support/admin-access";
import {
  badChoice,
  badEmailField,
  badText,
  driveAction,
  expectAcceptedAndWritten,
  missingId,
  nastyString,
  PROPERTY_TIMEOUT,
  refusedActors,
  refusedWith,
  RUNS,
  someVersion,
  STAFF_ACTION_TESTS,
  staffActionCases,
  staffActionsOf,
  tooLong,
  type Refusal,
  type Table,
  type ActionCase,
  type Fields,
  type FormValue,
} from "../support/property";
import { actAs, createStaff, signOutTestStaff } from "../support/staff";

// Staff management, driven by an administrator with generated bad forms aimed at a real colleague's account (with
// failed sign-ins, a session and two-step verification on, so that any write would show): each is refused with the reason its fault deserves
// (the bad field's error, staffNotFound, staleEdit, the self-protection rules, 403 for other roles), never throws,
// and leaves the account and the audit trail as they were. Sign-in and sessions are in property-actions-auth.

const FILE = "property-actions-staff";
const actions = await staffActionsOf(FILE);
const covered = new Set<string>();
// Staff management writes accounts, their sessions and sign-in failures, and audit entries, nothing else.
const TABLES: Table[] = ["StaffUser", "StaffSession", "SignInThrottle", "AuditEntry"];

let admin: StaffSession;
let colleague: StaffSession;
let adminVersion: string;
let colleagueVersion: string;
/** The form each property starts from: one an administrator may post, which changes the colleague's account (or adds one). */
let valid: Record<string, Fields>;
beforeAll(async () => {
  admin = await createStaff("ADMIN");
  colleague = await createStaff("EDITOR");
  const withTotp = await testPrisma().staffUser.update({ where: { id: colleague.id }, data: { totpSecret: "JBSWY3DPEHPK3PXP", totpEnabledAt: new Date() } });
  colleagueVersion = withTotp.updatedAt.toISOString();
  const now = Date.now();
  await testPrisma().signInThrottle.create({
    data: { email: colleague.email, address: "203.0.113.7", failures: 5, lastFailureAt: new Date(now), retryAt: new Date(now + 3_600_000) },
  });
  await testPrisma().staffSession.create({ data: { id: `session-${colleague.id}`, staffId: colleague.id, expiresAt: new Date(now + 3_600_000) } });
  adminVersion = (await testPrisma().staffUser.findUniqueOrThrow({ where: { id: admin.id } })).updatedAt.toISOString();
  valid = {
    "staff#updateStaffAction": { id: colleague.id, updatedAt: colleagueVersion, name: "Renamed Colleague", role: "VIEWER" },
    "staff#unlockStaffAction": { id: colleague.id },
    "staff#resetStaffTotpAction": { id: colleague.id },
    "staff#resetStaffPasswordAction": { id: colleague.id, password: "a long enough passphrase" },
    "staff#setStaffDisabledAction": { id: colleague.id, disabled: "true" },
    "staff#createStaffAction": { email: "new.colleague@staff.test", name: "New Colleague", role: "EDITOR", password: "a long enough passphrase" },
  };
  actAs(admin);
});
afterAll(() => signOutTestStaff());

const badId = fc.oneof(tooLong(64), fc.constantFrom<FormValue>(undefined, ""));
const badPassword = fc.oneof(fc.constantFrom<FormValue>(undefined, "", "short", "elevenchars"), tooLong(256));
const staffNotFound = missingId.map((id): Refusal => ({ fields: { id }, label: "unknown account", expect: refusedWith("staffNotFound") }));

function drive(key: string, cases: () => fc.Arbitrary<ActionCase>) {
  it(`${key}: ${RUNS} bad forms are refused for their fault and change nothing`, async () => {
    covered.add(key);
    await driveAction(key, actions[key]!, cases(), {}, { actor: admin, tables: TABLES });
  });
}

// Cases are built once the records exist; refused roles are created first, before any snapshot.
const unauthorised: Record<string, (StaffSession | null)[]> = {};
beforeAll(async () => {
  for (const key of Object.keys(actions)) unauthorised[key] = await refusedActors(key);
});

describe("staff management under generated bad forms, as an administrator", { timeout: PROPERTY_TIMEOUT }, () => {
  drive("staff#createStaffAction", () =>
    staffActionCases({
      valid: valid["staff#createStaffAction"]!,
      bad: { email: badEmailField, name: badText(2, 120), role: badChoice(STAFF_ROLES), password: badPassword },
      schema: createStaffSchema,
      naming: {},
      // An address that already has an account, in any case.
      refusals: fc.constantFrom(admin.email, colleague.email.toUpperCase()).map((email) => ({
        fields: { email, name: "Someone Else", role: "VIEWER", password: "a long enough passphrase" },
        label: "address taken",
        expect: refusedWith("summaryTitle", { email: "taken" }),
      })),
      // Hashing the password of each well-formed form is the slow part.
      semanticWeight: 0.1,
      unauthorised: unauthorised["staff#createStaffAction"],
    }),
  );

  drive("staff#updateStaffAction", () =>
    staffActionCases({
      valid: valid["staff#updateStaffAction"]!,
      bad: {
        id: badId,
        updatedAt: fc.oneof(fc.constantFrom<FormValue>(undefined, "yesterday", "2026-01-01"), nastyString),
        name: badText(2, 120),
        role: badChoice(STAFF_ROLES),
      },
      schema: staffDetailsSchema,
      naming: {},
      refusals: fc.oneof(
        staffNotFound.map((r) => ({ ...r, fields: { ...r.fields, updatedAt: colleagueVersion, name: "Renamed", role: "VIEWER" } })),
        someVersion
          .filter((v) => v !== colleagueVersion)
          .map((updatedAt) => ({ fields: { id: colleague.id, updatedAt, name: "Renamed", role: "VIEWER" }, label: "stale version", expect: refusedWith("staleEdit") })),
        fc.constantFrom("EDITOR", "REVIEWER", "VIEWER").map((role) => ({
          fields: { id: admin.id, updatedAt: adminVersion, name: "Me", role },
          label: "demoting oneself",
          expect: refusedWith("staffSelfDemote"),
        })),
      ),
      unauthorised: unauthorised["staff#updateStaffAction"],
    }),
  );

  drive("staff#setStaffDisabledAction", () =>
    staffActionCases({
      valid: valid["staff#setStaffDisabledAction"]!,
      bad: { id: badId, disabled: badChoice(["true", "false"]) },
      schema: staffAccessSchema,
      naming: { hidden: ["id", "disabled"] },
      refusals: fc.oneof(
        staffNotFound.map((r) => ({ ...r, fields: { ...r.fields, disabled: "true" } })),
        fc.constant({ fields: { id: admin.id, disabled: "true" }, label: "disabling oneself", expect: refusedWith("staffSelfDisable") }),
        // Enabling an account that is not disabled is answered as done, and changes nothing.
        fc.constant<Refusal>({
          fields: { id: colleague.id, disabled: "false" },
          label: "enabling an enabled account",
          expect: (outcome, label) => expect(outcome, label).toEqual({ kind: "state", state: { ok: true, message: "enabled" } }),
        }),
      ),
      unauthorised: unauthorised["staff#setStaffDisabledAction"],
    }),
  );

  drive("staff#resetStaffPasswordAction", () =>
    staffActionCases({
      valid: valid["staff#resetStaffPasswordAction"]!,
      bad: { id: badId, password: badPassword },
      schema: staffPasswordResetSchema,
      naming: {},
      refusals: staffNotFound.map((r) => ({ ...r, fields: { ...r.fields, password: "a long enough passphrase" } })),
      semanticWeight: 0.1,
      unauthorised: unauthorised["staff#resetStaffPasswordAction"],
    }),
  );

  for (const key of ["staff#unlockStaffAction", "staff#resetStaffTotpAction"]) {
    drive(key, () =>
      staffActionCases({
        valid: valid[key]!,
        bad: { id: badId },
        schema: staffIdSchema,
        naming: { hidden: ["id"] },
        refusals: staffNotFound,
        unauthorised: unauthorised[key],
      }),
    );
  }

  it("starts from forms an administrator may post, each of which changes the colleague's account", async () => {
    // The edit carries the version the account was read at, so it goes first.
    for (const [key, fields] of Object.entries(valid)) await expectAcceptedAndWritten(key, actions[key]!, fields, TABLES);
  });

  it("drove every staff management action: a new one without a property test fails here", () => {
    expect(Object.keys(STAFF_ACTION_TESTS).sort(), "action modules missing from STAFF_ACTION_TESTS").toEqual(findAdminActionModules().map((m) => m.name).sort());
    expect(Object.keys(actions).sort()).toEqual([...covered].sort());
  });
});
