import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { env } from "@/env";
import { newAccessToken } from "@/server/applications/tokens";
import { deadlineReminderKey, sendDeadlineReminders } from "@/server/jobs/maintenance/deadline-reminders";
import { obligationReminderKey, sendObligationReminders } from "@/server/jobs/maintenance/obligation-reminders";
import { pruneRateLimits } from "@/server/jobs/maintenance/prune-rate-limits";
import { purgeSentMailLinks } from "@/server/jobs/maintenance/purge-mail-links";
import { sweepUnattachedUploads } from "@/server/jobs/maintenance/sweep-unattached-uploads";
import { PERIODIC_TASKS } from "@/server/jobs/tasks";
import { resumeLinkEmail } from "@/server/mail/templates";
import { createDatabaseFileStorage } from "@/server/storage/file-storage";
import { pdfBytes, uniqueEmail } from "../factories/application-answers";
import { createAward, createObligation, createOpportunity, uniqueName } from "../factories/index";
import { createApplication } from "../factories/review";
import { testPrisma } from "../support/database";
import { createStaff } from "../support/staff";

// The job runner's periodic work against a real database: each task run twice, the second finding nothing more to do.

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ago = (now: Date, ms: number) => new Date(now.getTime() - ms);
const later = (now: Date, ms: number) => new Date(now.getTime() + ms);

describe("the periodic tasks", () => {
  it("are each declared once, under a name of their own, with a period", () => {
    const names = PERIODIC_TASKS.map((task) => task.name);
    expect(names).toEqual(["purge-sent-mail-links", "sweep-unattached-uploads", "prune-rate-limits", "deadline-reminders", "obligation-reminders"]);
    for (const task of PERIODIC_TASKS) expect(task.everyMs).toBeGreaterThanOrEqual(60_000);
  });

  it("say what they did, for the log", async () => {
    const now = new Date();
    for (const task of PERIODIC_TASKS) expect(await task.run(now)).toMatch(/\d/);
  });
});

describe("the housekeeping tasks", () => {
  it("age mail and uploads by the real clock, not by a deadline clock moved ahead", async () => {
    const task = (name: string) => PERIODIC_TASKS.find((t) => t.name === name)!;
    const { token } = newAccessToken();
    const text = `${env.SITE_URL}/en/applications/${token}\n`;
    const mail = await testPrisma().outboxEmail.create({ data: { kind: "resume-link", to: uniqueEmail(), subject: "Saved", text, sentAt: new Date() } });
    const storageKey = `clock/${randomBytes(8).toString("hex")}`;
    await createDatabaseFileStorage(testPrisma()).put(storageKey, pdfBytes(1024));
    const upload = await testPrisma().attachment.create({ data: { kind: "TECHNICAL_DESCRIPTION", fileName: "a.pdf", sizeBytes: 1024, sha256: "0".repeat(64), storageKey } });

    const movedAhead = later(new Date(), 30 * DAY);
    await task("purge-sent-mail-links").run(movedAhead);
    await task("sweep-unattached-uploads").run(movedAhead);
    expect((await testPrisma().outboxEmail.findUniqueOrThrow({ where: { id: mail.id } })).text).toBe(text);
    expect(await testPrisma().attachment.findUnique({ where: { id: upload.id } })).not.toBeNull();
  });
});

