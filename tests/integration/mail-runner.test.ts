import { randomUUID } from "node:crypto";
import { createServer, type AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { env } from "@/env";
import { finalizeSubmission, saveApplicationStep, addAttachment, startApplication, submitApplication, getApplicantView } from "@/server/applications/service";
import { submitCompleteApplication, createApiUpload } from "@/server/applications/api-submission";
import type { StaffSession } from "@/server/authz";
import { prisma } from "@/server/db";
import { deliverDueMail, deliverNow, messageIdOf, runDueTasks, type RunnerDb } from "@/server/jobs/runner";
import type { RetryPolicy } from "@/server/jobs/retry";
import type { PeriodicTask } from "@/server/jobs/types";
import { enqueueMail } from "@/server/mail/outbox";
import { listUnsentMail, mailStateOf } from "@/server/mail/outbox-state";
import { releaseHeldMail } from "@/server/review/outbox";
import { PRACTICE_CALL_SLUG } from "../../prisma/practice-call";
import { leadAnswers, payloadAnswers, pdfBytes, scienceAnswers, uniqueEmail, uniqueIp } from "../factories/application-answers";
import { createSampleCall } from "../factories/sample-call";
import { testPrisma } from "../support/database";
import { startSmtpSink, type SmtpSink } from "../support/smtp-sink";
import { createStaff } from "../support/staff";

// Mail is written with the change that causes it and sent by the job runner: a committed change always has its
// message, a rolled-back one none; the runner sends each due message once, retries refusals with backoff, gives up
// after the last attempt, and never sends a message again because recording it failed for a moment.

const FROM = "Portal <no-reply@portal.test>";
const QUICK: RetryPolicy = { baseMs: 300, capMs: 1000, maxAttempts: 3 };

let sink: SmtpSink;
let closedPort: number;
let admin: StaffSession;
const toSink = () => ({ mailer: { smtpUrl: sink.url, from: FROM }, policy: QUICK });
// A port nobody listens on: the mail server is down, and every send is refused at once.
const toNowhere = () => ({ mailer: { smtpUrl: `smtp://127.0.0.1:${closedPort}`, from: FROM }, policy: QUICK });

beforeAll(async () => {
  sink = await startSmtpSink();
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  closedPort = (probe.address() as AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  admin = await createStaff("ADMIN");
});
afterAll(() => sink.close());

// Each test sees only its own mail: what earlier tests left unsent is set aside.
beforeEach(async () => {
  await testPrisma().outboxEmail.updateMany({ where: { sentAt: null, gaveUpAt: null }, data: { gaveUpAt: new Date() } });
  vi.spyOn(console, "error").mockImplementation(() => {});
});

const rowsFor = (applicationId: string, kind?: string) => testPrisma().outboxEmail.findMany({ where: { applicationId, ...(kind ? { kind } : {}) } });
const row = (id: string) => testPrisma().outboxEmail.findUniqueOrThrow({ where: { id } });
const received = (to: string) => sink.messages.filter((m) => m.to.includes(to));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function message(to = uniqueEmail(), extra: { heldForReview?: boolean } = {}): Promise<{ id: string; to: string }> {
  const id = await enqueueMail(prisma, { kind: "other", to, subject: `Test ${to}`, text: "Hello.", html: "<p>Hello.</p>", ...extra });
  return { id: id!, to };
}

async function completeDraft() {
  const started = await startApplication({ slug: PRACTICE_CALL_SLUG, email: uniqueEmail(), locale: "en", interfaceLocale: "fr", clientIp: uniqueIp() });
  if (!started.ok) throw new Error(started.code);
  for (const [step, answers] of [["lead", leadAnswers()], ["payload", payloadAnswers()], ["science", scienceAnswers()]] as const) {
    const saved = await saveApplicationStep(started.token, step, answers);
    if (!saved.ok) throw new Error(`could not save ${step}: ${saved.code}`);
  }
  const attached = await addAttachment(started.token, { kind: "TECHNICAL_DESCRIPTION", fileName: "description.pdf", bytes: pdfBytes() });
  if (!attached.ok) throw new Error(attached.code);
  return started;
}

describe("mail written with its change", () => {
  it("writes the resume link with the draft, and exactly one confirmation with the submission, however often it is sent", async () => {
    const draft = await completeDraft();
    const resume = await rowsFor(draft.id, "resume-link");
    expect(resume).toHaveLength(1);
    expect(resume[0]!.id).toBe(draft.mailId);
    expect(resume[0]!.text).toContain(`${env.SITE_URL}/fr/applications/${draft.token}`);

    const key = randomUUID();
    const first = await submitApplication(draft.token, key, "fr");
    const again = await submitApplication(draft.token, key, "fr");
    expect(first).toMatchObject({ ok: true, firstTime: true });
    expect(again).toMatchObject({ ok: true, firstTime: false });

    const confirmations = await rowsFor(draft.id, "submission-confirmation");
    expect(confirmations).toHaveLength(1);
    const reference = (await getApplicantView(draft.token))!.reference!;
    expect(confirmations[0]).toMatchObject({ id: first.ok ? first.mailId : "", sentAt: null, attempts: 0, heldForReview: false });
    expect(confirmations[0]!.subject).toContain(reference);
    // No mail server in the tests' environment: the confirmation page says it is queued.
    expect(await mailStateOf(draft.id)).toBe("queued");
  });

  it("writes no confirmation when the submission's transaction rolls back", async () => {
    const draft = await completeDraft();
    await expect(
      prisma.$transaction(async (tx) => {
        const submitted = await finalizeSubmission(draft.id, randomUUID(), "https://portal.test/x", tx);
        expect(submitted).toMatchObject({ ok: true, firstTime: true });
        throw new Error("the change fails after the submission");
      }),
    ).rejects.toThrow("the change fails");

    expect(await rowsFor(draft.id, "submission-confirmation")).toEqual([]);
    expect(await testPrisma().application.findUniqueOrThrow({ where: { id: draft.id } })).toMatchObject({ status: "DRAFT", reference: null });
  });

  it("writes one confirmation for a submission through the API, and none for one it refuses", async () => {
    const call = await createSampleCall();
    const plan = await createApiUpload({ kind: "SAMPLE_PLAN", file: new File([pdfBytes()], "plan.pdf") });
    if (!plan.ok) throw new Error("upload refused");
    const body = {
      email: uniqueEmail("curator"),
      locale: "en",
      samples: { institution: "Institut de physique du globe de Paris", requests: [{ category: "soil", grams: 1, purpose: "Noble gas analysis" }] },
      attachments: [{ uploadId: plan.uploadId, uploadToken: plan.uploadToken }],
    };
    const refused = await submitCompleteApplication({ slug: call.slug, body: { ...body, attachments: [{ uploadId: plan.uploadId, uploadToken: "x".repeat(43) }] }, idempotencyKey: randomUUID(), clientIp: uniqueIp() });
    expect(refused).toMatchObject({ ok: false, code: "unknown_uploads" });
    expect(await testPrisma().outboxEmail.count({ where: { to: body.email } })).toBe(0);

    const submitted = await submitCompleteApplication({ slug: call.slug, body, idempotencyKey: randomUUID(), clientIp: uniqueIp() });
    if (!submitted.ok) throw new Error(JSON.stringify(submitted));
    const mail = await testPrisma().outboxEmail.findMany({ where: { to: body.email } });
    expect(mail).toHaveLength(1);
    expect(mail[0]).toMatchObject({ kind: "submission-confirmation", applicationId: submitted.applicationId });
    expect(mail[0]!.text).toContain(submitted.statusUrl!);
  });
});

describe("the job runner", () => {
  it("sends due mail through the mail server once, with a Message-ID made from the row", async () => {
    const a = await message();
    const b = await message();

    const report = await deliverDueMail(toSink());

    expect(report.sent.sort()).toEqual([a.id, b.id].sort());
    expect(received(a.to)).toHaveLength(1);
    expect(received(a.to)[0]).toMatchObject({ subject: `Test ${a.to}`, text: "Hello.", html: "<p>Hello.</p>" });
    expect(await row(a.id)).toMatchObject({ attempts: 1, error: null, claimedUntil: null });
    expect((await row(a.id)).sentAt).not.toBeNull();
    expect(messageIdOf(a.id)).toBe(`<${a.id}@${new URL(env.SITE_URL).hostname}>`);

    expect(await deliverDueMail(toSink())).toEqual({ sent: [], retrying: [], gaveUp: [] });
    expect(received(a.to)).toHaveLength(1);
  });

  it("leaves mail queued, with no attempt counted, when no mail server is configured", async () => {
    const a = await message();
    expect(await deliverDueMail({ mailer: { from: FROM } })).toEqual({ sent: [], retrying: [], gaveUp: [] });
    await deliverNow([a.id], { mailer: { from: FROM } });
    expect(await row(a.id)).toMatchObject({ attempts: 0, sentAt: null, error: null, claimedUntil: null });
  });

  it("tries a refused message again after the backoff, not before, and then sends it once", async () => {
    const a = await message();

    expect(await deliverDueMail(toNowhere())).toMatchObject({ retrying: [a.id] });
    const refused = await row(a.id);
    expect(refused).toMatchObject({ attempts: 1, sentAt: null, claimedUntil: null, gaveUpAt: null });
    expect(refused.error).toMatch(/ECONNREFUSED/);
    const wait = refused.nextAttemptAt.getTime() - refused.lastAttemptAt!.getTime();
    expect(wait).toBeGreaterThanOrEqual(QUICK.baseMs / 2);
    expect(wait).toBeLessThanOrEqual(QUICK.baseMs);
    expect((await listUnsentMail(500)).mail.find((m) => m.id === a.id)).toMatchObject({ attempts: 1, error: refused.error });

    // The server is back, but the message is not due yet.
    expect(await deliverDueMail(toSink())).toEqual({ sent: [], retrying: [], gaveUp: [] });
    expect(received(a.to)).toEqual([]);

    await sleep(QUICK.baseMs + 50);
    expect(await deliverDueMail(toSink())).toMatchObject({ sent: [a.id] });
    expect(received(a.to)).toHaveLength(1);
    expect(await row(a.id)).toMatchObject({ attempts: 2, error: null });
    expect((await listUnsentMail(500)).mail.map((m) => m.id)).not.toContain(a.id);
  });

  it("gives up after the last attempt, keeps the message and lists it as given up", async () => {
    const a = await message();
    for (let attempt = 1; attempt <= QUICK.maxAttempts; attempt++) {
      const report = await deliverDueMail(toNowhere());
      expect(report[attempt < QUICK.maxAttempts ? "retrying" : "gaveUp"]).toEqual([a.id]);
      await sleep(QUICK.capMs + 50);
    }
    const given = await row(a.id);
    expect(given).toMatchObject({ attempts: QUICK.maxAttempts, sentAt: null });
    expect(given.gaveUpAt).not.toBeNull();

    expect(await deliverDueMail(toSink())).toEqual({ sent: [], retrying: [], gaveUp: [] });
    expect(received(a.to)).toEqual([]);
    expect((await listUnsentMail(500)).mail.find((m) => m.id === a.id)).toMatchObject({ reason: "gave_up", attempts: QUICK.maxAttempts, nextAttemptAt: null });
  });

  it("lets two runners racing for the same rows claim each row once", async () => {
    const mail = await Promise.all(Array.from({ length: 24 }, () => message()));

    const [one, two] = await Promise.all([deliverDueMail({ ...toSink(), limit: 100 }), deliverDueMail({ ...toSink(), limit: 100 })]);

    expect([...one.sent, ...two.sent].sort()).toEqual(mail.map((m) => m.id).sort());
    expect(one.sent.filter((id) => two.sent.includes(id))).toEqual([]);
    for (const m of mail) expect(received(m.to)).toHaveLength(1);
  });

  it("keeps trying to record a sent message while the database fails, and never sends it again meanwhile", async () => {
    const a = await message();
    let outages = 2;
    let rivalReport: Awaited<ReturnType<typeof deliverDueMail>> | undefined;
    // The app's client, except that recording "sent" fails twice, as when the database restarts.
    const flaky = {
      $queryRaw: prisma.$queryRaw.bind(prisma),
      $executeRaw: async (query: TemplateStringsArray, ...values: unknown[]) => {
        if (outages > 0 && query.join("").includes('"sentAt" =')) {
          outages -= 1;
          // Another runner looks for due mail during the outage: the claimed row is not due to it.
          rivalReport ??= await deliverDueMail(toSink());
          throw new Error("Connection terminated unexpectedly");
        }
        return prisma.$executeRaw(query, ...values);
      },
    } as unknown as RunnerDb;

    const report = await deliverDueMail({ ...toSink(), db: flaky });

    expect(outages).toBe(0);
    expect(report.sent).toEqual([a.id]);
    expect(rivalReport?.sent).toEqual([]);
    expect(received(a.to)).toHaveLength(1);
    expect((await row(a.id)).sentAt).not.toBeNull();
    expect(await deliverDueMail(toSink())).toEqual({ sent: [], retrying: [], gaveUp: [] });
    expect(received(a.to)).toHaveLength(1);
  });

  it("sends a decision notice only once staff release it, and says so", async () => {
    const a = await message(uniqueEmail(), { heldForReview: true });

    expect(await deliverDueMail(toSink())).toEqual({ sent: [], retrying: [], gaveUp: [] });
    await deliverNow([a.id], toSink());
    expect(received(a.to)).toEqual([]);

    expect(await releaseHeldMail(admin, { mode: "selected", ids: [a.id] }, toSink())).toEqual({ sent: 1, failed: 0, queued: 0 });
    expect(received(a.to)).toHaveLength(1);
    expect(await row(a.id)).toMatchObject({ releasedById: admin.id, attempts: 1 });
  });

  it("says a released notice the mail server refused is not sent yet, and retries it on its own", async () => {
    const a = await message(uniqueEmail(), { heldForReview: true });

    expect(await releaseHeldMail(admin, { mode: "selected", ids: [a.id] }, toNowhere())).toEqual({ sent: 0, failed: 1, queued: 0 });
    expect(await row(a.id)).toMatchObject({ attempts: 1, gaveUpAt: null });

    await sleep(QUICK.baseMs + 50);
    expect(await deliverDueMail(toSink())).toMatchObject({ sent: [a.id] });
    expect(received(a.to)).toHaveLength(1);
  });
});

describe("the periodic tasks", () => {
  it("run each due task on one runner at a time, record how it went, and wait for the next run", async () => {
    const runs: string[] = [];
    const tasks: PeriodicTask[] = [
      { name: `count-${randomUUID()}`, everyMs: 60_000, run: async () => (runs.push("count"), "counted") },
      {
        name: `fail-${randomUUID()}`,
        everyMs: 60_000,
        run: async () => {
          throw new Error("the store is unreachable");
        },
      },
    ];

    const [one, two] = await Promise.all([runDueTasks(tasks), runDueTasks(tasks)]);
    expect([...one, ...two].sort((x, y) => x.name.localeCompare(y.name))).toEqual([
      { name: tasks[0]!.name, outcome: "counted", ok: true },
      { name: tasks[1]!.name, outcome: "the store is unreachable", ok: false },
    ]);
    expect(runs).toEqual(["count"]);
    const [counted, failed] = await Promise.all(tasks.map((t) => testPrisma().jobSchedule.findUniqueOrThrow({ where: { name: t.name } })));
    expect(counted).toMatchObject({ lastError: null });
    expect(counted!.lastRunAt).not.toBeNull();
    expect(counted!.nextRunAt.getTime() - counted!.lastRunAt!.getTime()).toBeGreaterThan(50_000);
    expect(failed).toMatchObject({ lastError: "the store is unreachable" });

    expect(await runDueTasks(tasks)).toEqual([]);
    await testPrisma().jobSchedule.update({ where: { name: tasks[0]!.name }, data: { nextRunAt: new Date(Date.now() - 1000) } });
    expect((await runDueTasks(tasks)).map((r) => r.name)).toEqual([tasks[0]!.name]);
    expect(runs).toEqual(["count", "count"]);
  });
});
