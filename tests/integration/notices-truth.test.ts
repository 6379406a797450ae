import { randomUUID } from "node:crypto";
import { spawnSync } from "node:child_process";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { env } from "@/env";
import { initialFormState } from "@/lib/form-state";
import { languageName } from "@/lib/localize";
import { startApplicationAction, submitApplicationAction } from "@/server/actions/applications";
import { createApiUpload, submitCompleteApplication } from "@/server/applications/api-submission";
import { applicantProgress } from "@/server/applications/applicant-status";
import { addAttachment, getApplicantView, saveApplicationStep, startApplication } from "@/server/applications/service";
import { newAccessToken } from "@/server/applications/tokens";
import type { StaffSession } from "@/server/authz";
import { listUnsentMail, mailStateOf } from "@/server/mail/outbox-state";
import { applyDecision } from "@/server/review/decisions";
import { getOutbox, releaseHeldMail } from "@/server/review/outbox";
import { getApplicationDetail } from "@/server/review/queries";
import { PRACTICE_CALL_SLUG } from "../../prisma/practice-call";
import { leadAnswers, payloadAnswers, pdfBytes, scienceAnswers, uniqueEmail, uniqueIp } from "../factories/application-answers";
import { createApplication, prepareDecisionRow } from "../factories/review";
import { createSampleCall } from "../factories/sample-call";
import { testPrisma } from "../support/database";
import { actAs, createStaff, signOutTestStaff } from "../support/staff";
import { closedPort, startSmtpSink } from "../support/smtp-sink";
import { deliverNow } from "@/server/jobs/runner";

// An applicant who reads the portal in French (or Arabic, Russian, Spanish) keeps that language in their pages and
// mail, and is told only what is so: whether mail went out, and a decision only once staff release its notice.

vi.mock("next/headers", () => ({ headers: async () => new Headers({ "x-portal-client-ip": "10.9.9.9" }) }));

const CALL_EN = "Practice call (demonstration)";
const CALL_ZH = "练习征集（演示）";

let admin: StaffSession;
beforeAll(async () => {
  admin = await createStaff("ADMIN");
  actAs(admin);
});
afterEach(() => vi.restoreAllMocks());
afterAll(() => signOutTestStaff());

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
}

/** What a server action ended in: the address it redirected to, or the state it answered. */
async function outcomeOf(run: Promise<unknown>): Promise<{ redirect: string } | { state: unknown }> {
  try {
    return { state: await run };
  } catch (error) {
    const digest = (error as { digest?: unknown }).digest;
    if (typeof digest === "string" && digest.startsWith("NEXT_REDIRECT")) return { redirect: digest.split(";").slice(2, -2).join(";") };
    throw error;
  }
}

const mailTo = (to: string) => testPrisma().outboxEmail.findMany({ where: { to }, orderBy: { createdAt: "asc" } });

/** The start page's form, posted from /{reader}/calls/practice-call/apply. */
const startForm = (reader: string, email: string) =>
  form({ call: PRACTICE_CALL_SLUG, email, locale: reader, outsideChina: "yes", fundsDevelopment: "yes", sharesData: "yes" });

/** A draft started from the start page in `reader`, answered in full and ready to submit. */
async function completeDraftIn(reader: string, email = uniqueEmail()) {
  vi.spyOn(console, "info").mockImplementation(() => {});
  const started = await outcomeOf(startApplicationAction(initialFormState, startForm(reader, email)));
  if (!("redirect" in started)) throw new Error(`the start was refused: ${JSON.stringify(started)}`);
  const token = /\/applications\/([A-Za-z0-9_-]{43})\//.exec(started.redirect)![1]!;
  for (const [step, answers] of [["lead", leadAnswers()], ["payload", payloadAnswers()], ["science", scienceAnswers()]] as const) {
    const saved = await saveApplicationStep(token, step, answers);
    if (!saved.ok) throw new Error(`could not save ${step}: ${saved.code}`);
  }
  const attached = await addAttachment(token, { kind: "TECHNICAL_DESCRIPTION", fileName: "description.pdf", bytes: pdfBytes() });
  if (!attached.ok) throw new Error(`could not attach: ${attached.code}`);
  return { token, email, redirect: started.redirect };
}

async function submitIn(reader: string, token: string) {
  return outcomeOf(submitApplicationAction(initialFormState, form({ locale: reader, token, declaration: "on", idempotencyKey: randomUUID() })));
}

