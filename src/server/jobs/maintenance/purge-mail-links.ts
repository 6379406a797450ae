import "server-only";
import { translatorFor } from "@/i18n/translator";
import { LOCALES, type Locale } from "@/i18n/locales";
import { prisma } from "../../db";
import type { PeriodicTask } from "../types";
import { purgeCutoff, purgePrivateLinks } from "./mail-purge-rules";

const BATCH = 100;

/** The note that stands where a link was, in the message's language (English when it cannot be told). */
async function notesByLocale(): Promise<(locale: Locale | null) => string> {
  const cache = new Map<Locale, string>();
  for (const locale of LOCALES) cache.set(locale, (await translatorFor(locale))("Reminders.linkRemoved"));
  return (locale) => cache.get(locale ?? "en")!;
}

/** Removes the private links from mail sent, or given up, more than 7 days ago; the number of messages purged. */
export async function purgeSentMailLinks(now: Date): Promise<number> {
  const noteFor = await notesByLocale();
  let purged = 0;
  for (;;) {
    const rows = await prisma.outboxEmail.findMany({
      where: { purgedAt: null, OR: [{ sentAt: { lt: purgeCutoff(now) } }, { sentAt: null, gaveUpAt: { lt: purgeCutoff(now) } }] },
      select: { id: true, text: true, html: true },
      orderBy: { id: "asc" },
      take: BATCH,
    });
    for (const row of rows) {
      const { text, html } = purgePrivateLinks(row, noteFor);
      // purgedAt is set even where there was no link, so the row is not read again.
      const done = await prisma.outboxEmail.updateMany({ where: { id: row.id, purgedAt: null }, data: { text, html, purgedAt: now } });
      purged += done.count;
    }
    if (rows.length < BATCH) return purged;
  }
}

export const purgeMailLinksTask: PeriodicTask = {
  name: "purge-sent-mail-links",
  everyMs: 60 * 60_000,
  // sentAt is stamped by the database's real clock, so it is aged by that clock, never by the deadline clock tests move.
  run: async () => `purged private links from ${await purgeSentMailLinks(new Date())} sent messages`,
};