describe("purging private links from sent mail", () => {
  async function resumeMail(sentAt: Date | null, locale: "fr" | "en" = "fr") {
    const { token } = newAccessToken();
    const link = `${env.SITE_URL}/${locale}/applications/${token}`;
    const email = await resumeLinkEmail({ locale, call: "Tianwen-3", resumeUrl: link });
    const row = await testPrisma().outboxEmail.create({
      data: { kind: "resume-link", to: uniqueEmail(), ...email, sentAt, createdAt: sentAt ?? ago(new Date(), 10 * DAY) },
    });
    return { row, token, email };
  }

  it("removes the links from mail sent 8 days ago, in its own words, and leaves mail sent 6 days ago and unsent mail alone", async () => {
    const now = new Date();
    const old = await resumeMail(ago(now, 8 * DAY));
    const recent = await resumeMail(ago(now, 6 * DAY));
    const unsent = await resumeMail(null);

    expect(await purgeSentMailLinks(now)).toBeGreaterThanOrEqual(1);
    const purged = await testPrisma().outboxEmail.findUniqueOrThrow({ where: { id: old.row.id } });
    expect(purged.text).not.toContain(old.token);
    expect(purged.html).not.toContain(old.token);
    expect(purged.text).toContain("[lien privé supprimé au bout de 7 jours]");
    expect(purged.html).toContain("[lien privé supprimé au bout de 7 jours]");
    // The rest of the message is as it was sent.
    expect(purged.subject).toBe(old.email.subject);
    expect(purged.text).toContain("Tianwen-3");
    expect(purged.purgedAt?.getTime()).toBe(now.getTime());

    for (const kept of [recent, unsent]) {
      const row = await testPrisma().outboxEmail.findUniqueOrThrow({ where: { id: kept.row.id } });
      expect(row.text).toBe(kept.email.text);
      expect(row.html).toBe(kept.email.html);
      expect(row.text).toContain(kept.token);
      expect(row.purgedAt).toBeNull();
    }

    // A second run finds nothing more, and the purged message stays as the first run left it.
    expect(await purgeSentMailLinks(now)).toBe(0);
    expect((await testPrisma().outboxEmail.findUniqueOrThrow({ where: { id: old.row.id } })).text).toBe(purged.text);
  });

  it("purges the 6-day-old message once it too is more than 7 days old", async () => {
    const now = new Date();
    const message = await resumeMail(ago(now, 6 * DAY), "en");
    expect(await purgeSentMailLinks(now)).toBe(0);
    await purgeSentMailLinks(later(now, 2 * DAY));
    const row = await testPrisma().outboxEmail.findUniqueOrThrow({ where: { id: message.row.id } });
    expect(row.text).not.toContain(message.token);
    expect(row.text).toContain("[private link removed after 7 days]");
  });
});

describe("purging private links from mail the runner gave up on", () => {
  it("removes them 7 days after the last attempt, and leaves mail given up 6 days ago or still being tried alone", async () => {
    const now = new Date();
    const write = async (gaveUpAt: Date | null) => {
      const { token } = newAccessToken();
      const email = await resumeLinkEmail({ locale: "en", call: "Tianwen-3", resumeUrl: `${env.SITE_URL}/en/applications/${token}` });
      const row = await testPrisma().outboxEmail.create({
        data: { kind: "resume-link", to: uniqueEmail(), ...email, attempts: 12, error: "refused", gaveUpAt, createdAt: ago(now, 9 * DAY) },
      });
      return { id: row.id, token };
    };
    const old = await write(ago(now, 8 * DAY));
    const recent = await write(ago(now, 6 * DAY));
    const trying = await write(null);

    await purgeSentMailLinks(now);
    const purged = await testPrisma().outboxEmail.findUniqueOrThrow({ where: { id: old.id } });
    expect(purged.text).not.toContain(old.token);
    expect(purged.text).toContain("[private link removed after 7 days]");
    expect(purged.purgedAt).not.toBeNull();
    // Still unsent: purging never marks a message sent.
    expect(purged.sentAt).toBeNull();
    for (const kept of [recent, trying]) {
      const row = await testPrisma().outboxEmail.findUniqueOrThrow({ where: { id: kept.id } });
      expect(row.text).toContain(kept.token);
      expect(row.purgedAt).toBeNull();
    }
  });
});

describe("sweeping uploads never attached", () => {
  const storedBytes = async () => Number((await testPrisma().$queryRaw<{ used: string }[]>`SELECT COALESCE(SUM(octet_length("content")), 0)::text AS "used" FROM "StoredFile"`)[0]!.used);
  const storedFile = async (key: string) => (await testPrisma().storedFile.count({ where: { key } })) === 1;

  async function upload(createdAt: Date, applicationId: string | null = null) {
    const bytes = pdfBytes(4096);
    const storageKey = `sweep/${randomBytes(8).toString("hex")}`;
    await createDatabaseFileStorage(testPrisma()).put(storageKey, bytes);
    return testPrisma().attachment.create({
      data: { applicationId, kind: "TECHNICAL_DESCRIPTION", fileName: "plan.pdf", sizeBytes: bytes.byteLength, sha256: "0".repeat(64), storageKey, createdAt },
    });
  }

  it("deletes an unattached upload older than 24 hours with its bytes, and keeps newer and attached ones", async () => {
    const now = new Date();
    const stale = await upload(ago(now, 25 * HOUR));
    const fresh = await upload(ago(now, 23 * HOUR));
    const application = await createApplication({ status: "DRAFT" });
    const attached = await upload(ago(now, 30 * DAY), application.id);
    const before = await storedBytes();

    const swept = await sweepUnattachedUploads(now);
    expect(swept.files).toBeGreaterThanOrEqual(1);
    expect(await testPrisma().attachment.findUnique({ where: { id: stale.id } })).toBeNull();
    expect(await storedFile(stale.storageKey)).toBe(false);
    expect(await storedBytes()).toBe(before - swept.bytes);
    expect(swept.bytes).toBeGreaterThanOrEqual(stale.sizeBytes);

    for (const kept of [fresh, attached]) {
      expect(await testPrisma().attachment.findUnique({ where: { id: kept.id } })).not.toBeNull();
      expect(await storedFile(kept.storageKey)).toBe(true);
    }
    expect(await createDatabaseFileStorage(testPrisma()).get(attached.storageKey)).toHaveLength(attached.sizeBytes);

    expect(await sweepUnattachedUploads(now)).toEqual({ files: 0, bytes: 0 });
  });
});

