import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { initialFormState } from "@/lib/form-state";
import { startApplicationAction } from "@/server/actions/applications";
import { submitCompleteApplication } from "@/server/applications/api-submission";
import { addAttachment, getApplicantView, saveApplicationStep, startApplication, submitApplication } from "@/server/applications/service";
import { setClock } from "@/server/platform/clock";
import { leadAnswers, payloadAnswers, pdfBytes, scienceAnswers, uniqueEmail, uniqueIp } from "../factories/application-answers";
import { createPayloadOffer } from "../factories/review";
import { testPrisma } from "../support/database";
import { PRACTICE_CALL_SLUG, PRACTICE_REFERENCE_PREFIX } from "../../prisma/practice-call";

// A call takes applications while one of its stages is open: the closing instant (with its grace minutes, or one
// applicant's extension) is checked when a draft is started, saved and submitted, with the portal's clock set to
// stand on either side of it. The Tianwen-3 first round is the seeded one that closed; the practice call is open.

vi.mock("next/headers", () => ({ headers: async () => new Headers({ "x-portal-client-ip": "10.7.7.7" }) }));

const TIANWEN_3 = "tianwen-3-payload-offer";
const MINUTE = 60_000;
const at = (instant: Date, offsetMs: number) => new Date(instant.getTime() + offsetMs);

afterEach(() => setClock(null));

async function firstStage(slug: string) {
  return testPrisma().callStage.findFirstOrThrow({ where: { opportunity: { slug } }, orderBy: { position: "asc" } });
}

async function startDraft(slug: string) {
  const started = await startApplication({ slug, email: uniqueEmail(), locale: "en", clientIp: uniqueIp() });
  if (!started.ok) throw new Error(`could not start a draft on ${slug}: ${started.code}`);
  return started;
}

/** A draft with every step answered and a technical description attached: ready to submit. */
async function completeDraft(slug: string) {
  const draft = await startDraft(slug);
  for (const [step, answers] of [["lead", leadAnswers()], ["payload", payloadAnswers()], ["science", scienceAnswers()]] as const) {
    const saved = await saveApplicationStep(draft.token, step, answers);
    if (!saved.ok) throw new Error(`could not save ${step}: ${JSON.stringify(saved)}`);
  }
  const attached = await addAttachment(draft.token, { kind: "TECHNICAL_DESCRIPTION", fileName: "description.pdf", bytes: pdfBytes() });
  if (!attached.ok) throw new Error(`could not attach: ${attached.code}`);
  return draft;
}

const applicationRow = (id: string) =>
  testPrisma().application.findUniqueOrThrow({ where: { id }, include: { events: { orderBy: { at: "asc" } }, attachments: true } });

async function referenceCounter(prefix: string, year: number): Promise<number> {
  const row = await testPrisma().referenceCounter.findUnique({ where: { prefix_year: { prefix, year } } });
  return row?.last ?? 0;
}

/** A call of its own whose one stage closes a week from now, with the grace given. */
async function callClosingInAWeek(graceMinutes = 0) {
  const offer = await createPayloadOffer();
  const closesAt = new Date(Math.ceil((Date.now() + 7 * 24 * 60 * MINUTE) / MINUTE) * MINUTE);
  const stage = await testPrisma().callStage.update({
    where: { opportunityId_position: { opportunityId: offer.id, position: 0 } },
    data: { closesAt, graceMinutes },
  });
  return { slug: offer.slug, prefix: offer.referencePrefix!, closesAt: stage.closesAt! };
}

