import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { MAX_ATTACHMENT_BYTES } from "@/lib/validation/application";
import { RATE_LIMITS } from "@/server/platform/rate-limit";
import {
  addAttachment,
  getApplicantView,
  saveApplicationStep,
  startApplication,
  submitApplication,
  withdrawApplication,
} from "@/server/applications/service";
import { hashToken } from "@/server/applications/tokens";
import { remainingByPool } from "@/server/calls/pools";
import { setClock } from "@/server/platform/clock";
import { PRACTICE_CALL_SLUG, PRACTICE_REFERENCE_PREFIX } from "../../prisma/practice-call";
import { leadAnswers, notPdfBytes, payloadAnswers, pdfBytes, scienceAnswers, uniqueEmail, uniqueIp } from "../factories/application-answers";
import { testPrisma } from "../support/database";

// The web form's path through the application services, against this file's own database: applications go to the
// practice call, whose one stage is open from a day before seeding to a year after.

async function startDraft() {
  const started = await startApplication({ slug: PRACTICE_CALL_SLUG, email: uniqueEmail(), locale: "en", clientIp: uniqueIp() });
  if (!started.ok) throw new Error(`could not start a draft: ${started.code}`);
  return started;
}

async function saveOk(token: string, step: "lead" | "payload" | "science", input: unknown) {
  const saved = await saveApplicationStep(token, step, input);
  if (!saved.ok) throw new Error(`could not save ${step}: ${JSON.stringify(saved)}`);
  return saved.view;
}

/** A draft with every step answered and a technical description attached, ready to submit. */
async function completeDraft(payload: Record<string, unknown> = {}) {
  const draft = await startDraft();
  await saveOk(draft.token, "lead", leadAnswers());
  await saveOk(draft.token, "payload", payloadAnswers(payload));
  await saveOk(draft.token, "science", scienceAnswers());
  const attached = await addAttachment(draft.token, { kind: "TECHNICAL_DESCRIPTION", fileName: "description.pdf", bytes: pdfBytes() });
  if (!attached.ok) throw new Error(`could not attach: ${attached.code}`);
  return draft;
}

const applicationRow = (id: string) => testPrisma().application.findUniqueOrThrow({ where: { id }, include: { events: { orderBy: { at: "asc" } } } });

async function referenceCounter(): Promise<number> {
  const row = await testPrisma().referenceCounter.findUnique({ where: { prefix_year: { prefix: PRACTICE_REFERENCE_PREFIX, year: new Date().getUTCFullYear() } } });
  return row?.last ?? 0;
}

const expectedReference = (n: number) => `${PRACTICE_REFERENCE_PREFIX}-${new Date().getUTCFullYear()}-${String(n).padStart(6, "0")}`;

async function setReservedKg(pool: "orbiter" | "service-module", reservedKg: number) {
  await testPrisma().resourcePool.updateMany({ where: { key: pool, opportunity: { slug: PRACTICE_CALL_SLUG } }, data: { reserved: reservedKg } });
}

afterEach(async () => {
  vi.useRealTimers();
  setClock(null);
  await setReservedKg("orbiter", 0);
  await setReservedKg("service-module", 0);
});

