import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it, vi } from "vitest";
import type { CallDefinition } from "@/lib/calls/definition";
import { saveApplicationStep, startApplication, submitApplication } from "@/server/applications/service";
import { currentDefinition, saveCallDefinition } from "@/server/calls/definitions";
import { getOpportunityForStaff, setCapacity } from "@/server/content/opportunities";
import { prisma } from "@/server/db";
import { uniqueEmail, uniqueIp } from "../factories/application-answers";
import { createPayloadOffer } from "../factories/review";
import { createSampleCall, SAMPLE_POOLS } from "../factories/sample-call";
import { testPrisma } from "../support/database";
import { createStaff, signOutTestStaff } from "../support/staff";

// A call's pools are data: a sample round shares out grams per category. What an applicant asks is checked against
// what each pool has free while they type and when they submit; the pools follow the call's form when staff change
// it, and never fall below what acceptances have reserved.

vi.mock("next/headers", () => ({ headers: async () => new Headers({ "x-portal-client-ip": "10.7.7.8" }) }));

afterAll(() => signOutTestStaff());

const poolOf = (opportunityId: string, key: string) => testPrisma().resourcePool.findUniqueOrThrow({ where: { opportunityId_key: { opportunityId, key } } });
const samplesPage = (requests: { category: string; grams: string }[]) => ({
  institution: "Institut de physique du globe",
  requests: requests.map((r) => ({ ...r, purpose: "Noble gas analysis" })),
});

async function draftOn(slug: string) {
  const started = await startApplication({ slug, email: uniqueEmail(), locale: "fr", clientIp: uniqueIp() });
  if (!started.ok) throw new Error(`could not start a draft: ${started.code}`);
  return started;
}

describe("a sample round's grams", () => {
  it("refuses a page whose rows together ask a pool for more than it has free, in the applicant's own decimal comma", async () => {
    const call = await createSampleCall();
    const draft = await draftOn(call.slug);

    // 6 g and 4,5 g of lunar soil: each within the 8 g one request may ask, together more than the 10 g there are.
    const over = await saveApplicationStep(draft.token, "samples", samplesPage([{ category: "soil", grams: "6" }, { category: "soil", grams: "4,5" }]), "fr");
    // Named at the row's own field, where the form shows it.
    expect(over).toMatchObject({ ok: false, code: "invalid", fieldErrors: { "requests.0.grams": "overCapacity" } });

    const fits = await saveApplicationStep(draft.token, "samples", samplesPage([{ category: "soil", grams: "5,5" }, { category: "breccia", grams: "2,25" }]), "fr");
    expect(fits.ok).toBe(true);
    const saved = await testPrisma().application.findUniqueOrThrow({ where: { id: draft.id }, select: { answers: true } });
    expect((saved.answers as { samples: { requests: { grams: number }[] } }).samples.requests.map((r) => r.grams)).toEqual([5.5, 2.25]);
  });

  it("refuses the submission naming the pool and what it has left once an acceptance has taken the grams meanwhile", async () => {
    const call = await createSampleCall();
    const draft = await draftOn(call.slug);
    expect((await saveApplicationStep(draft.token, "samples", samplesPage([{ category: "breccia", grams: "3" }]), "fr")).ok).toBe(true);
    await testPrisma().resourcePool.update({ where: { opportunityId_key: { opportunityId: call.id, key: "breccia" } }, data: { reserved: 2.5 } });

    const refused = await submitApplication(draft.token, randomUUID());
    expect(refused).toMatchObject({ ok: false, code: "over_capacity", remaining: 2.5, pool: { key: "breccia", unit: { symbol: "g" }, label: { en: "Breccia" } } });
    expect((await testPrisma().application.findUniqueOrThrow({ where: { id: draft.id } })).status).toBe("DRAFT");

    await testPrisma().resourcePool.update({ where: { opportunityId_key: { opportunityId: call.id, key: "breccia" } }, data: { reserved: 2 } });
    const submitted = await submitApplication(draft.token, randomUUID());
    expect(submitted).toMatchObject({ ok: true, reference: expect.stringMatching(/^S\d{5}-\d{4}-\d+$/) });
  });
});

