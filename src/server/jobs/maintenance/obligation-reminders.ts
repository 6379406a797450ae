import "server-only";
import { env } from "@/env";
import { staffDay } from "@/lib/staff-dates";
import { PERMISSIONS } from "@/lib/permissions";
import { prisma } from "../../db";
import { enqueueMail } from "../../mail/outbox";
import { renderEmail } from "../../mail/render";
import type { PeriodicTask } from "../types";
import { dueReminder, OBLIGATION_THRESHOLDS, obligationDueAt, type ObligationReminder } from "./reminder-timing";

const DAY_MS = 86_400_000;
const FIRST_THRESHOLD_DAYS = Math.max(...OBLIGATION_THRESHOLDS.map((t) => t.beforeMs)) / DAY_MS;
// Staff accounts keep no interface language: their mail is in English, as the panel's default.
const STAFF_LOCALE = "en";

/** The reminder's key: one per obligation, due date and threshold, for each staff member who gets it. */
export const obligationReminderKey = (obligationId: string, dueOn: Date, reminder: ObligationReminder, staffId: string) =>
  `obligation:${obligationId}:${dueOn.toISOString().slice(0, 10)}:${reminder}:${staffId}`;

/**
 * Reminds the active staff who manage agreements (content.write in the role table) of obligations not yet met, 30
 * and 7 days before they fall due. Each reminder is written once; how many were written.
 */
export async function sendObligationReminders(now: Date): Promise<number> {
  const today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const obligations = await prisma.agreementObligation.findMany({
    where: { completedOn: null, dueOn: { gte: today, lte: new Date(today.getTime() + FIRST_THRESHOLD_DAYS * DAY_MS) } },
    select: {
      id: true,
      kind: true,
      dueOn: true,
      agreement: { select: { id: true, award: { select: { institution: { select: { nameEn: true } }, opportunity: { select: { titleEn: true } } } } } },
    },
  });
  const due = obligations.flatMap((o) => {
    const reminder = dueReminder(OBLIGATION_THRESHOLDS, obligationDueAt(o.dueOn), now);
    return reminder ? [{ ...o, reminder }] : [];
  });
  if (due.length === 0) return 0;
  const staff = await prisma.staffUser.findMany({
    where: { role: { in: [...PERMISSIONS["content.write"]] }, disabledAt: null },
    select: { id: true, email: true },
  });
  let written = 0;
  for (const obligation of due) {
    const institution = obligation.agreement.award.institution.nameEn;
    const dueOn = staffDay(obligation.dueOn, STAFF_LOCALE);
    const email = await renderEmail(STAFF_LOCALE, (t) => ({
      subject: t("Reminders.obligation.subject", { dueOn, institution }),
      blocks: [
        { paragraph: t("Reminders.obligation.opening", { dueOn }) },
        {
          facts: [
            [t("Reminders.obligation.institution"), institution],
            [t("Reminders.obligation.agreement"), t("Reminders.obligation.agreementOf", { call: obligation.agreement.award.opportunity.titleEn })],
            [t("Reminders.obligation.kind"), t(`Obligation.${obligation.kind}`)],
            [t("Reminders.obligation.dueOn"), dueOn],
          ],
        },
        { paragraph: t("Reminders.obligation.open") },
        { link: `${env.SITE_URL}/${STAFF_LOCALE}/admin/agreements/${obligation.agreement.id}` },
      ],
    }));
    for (const member of staff) {
      const id = await enqueueMail(prisma, {
        to: member.email,
        ...email,
        kind: "obligation-reminder",
        dedupeKey: obligationReminderKey(obligation.id, obligation.dueOn, obligation.reminder, member.id),
      });
      if (id) written += 1;
    }
  }
  return written;
}

export const obligationRemindersTask: PeriodicTask = {
  name: "obligation-reminders",
  everyMs: 6 * 60 * 60_000,
  run: async (now) => `wrote ${await sendObligationReminders(now)} obligation reminders`,
};