/** A submitted application the applicant can open with `token`. */
async function submittedWithToken(options: Parameters<typeof createApplication>[0] = {}) {
  const { token, hash } = newAccessToken();
  const app = await createApplication({ opportunityId: (await testPrisma().opportunity.findUniqueOrThrow({ where: { slug: PRACTICE_CALL_SLUG } })).id, ...options });
  await testPrisma().application.update({ where: { id: app.id }, data: { accessTokenHash: hash } });
  return { ...app, token };
}

async function applyAcceptance(applicationId: string) {
  const decision = await prepareDecisionRow(applicationId, "ACCEPTED", admin.id, "Bienvenue.");
  const applied = await applyDecision(admin, decision.id);
  if (!applied.ok) throw new Error(`the decision was refused: ${applied.error}`);
  return applied.outboxEmailId;
}

describe("the applicant's interface language", () => {
  it("is stored from the page the application was started on, apart from the content language, and shown to staff", async () => {
    const { token, redirect } = await completeDraftIn("fr");

    expect(redirect).toMatch(/^\/fr\/applications\/[A-Za-z0-9_-]{43}\/lead$/);
    const row = await testPrisma().application.findUniqueOrThrow({ where: { id: (await getApplicantView(token))!.id } });
    expect(row).toMatchObject({ locale: "en", interfaceLocale: "fr" });

    // Staff read the applicant's language, not "English".
    await submitIn("fr", token);
    const detail = await getApplicationDetail(admin, row.id);
    if (detail.kind !== "ok") throw new Error(detail.kind);
    expect(detail.detail).toMatchObject({ locale: "en", interfaceLocale: "fr" });
    expect(languageName(detail.detail.interfaceLocale, "en")).toBe("French");
    expect(languageName(detail.detail.interfaceLocale, "zh")).toBe("法语");
  });

  it("keeps Chinese content for a reader of the Chinese pages, and an unknown language falls back to the content language", async () => {
    const zh = await startApplication({ slug: PRACTICE_CALL_SLUG, email: uniqueEmail(), locale: "zh", interfaceLocale: "zh", clientIp: uniqueIp() });
    const odd = await startApplication({ slug: PRACTICE_CALL_SLUG, email: uniqueEmail(), locale: "en", interfaceLocale: "../xx", clientIp: uniqueIp() });
    if (!zh.ok || !odd.ok) throw new Error("could not start");
    expect(await testPrisma().application.findUniqueOrThrow({ where: { id: zh.id } })).toMatchObject({ locale: "zh", interfaceLocale: "zh" });
    expect(await testPrisma().application.findUniqueOrThrow({ where: { id: odd.id } })).toMatchObject({ locale: "en", interfaceLocale: "en" });
  });

  it("words the resume and confirmation emails in French, with the call's English title, and keeps the French page in their links", async () => {
    const { token, email } = await completeDraftIn("fr");
    const submitted = await submitIn("fr", token);

    expect(submitted).toEqual({ redirect: `/fr/applications/${token}/confirmation` });
    const [resume, confirmation] = await mailTo(email);
    expect(resume!.subject).toBe(`Votre candidature enregistrée : ${CALL_EN}`);
    expect(resume!.text).toContain(`${env.SITE_URL}/fr/applications/${token}`);
    const { reference } = (await getApplicantView(token))!;
    expect(confirmation!.subject).toMatch(new RegExp(`^Candidature reçue\\s:\\s${reference}$`));
    expect(confirmation!.text).toContain(`Nous avons bien reçu votre candidature à « ${CALL_EN} »`);
    expect(confirmation!.text).toMatch(new RegExp(`Référence\\s:\\s${reference}`));
    expect(confirmation!.text).toContain(`${env.SITE_URL}/fr/applications/${token}`);
    expect(confirmation!.html).toContain('<html lang="fr" dir="ltr">');
    // Each kept message names its application, so the confirmation page can say it is waiting.
    expect(confirmation!.applicationId).toBe((await getApplicantView(token))!.id);
  });

  it("words an Arabic reader's confirmation in Arabic, right to left", async () => {
    const { token, email } = await completeDraftIn("ar");
    await submitIn("ar", token);

    const confirmation = (await mailTo(email)).at(-1)!;
    const { reference } = (await getApplicantView(token))!;
    expect(confirmation.subject).toBe(`استُلم الطلب: ${reference}`);
    expect(confirmation.text).toContain(`تلقّينا طلبك إلى «${CALL_EN}»`);
    expect(confirmation.html).toContain('<html lang="ar" dir="rtl">');
  });

  it("names the call in Chinese when the content is Chinese, whatever the wording's language", async () => {
    const started = await startApplication({ slug: PRACTICE_CALL_SLUG, email: uniqueEmail(), locale: "zh", interfaceLocale: "fr", clientIp: uniqueIp() });
    if (!started.ok) throw new Error(started.code);
    const resume = await testPrisma().outboxEmail.findUniqueOrThrow({ where: { id: started.mailId! } });
    expect(resume.subject).toBe(`Votre candidature enregistrée : ${CALL_ZH}`);
  });

  it("words the decision notice in the applicant's interface language", async () => {
    const app = await submittedWithToken({ status: "SHORTLISTED" });
    await testPrisma().application.update({ where: { id: app.id }, data: { interfaceLocale: "fr" } });

    const mailId = await applyAcceptance(app.id);

    const notice = await testPrisma().outboxEmail.findUniqueOrThrow({ where: { id: mailId } });
    expect(notice.subject).toMatch(new RegExp(`^Votre candidature est acceptée\\s:\\s${app.reference}$`));
    expect(notice.text).toContain("Bienvenue.");
  });
});

