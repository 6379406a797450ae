import { createServer, type AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { env } from "@/env";
import type { ResendState } from "@/lib/validation/admin/mail";
import { resendMailAction } from "@/server/actions/admin/mail";
import type { StaffSession } from "@/server/authz";
import { deliverNow } from "@/server/jobs/runner";
import { enqueueMail, type MailKind } from "@/server/mail/outbox";
import { listUnsentMail } from "@/server/mail/outbox-state";
import { uniqueEmail } from "../factories/application-answers";
import { createApplication } from "../factories/review";
import { testPrisma } from "../support/database";
import { startSmtpSink, type SmtpSink } from "../support/smtp-sink";
import { actAs, createStaff, refusalOf, signOutTestStaff } from "../support/staff";

// An administrator sends again, from the dashboard's unsent list, a message the job runner gave up on: it goes out
// once, from its first attempt, and the trail says who sent it. What cannot or need not be sent again is refused.

let admin: StaffSession;
let sink: SmtpSink;

beforeAll(async () => {
  sink = await startSmtpSink();
});
beforeEach(async () => {
  admin = await createStaff("ADMIN");
  actAs(admin);
});
afterEach(() => {
  env.SMTP_URL = undefined;
  vi.restoreAllMocks();
});
afterAll(async () => {
  signOutTestStaff();
  await sink?.close();
});

/** A port on this machine that nothing listens on: a mail server that refuses every attempt. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const FROM = "Portal <no-reply@portal.test>";

/** A message written as the app writes it, for an application of its own. */
async function queued(kind: MailKind = "submission-confirmation", options: { heldForReview?: boolean } = {}) {
  const app = await createApplication({ email: uniqueEmail() });
  const link = `https://portal.test/en/applications/${app.id}-private`;
  const subject = `We received your application ${app.reference}`;
  const id = await enqueueMail(testPrisma(), { kind, to: app.email, subject, text: `Your application: ${link}`, applicationId: app.id, heldForReview: options.heldForReview });
  return { app, id: id!, subject, link };
}

/** The message, refused by the mail server until the runner gave up on it (after one attempt, to be quick). */
async function givenUp(kind: MailKind = "submission-confirmation") {
  const message = await queued(kind);
  vi.spyOn(console, "warn").mockImplementation(() => {});
  await deliverNow([message.id], { mailer: { smtpUrl: `smtp://127.0.0.1:${await closedPort()}`, from: FROM }, policy: { baseMs: 1000, capMs: 1000, maxAttempts: 1 } });
  const row = await rowOf(message.id);
  expect(row.gaveUpAt, "the runner gave up").not.toBeNull();
  return message;
}

const rowOf = (id: string) => testPrisma().outboxEmail.findUniqueOrThrow({ where: { id } });
const auditOf = (id: string) => testPrisma().auditEntry.findMany({ where: { entityId: id, action: "resend" } });
const received = (to: string) => sink.messages.filter((m) => m.to.includes(to));

function resend(id?: string): Promise<ResendState> {
  const form = new FormData();
  form.set("locale", "fr");
  if (id !== undefined) form.set("id", id);
  return resendMailAction({ ok: false }, form);
}

describe("sending again mail the runner gave up on", () => {
  it("sends a given-up confirmation once, from its first attempt, and records who sent it", async () => {
    const { app, id, subject, link } = await givenUp();
    const listed = (await listUnsentMail(500)).mail.find((m) => m.id === id);
    expect(listed).toMatchObject({ reason: "gave_up", resendable: true, attempts: 1 });
    expect(listed!.error).toMatch(/ECONNREFUSED/);

    env.SMTP_URL = sink.url;
    expect(await resend(id)).toEqual({
      ok: true,
      result: { subject, to: app.email, status: "sent", attempts: 1, error: null, nextAttemptAt: null },
    });

    const message = await sink.waitFor((m) => m.to.includes(app.email));
    expect(message.subject).toBe(subject);
    expect(message.text).toContain(link);
    expect(await rowOf(id)).toMatchObject({ gaveUpAt: null, error: null, attempts: 1, claimedUntil: null });
    expect((await rowOf(id)).sentAt).not.toBeNull();
    expect((await listUnsentMail(500)).mail.map((m) => m.id)).not.toContain(id);

    const [entry, ...more] = await auditOf(id);
    expect(more).toEqual([]);
    expect(entry).toMatchObject({
      actorId: admin.id,
      actorEmail: admin.email,
      entity: "OutboxEmail",
      summary: `${subject} to ${app.email}`,
      before: { kind: "submission-confirmation", applicationId: app.id, attempts: 1 },
      after: { attempts: 0, error: null, gaveUpAt: null },
    });
    expect((entry!.before as { error: string }).error).toMatch(/ECONNREFUSED/);

    // Sent: a second click sends nothing and records nothing.
    expect(await resend(id)).toEqual({ ok: false, refused: "sent" });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(received(app.email)).toHaveLength(1);
    expect(await auditOf(id)).toHaveLength(1);
  });

  it("says when the mail server refuses it again, and the runner keeps trying from its first attempt", async () => {
    const { id } = await givenUp("resume-link");
    env.SMTP_URL = `smtp://127.0.0.1:${await closedPort()}`;
    const outcome = await resend(id);
    expect(outcome).toMatchObject({ ok: true, result: { status: "retrying", attempts: 1 } });
    expect(outcome.result!.error).toMatch(/ECONNREFUSED/);
    expect(new Date(outcome.result!.nextAttemptAt!).getTime()).toBeGreaterThan(Date.now());
    const row = await rowOf(id);
    expect(row).toMatchObject({ gaveUpAt: null, attempts: 1, sentAt: null });
    expect((await listUnsentMail(500)).mail.find((m) => m.id === id)).toMatchObject({ reason: "retrying", resendable: false });
    expect(await auditOf(id)).toHaveLength(1);
  });

  it("queues it when no mail server is configured, with no attempt spent", async () => {
    const { id } = await givenUp("team-invitation");
    expect(env.SMTP_URL).toBeUndefined();
    expect(await resend(id)).toMatchObject({ ok: true, result: { status: "not_configured", attempts: 0, error: null } });
    expect(await rowOf(id)).toMatchObject({ gaveUpAt: null, attempts: 0, error: null, sentAt: null });
    expect((await listUnsentMail(500)).mail.find((m) => m.id === id)).toMatchObject({ reason: "not_configured", resendable: false });
  });

  it("refuses a message whose private links were removed: the applicant would get it without them", async () => {
    const { app, id } = await givenUp();
    await testPrisma().outboxEmail.update({ where: { id }, data: { purgedAt: new Date(), text: "Your application: [link removed]" } });
    expect((await listUnsentMail(500)).mail.find((m) => m.id === id)).toMatchObject({ reason: "gave_up", resendable: false });

    env.SMTP_URL = sink.url;
    expect(await resend(id)).toEqual({ ok: false, refused: "purged" });
    const row = await rowOf(id);
    expect(row.gaveUpAt).not.toBeNull();
    expect(row).toMatchObject({ sentAt: null, attempts: 1 });
    expect(await auditOf(id)).toEqual([]);
    expect(received(app.email)).toEqual([]);
  });

  it("refuses a decision notice (released from the outbox) and mail the runner is still sending", async () => {
    env.SMTP_URL = sink.url;
    // A released notice the runner gave up on: the outbox page releases it again.
    const notice = await queued("decision-notice", { heldForReview: true });
    await testPrisma().outboxEmail.update({ where: { id: notice.id }, data: { releasedAt: new Date(), releasedById: admin.id, attempts: 12, error: "550 no", gaveUpAt: new Date() } });
    expect((await listUnsentMail(500)).mail.find((m) => m.id === notice.id)).toMatchObject({ notice: true, resendable: false });
    // Not tried yet, and refused once and due again later.
    const pending = await queued();
    await testPrisma().outboxEmail.update({ where: { id: pending.id }, data: { nextAttemptAt: new Date(Date.now() + 3_600_000) } });
    const retrying = await queued("obligation-reminder");
    await testPrisma().outboxEmail.update({ where: { id: retrying.id }, data: { attempts: 3, error: "421 later", nextAttemptAt: new Date(Date.now() + 3_600_000) } });

    expect(await resend(notice.id)).toEqual({ ok: false, refused: "held" });
    expect(await resend(pending.id)).toEqual({ ok: false, refused: "notGivenUp" });
    expect(await resend(retrying.id)).toEqual({ ok: false, refused: "notGivenUp" });
    expect(await resend("no-such-message")).toEqual({ ok: false, refused: "missing" });
    expect(await resend()).toEqual({ ok: false, refused: "missing" });

    expect(await rowOf(notice.id)).toMatchObject({ attempts: 12, sentAt: null });
    expect(await rowOf(retrying.id)).toMatchObject({ attempts: 3, error: "421 later" });
    expect(new Date((await rowOf(pending.id)).nextAttemptAt).getTime()).toBeGreaterThan(Date.now());
    for (const { id, app } of [notice, pending, retrying]) {
      expect(await auditOf(id)).toEqual([]);
      expect(received(app.email)).toEqual([]);
    }
  });

  it("is refused to every role that may not release mail, and to a signed-out visitor", async () => {
    const { app, id } = await givenUp();
    env.SMTP_URL = sink.url;
    for (const role of ["EDITOR", "VIEWER", "REVIEWER"] as const) {
      actAs(await createStaff(role));
      expect(refusalOf(await resend(id).then(() => null, (error: unknown) => error)), role).toBe("forbidden");
    }
    actAs(null);
    expect(refusalOf(await resend(id).then(() => null, (error: unknown) => error))).toBe("sign-in");
    const row = await rowOf(id);
    expect(row.gaveUpAt).not.toBeNull();
    expect(row.sentAt).toBeNull();
    expect(await auditOf(id)).toEqual([]);
    expect(received(app.email)).toEqual([]);
  });
});
