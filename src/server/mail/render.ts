import "server-only";
import { type Locale, LOCALE_INFO } from "@/i18n/locales";
import { type Translate, translatorFor } from "@/i18n/translator";

// Every email is written from the "Mail" namespace of the message catalogues (src/i18n/messages/mail.*.json)
// as a list of blocks, so that its text and HTML versions always say the same thing.

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

export type Block =
  | { paragraph: string }
  | { link: string }
  | { facts: [label: string, value: string][] }
  /** A heading over text someone typed, kept line by line (the selection committee's note). */
  | { quote: [heading: string, text: string] };

/** What one email says, in the words of the catalogue it was given. */
export type Compose = (t: Translate) => { subject: string; blocks: Block[] };

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Makes any text safe inside HTML element content and quoted attributes. */
export const escapeHtml = (value: string): string => value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);

/** A moment as a long date and short time in UTC, in the language's own order; the wording that names the zone is the caller's. */
export const utcDateTime = (date: Date, locale: Locale): string =>
  new Intl.DateTimeFormat(LOCALE_INFO[locale].intl, { dateStyle: "long", timeStyle: "short", timeZone: "UTC" }).format(date);

function renderText(t: Translate, blocks: Block[]): string {
  return blocks
    .map((block) => {
      if ("paragraph" in block) return block.paragraph;
      if ("link" in block) return block.link;
      if ("quote" in block) return block.quote.join("\n");
      return block.facts.map(([label, value]) => t("Mail.fact", { label, value })).join("\n");
    })
    .join("\n\n")
    .concat("\n");
}

function renderHtml(locale: Locale, subject: string, blocks: Block[]): string {
  const body = blocks
    .map((block) => {
      if ("paragraph" in block) return `<p>${escapeHtml(block.paragraph)}</p>`;
      if ("link" in block) {
        const url = escapeHtml(block.link);
        // Only web links become clickable; anything else is shown as text.
        return /^https?:\/\//i.test(block.link) ? `<p><a href="${url}">${url}</a></p>` : `<p>${url}</p>`;
      }
      if ("quote" in block) {
        const [heading, text] = block.quote;
        return `<p><strong>${escapeHtml(heading)}</strong><br>${escapeHtml(text).replace(/\r?\n/g, "<br>")}</p>`;
      }
      const rows = block.facts
        .map(([label, value]) => `<tr><th align="left" style="padding:2px 16px 2px 0;font-weight:600">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`)
        .join("");
      return `<table role="presentation" cellpadding="0" cellspacing="0">${rows}</table>`;
    })
    .join("\n");
  return `<!doctype html>
<html lang="${LOCALE_INFO[locale].tag}" dir="${LOCALE_INFO[locale].dir}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(subject)}</title></head>
<body style="margin:0;padding:24px;font-family:system-ui,-apple-system,'Segoe UI','Noto Sans','PingFang SC','Microsoft YaHei',sans-serif;line-height:1.6;color:#0f172a">
${body}
</body>
</html>
`;
}

/** Writes an email in the reader's interface language, from that language's catalogue, as plain text and HTML. */
export async function renderEmail(locale: Locale, compose: Compose): Promise<RenderedEmail> {
  const t = await translatorFor(locale);
  const { subject, blocks } = compose(t);
  return { subject, text: renderText(t, blocks), html: renderHtml(locale, subject, blocks) };
}
