import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { extendDeadlineAction } from "@/server/actions/admin/deadlines";
import { addAttachment, getApplicantView, saveApplicationStep, startApplication, submitApplication } from "@/server/applications/service";
import { setClock } from "@/server/platform/clock";
import { initialFormState } from "@/lib/form-state";
import { PRACTICE_CALL_SLUG } from "../../prisma/practice-call";
import { leadAnswers, payloadAnswers, pdfBytes, scienceAnswers, uniqueEmail, uniqueIp } from "../factories/application-answers";
import { testPrisma } from "../support/database";
import { actAs, createStaff, redirectTarget, refusalOf, signOutTestStaff } from "../support/staff";

// Staff give one applicant a later deadline than their stage's closing: that applicant alone may then submit.

afterEach(() => {
  setClock(null);
  signOutTestStaff();
});

async function practiceCall() {
  return testPrisma().opportunity.findUniqueOrThrow({ where: { slug: PRACTICE_CALL_SLUG }, include: { stages: true } });
}

async function completeDraft(email: string) {
  const started = await startApplication({ slug: PRACTICE_CALL_SLUG, email, locale: "en", clientIp: uniqueIp() });
  if (!started.ok) throw new Error(started.code);
  for (const [step, answers] of [["lead", leadAnswers()], ["payload", payloadAnswers()], ["science", scienceAnswers()]] as const) {
    const saved = await saveApplicationStep(started.token, step, answers);
    if (!saved.ok) throw new Error(`${step}: ${saved.code}`);
  }
  const attached = await addAttachment(started.token, { kind: "TECHNICAL_DESCRIPTION", fileName: "description.pdf", bytes: pdfBytes() });
  if (!attached.ok) throw new Error(attached.code);
  return started;
}

function extensionForm(fields: Record<string, string>) {
  const form = new FormData();
  form.set("locale", "en");
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  return form;
}

/** The wall-clock time in Beijing (UTC+8) of an instant, as a datetime-local field takes it. */
const beijingWall = (at: Date) => new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 16);

describe("a later deadline for one applicant", () => {
  it("lets that applicant submit after the stage closed while another applicant's draft stays closed", async () => {
    const call = await practiceCall();
    const closes = call.stages[0]!.closesAt!;
    const late = uniqueEmail();
    const other = uniqueEmail();
    const lateDraft = await completeDraft(late);
    const otherDraft = await completeDraft(other);

    const admin = await createStaff("ADMIN");
    actAs(admin);
    const until = new Date(Math.floor((closes.getTime() + 2 * 86_400_000) / 60_000) * 60_000);
    const form = extensionForm({ id: call.id, email: late.toUpperCase(), until: beijingWall(until), reason: "Mail server outage on the closing day" });
    const target = await extendDeadlineAction(initialFormState, form).then(
      () => null,
      (error: unknown) => redirectTarget(error),
    );
    expect(target).toBe(`/en/admin/opportunities/${call.id}?done=saved#deadlines`);

    const row = await testPrisma().application.findFirstOrThrow({ where: { email: late } });
    expect(row.deadlineExtendedTo?.toISOString()).toBe(until.toISOString());
    const audit = await testPrisma().auditEntry.findFirstOrThrow({ where: { entityId: row.id, action: "extend-deadline" } });
    expect(audit.actorEmail).toBe(admin.email);
    expect(audit.summary).toContain("Mail server outage");

    setClock(new Date(closes.getTime() + 86_400_000));
    expect((await getApplicantView(otherDraft.token))?.closed).toBe(true);
    expect(await submitApplication(otherDraft.token, randomUUID())).toEqual({ ok: false, code: "call_closed" });
    const view = await getApplicantView(lateDraft.token);
    expect(view?.editable).toBe(true);
    expect(view?.stage?.acceptsUntil).toBe(until.toISOString());
    const submitted = await submitApplication(lateDraft.token, randomUUID());
    expect(submitted.ok).toBe(true);
  });

  it("refuses a deadline in the past, an email with no draft in the call, and staff who do not decide", async () => {
    const call = await practiceCall();
    const email = uniqueEmail();
    await completeDraft(email);
    actAs(await createStaff("ADMIN"));
    const past = await extendDeadlineAction(initialFormState, extensionForm({ id: call.id, email, until: "2020-01-01T12:00", reason: "Late" }));
    expect(past.fieldErrors).toEqual({ until: "extensionInPast" });
    const unknown = await extendDeadlineAction(initialFormState, extensionForm({ id: call.id, email: uniqueEmail(), until: "2099-01-01T12:00", reason: "Late" }));
    expect(unknown.fieldErrors).toEqual({ email: "noDraftForEmail" });
    const malformed = await extendDeadlineAction(initialFormState, extensionForm({ id: call.id, email, until: "tomorrow", reason: "" }));
    expect(Object.keys(malformed.fieldErrors ?? {}).sort()).toEqual(["reason", "until"]);

    actAs(await createStaff("EDITOR"));
    const refused = await extendDeadlineAction(initialFormState, extensionForm({ id: call.id, email, until: "2099-01-01T12:00", reason: "Late" })).then(
      () => null,
      (error: unknown) => refusalOf(error),
    );
    expect(refused).toBe("forbidden");
    const row = await testPrisma().application.findFirstOrThrow({ where: { email } });
    expect(row.deadlineExtendedTo).toBeNull();
  });
});