describe("starting an application", () => {
  it("is refused on the Tianwen-3 first round today, and was taken while its letter-of-intent stage was open", async () => {
    const email = uniqueEmail();
    setClock(new Date("2026-12-06T09:00:00Z"));
    expect(await startApplication({ slug: TIANWEN_3, email, locale: "en", clientIp: uniqueIp() })).toEqual({ ok: false, code: "call_closed" });
    expect(await testPrisma().application.count({ where: { email } })).toBe(0);

    // Between the letter of intent's closing and the full proposal's: the second stage is by invitation only.
    setClock(new Date("2025-08-15T00:00:00Z"));
    expect(await startApplication({ slug: TIANWEN_3, email, locale: "en", clientIp: uniqueIp() })).toEqual({ ok: false, code: "call_closed" });

    // A minute before 24:00 Beijing time on 30 June 2025.
    setClock(new Date("2025-06-30T15:59:00Z"));
    const started = await startApplication({ slug: TIANWEN_3, email, locale: "en", clientIp: uniqueIp() });
    if (!started.ok) throw new Error(`refused: ${started.code}`);
    expect(await getApplicantView(started.token)).toMatchObject({
      call: { slug: TIANWEN_3, demonstration: false },
      stage: { title: { en: "Letter of intent" }, acceptsUntil: "2025-06-30T16:00:00.000Z" },
      closed: false,
      editable: true,
    });
  });

  it("answers the start form posted for the closed Tianwen-3 call with its message, starting nothing", async () => {
    const email = uniqueEmail();
    const form = new FormData();
    for (const [name, value] of Object.entries({ call: TIANWEN_3, locale: "en", email, outsideChina: "yes", fundsDevelopment: "yes", sharesData: "yes", website: "" })) {
      form.append(name, value);
    }
    expect(await startApplicationAction(initialFormState, form)).toEqual({ ok: false, message: "callClosed" });
    expect(await testPrisma().application.count({ where: { email } })).toBe(0);
  });

  it("is taken by the practice call before its closing, in its one stage", async () => {
    const stage = await firstStage(PRACTICE_CALL_SLUG);
    setClock(at(stage.closesAt!, -MINUTE));
    const draft = await startDraft(PRACTICE_CALL_SLUG);
    expect(await getApplicantView(draft.token)).toMatchObject({
      status: "DRAFT",
      call: { slug: PRACTICE_CALL_SLUG, demonstration: true },
      stage: { title: { en: "Expression of interest" }, acceptsUntil: stage.closesAt!.toISOString() },
      closed: false,
      editable: true,
    });
    expect((await applicationRow(draft.id)).stageId).toBe(stage.id);

    setClock(at(stage.closesAt!, MINUTE));
    expect(await startApplication({ slug: PRACTICE_CALL_SLUG, email: uniqueEmail(), locale: "en", clientIp: uniqueIp() })).toEqual({
      ok: false,
      code: "call_closed",
    });
  });
});

describe("a draft once its stage has closed", () => {
  it("can no longer be saved or given files, and its page says it is closed and read-only", async () => {
    const stage = await firstStage(PRACTICE_CALL_SLUG);
    setClock(at(stage.closesAt!, -60 * MINUTE));
    const draft = await startDraft(PRACTICE_CALL_SLUG);
    expect(await saveApplicationStep(draft.token, "lead", leadAnswers())).toMatchObject({ ok: true });
    const before = await applicationRow(draft.id);

    setClock(at(stage.closesAt!, 1000));
    expect(await saveApplicationStep(draft.token, "lead", leadAnswers({ institutionName: "Another University" }))).toEqual({ ok: false, code: "call_closed" });
    expect(await saveApplicationStep(draft.token, "payload", payloadAnswers())).toEqual({ ok: false, code: "call_closed" });
    expect(await addAttachment(draft.token, { kind: "TECHNICAL_DESCRIPTION", fileName: "late.pdf", bytes: pdfBytes() })).toEqual({
      ok: false,
      code: "call_closed",
    });

    const after = await applicationRow(draft.id);
    expect(after.answers).toEqual(before.answers);
    expect(after).toMatchObject({ leadInstitution: "Université Test de Lyon", payloadName: null, attachments: [] });
    expect(await getApplicantView(draft.token)).toMatchObject({ status: "DRAFT", closed: true, editable: false });
  });

  it("is refused at submission, and nothing is written: still a draft, no reference, no reference used up", async () => {
    const stage = await firstStage(PRACTICE_CALL_SLUG);
    setClock(at(stage.closesAt!, -60 * MINUTE));
    const draft = await completeDraft(PRACTICE_CALL_SLUG);
    const year = at(stage.closesAt!, 1000).getUTCFullYear();
    const counter = await referenceCounter(PRACTICE_REFERENCE_PREFIX, year);

    setClock(at(stage.closesAt!, 1000));
    expect(await submitApplication(draft.token, randomUUID())).toEqual({ ok: false, code: "call_closed" });

    const row = await applicationRow(draft.id);
    expect(row).toMatchObject({ status: "DRAFT", reference: null, idempotencyKey: null, submittedAt: null });
    expect(row.events.map((e) => e.status)).toEqual(["DRAFT"]);
    expect(await referenceCounter(PRACTICE_REFERENCE_PREFIX, year)).toBe(counter);
  });
});

