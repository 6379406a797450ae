import "server-only";
import { isLocale, LOCALE_INFO, LOCALES, type Locale } from "@/i18n/locales";

// Which sent messages lose their private links, and what their text becomes: pure, so the rule is tested on its own.

const DAY_MS = 86_400_000;

/** A sent message keeps its private links this long; the applicant's own mailbox is not touched. */
export const KEEP_LINKS_MS = 7 * DAY_MS;

/** Messages sent before this instant are due for the purge. */
export const purgeCutoff = (now: Date): Date => new Date(now.getTime() - KEEP_LINKS_MS);

/**
 * Whether a stored message is due: not yet purged, and sent more than 7 days ago, or given up by the runner more than
 * 7 days ago (staff may send it again until then); mail still to be sent keeps its links.
 */
export function isPurgeDue(message: { sentAt: Date | null; gaveUpAt?: Date | null; purgedAt: Date | null }, now: Date): boolean {
  const since = message.sentAt ?? message.gaveUpAt ?? null;
  return since !== null && message.purgedAt === null && since.getTime() < purgeCutoff(now).getTime();
}

// Every private link carries an application's or a member's token (43 base64url characters, see tokens.ts) after
// /applications/: the resume, status and team pages, and the receipt under /api/applications/.
const URL_CHAR = String.raw`[^\s<>"']`;
const PRIVATE_LINK_SOURCE = String.raw`[hH][tT][tT][pP][sS]?://${URL_CHAR}*?/applications/[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])(?:[/?#]${URL_CHAR}*)?`;
const privateLink = () => new RegExp(PRIVATE_LINK_SOURCE, "g");
// An HTML link whose address is private goes whole, its visible text included.
const privateAnchor = () => new RegExp(String.raw`<a\b[^>]*\bhref\s*=\s*["']${PRIVATE_LINK_SOURCE}["'][^>]*>[\s\S]*?</a>`, "gi");

/** Whether the text holds a private link. */
export const hasPrivateLink = (text: string): boolean => privateLink().test(text);

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/**
 * The language a message was written in: its HTML's lang attribute, else the language in its links' paths, else
 * null. Messages are not stored with their language, but every rendered one says it in both places.
 */
export function messageLocale(message: { text: string; html: string | null }): Locale | null {
  const tag = message.html?.match(/<html\b[^>]*\blang="([^"]+)"/i)?.[1];
  const byTag = LOCALES.find((locale) => LOCALE_INFO[locale].tag === tag);
  if (byTag) return byTag;
  const inPath = privateLink().exec(message.text)?.[0].match(/^https?:\/\/[^/]+\/([a-z]{2})\/applications\//)?.[1];
  return inPath && isLocale(inPath) ? inPath : null;
}

/**
 * The message with each private link replaced by `noteFor(its language)`: in the text as it is, in the HTML escaped
 * and with the whole link element replaced. Everything else is left as it was.
 */
export function purgePrivateLinks(message: { text: string; html: string | null }, noteFor: (locale: Locale | null) => string): { text: string; html: string | null } {
  const note = noteFor(messageLocale(message));
  const text = message.text.replace(privateLink(), note);
  const html = message.html === null ? null : message.html.replace(privateAnchor(), escapeHtml(note)).replace(privateLink(), escapeHtml(note));
  return { text, html };
}
