import { randomUUID } from "node:crypto";
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { GET as getCall } from "@/app/api/v1/calls/[slug]/route";
import { tianwen3Definition } from "@/lib/calls/tianwen-3";
import { addAttachment, saveApplicationStep, startApplication, submitApplication } from "@/server/applications/service";
import { currentDefinition, definitionOf, saveCallDefinition } from "@/server/calls/definitions";
import { PRACTICE_CALL_SLUG } from "../../prisma/practice-call";
import { leadAnswers, payloadAnswers, pdfBytes, scienceAnswers, uniqueEmail, uniqueIp } from "../factories/application-answers";
import { testPrisma } from "../support/database";

// A call's form is stored as versions of its definition: edited in place until someone submits against a version,
// then a change makes a new one, and each application keeps the version it answered.

const ACTOR = { id: null, email: "call-definitions@test" };

async function startDraft() {
  const started = await startApplication({ slug: PRACTICE_CALL_SLUG, email: uniqueEmail(), locale: "en", clientIp: uniqueIp() });
  if (!started.ok) throw new Error(started.code);
  return started;
}

async function submitDraft() {
  const draft = await startDraft();
  for (const [step, answers] of [["lead", leadAnswers()], ["payload", payloadAnswers()], ["science", scienceAnswers()]] as const) {
    const saved = await saveApplicationStep(draft.token, step, answers);
    if (!saved.ok) throw new Error(saved.code);
  }
  const attached = await addAttachment(draft.token, { kind: "TECHNICAL_DESCRIPTION", fileName: "description.pdf", bytes: pdfBytes() });
  if (!attached.ok) throw new Error(attached.code);
  const submitted = await submitApplication(draft.token, randomUUID());
  if (!submitted.ok) throw new Error(submitted.code);
  return draft;
}

/** A fresh call that takes applications, with the practice call's form as its first version. */
async function freshCall() {
  const practice = await testPrisma().opportunity.findUniqueOrThrow({ where: { slug: PRACTICE_CALL_SLUG }, select: { missionId: true } });
  const slug = `definition-call-${randomUUID().slice(0, 8)}`;
  const call = await testPrisma().opportunity.create({
    data: { slug, missionId: practice.missionId, kind: "PAYLOAD_OFFER", status: "OPEN", titleEn: slug, titleZh: slug },
  });
  const saved = await testPrisma().$transaction((tx) => saveCallDefinition(tx, ACTOR, call.id, tianwen3Definition));
  return { call, saved };
}

const withLabel = (label: string) => {
  const copy = structuredClone(tianwen3Definition);
  copy.stages[0]!.form.pages[0]!.title.en = label;
  return copy;
};