describe("grace minutes after a closing", () => {
  it("accept a submission 5 minutes after a closing with 10 minutes' grace, and refuse one 11 minutes after", async () => {
    const call = await callClosingInAWeek(10);
    setClock(at(call.closesAt, -60 * MINUTE));
    const [onTime, late] = [await completeDraft(call.slug), await completeDraft(call.slug)];
    expect(await getApplicantView(onTime.token)).toMatchObject({ stage: { acceptsUntil: at(call.closesAt, 10 * MINUTE).toISOString() } });

    setClock(at(call.closesAt, 5 * MINUTE));
    const accepted = await submitApplication(onTime.token, randomUUID());
    expect(accepted).toMatchObject({ ok: true, firstTime: true, reference: expect.stringMatching(new RegExp(`^${call.prefix}-\\d{4}-000001$`)) });

    setClock(at(call.closesAt, 11 * MINUTE));
    expect(await submitApplication(late.token, randomUUID())).toEqual({ ok: false, code: "call_closed" });
    expect(await applicationRow(late.id)).toMatchObject({ status: "DRAFT", reference: null });
    expect(await applicationRow(onTime.id)).toMatchObject({ status: "SUBMITTED" });
  });
});

describe("an extension given to one applicant", () => {
  it("lets that applicant submit after the closing while another applicant's draft is refused", async () => {
    const call = await callClosingInAWeek();
    setClock(at(call.closesAt, -60 * MINUTE));
    const [extended, other] = [await completeDraft(call.slug), await completeDraft(call.slug)];
    const extendedTo = at(call.closesAt, 2 * 24 * 60 * MINUTE);
    await testPrisma().application.update({ where: { id: extended.id }, data: { deadlineExtendedTo: extendedTo } });

    setClock(at(call.closesAt, 24 * 60 * MINUTE));
    expect(await getApplicantView(extended.token)).toMatchObject({ closed: false, editable: true, stage: { acceptsUntil: extendedTo.toISOString() } });
    expect(await getApplicantView(other.token)).toMatchObject({ closed: true, editable: false, stage: { acceptsUntil: call.closesAt.toISOString() } });

    expect(await submitApplication(other.token, randomUUID())).toEqual({ ok: false, code: "call_closed" });
    expect(await submitApplication(extended.token, randomUUID())).toMatchObject({ ok: true, firstTime: true });
    expect(await applicationRow(extended.id)).toMatchObject({ status: "SUBMITTED", reference: expect.stringMatching(new RegExp(`^${call.prefix}-`)) });
    expect(await applicationRow(other.id)).toMatchObject({ status: "DRAFT", reference: null });

    // An extension that has itself run out closes the draft again.
    await testPrisma().application.update({ where: { id: other.id }, data: { deadlineExtendedTo: at(call.closesAt, 12 * 60 * MINUTE) } });
    expect(await submitApplication(other.token, randomUUID())).toEqual({ ok: false, code: "call_closed" });
    expect(await getApplicantView(other.token)).toMatchObject({ closed: true, editable: false });
  });
});

describe("a partner's one-request submission through the API", () => {
  it("is answered call_closed on the Tianwen-3 first round before the answers are looked at, writing nothing", async () => {
    const invalid = { email: "not-an-address", lead: {}, surprise: true };
    expect(await submitCompleteApplication({ slug: TIANWEN_3, body: invalid, idempotencyKey: "not-a-uuid", clientIp: uniqueIp() })).toEqual({
      ok: false,
      code: "call_closed",
    });
    expect(await submitCompleteApplication({ slug: TIANWEN_3, body: {}, idempotencyKey: null, clientIp: uniqueIp() })).toEqual({ ok: false, code: "call_closed" });
    expect(await testPrisma().application.count({ where: { email: "not-an-address" } })).toBe(0);
  });

  it("is answered call_closed on the practice call after its closing, and with the invalid fields while it is open", async () => {
    const stage = await firstStage(PRACTICE_CALL_SLUG);
    const body = { email: uniqueEmail("partner"), lead: leadAnswers({ country: "ZZ" }) };

    setClock(at(stage.closesAt!, -MINUTE));
    expect(await submitCompleteApplication({ slug: PRACTICE_CALL_SLUG, body, idempotencyKey: randomUUID(), clientIp: uniqueIp() })).toMatchObject({
      ok: false,
      code: "invalid",
    });

    setClock(at(stage.closesAt!, MINUTE));
    expect(await submitCompleteApplication({ slug: PRACTICE_CALL_SLUG, body, idempotencyKey: randomUUID(), clientIp: uniqueIp() })).toEqual({
      ok: false,
      code: "call_closed",
    });
    expect(await testPrisma().application.count({ where: { email: body.email } })).toBe(0);
  });
});