describe("pruning rate-limit rows", () => {
  it("deletes buckets whose window has passed and throttles that no longer count, and keeps the rest", async () => {
    const now = new Date();
    const key = `test:${randomBytes(6).toString("hex")}`;
    const hourStart = (at: Date) => new Date(Math.floor(at.getTime() / HOUR) * HOUR);
    await testPrisma().rateLimitBucket.createMany({
      data: [
        { key, windowStart: hourStart(ago(now, 3 * HOUR)), count: 5 },
        { key, windowStart: hourStart(now), count: 2 },
      ],
    });
    const email = uniqueEmail("staff");
    await testPrisma().signInThrottle.createMany({
      data: [
        { email, address: "198.51.100.1", failures: 7, lastFailureAt: ago(now, 25 * HOUR), retryAt: ago(now, 25 * HOUR - 60_000) },
        { email, address: "198.51.100.2", failures: 7, lastFailureAt: ago(now, HOUR), retryAt: later(now, 60_000) },
        { email, address: "198.51.100.3", failures: 2, lastFailureAt: ago(now, 2 * HOUR), retryAt: ago(now, 2 * HOUR) },
      ],
    });

    const first = await pruneRateLimits(now);
    expect(first.buckets).toBeGreaterThanOrEqual(1);
    expect(first.throttles).toBeGreaterThanOrEqual(1);
    expect((await testPrisma().rateLimitBucket.findMany({ where: { key } })).map((b) => b.count)).toEqual([2]);
    const left = await testPrisma().signInThrottle.findMany({ where: { email }, orderBy: { address: "asc" } });
    expect(left.map((t) => t.address)).toEqual(["198.51.100.2", "198.51.100.3"]);

    expect(await pruneRateLimits(now)).toEqual({ buckets: 0, throttles: 0 });
  });
});

