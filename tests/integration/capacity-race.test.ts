import { afterAll, describe, expect, it, vi } from "vitest";
import type { StaffSession } from "@/server/authz";
import { applyDecision } from "@/server/review/decisions";
import { createApplication, createPayloadOffer, prepareDecisionRow } from "../factories/review";
import { testDatabase, testPrisma } from "../support/database";
import { createStaff, signOutTestStaff } from "../support/staff";


// Two members of staff accept at the same moment two payloads that together do not fit on the carrier: the row lock
// on the carrier's capacity lets exactly one through, and the reservation never passes what is offered.
// Run on PGlite (one connection: transactions take turns) and on PostgreSQL (a pool: they truly overlap).

const ROUNDS = 10;

afterAll(() => signOutTestStaff());

async function race(carrier: "ORBITER" | "SERVICE_MODULE", masses: [number, number], staff: [StaffSession, StaffSession]) {
  const offer = await createPayloadOffer();
  const apps = await Promise.all(masses.map((massKg) => createApplication({ opportunityId: offer.id, status: "SHORTLISTED", carrier, massKg })));
  const decisions = await Promise.all(apps.map((app, i) => prepareDecisionRow(app.id, "ACCEPTED", staff[i]!.id)));

  const results = await Promise.all(decisions.map((decision, i) => applyDecision(staff[i]!, decision.id)));

  const capacity = await testPrisma().payloadCapacity.findUniqueOrThrow({ where: { opportunityId_carrier: { opportunityId: offer.id, carrier } } });
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
      expect(capacity.reservedKg.lessThanOrEqualTo(capacity.massKg), `round ${round}`).toBe(true);
      const winner = results.findIndex((r) => r.ok);
      expect(capacity.reservedKg.toNumber()).toBe(masses[winner]);
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
      const capacity = await testPrisma().payloadCapacity.findUniqueOrThrow({ where: { opportunityId_carrier: { opportunityId: offer.id, carrier: "SERVICE_MODULE" } } });
      expect(capacity.reservedKg.toNumber()).toBe(2);
      expect(await testPrisma().applicationEvent.count({ where: { applicationId: app.id, status: "ACCEPTED" } })).toBe(1);
    }
  });
});