describe("what the applicant is told of their application's progress", () => {
  it("shows Submitted while staff review and shortlist it, never their stages", async () => {
    const app = await submittedWithToken({ status: "SHORTLISTED" });
    const view = (await getApplicantView(app.token))!;

    expect(view.status).toBe("SHORTLISTED");
    const progress = await applicantProgress(view);
    expect(progress.status).toBe("SUBMITTED");
    expect(progress.events.map((e) => e.status)).toEqual(["DRAFT", "SUBMITTED"]);
  });

  it("shows a decision only once its notice is released", async () => {
    const app = await submittedWithToken({ status: "SHORTLISTED" });
    const mailId = await applyAcceptance(app.id);

    const applied = await applicantProgress((await getApplicantView(app.token))!);
    expect(applied.status).toBe("SUBMITTED");
    expect(applied.events.map((e) => e.status)).not.toContain("ACCEPTED");

    vi.spyOn(console, "info").mockImplementation(() => {});
    await releaseHeldMail(admin, { mode: "selected", ids: [mailId] }, { mailer: { from: env.MAIL_FROM } });
    const released = await applicantProgress((await getApplicantView(app.token))!);
    expect(released.status).toBe("ACCEPTED");
    expect(released.events.map((e) => e.status)).toEqual(["DRAFT", "SUBMITTED", "ACCEPTED"]);
  });

  it("answers an API retry with the status the applicant may see", async () => {
    const call = await createSampleCall();
    const plan = await createApiUpload({ kind: "SAMPLE_PLAN", file: new File([pdfBytes()], "plan.pdf") });
    if (!plan.ok) throw new Error("upload refused");
    const key = randomUUID();
    const body = {
      email: uniqueEmail("curator"),
      locale: "en",
      samples: { institution: "Institut de physique du globe de Paris", requests: [{ category: "soil", grams: 1, purpose: "Noble gas analysis" }] },
      attachments: [{ uploadId: plan.uploadId, uploadToken: plan.uploadToken }],
    };
    const submit = () => submitCompleteApplication({ slug: call.slug, body, idempotencyKey: key, clientIp: uniqueIp() });
    vi.spyOn(console, "info").mockImplementation(() => {});
    const first = await submit();
    if (!first.ok) throw new Error(JSON.stringify(first));
    expect(first.statusUrl).toMatch(new RegExp(`^${env.SITE_URL}/en/applications/`));
    expect(await testPrisma().application.findUniqueOrThrow({ where: { id: first.applicationId } })).toMatchObject({ interfaceLocale: "en" });

    await testPrisma().application.update({ where: { id: first.applicationId }, data: { status: "SHORTLISTED" } });
    expect(await submit()).toMatchObject({ ok: true, firstTime: false, status: "SUBMITTED" });
    await testPrisma().application.update({ where: { id: first.applicationId }, data: { status: "ACCEPTED" } });
    const held = await testPrisma().outboxEmail.create({ data: { heldForReview: true, applicationId: first.applicationId, to: body.email, subject: "Decision", text: "Accepted." } });
    expect(await submit()).toMatchObject({ ok: true, firstTime: false, status: "SUBMITTED" });

    await testPrisma().outboxEmail.update({ where: { id: held.id }, data: { releasedAt: new Date() } });
    expect(await submit()).toMatchObject({ ok: true, firstTime: false, status: "ACCEPTED" });
  });
});

