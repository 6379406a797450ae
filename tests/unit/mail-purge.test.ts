import { describe, expect, it } from "vitest";
import { isPurgeDue, messageLocale, purgeCutoff, purgePrivateLinks } from "@/server/jobs/maintenance/mail-purge-rules";

// The purge of private links from sent mail: which stored messages are due, and what their text and HTML become.

const DAY = 86_400_000;
const NOW = new Date("2026-12-07T12:00:00Z");
const TOKEN = "A".repeat(20) + "b_-" + "9".repeat(20); // 43 base64url characters, as newAccessToken makes
const OTHER = "Zz0_-".repeat(8) + "xyz";
const status = `https://portal.example/fr/applications/${TOKEN}`;
const team = `https://portal.example/fr/applications/${OTHER}/team`;
const receipt = `https://portal.example/api/applications/${TOKEN}/receipt`;
const NOTES = { en: "[link removed]", fr: "[lien supprimé]", zh: "[链接已删除]" } as Record<string, string>;
const noteFor = (locale: string | null) => NOTES[locale ?? "en"] ?? NOTES.en!;

const html = (lang: string, body: string) => `<!doctype html>\n<html lang="${lang}" dir="ltr">\n<head><title>x</title></head>\n<body>\n${body}\n</body>\n</html>\n`;

describe("which messages are purged", () => {
  it("takes mail sent more than 7 days ago and not purged yet", () => {
    expect(isPurgeDue({ sentAt: new Date(NOW.getTime() - 8 * DAY), purgedAt: null }, NOW)).toBe(true);
    expect(isPurgeDue({ sentAt: new Date(NOW.getTime() - 7 * DAY - 1), purgedAt: null }, NOW)).toBe(true);
  });

  it("leaves mail sent 7 days ago or less, mail already purged, and mail never sent", () => {
    expect(isPurgeDue({ sentAt: new Date(NOW.getTime() - 6 * DAY), purgedAt: null }, NOW)).toBe(false);
    expect(isPurgeDue({ sentAt: new Date(NOW.getTime() - 7 * DAY), purgedAt: null }, NOW)).toBe(false);
    // Mail the runner gave up on loses its links 7 days after it stopped trying; mail still being tried keeps them.
    expect(isPurgeDue({ sentAt: null, gaveUpAt: new Date(NOW.getTime() - 8 * DAY), purgedAt: null }, NOW)).toBe(true);
    expect(isPurgeDue({ sentAt: null, gaveUpAt: new Date(NOW.getTime() - 6 * DAY), purgedAt: null }, NOW)).toBe(false);
    expect(isPurgeDue({ sentAt: null, gaveUpAt: null, purgedAt: null }, NOW)).toBe(false);
    expect(isPurgeDue({ sentAt: new Date(NOW.getTime() - 30 * DAY), purgedAt: new Date(NOW.getTime() - DAY) }, NOW)).toBe(false);
    expect(isPurgeDue({ sentAt: null, purgedAt: null }, NOW)).toBe(false);
    expect(purgeCutoff(NOW).toISOString()).toBe("2026-11-30T12:00:00.000Z");
  });
});

describe("what a purged message says", () => {
  it("replaces every private link in the text with the note, keeping every other word and link", () => {
    const text = `Votre candidature est enregistrée.\n\n${status}\n\nÉquipe : ${team}\nReçu : ${receipt}\nAppel : https://portal.example/fr/calls/practice-call\n`;
    const purged = purgePrivateLinks({ text, html: null }, noteFor);
    expect(purged.text).toBe("Votre candidature est enregistrée.\n\n[lien supprimé]\n\nÉquipe : [lien supprimé]\nReçu : [lien supprimé]\nAppel : https://portal.example/fr/calls/practice-call\n");
    expect(purged.text).not.toContain(TOKEN);
    expect(purged.text).not.toContain(OTHER);
    expect(purged.html).toBeNull();
  });

  it("removes the whole link element from the HTML, its visible address included, and escapes the note", () => {
    const body = `<p>Continue:</p>\n<p><a href="${status}">${status}</a></p>\n<p>Keep <a href="https://portal.example/fr/privacy">this</a>.</p>`;
    const purged = purgePrivateLinks({ text: `Continue:\n\n${status}\n`, html: html("fr", body) }, () => "<removed & gone>");
    expect(purged.html).toContain("<p>&lt;removed &amp; gone&gt;</p>");
    expect(purged.html).not.toContain(TOKEN);
    expect(purged.html).toContain('<a href="https://portal.example/fr/privacy">this</a>');
    expect(purged.text).toBe("Continue:\n\n<removed & gone>\n");
  });

  it("writes the note in the message's own language: its HTML's lang, else the language in its link", () => {
    expect(messageLocale({ text: status, html: html("zh-Hans", "") })).toBe("zh");
    expect(messageLocale({ text: status, html: html("ar", "") })).toBe("ar");
    expect(messageLocale({ text: status, html: null })).toBe("fr");
    expect(messageLocale({ text: receipt, html: null })).toBeNull();
    const zh = purgePrivateLinks({ text: `链接：${status}`, html: html("zh-Hans", `<p><a href="${status}">${status}</a></p>`) }, noteFor);
    expect(zh.text).toBe("链接：[链接已删除]");
    expect(zh.html).toContain("<p>[链接已删除]</p>");
    expect(purgePrivateLinks({ text: receipt, html: null }, noteFor).text).toBe("[link removed]");
  });

  it("leaves alone what only looks like a private link: a shorter or longer token, or no token at all", () => {
    const text = [
      `https://portal.example/en/applications/${TOKEN.slice(1)}`,
      `https://portal.example/en/applications/${TOKEN}X`,
      "https://portal.example/en/calls/practice-call/apply",
      "https://portal.example/en/admin/applications/cm1234567890abcdefghijklmn",
    ].join("\n");
    expect(purgePrivateLinks({ text, html: null }, noteFor).text).toBe(text);
  });

  it("is unchanged by a second purge", () => {
    const once = purgePrivateLinks({ text: status, html: html("en", `<p><a href="${status}">${status}</a></p>`) }, noteFor);
    expect(purgePrivateLinks(once, noteFor)).toEqual(once);
  });
});