describe("pools follow the call's form", () => {
  const withPools = (definition: CallDefinition, change: (pool: CallDefinition["pools"][number]) => CallDefinition["pools"][number]) => ({
    ...definition,
    pools: definition.pools.map(change),
  });

  it("take the capacity staff save, and refuse one below what is reserved, saving nothing", async () => {
    const staff = await createStaff("EDITOR");
    const call = await createSampleCall();
    const form = (await currentDefinition(call.id))!.definition;

    const raised = await prisma.$transaction((tx) => saveCallDefinition(tx, staff, call.id, withPools(form, (p) => (p.key === "soil" ? { ...p, capacity: 25 } : p))));
    expect(raised.ok).toBe(true);
    expect((await poolOf(call.id, "soil")).capacity.toNumber()).toBe(25);

    await testPrisma().resourcePool.update({ where: { opportunityId_key: { opportunityId: call.id, key: "soil" } }, data: { reserved: 7 } });
    const lowered = await prisma.$transaction((tx) => saveCallDefinition(tx, staff, call.id, withPools(form, (p) => (p.key === "soil" ? { ...p, capacity: 6, maxPerRequest: 5 } : p))));
    expect(lowered).toEqual({ ok: false, fieldErrors: { "pools.0.capacity": "belowReserved" } });
    expect((await poolOf(call.id, "soil")).capacity.toNumber()).toBe(25);
    expect((await currentDefinition(call.id))!.definition.pools[0]!.capacity).toBe(25);
  });

  it("remove a pool staff take out of the form, unless acceptances have reserved from it", async () => {
    const staff = await createStaff("EDITOR");
    const call = await createSampleCall();
    const form = (await currentDefinition(call.id))!.definition;
    // The same form drawing on breccia alone: its category question no longer offers lunar soil.
    const group = form.stages[0]!.form.pages[0]!.questions[1]!;
    if (group.type !== "group" || group.questions[0]!.type !== "singleChoice") throw new Error("the sample form changed shape");
    const category = { ...group.questions[0]!, options: group.questions[0]!.options.map((o) => ({ ...o, pool: "breccia" })) };
    const brecciaOnly = {
      ...form,
      pools: form.pools.filter((p) => p.key === "breccia"),
      stages: [{ ...form.stages[0]!, form: { ...form.stages[0]!.form, pages: [{ ...form.stages[0]!.form.pages[0]!, questions: [form.stages[0]!.form.pages[0]!.questions[0]!, { ...group, questions: [category, ...group.questions.slice(1)] }] }] } }],
    };

    await testPrisma().resourcePool.update({ where: { opportunityId_key: { opportunityId: call.id, key: "soil" } }, data: { reserved: 1 } });
    expect(await prisma.$transaction((tx) => saveCallDefinition(tx, staff, call.id, brecciaOnly))).toEqual({ ok: false, fieldErrors: { pools: "reservedPoolRemoved" } });
    expect((await poolOf(call.id, "soil")).capacity.toNumber()).toBe(SAMPLE_POOLS.soil);

    await testPrisma().resourcePool.update({ where: { opportunityId_key: { opportunityId: call.id, key: "soil" } }, data: { reserved: 0 } });
    expect(await prisma.$transaction((tx) => saveCallDefinition(tx, staff, call.id, brecciaOnly))).toMatchObject({ ok: true });
    expect(await testPrisma().resourcePool.findMany({ where: { opportunityId: call.id }, select: { key: true } })).toEqual([{ key: "breccia" }]);
  });

  it("keep one truth when staff set a carrier's capacity on the call's record: its form says the same", async () => {
    const staff = await createStaff("EDITOR");
    const offer = await createPayloadOffer();
    const { version } = (await getOpportunityForStaff(offer.id))!;

    await setCapacity(staff, { id: offer.id, version }, { carrier: "ORBITER", massKg: 12.5, maxPerPayloadKg: 4 });

    const pool = await poolOf(offer.id, "orbiter");
    expect([pool.capacity.toNumber(), pool.maxPerRequest?.toNumber()]).toEqual([12.5, 4]);
    const orbiter = (await currentDefinition(offer.id))!.definition.pools.find((p) => p.key === "orbiter");
    expect(orbiter).toMatchObject({ capacity: 12.5, maxPerRequest: 4 });
  });
});