describe("saying what became of mail", () => {
  it("says a decision notice released with no mail server is queued, keeps it releasable and lists it as unsent", async () => {
    const app = await submittedWithToken({ status: "SHORTLISTED" });
    const mailId = await applyAcceptance(app.id);
    vi.spyOn(console, "info").mockImplementation(() => {});

    const result = await releaseHeldMail(admin, { mode: "selected", ids: [mailId] }, { mailer: { from: env.MAIL_FROM } });

    expect(result).toEqual({ sent: 0, failed: 0, queued: 1 });
    const row = await testPrisma().outboxEmail.findUniqueOrThrow({ where: { id: mailId } });
    // Queued, not refused: no attempt is spent while no server is configured.
    expect(row).toMatchObject({ sentAt: null, error: null, attempts: 0, gaveUpAt: null });
    expect(row.releasedAt).not.toBeNull();
    const unsent = await listUnsentMail(500);
    expect(unsent.mail.find((m) => m.id === mailId)).toMatchObject({ reason: "not_configured", notice: true, applicationId: app.id });
    // The outbox page's "Recently released" says queued, not "sending".
    expect((await getOutbox(500)).released.find((m) => m.id === mailId)).toMatchObject({ sentAt: null, unsent: "not_configured" });
  });

  it("lists a refused message as retrying with its error and next attempt, and sent mail not at all", async () => {
    const app = await submittedWithToken({ status: "SHORTLISTED" });
    const mailId = await applyAcceptance(app.id);
    const sink = await startSmtpSink();
    const nowhere = `smtp://127.0.0.1:${await closedPort()}`;
    env.SMTP_URL = nowhere;
    try {
      expect(await releaseHeldMail(admin, { mode: "selected", ids: [mailId] }, { mailer: { smtpUrl: nowhere, from: env.MAIL_FROM } })).toEqual({ sent: 0, failed: 1, queued: 0 });
      const listed = (await listUnsentMail(500)).mail.find((m) => m.id === mailId);
      expect(listed).toMatchObject({ reason: "retrying", attempts: 1, notice: true });
      expect(listed!.error).toMatch(/ECONNREFUSED/);
      expect(new Date(listed!.nextAttemptAt!).getTime()).toBeGreaterThan(Date.now());
      expect((await getOutbox(500)).released.find((m) => m.id === mailId)).toMatchObject({ unsent: "retrying", attempts: 1, nextAttemptAt: listed!.nextAttemptAt });

      // Refused, it stays released: the runner retries it when due, with no second release.
      await testPrisma().outboxEmail.update({ where: { id: mailId }, data: { nextAttemptAt: new Date(Date.now() - 1000) } });
      await deliverNow([mailId], { mailer: { smtpUrl: sink.url, from: env.MAIL_FROM } });
      expect((await sink.waitFor((m) => m.to.includes(app.email))).subject).toMatch(/accept/i);
      expect((await listUnsentMail(500)).mail.map((m) => m.id)).not.toContain(mailId);
      expect((await getOutbox(500)).released.find((m) => m.id === mailId)).toMatchObject({ sentAt: expect.any(String), unsent: null, nextAttemptAt: null });
    } finally {
      env.SMTP_URL = undefined;
      await sink.close();
    }
  });

  it("tells the confirmation page what its email's row says: queued, pending, retrying, given up or sent", async () => {
    const { token } = await completeDraftIn("fr");
    await submitIn("fr", token);
    const view = (await getApplicantView(token))!;
    const confirmation = { applicationId: view.id, kind: "submission-confirmation" };

    expect(env.SMTP_URL).toBeUndefined();
    expect(await mailStateOf(view.id)).toBe("queued");

    // With a mail server, the state follows the confirmation's row.
    env.SMTP_URL = "smtp://127.0.0.1:25";
    try {
      expect(await mailStateOf(view.id)).toBe("pending");
      await testPrisma().outboxEmail.updateMany({ where: confirmation, data: { attempts: 1, error: "421 try later" } });
      expect(await mailStateOf(view.id)).toBe("retrying");
      await testPrisma().outboxEmail.updateMany({ where: confirmation, data: { gaveUpAt: new Date() } });
      expect(await mailStateOf(view.id)).toBe("failed");
      await testPrisma().outboxEmail.updateMany({ where: confirmation, data: { sentAt: new Date() } });
      expect(await mailStateOf(view.id)).toBe("sent");
    } finally {
      env.SMTP_URL = undefined;
    }
  });
});

describe("the public origin", () => {
  it("is required of a production server, which refuses to start without SITE_URL and says so", () => {
    const run = spawnSync(process.execPath, ["runtime/server.mjs"], {
      cwd: new URL("../../", import.meta.url),
      env: { PATH: process.env.PATH, NODE_ENV: "production", PORT: "0" },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(run.status).toBe(1);
    // The refusal is a log line: JSON on stdout, like every line of the production server.
    expect(`${run.stdout}${run.stderr}`).toContain("SITE_URL: SITE_URL is required in production");
  });
});