describe("an application from start to submission", () => {
  it("starts a draft, saves each step, attaches a PDF and submits with the next reference", async () => {
    const before = await referenceCounter();
    const draft = await startDraft();

    const afterLead = await saveOk(draft.token, "lead", leadAnswers());
    expect(afterLead.completedSteps).toEqual(["lead"]);
    await saveOk(draft.token, "payload", payloadAnswers({ massKg: "2.5", carrier: "ORBITER" }));
    const afterScience = await saveOk(draft.token, "science", scienceAnswers());
    expect(afterScience.completedSteps).toEqual(["lead", "payload", "science"]);
    const attached = await addAttachment(draft.token, { kind: "TECHNICAL_DESCRIPTION", fileName: "Technical description?.pdf", bytes: pdfBytes() });
    expect(attached).toMatchObject({ ok: true });

    const submitted = await submitApplication(draft.token, randomUUID());
    expect(submitted).toEqual({ ok: true, reference: expectedReference(before + 1), applicationId: draft.id, firstTime: true, mailId: expect.any(String) });
    expect(submitted.ok && submitted.reference).toMatch(/^DEMO-\d{4}-\d{6}$/);

    const row = await applicationRow(draft.id);
    expect(row).toMatchObject({
      status: "SUBMITTED",
      leadInstitution: "Université Test de Lyon",
      leadCountry: "FR",
      payloadName: "Martian Dust Counter",
      carrier: "ORBITER",
    });
    expect(row.massKg?.toNumber()).toBe(2.5);
    expect(row.submittedAt).toBeInstanceOf(Date);
    expect(row.events.map((e) => e.status)).toEqual(["DRAFT", "SUBMITTED"]);

    const view = await getApplicantView(draft.token);
    expect(view).toMatchObject({ status: "SUBMITTED", reference: expectedReference(before + 1), editable: false, withdrawable: true });
    expect(view!.attachments).toEqual([expect.objectContaining({ kind: "TECHNICAL_DESCRIPTION", fileName: "Technical description.pdf" })]);
  });

  it("stores only the hash of the private link's token", async () => {
    const draft = await startDraft();
    const row = await testPrisma().application.findUniqueOrThrow({ where: { id: draft.id } });
    expect(row.accessTokenHash).toBe(hashToken(draft.token));
    expect(JSON.stringify(row)).not.toContain(draft.token);
  });

  it("refuses to submit a draft with a step missing", async () => {
    const draft = await startDraft();
    await saveOk(draft.token, "lead", leadAnswers());
    expect(await submitApplication(draft.token, randomUUID())).toEqual({
      ok: false,
      code: "incomplete",
      missing: ["payload", "science", "attachments"],
    });
    expect((await applicationRow(draft.id)).status).toBe("DRAFT");
  });
});

describe("saving a step", () => {
  it("returns field errors for bad input and changes nothing", async () => {
    const draft = await startDraft();
    await saveOk(draft.token, "lead", leadAnswers());
    const before = await applicationRow(draft.id);

    const saved = await saveApplicationStep(draft.token, "lead", leadAnswers({ institutionName: " ", country: "ZZ", contactEmail: "not-an-address" }));
    expect(saved).toEqual({
      ok: false,
      code: "invalid",
      fieldErrors: { institutionName: "required", country: "country", contactEmail: "email" },
    });

    const payload = await saveApplicationStep(draft.token, "payload", payloadAnswers({ trl: 10, lengthMm: "12.5" }));
    expect(payload).toEqual({ ok: false, code: "invalid", fieldErrors: { trl: "tooLarge", lengthMm: "wholeNumber" } });
    const power = await saveApplicationStep(draft.token, "payload", payloadAnswers({ peakPowerW: 5, averagePowerW: 9 }));
    expect(power).toEqual({ ok: false, code: "invalid", fieldErrors: { averagePowerW: "averageAbovePeak" } });

    const after = await applicationRow(draft.id);
    expect(after.answers).toEqual(before.answers);
    expect(after.updatedAt).toEqual(before.updatedAt);
    expect(after).toMatchObject({ leadInstitution: "Université Test de Lyon", payloadName: null, massKg: null });
  });

  it("refuses a mass over the carrier's free capacity at the payload step", async () => {
    const draft = await startDraft();
    const free = (await remainingByPool({ slug: PRACTICE_CALL_SLUG }))["service-module"]!;
    expect(free).toBeGreaterThan(0);

    const saved = await saveApplicationStep(draft.token, "payload", payloadAnswers({ carrier: "SERVICE_MODULE", massKg: free + 0.5 }));
    expect(saved).toEqual({ ok: false, code: "invalid", fieldErrors: { massKg: "overCapacity" } });
    expect((await applicationRow(draft.id)).answers).toEqual({});

    // The same mass fits the orbiter, which has more room.
    await saveOk(draft.token, "payload", payloadAnswers({ carrier: "ORBITER", massKg: free + 0.5 }));
  });
});