describe("call definitions", () => {
  it("seeds the Tianwen-3 form as the first version of the Tianwen-3 call and of the practice call", async () => {
    for (const slug of ["tianwen-3-payload-offer", PRACTICE_CALL_SLUG]) {
      const call = await testPrisma().opportunity.findUniqueOrThrow({ where: { slug } });
      const stored = await currentDefinition(call.id);
      expect(stored?.version).toBe(1);
      expect(stored?.definition.stages[0]!.form.pages.map((p) => p.key)).toEqual(["lead", "payload", "science", "attachments"]);
      expect(stored?.definition.pools.map((p) => [p.key, p.capacity])).toEqual([["orbiter", 15], ["service-module", 5]]);
    }
  });

  it("edits the version in place while only drafts answer it, then makes a new one that later applications answer", async () => {
    const { call, saved } = await freshCall();
    expect(saved).toEqual({ ok: true, version: 1, newVersion: true });
    const v1 = (await currentDefinition(call.id))!;

    await testPrisma().opportunity.update({ where: { id: call.id }, data: { referencePrefix: null } });
    // Drafts alone do not freeze a version.
    await testPrisma().application.create({
      data: { opportunityId: call.id, definitionId: v1.id, email: uniqueEmail(), accessTokenHash: randomUUID(), status: "DRAFT" },
    });
    const inPlace = await testPrisma().$transaction((tx) => saveCallDefinition(tx, ACTOR, call.id, withLabel("Lead institution, revised")));
    expect(inPlace).toEqual({ ok: true, version: 1, newVersion: false });
    expect((await currentDefinition(call.id))!.definition.stages[0]!.form.pages[0]!.title.en).toBe("Lead institution, revised");

    const submitted = await testPrisma().application.create({
      data: { opportunityId: call.id, definitionId: v1.id, email: uniqueEmail(), accessTokenHash: randomUUID(), status: "SUBMITTED" },
    });
    const next = await testPrisma().$transaction((tx) => saveCallDefinition(tx, ACTOR, call.id, withLabel("Lead institution, second version")));
    expect(next).toEqual({ ok: true, version: 2, newVersion: true });
    expect((await definitionOf(submitted))!.definition.stages[0]!.form.pages[0]!.title.en).toBe("Lead institution, revised");
    expect((await currentDefinition(call.id))!.version).toBe(2);

    const audit = await testPrisma().auditEntry.findMany({ where: { entity: "CallDefinition", summary: { in: ["version 1", "version 2"] }, actorEmail: ACTOR.email } });
    expect(audit.length).toBeGreaterThanOrEqual(3);
  });

  it("refuses a definition the meta-schema refuses and writes nothing", async () => {
    const { call } = await freshCall();
    const broken = structuredClone(tianwen3Definition) as unknown as { pools: unknown[] };
    broken.pools = [...broken.pools, broken.pools[0]];
    const refused = await testPrisma().$transaction((tx) => saveCallDefinition(tx, ACTOR, call.id, broken));
    expect(refused.ok).toBe(false);
    expect(await testPrisma().callDefinition.count({ where: { opportunityId: call.id } })).toBe(1);
  });

  it("keeps the version an application started on when the practice call's form changes after a submission", async () => {
    const practice = await testPrisma().opportunity.findUniqueOrThrow({ where: { slug: PRACTICE_CALL_SLUG } });
    await submitDraft();
    const before = await testPrisma().application.findFirstOrThrow({ where: { opportunityId: practice.id, reference: { not: null } }, orderBy: { createdAt: "desc" } });
    const saved = await testPrisma().$transaction((tx) => saveCallDefinition(tx, ACTOR, practice.id, withLabel("Lead institution (practice)")));
    expect(saved.ok && saved.newVersion).toBe(true);
    const later = await startDraft();
    const rows = await testPrisma().application.findMany({ where: { id: { in: [before.id, later.id] } }, include: { definition: true } });
    expect(rows).toHaveLength(2);
    const versionOf = (id: string) => rows.find((r) => r.id === id)!.definition!.version;
    expect(versionOf(later.id)).toBe(versionOf(before.id) + 1);
  });

  it("gives partners the published form with each stage's JSON Schema, and no reviewers' rubric", async () => {
    const response = await getCall(new NextRequest(`http://localhost:3000/api/v1/calls/tianwen-3-payload-offer`), {
      params: Promise.resolve({ slug: "tianwen-3-payload-offer" }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { data: { form: { version: number; stages: { key: string }[]; requestSchemas: Record<string, { properties?: Record<string, unknown> }>; rubric?: unknown } } };
    const form = body.data.form;
    expect(form.version).toBeGreaterThanOrEqual(1);
    const stage = form.stages[0]!.key;
    expect(Object.keys(form.requestSchemas[stage]!.properties ?? {})).toEqual(expect.arrayContaining(["institutionName", "massKg", "objectives"]));
    expect(form.rubric).toBeUndefined();

    const results = await getCall(new NextRequest(`http://localhost:3000/api/v1/calls/chang-e-5-sample-loans`), {
      params: Promise.resolve({ slug: "chang-e-5-sample-loans" }),
    });
    expect(((await results.json()) as { data: { form: unknown } }).data.form).toBeNull();
  });
});
