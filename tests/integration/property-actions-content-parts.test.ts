import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONTENT_KINDS, PUBLISHABLE_KINDS } from "@/lib/validation/admin/content";
import { carrierSchema, figureKeySchema } from "@/lib/validation/public-data";
import {
  badChoice,
  badDay,
  badIdField,
  badNumber,
  callAction,
  CONTENT_RECORD_ACTIONS,
  driveAction,
  missingId,
  missingRef,
  nastyString,
  PROPERTY_TIMEOUT,
  RUNS,
  staffActionCases,
  staffActionsOf,
  tooLong,
  toFormData,
  type ActionCase,
  type Fields,
  type FormValue,
  type Outcome,
} from "../support/property";
import { actAs, createStaff, signOutTestStaff } from "../support/staff";

// The content actions beyond the record forms (capacities, figures, obligations, deleting, publishing), posted by
// an administrator with generated bad forms: each is answered with { ok: false } and message keys (publishing,
// a button without form state, goes back to a list as documented), never throws, and writes nothing.

const actions = Object.fromEntries(Object.entries(await staffActionsOf("property-actions-content")).filter(([key]) => !CONTENT_RECORD_ACTIONS.includes(key)));
const covered = new Set<string>();

beforeAll(async () => actAs(await createStaff("ADMIN")));
afterAll(() => signOutTestStaff());

function drive(key: string, cases: fc.Arbitrary<ActionCase>) {
  it(`${key}: ${RUNS} bad forms are refused and write nothing`, async () => {
    covered.add(key);
    await driveAction(key, actions[key]!, cases);
  });
}

describe("the other content actions under generated bad forms, as an administrator", { timeout: PROPERTY_TIMEOUT }, () => {
  const opportunityPart = (key: string, valid: Fields, bad: Record<string, fc.Arbitrary<FormValue>>) =>
    drive(key, missingRef.chain((ref) => staffActionCases({ valid: { ...valid, ...ref }, bad: { ...bad, id: badIdField } })));

  opportunityPart("content#setCapacityAction", { carrier: "ORBITER", massKg: "15" }, {
    carrier: badChoice(carrierSchema.options),
    massKg: fc.oneof(badNumber({ max: 999_999.99 }), fc.constant("1.234")),
    maxPerPayloadKg: fc.oneof(badNumber({ max: 999_999.99, required: false }), fc.constant("0.001")),
  });
  opportunityPart("content#setFigureAction", { key: "APPLICATIONS_RECEIVED", value: "10", outOf: "" }, {
    key: badChoice(figureKeySchema.options),
    value: badNumber({ max: 1_000_000_000, int: true }),
    outOf: fc.oneof(badNumber({ max: 1_000_000_000, int: true, required: false }), fc.constant("9")),
  });
  opportunityPart("content#removeFigureAction", { figureId: "missing-figure", confirm: "on" }, {
    figureId: fc.constantFrom<FormValue>(undefined, ""),
    confirm: fc.oneof(fc.constant(undefined), nastyString),
  });

  const obligation = { kind: "ANNUAL_REPORT", dueOn: "2027-01-01", completedOn: "", note: "" };
  const obligationBad = {
    kind: badChoice(["ANNUAL_REPORT", "SAMPLE_RETURN", "PUBLICATIONS"]),
    dueOn: fc.oneof(badDay, fc.constant(undefined)),
    completedOn: fc.oneof(badDay, fc.constant("2999-01-01")),
    note: tooLong(500),
  };
  drive("content#addObligationAction", missingId.chain((agreementId) => staffActionCases({ valid: { ...obligation, agreementId }, bad: { ...obligationBad, agreementId: badIdField } })));
  drive("content#updateObligationAction", missingRef.chain((ref) => staffActionCases({ valid: { ...obligation, ...ref }, bad: { ...obligationBad, id: badIdField } })));
  drive("content#completeObligationAction", missingRef.chain((ref) => staffActionCases({ valid: { completedOn: "", ...ref }, bad: { completedOn: fc.oneof(badDay, fc.constant("2999-01-01")), id: badIdField } })));
  drive("content#deleteObligationAction", missingRef.chain((ref) => staffActionCases({ valid: { confirm: "on", ...ref }, bad: { confirm: fc.oneof(fc.constant(undefined), nastyString), id: badIdField } })));
  drive(
    "content#deleteRecordAction",
    fc.tuple(missingRef, fc.constantFrom(...CONTENT_KINDS)).chain(([ref, kind]) =>
      staffActionCases({ valid: { kind, confirm: "on", ...ref }, bad: { kind: badChoice(CONTENT_KINDS), confirm: fc.oneof(fc.constant(undefined), nastyString), id: badIdField } }),
    ),
  );

  // Publishing is a button, not a form with state: a bad request goes back to the dashboard, an unknown record
  // to its list with done=notFound.
  drive(
    "content#publishAction",
    fc.tuple(missingId, fc.constantFrom(...PUBLISHABLE_KINDS), fc.constantFrom("true", "false")).chain(([id, kind, publish]) =>
      staffActionCases({
        valid: { kind, id, publish },
        bad: { kind: badChoice(PUBLISHABLE_KINDS), id: badIdField, publish: badChoice(["true", "false"]) },
        semantic: fc.constant({ kind, id, publish }),
        expect: (outcome: Outcome, label: string) => {
          expect(outcome.kind, `${label}: ${JSON.stringify(outcome)}`).toBe("redirect");
          const to = (outcome as { to: string }).to;
          expect([`/en/admin`, `/en/admin/${kind}?done=notFound`], label).toContain(to);
        },
      }),
    ),
  );

  it("drove every content action that is not a record form: a new one without a property test fails here", () => {
    expect(Object.keys(actions).length).toBeGreaterThan(0);
    expect(Object.keys(actions).sort()).toEqual([...covered].sort());
  });
});

it("refuses an obligation for an agreement id holding U+0000 without reaching the database with it", async () => {
  const form = toFormData({ locale: "en", kind: "ANNUAL_REPORT", dueOn: "2027-01-01", completedOn: "", note: "", agreementId: `a\u0000${"x".repeat(60)}a` });
  const outcome = await callAction(actions["content#addObligationAction"]!, form);
  expect(outcome.kind, JSON.stringify(outcome)).toBe("state");
  expect((outcome as Extract<Outcome, { kind: "state" }>).state.ok).toBe(false);
});