describe("submitting", () => {
  it("refuses with over_capacity when capacity was reserved after the payload step was saved", async () => {
    const draft = await completeDraft({ carrier: "SERVICE_MODULE", massKg: 1.25 });
    const before = await referenceCounter();
    const total = await testPrisma().resourcePool.findFirstOrThrow({ where: { key: "service-module", opportunity: { slug: PRACTICE_CALL_SLUG } } });
    await setReservedKg("service-module", total.capacity.toNumber() - 0.5);

    expect(await submitApplication(draft.token, randomUUID())).toEqual({
      ok: false,
      code: "over_capacity",
      pool: expect.objectContaining({ key: "service-module", label: { en: "Service module", zh: "服务舱" }, unit: { en: "kilograms", zh: "千克", symbol: "kg" } }),
      remaining: 0.5,
    });
    const row = await applicationRow(draft.id);
    expect(row).toMatchObject({ status: "DRAFT", reference: null, idempotencyKey: null });
    expect(row.events.map((e) => e.status)).toEqual(["DRAFT"]);
    expect(await referenceCounter()).toBe(before);

    // Once the reservation is lifted the same draft goes through.
    await setReservedKg("service-module", 0);
    expect(await submitApplication(draft.token, randomUUID())).toMatchObject({ ok: true, reference: expectedReference(before + 1) });
  });

  it("refuses with call_closed once the call's stage has closed", async () => {
    const draft = await completeDraft();
    const { stage } = await testPrisma().application.findUniqueOrThrow({ where: { id: draft.id }, select: { stage: true } });
    setClock(new Date(stage!.closesAt!.getTime() + 60_000));
    expect(await submitApplication(draft.token, randomUUID())).toEqual({ ok: false, code: "call_closed" });
    expect(await applicationRow(draft.id)).toMatchObject({ status: "DRAFT", reference: null });
  });

  it("gives one application and one reference for the same idempotency key sent twice", async () => {
    const draft = await completeDraft();
    const before = await referenceCounter();
    const key = randomUUID();

    const first = await submitApplication(draft.token, key);
    const second = await submitApplication(draft.token, key);
    expect(first).toMatchObject({ ok: true, firstTime: true, reference: expectedReference(before + 1) });
    // A repeat writes no second confirmation.
    const { mailId, ...once } = first as typeof first & { mailId?: string };
    expect(mailId).toEqual(expect.any(String));
    expect(second).toEqual({ ...once, firstTime: false });

    expect(await referenceCounter()).toBe(before + 1);
    expect((await applicationRow(draft.id)).events.map((e) => e.status)).toEqual(["DRAFT", "SUBMITTED"]);
    expect(await testPrisma().application.count({ where: { idempotencyKey: key } })).toBe(1);
  });

  it("gives one reference when two different keys are submitted concurrently for the same draft", async () => {
    const draft = await completeDraft();
    const before = await referenceCounter();

    const results = await Promise.all([submitApplication(draft.token, randomUUID()), submitApplication(draft.token, randomUUID())]);
    expect(results.map((r) => r.ok)).toEqual([true, true]);
    const references = new Set(results.map((r) => (r.ok ? r.reference : null)));
    expect([...references]).toEqual([expectedReference(before + 1)]);
    expect(results.filter((r) => r.ok && r.firstTime)).toHaveLength(1);

    expect(await referenceCounter()).toBe(before + 1);
    expect((await applicationRow(draft.id)).events.filter((e) => e.status === "SUBMITTED")).toHaveLength(1);
  });
});

describe("attachments", () => {
  it.each([
    ["a file that is not a PDF, named .pdf", () => notPdfBytes(), "fileNotPdf"],
    ["an empty file", () => new Uint8Array(0), "fileEmpty"],
    ["a PDF over 10 MB", () => pdfBytes(MAX_ATTACHMENT_BYTES + 1), "fileTooLarge"],
  ])("refuses %s and stores nothing", async (_name, bytes, message) => {
    const draft = await startDraft();
    const storedBefore = await testPrisma().storedFile.count();

    const added = await addAttachment(draft.token, { kind: "TECHNICAL_DESCRIPTION", fileName: "description.pdf", bytes: bytes() });
    expect(added).toEqual({ ok: false, code: "invalid", fieldErrors: { file: message } });
    expect(await testPrisma().attachment.count({ where: { applicationId: draft.id } })).toBe(0);
    expect(await testPrisma().storedFile.count()).toBe(storedBefore);
  });

  it("accepts a PDF of exactly 10 MB, and a second technical description replaces the first", async () => {
    const draft = await startDraft();
    const first = await addAttachment(draft.token, { kind: "TECHNICAL_DESCRIPTION", fileName: "v1.pdf", bytes: pdfBytes(MAX_ATTACHMENT_BYTES) });
    expect(first).toMatchObject({ ok: true });
    const second = await addAttachment(draft.token, { kind: "TECHNICAL_DESCRIPTION", fileName: "v2.pdf", bytes: pdfBytes() });
    expect(second).toMatchObject({ ok: true });
    const rows = await testPrisma().attachment.findMany({ where: { applicationId: draft.id } });
    expect(rows.map((r) => r.fileName)).toEqual(["v2.pdf"]);
  });
});

