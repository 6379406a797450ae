import { afterAll, describe, expect, it, vi } from "vitest";
import type { StaffSession } from "@/server/authz";
import { applyDecision } from "@/server/review/decisions";
import { poolOfCarrier } from "@/lib/calls/pools";
import { createApplication, createPayloadOffer, prepareDecisionRow } from "../factories/review";
import { createSampleApplication, createSampleCall, SAMPLE_POOLS } from "../factories/sample-call";
import { testDatabase, testPrisma } from "../support/database";
import { createStaff, signOutTestStaff } from "../support/staff";

// Two members of staff accept at the same moment two applications that together do not fit in a pool (a carrier's
// kilograms, a sample category's grams): the row locks let exactly one through, and no pool ever holds more than it
// offers. Run on PGlite (one connection: transactions take turns) and on PostgreSQL (a pool: they truly overlap).

const ROUNDS = 10;

afterAll(() => signOutTestStaff());

const poolOf = (opportunityId: string, key: string) => testPrisma().resourcePool.findUniqueOrThrow({ where: { opportunityId_key: { opportunityId, key } } });

async function race(carrier: "ORBITER" | "SERVICE_MODULE", masses: [number, number], staff: [StaffSession, StaffSession]) {
  const offer = await createPayloadOffer();
  const apps = await Promise.all(masses.map((massKg) => createApplication({ opportunityId: offer.id, status: "SHORTLISTED", carrier, massKg })));
  const decisions = await Promise.all(apps.map((app, i) => prepareDecisionRow(app.id, "ACCEPTED", staff[i]!.id)));

  const results = await Promise.all(decisions.map((decision, i) => applyDecision(staff[i]!, decision.id)));

  const capacity = await poolOf(offer.id, poolOfCarrier(carrier));
  const statuses = await testPrisma().application.findMany({ where: { id: { in: apps.map((a) => a.id) } }, select: { id: true, status: true } });
  const left = await testPrisma().preparedDecision.findMany({ where: { id: { in: decisions.map((d) => d.id) } }, select: { id: true } });
  const notices = await testPrisma().outboxEmail.count({ where: { applicationId: { in: apps.map((a) => a.id) } } });
  return { results, capacity, statuses, left, notices, apps, decisions };
}