describe("deadline reminders", () => {
  /** A call whose one stage closes at `closesAt`, and a draft to it started 10 days before `now`. */
  async function draftClosingAt(now: Date, closesAt: Date, options: { status?: "DRAFT" | "SUBMITTED" | "WITHDRAWN"; extendedTo?: Date; interfaceLocale?: string; locale?: "en" | "zh" } = {}) {
    const call = await createOpportunity({
      status: "OPEN",
      titleEn: uniqueName("Reminder call"),
      titleZh: "提醒测试征集",
      stages: { create: { position: 0, titleEn: "Proposals", titleZh: "提案", opensAt: ago(now, 30 * DAY), closesAt } },
    });
    const created = await createApplication({ opportunityId: call.id, status: options.status ?? "DRAFT", locale: options.locale ?? "en" });
    const application = await testPrisma().application.update({
      where: { id: created.id },
      data: { createdAt: ago(now, 10 * DAY), interfaceLocale: options.interfaceLocale ?? null, deadlineExtendedTo: options.extendedTo ?? null, ...(options.status === "WITHDRAWN" ? { withdrawnAt: ago(now, DAY) } : {}) },
      include: { stage: true },
    });
    return { call, application, stageId: application.stage!.id };
  }
  const remindersOf = (applicationId: string) => testPrisma().outboxEmail.findMany({ where: { applicationId, kind: "deadline-reminder" }, orderBy: { dedupeKey: "asc" } });

  it("writes the 7-day reminder once, in the applicant's interface language, naming the call in its content language", async () => {
    const now = new Date();
    const closesAt = later(now, 3 * DAY);
    const { application, stageId } = await draftClosingAt(now, closesAt, { interfaceLocale: "fr", locale: "zh" });

    expect(await sendDeadlineReminders(now)).toBeGreaterThanOrEqual(1);
    expect(await sendDeadlineReminders(now)).toBe(0);
    const mail = await remindersOf(application.id);
    expect(mail).toHaveLength(1);
    const [reminder] = mail;
    expect(reminder!.to).toBe(application.email);
    expect(reminder!.dedupeKey).toBe(deadlineReminderKey(application.id, stageId, "7d"));
    expect(reminder!.dedupeKey).toBe(`deadline:${application.id}:${stageId}:7d`);
    expect(reminder!.subject).toBe("Rappel : votre brouillon pour 提醒测试征集 n’est pas encore soumis");
    expect(reminder!.text).toContain("La date limite est le");
    expect(reminder!.text).toContain(`${closesAt.getUTCFullYear()}`);
    expect(reminder!.text).toContain("UTC");
    expect(reminder!.text).toMatch(/Étape\s:\s提案/);
    // Only the token's hash is stored: the reminder names the email that carries the private link.
    expect(reminder!.text).toMatch(/«\sVotre candidature enregistrée\s:\s提醒测试征集\s»/);
    expect(reminder!.html).toContain('lang="fr"');
    expect(reminder!.sentAt).toBeNull();
  });

  it("writes the 1-day reminder when a day is left, and not the 7-day one it replaces", async () => {
    const now = new Date();
    const { application, stageId } = await draftClosingAt(now, later(now, 3 * DAY));
    await sendDeadlineReminders(now);
    await sendDeadlineReminders(later(now, 2 * DAY + HOUR));
    await sendDeadlineReminders(later(now, 2 * DAY + 2 * HOUR));
    expect((await remindersOf(application.id)).map((m) => m.dedupeKey)).toEqual([
      deadlineReminderKey(application.id, stageId, "1d"),
      deadlineReminderKey(application.id, stageId, "7d"),
    ]);
  });

  it("sends only the nearest reminder when the runner was down: 6 hours left, only the 1-day one", async () => {
    const now = new Date();
    const { call, application, stageId } = await draftClosingAt(now, later(now, 6 * HOUR));
    await sendDeadlineReminders(now);
    await sendDeadlineReminders(now);
    const mail = await remindersOf(application.id);
    expect(mail.map((m) => m.dedupeKey)).toEqual([deadlineReminderKey(application.id, stageId, "1d")]);
    expect(mail[0]!.subject).toBe(`Reminder: your draft to ${call.titleEn} is not submitted yet`);
  });

  it("reads the deadline the applicant actually has: an extension later than the closing", async () => {
    const now = new Date();
    // The stage closes in 3 days, but this applicant has 20: no reminder yet.
    const extended = await draftClosingAt(now, later(now, 3 * DAY), { extendedTo: later(now, 20 * DAY) });
    // The stage closed 2 days ago; this applicant has until 12 hours from now.
    const late = await draftClosingAt(now, ago(now, 2 * DAY), { extendedTo: later(now, 12 * HOUR) });
    await sendDeadlineReminders(now);
    expect(await remindersOf(extended.application.id)).toHaveLength(0);
    expect((await remindersOf(late.application.id)).map((m) => m.dedupeKey)).toEqual([deadlineReminderKey(late.application.id, late.stageId, "1d")]);
  });

  it("reminds no submitted or withdrawn application, no draft whose stage has closed, and none far from its deadline", async () => {
    const now = new Date();
    const submitted = await draftClosingAt(now, later(now, 3 * DAY), { status: "SUBMITTED" });
    const withdrawn = await draftClosingAt(now, later(now, 3 * DAY), { status: "WITHDRAWN" });
    const closed = await draftClosingAt(now, ago(now, HOUR));
    const far = await draftClosingAt(now, later(now, 10 * DAY));
    await sendDeadlineReminders(now);
    for (const { application } of [submitted, withdrawn, closed, far]) expect(await remindersOf(application.id)).toHaveLength(0);
  });

  it("reminds the team's editing members who joined, each once, and not read-only or departed members", async () => {
    const now = new Date();
    const { application, stageId } = await draftClosingAt(now, later(now, 3 * DAY));
    const member = (role: string, extra: Record<string, Date | null> = {}) =>
      testPrisma().applicationMember.create({ data: { applicationId: application.id, email: uniqueEmail("member"), role, tokenHash: randomBytes(32).toString("hex"), joinedAt: ago(now, DAY), ...extra } });
    const editor = await member("edit");
    await member("read");
    await member("edit", { joinedAt: null });
    await member("edit", { leftAt: ago(now, HOUR) });
    await member("edit", { removedAt: ago(now, HOUR) });

    await sendDeadlineReminders(now);
    await sendDeadlineReminders(now);
    const mail = await remindersOf(application.id);
    expect(mail.map((m) => m.to).sort()).toEqual([application.email, editor.email].sort());
    const toEditor = mail.find((m) => m.to === editor.email)!;
    expect(toEditor.dedupeKey).toBe(deadlineReminderKey(application.id, stageId, "7d", editor.id));
    expect(toEditor.text).toContain("your invitation to join the application’s team");
  });
});

