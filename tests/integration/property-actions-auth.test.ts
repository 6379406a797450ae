import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { env } from "@/env";
import { signInSchema } from "@/lib/validation/staff";
import type { StaffSession } from "@/server/authz";
import { findAdminActionModules } from "../support/admin-access";
import {
  badEmailField,
  driveAction,
  expectRefusedState,
  nastyString,
  PROPERTY_TIMEOUT,
  RUNS,
  STAFF_ACTION_TESTS,
  staffActionCases,
  tooLong,
  type ActionCase,
  type FormValue,
  type Outcome,
  type WriteAllowance,
} from "../support/property";
import { actAs, createStaff, signOutTestStaff, TEST_PASSWORD } from "../support/staff";

// Staff sign-in, sessions and two-step verification, driven with generated bad forms: each is refused with
// { ok: false } and message keys (signing out, and any action without a session, go to the sign-in page as
// documented), never throws, and writes nothing but the sign-in throttling counters.

// next-auth reads the request's headers and sets cookies through next/headers; outside a request, these stand in.
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ "x-portal-client-ip": "10.7.7.7", host: "localhost:3000" }),
  cookies: async () => ({ get: () => undefined, getAll: () => [], has: () => false, set: () => {}, delete: () => {} }),
}));

// High enough that a thousand refused sign-ins from one address meet the credentials check, not the per-address
// limit; read by throttle.ts when the actions are first imported, below.
env.RATE_LIMIT_SIGN_IN_PER_IP = 1_000_000;

type Action = (...args: never[]) => Promise<unknown>;
const FILE = "property-actions-auth";
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

/** A refused sign-in counts against the address and the (email, address) pair, on purpose, so that guessing is slowed. */
const SIGN_IN_ATTEMPTS: WriteAllowance = {
  RateLimitBucket: "each failed sign-in is counted against its address, by design",
  SignInThrottle: "each failed sign-in is counted against its email and address, by design",
};

const badCode = fc.oneof(fc.constantFrom<FormValue>(undefined, "", "12345", "1234567", "12 34 56", "abcdef", "１２３４５６"), nastyString.filter((s) => !/^\s*\d{3}\s?\d{3}\s*$/.test(s)));
const toSignIn = (outcome: Outcome, label: string) => {
  expect(outcome.kind, `${label}: ${JSON.stringify(outcome)}`).toBe("redirect");
  expect((outcome as { to: string }).to, label).toMatch(/\/(en|zh|ar|fr|ru|es)\/admin\/sign-in(\?|$)/);
};

function drive(key: string, cases: fc.Arbitrary<ActionCase>, opts: { allowed?: WriteAllowance; as?: "nobody" } = {}) {
  it(`${key}: ${RUNS} bad forms are refused and write nothing${opts.allowed ? " but throttling counters" : ""}`, async () => {
    covered.add(key);
    actAs(opts.as === "nobody" ? null : admin);
    try {
      await driveAction(key, actions[key]!, cases, opts.allowed);
    } finally {
      actAs(admin);
    }
  });
}

describe("sign-in, sessions and two-step verification under generated bad forms", { timeout: PROPERTY_TIMEOUT }, () => {
  // Malformed forms never reach the credentials check; well-formed ones for nobody's account are refused alike, and an
  // email the generator repeats is soon told to wait, exactly as a real account would be.
  drive(
    "auth#signInAction",
    staffActionCases({
      valid: { email: "nobody@staff.test", password: "a password", code: "", callbackUrl: "/en/admin" },
      bad: { email: badEmailField, password: fc.oneof(fc.constantFrom<FormValue>(undefined, ""), tooLong(256)), code: badCode.filter((c) => typeof c === "string" && c.trim() !== "") },
      schema: signInSchema,
      semantic: fc.tuple(fc.stringMatching(/^[a-z]{3,12}$/), fc.oneof(nastyString.filter((p) => p !== ""), fc.constant(TEST_PASSWORD)), fc.oneof(fc.constant("/en/admin"), nastyString, fc.constantFrom("https://evil.example/", "//evil.example", "/en/admin/sign-in"))).map(
        ([name, password, callbackUrl]) => ({ email: `${name}@nobody.staff.test`, password, callbackUrl }),
      ),
      semanticWeight: 0.1,
      expect: (outcome, label) => {
        const state = expectRefusedState(outcome, label);
        expect(["summaryTitle", "signInFailed", "signInDelayed"], `${label}: ${JSON.stringify(state)}`).toContain(state.message);
      },
    }),
    { allowed: SIGN_IN_ATTEMPTS },
  );

  drive(
    "auth#signOutAction",
    staffActionCases({
      valid: { locale: "en" },
      bad: { locale: fc.oneof(nastyString, fc.constantFrom<FormValue>(undefined, "../../x", "EN")), junk: nastyString },
      expect: toSignIn,
    }),
  );

  drive(
    "auth#signOutEverywhereAction",
    staffActionCases({ valid: { locale: "en" }, bad: { locale: fc.oneof(nastyString, fc.constantFrom<FormValue>(undefined, "zh")), junk: nastyString }, expect: toSignIn }),
    { as: "nobody" },
  );

  // The administrator has no authenticator set up: no code turns two-step verification on or off.
  for (const key of ["auth#enableTotpAction", "auth#disableTotpAction"]) {
    drive(
      key,
      staffActionCases({
        valid: { code: "123456" },
        bad: { code: badCode },
        semantic: fc.stringMatching(/^\d{6}$/).map((code) => ({ code })),
        expect: (outcome, label) => {
          const state = expectRefusedState(outcome, label);
          expect(state.message, label).toBe("summaryTitle");
        },
      }),
    );
  }
});

describe("coverage", { timeout: PROPERTY_TIMEOUT }, () => {
  it("drove every sign-in and session action: a new one without a property test fails here", () => {
    expect(Object.keys(STAFF_ACTION_TESTS).sort(), "action modules missing from STAFF_ACTION_TESTS").toEqual(findAdminActionModules().map((m) => m.name).sort());
    expect(Object.keys(actions).sort()).toEqual([...covered].sort());
  });
});