describe(`the capacity race (${testDatabase().kind})`, () => {
  it.each([
    ["SERVICE_MODULE", [3, 2.5]],
    ["ORBITER", [8, 7.5]],
  ] as const)(`lets exactly one of two simultaneous acceptances on the %s through, ${ROUNDS} times over`, async (carrier, masses) => {
    const staff: [StaffSession, StaffSession] = [await createStaff("ADMIN"), await createStaff("ADMIN")];
    for (let round = 0; round < ROUNDS; round++) {
      const { results, capacity, statuses, left, notices, apps, decisions } = await race(carrier, [...masses], staff);

      const won = results.filter((r) => r.ok);
      const lost = results.filter((r) => !r.ok);
      expect(won, `round ${round}`).toHaveLength(1);
      expect(lost.map((r) => !r.ok && r.error), `round ${round}`).toEqual(["capacityExceeded"]);
      expect(capacity.reserved.lessThanOrEqualTo(capacity.capacity), `round ${round}`).toBe(true);
      const winner = results.findIndex((r) => r.ok);
      expect(capacity.reserved.toNumber()).toBe(masses[winner]);
      expect(statuses.find((s) => s.id === apps[winner]!.id)?.status).toBe("ACCEPTED");
      expect(statuses.find((s) => s.id === apps[1 - winner]!.id)?.status).toBe("SHORTLISTED");
      // The loser's decision stays prepared; only the winner's notice is written.
      expect(left.map((d) => d.id)).toEqual([decisions[1 - winner]!.id]);
      expect(notices).toBe(1);
    }
  });

  it("never double-applies one decision that two staff apply at once", async () => {
    const staff = [await createStaff("ADMIN"), await createStaff("ADMIN")] as const;
    for (let round = 0; round < ROUNDS; round++) {
      const offer = await createPayloadOffer();
      const app = await createApplication({ opportunityId: offer.id, status: "SHORTLISTED", carrier: "SERVICE_MODULE", massKg: 2 });
      const decision = await prepareDecisionRow(app.id, "ACCEPTED", staff[0].id);

      const results = await Promise.all(staff.map((s) => applyDecision(s, decision.id)));

      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.error)).toEqual(["decisionNotFound"]);
      expect((await poolOf(offer.id, "service-module")).reserved.toNumber()).toBe(2);
      expect(await testPrisma().applicationEvent.count({ where: { applicationId: app.id, status: "ACCEPTED" } })).toBe(1);
    }
  });

  it(`lets exactly one of two simultaneous acceptances drawing grams from the same sample pools through, ${ROUNDS} times over`, async () => {
    const staff: [StaffSession, StaffSession] = [await createStaff("ADMIN"), await createStaff("ADMIN")];
    // Each asks for both categories, listed in opposite orders: together they exceed both pools, alone each fits.
    const asks = [
      [
        { category: "breccia", grams: 3 },
        { category: "soil", grams: 4.5 },
        { category: "soil", grams: 1.25 },
      ],
      [
        { category: "soil", grams: 6 },
        { category: "breccia", grams: 2.5 },
      ],
    ] as const;
    const reservedBy = asks.map((rows) => ({
      soil: rows.filter((r) => r.category === "soil").reduce((sum, r) => sum + r.grams, 0),
      breccia: rows.filter((r) => r.category === "breccia").reduce((sum, r) => sum + r.grams, 0),
    }));
    for (let round = 0; round < ROUNDS; round++) {
      const call = await createSampleCall();
      const apps = await Promise.all(asks.map((rows) => createSampleApplication(call.id, [...rows])));
      const decisions = await Promise.all(apps.map((app, i) => prepareDecisionRow(app.id, "ACCEPTED", staff[i]!.id)));

      const results = await Promise.all(decisions.map((decision, i) => applyDecision(staff[i]!, decision.id)));

      expect(results.filter((r) => r.ok), `round ${round}`).toHaveLength(1);
      expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.error), `round ${round}`).toEqual(["capacityExceeded"]);
      const winner = results.findIndex((r) => r.ok);
      for (const key of ["soil", "breccia"] as const) {
        const pool = await poolOf(call.id, key);
        expect(pool.capacity.toNumber()).toBe(SAMPLE_POOLS[key]);
        // All of the winner's grams, none of the loser's: a refused acceptance reserves nothing from any pool.
        expect(pool.reserved.toNumber(), `${key}, round ${round}`).toBe(reservedBy[winner]![key]);
      }
      const statuses = await testPrisma().application.findMany({ where: { id: { in: apps.map((a) => a.id) } }, select: { id: true, status: true } });
      expect(statuses.find((s) => s.id === apps[winner]!.id)?.status).toBe("ACCEPTED");
      expect(statuses.find((s) => s.id === apps[1 - winner]!.id)?.status).toBe("SHORTLISTED");
    }
  });

  it("refuses an acceptance that would take a pool past its capacity, even when nothing else competes", async () => {
    const staff = await createStaff("ADMIN");
    const call = await createSampleCall();
    const first = await createSampleApplication(call.id, [{ category: "breccia", grams: 4.9995 }]);
    const second = await createSampleApplication(call.id, [{ category: "breccia", grams: 0.001 }]);
    expect(await applyDecision(staff, (await prepareDecisionRow(first.id, "ACCEPTED", staff.id)).id)).toMatchObject({ ok: true });
    // 4.9995 g is reserved as 5.000 g (rounded up to the pool's thousandths), so not even a milligram is left.
    expect((await poolOf(call.id, "breccia")).reserved.toNumber()).toBe(5);
    expect(await applyDecision(staff, (await prepareDecisionRow(second.id, "ACCEPTED", staff.id)).id)).toMatchObject({ ok: false, error: "capacityExceeded" });
    expect((await poolOf(call.id, "breccia")).reserved.toNumber()).toBe(5);
  });
});