describe("agreement obligation reminders", () => {
  it("reminds active staff who manage agreements, 30 and 7 days before, once each, of obligations not yet met", async () => {
    const now = new Date();
    const today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
    const admin = await createStaff("ADMIN");
    const editor = await createStaff("EDITOR");
    const viewer = await createStaff("VIEWER");
    const reviewer = await createStaff("REVIEWER");
    const disabled = await createStaff("EDITOR");
    await testPrisma().staffUser.update({ where: { id: disabled.id }, data: { disabledAt: ago(now, DAY) } });

    const award = await createAward({ agreement: { status: "SIGNED", signedOn: ago(today, 365 * DAY) } });
    const agreementId = award.agreement!.id;
    const in20 = await createObligation(agreementId, { kind: "ANNUAL_REPORT", dueOn: later(today, 20 * DAY) });
    const in5 = await createObligation(agreementId, { kind: "SAMPLE_RETURN", dueOn: later(today, 5 * DAY) });
    const in60 = await createObligation(agreementId, { kind: "PUBLICATIONS", dueOn: later(today, 60 * DAY) });
    const met = await createObligation(agreementId, { kind: "PUBLICATIONS", dueOn: later(today, 5 * DAY), completedOn: today });
    const overdue = await createObligation(agreementId, { kind: "ANNUAL_REPORT", dueOn: ago(today, 3 * DAY) });

    expect(await sendObligationReminders(now)).toBeGreaterThanOrEqual(4);
    expect(await sendObligationReminders(now)).toBe(0);

    const mail = await testPrisma().outboxEmail.findMany({ where: { kind: "obligation-reminder", dedupeKey: { startsWith: "obligation:" } } });
    const about = (id: string) => mail.filter((m) => m.dedupeKey!.startsWith(`obligation:${id}:`));
    expect(about(in20.id).map((m) => m.dedupeKey).sort()).toEqual([admin, editor].map((s) => obligationReminderKey(in20.id, in20.dueOn, "30d", s.id)).sort());
    expect(about(in5.id).map((m) => m.dedupeKey).sort()).toEqual([admin, editor].map((s) => obligationReminderKey(in5.id, in5.dueOn, "7d", s.id)).sort());
    for (const none of [in60, met, overdue]) expect(about(none.id)).toHaveLength(0);
    for (const staff of [viewer, reviewer, disabled]) expect(mail.filter((m) => m.to === staff.email)).toHaveLength(0);

    const toAdmin = about(in5.id).find((m) => m.to === admin.email)!;
    expect(toAdmin.dedupeKey).toBe(`obligation:${in5.id}:${in5.dueOn.toISOString().slice(0, 10)}:7d:${admin.id}`);
    expect(toAdmin.subject).toContain(award.institution.nameEn);
    expect(toAdmin.text).toContain("Sample return");
    expect(toAdmin.text).toContain(`Sample loan under ${award.opportunity.titleEn}`);
    expect(toAdmin.text).toContain(`${env.SITE_URL}/en/admin/agreements/${agreementId}`);
    expect(toAdmin.html).toContain('lang="en"');

    // Three weeks on, the 30-day obligation is 7 days away: its second reminder goes, once.
    const weeksLater = later(now, 14 * DAY);
    await sendObligationReminders(weeksLater);
    await sendObligationReminders(weeksLater);
    const second = await testPrisma().outboxEmail.findMany({ where: { dedupeKey: { startsWith: `obligation:${in20.id}:` } } });
    expect(second.map((m) => m.dedupeKey!.split(":")[3]).sort()).toEqual(["30d", "30d", "7d", "7d"]);
  });
});