describe("rate limits", () => {
  it("refuses the (limit+1)th start from one address and counts it in the database", async () => {
    // Mid-window, so that the attempts cannot straddle two fixed windows.
    const windowMs = RATE_LIMITS.startPerIp.windowSeconds * 1000;
    const now = Math.floor(Date.now() / windowMs) * windowMs + windowMs / 2;
    vi.useFakeTimers({ toFake: ["Date"], now });
    const ip = uniqueIp();
    const { limit } = RATE_LIMITS.startPerIp;

    for (let i = 0; i < limit; i++) {
      expect(await startApplication({ slug: PRACTICE_CALL_SLUG, email: uniqueEmail(), locale: "en", clientIp: ip })).toMatchObject({ ok: true });
    }
    const refused = await startApplication({ slug: PRACTICE_CALL_SLUG, email: uniqueEmail(), locale: "en", clientIp: ip });
    expect(refused).toEqual({ ok: false, code: "rate_limited", retryAfterSeconds: windowMs / 2000 });
    expect(await startApplication({ slug: PRACTICE_CALL_SLUG, email: uniqueEmail(), locale: "en", clientIp: uniqueIp() })).toMatchObject({ ok: true });

    const bucket = await testPrisma().rateLimitBucket.findUniqueOrThrow({
      where: { key_windowStart: { key: `start:ip:${ip}`, windowStart: new Date(now - windowMs / 2) } },
    });
    expect(bucket.count).toBe(limit + 1);
  });

  it("refuses more starts for one email than its own limit, from any address", async () => {
    const email = uniqueEmail();
    const { limit } = RATE_LIMITS.startPerEmail;
    for (let i = 0; i < limit; i++) expect(await startApplication({ slug: PRACTICE_CALL_SLUG, email, locale: "en", clientIp: uniqueIp() })).toMatchObject({ ok: true });
    expect(await startApplication({ slug: PRACTICE_CALL_SLUG, email, locale: "en", clientIp: uniqueIp() })).toMatchObject({ ok: false, code: "rate_limited" });
    expect(await testPrisma().application.count({ where: { email } })).toBe(limit);
  });
});

describe("withdrawal", () => {
  it("is refused for a draft, allowed once after submission, and refused again", async () => {
    const draft = await completeDraft();
    expect(await withdrawApplication(draft.token)).toEqual({ ok: false, code: "not_editable" });

    const submitted = await submitApplication(draft.token, randomUUID());
    if (!submitted.ok) throw new Error("submission failed");
    expect(await withdrawApplication(draft.token)).toEqual({ ok: true, reference: submitted.reference, mailId: expect.any(String) });
    expect(await withdrawApplication(draft.token)).toEqual({ ok: false, code: "not_editable" });

    const row = await applicationRow(draft.id);
    expect(row.status).toBe("WITHDRAWN");
    expect(row.withdrawnAt).toBeInstanceOf(Date);
    expect(row.events.map((e) => e.status)).toEqual(["DRAFT", "SUBMITTED", "WITHDRAWN"]);
    expect(await getApplicantView(draft.token)).toMatchObject({ withdrawable: false, editable: false });
  });

  it("answers not_found for a token that opens nothing", async () => {
    expect(await withdrawApplication("x".repeat(43))).toEqual({ ok: false, code: "not_found" });
  });
});
