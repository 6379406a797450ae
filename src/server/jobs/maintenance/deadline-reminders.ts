import "server-only";
import { acceptsUntil, MAX_GRACE_MINUTES, stageState } from "@/lib/calls/status";
import { isLocale, type Locale } from "@/i18n/locales";
import { prisma } from "../../db";
import { enqueueMail } from "../../mail/outbox";
import { renderEmail, utcDateTime } from "../../mail/render";
import { applicationFacts } from "../../mail/templates";
import type { PeriodicTask } from "../types";
import { DEADLINE_THRESHOLDS, dueReminder, type DeadlineReminder } from "./reminder-timing";

const FIRST_THRESHOLD_MS = Math.max(...DEADLINE_THRESHOLDS.map((t) => t.beforeMs));
const MAX_GRACE_MS = MAX_GRACE_MINUTES * 60_000;

/** The reminder's key: one per application, stage and threshold, and per team member for their own copy. */
export const deadlineReminderKey = (applicationId: string, stageId: string, reminder: DeadlineReminder, memberId?: string) =>
  `deadline:${applicationId}:${stageId}:${reminder}${memberId ? `:member:${memberId}` : ""}`;

const contentLocale = (locale: string) => (locale === "zh" ? "zh" : "en");

/**
 * Reminds the applicant (and the team's editing members who joined) of a draft's deadline 7 days and 1 day before:
 * the deadline the applicant actually has (the stage's closing with grace, or their extension). Each reminder is
 * written once; how many were written.
 */
export async function sendDeadlineReminders(now: Date): Promise<number> {
  const horizon = new Date(now.getTime() + FIRST_THRESHOLD_MS);
  // Candidates whose closing or extension falls in the next 7 days; the exact deadline is worked out below.
  const drafts = await prisma.application.findMany({
    where: {
      status: "DRAFT",
      stage: { isNot: null },
      OR: [
        { stage: { closesAt: { gte: new Date(now.getTime() - MAX_GRACE_MS), lte: horizon } } },
        { deadlineExtendedTo: { gte: now, lte: horizon } },
      ],
    },
    select: {
      id: true,
      email: true,
      locale: true,
      interfaceLocale: true,
      reference: true,
      payloadName: true,
      leadInstitution: true,
      deadlineExtendedTo: true,
      createdAt: true,
      opportunity: { select: { titleEn: true, titleZh: true } },
      stage: { select: { id: true, titleEn: true, titleZh: true, opensAt: true, closesAt: true, graceMinutes: true } },
      members: { where: { role: "edit", joinedAt: { not: null }, leftAt: null, removedAt: null }, select: { id: true, email: true } },
    },
  });
  // Keys already written are skipped before rendering: most runs find every reminder in its window already sent.
  const candidateKeys = drafts.flatMap((d) =>
    DEADLINE_THRESHOLDS.flatMap((t) => [undefined, ...d.members.map((m) => m.id)].map((memberId) => deadlineReminderKey(d.id, d.stage!.id, t.key, memberId))),
  );
  const existing = await prisma.outboxEmail.findMany({ where: { dedupeKey: { in: candidateKeys } }, select: { dedupeKey: true } });
  const alreadyWritten = new Set(existing.map((row) => row.dedupeKey));
  let written = 0;
  for (const draft of drafts) {
    const stage = draft.stage!;
    if (stageState(stage, now, draft.deadlineExtendedTo) !== "open") continue;
    const deadline = acceptsUntil(stage, draft.deadlineExtendedTo);
    if (!deadline) continue;
    const reminder = dueReminder(DEADLINE_THRESHOLDS, deadline, now, draft.createdAt);
    if (!reminder) continue;
    const content = contentLocale(draft.locale);
    const locale: Locale = draft.interfaceLocale && isLocale(draft.interfaceLocale) ? draft.interfaceLocale : content;
    const call = content === "zh" ? draft.opportunity.titleZh || draft.opportunity.titleEn : draft.opportunity.titleEn;
    const stageTitle = content === "zh" ? stage.titleZh || stage.titleEn : stage.titleEn;
    const recipients = [{ email: draft.email, memberId: undefined as string | undefined }, ...draft.members.map((m) => ({ email: m.email, memberId: m.id }))];
    for (const recipient of recipients) {
      const dedupeKey = deadlineReminderKey(draft.id, stage.id, reminder, recipient.memberId);
      if (alreadyWritten.has(dedupeKey)) continue;
      const email = await renderEmail(locale, (t) => {
        const when = t("Mail.utc", { dateTime: utcDateTime(deadline, locale) });
        return {
          subject: t("Reminders.deadline.subject", { call }),
          blocks: [
            { paragraph: t("Reminders.deadline.opening", { call, deadline: when }) },
            {
              facts: [
                ...applicationFacts(t, { reference: draft.reference ?? "", call, payloadName: draft.payloadName, leadInstitution: draft.leadInstitution }).filter(([, value]) => value),
                [t("Reminders.deadline.stage"), stageTitle],
                [t("Reminders.deadline.deadline"), when],
              ],
            },
            // Only the token's hash is kept, so the reminder points to the mail that carries the private link.
            {
              paragraph: recipient.memberId
                ? t("Reminders.deadline.memberLink")
                : t("Reminders.deadline.leadLink", { subject: t("Mail.resume.subject", { call }) }),
            },
            { paragraph: t("Reminders.deadline.ignore") },
          ],
        };
      });
      const id = await enqueueMail(prisma, {
        to: recipient.email,
        ...email,
        kind: "deadline-reminder",
        applicationId: draft.id,
        dedupeKey,
      });
      if (id) written += 1;
    }
  }
  return written;
}

export const deadlineRemindersTask: PeriodicTask = {
  name: "deadline-reminders",
  everyMs: 15 * 60_000,
  run: async (now) => `wrote ${await sendDeadlineReminders(now)} deadline reminders`,
};
