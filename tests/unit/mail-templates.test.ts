import { afterEach, describe, expect, it, vi } from "vitest";
import type { ContentLocale } from "@/i18n/locales";
import english from "@/i18n/messages/mail.en.json";
import type { Translate } from "@/i18n/translator";
import { decisionEmail } from "@/server/mail/decision-templates";
import { formatUtcDateTime, resumeLinkEmail, submissionConfirmationEmail, withdrawalConfirmationEmail } from "@/server/mail/templates";

// Every email in each language mail is written in, as the recipient reads it: the catalogue's words, never one of
// its keys ("Mail.submission.subject") or an ICU placeholder left unfilled, and every string in it read by some email.


const read = vi.hoisted(() => new Set<string>());
vi.mock("@/i18n/translator", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/i18n/translator")>();
  const translatorFor = async (locale: string): Promise<Translate> => {
    const t = await real.translatorFor(locale);
    return (key, values) => (read.add(key), t(key, values));
  };
  return { ...real, translatorFor };
});

afterEach(() => vi.restoreAllMocks());

const REFERENCE = "TW3-2026-000321";
const URL = "https://portal.test/en/applications/abc?token=t";
const CALL = { en: "Tianwen-3 payload offer", zh: "天问三号载荷搭载机会" } as const;
const application = { reference: REFERENCE, payloadName: "Mars dust spectrometer", leadInstitution: "Universidad de Chile" };

const emails = (locale: ContentLocale) => ({
  resume: resumeLinkEmail({ locale, call: CALL[locale], resumeUrl: URL }),
  submission: submissionConfirmationEmail({ locale, ...application, call: CALL[locale], statusUrl: URL, submittedAt: new Date("2026-11-25T14:03:00Z") }),
  withdrawal: withdrawalConfirmationEmail({ locale, reference: REFERENCE, call: CALL[locale], statusUrl: URL }),
  accepted: decisionEmail({ locale, outcome: "ACCEPTED", ...application, call: CALL[locale], note: "Welcome aboard.\nSee you at the review.", reserved: true }),
  declined: decisionEmail({ locale, outcome: "DECLINED", ...application, call: CALL[locale] }),
});

const SUBJECTS = {
  en: {
    resume: "Your saved application: Tianwen-3 payload offer",
    submission: `Application received: ${REFERENCE}`,
    withdrawal: `Application withdrawn: ${REFERENCE}`,
    accepted: `Your application is accepted: ${REFERENCE}`,
    declined: `Decision on your application: ${REFERENCE}`,
  },
  zh: {
    resume: "您保存的申请：天问三号载荷搭载机会",
    submission: `已收到您的申请：${REFERENCE}`,
    withdrawal: `申请已撤回：${REFERENCE}`,
    accepted: `您的申请已获接受：${REFERENCE}`,
    declined: `关于您申请的决定：${REFERENCE}`,
  },
} as const;

function keysOf(tree: object, prefix: string): string[] {
  return Object.entries(tree).flatMap(([key, value]) => (typeof value === "string" ? [`${prefix}.${key}`] : keysOf(value as object, `${prefix}.${key}`)));
}

describe("mail from the message catalogues", () => {
  it.each(["en", "zh"] as const)("writes every email in %s in the catalogue's words, with no key or placeholder showing", async (locale) => {
    const missing = vi.spyOn(console, "error"); // where next-intl reports a key or value it could not find
    const rendered = Object.entries(emails(locale));
    for (const [name, pending] of rendered) {
      const email = await pending;
      expect(email.subject, name).toBe(SUBJECTS[locale][name as keyof (typeof SUBJECTS)["en"]]);
      for (const part of [email.subject, email.text, email.html]) {
        expect(part, name).not.toMatch(/\bMail\.\w/);
        expect(part, name).not.toMatch(/[{}]/);
      }
      // Chinese mail is written in Han characters; English mail has none.
      expect(/\p{Script=Han}/u.test(email.text), name).toBe(locale === "zh");
    }
    expect(missing).not.toHaveBeenCalled();
  });

  it("names the application and links to it where the recipient needs it", async () => {
    const en = emails("en");
    const zh = emails("zh");
    for (const email of [await en.resume, await en.submission, await en.withdrawal, await zh.submission]) {
      expect(email.text).toContain(URL);
      expect(email.html).toContain(`<a href="${URL.replace(/&/g, "&amp;")}">`);
    }
    expect((await en.submission).text).toContain(`Reference: ${REFERENCE}\nCall: Tianwen-3 payload offer\nPayload: Mars dust spectrometer\nLead institution: Universidad de Chile`);
    expect((await zh.submission).text).toContain(`申请编号：${REFERENCE}\n征集：天问三号载荷搭载机会\n载荷名称：Mars dust spectrometer\n牵头单位：Universidad de Chile\n提交时间：2026年11月25日 14:03（UTC）`);
    expect((await en.withdrawal).text).toContain(`Your application ${REFERENCE} to Tianwen-3 payload offer has been withdrawn.`);
    expect((await en.accepted).text).toContain("Note from the selection committee:\nWelcome aboard.\nSee you at the review.");
    expect((await en.accepted).html).toContain("<p><strong>Note from the selection committee:</strong><br>Welcome aboard.<br>See you at the review.</p>");
    expect((await zh.declined).text).toContain("决定：未获接受");
    expect((await zh.declined).text).not.toContain("评审委员会附言");
  });

  it("reads every string of the mail catalogue in some email", async () => {
    for (const locale of ["en", "zh"] as const) await Promise.all(Object.values(emails(locale)));
    expect(keysOf(english.Mail, "Mail").filter((key) => !read.has(key))).toEqual([]);
  });

  it("still gives the receipt its moment in UTC, in the catalogue's words", () => {
    const at = new Date("2026-11-25T14:03:00Z");
    expect(formatUtcDateTime(at, "en")).toBe("25 November 2026 at 14:03 UTC");
    expect(formatUtcDateTime(at, "zh")).toBe("2026年11月25日 14:03（UTC）");
  });
});

describe("mail about a call that is not Tianwen-3", () => {
  it("names that call, and lists no payload or lead institution its form did not ask for", async () => {
    const call = "Chang'e-5 lunar sample loans, second round";
    const submission = await submissionConfirmationEmail({ locale: "en", reference: "C5S2-2026-000001", call, statusUrl: URL, submittedAt: new Date("2026-11-25T14:03:00Z") });
    expect(submission.text).toContain(`We have received your application to ${call}.`);
    expect(submission.text).toContain(`Reference: C5S2-2026-000001\nCall: ${call}\nSubmitted:`);
    const accepted = await decisionEmail({ locale: "en", outcome: "ACCEPTED", reference: "C5S2-2026-000001", call });
    expect(accepted.text).toContain(`accepted your application to ${call}.`);
    for (const email of [submission, accepted]) {
      expect(email.text).not.toContain("Tianwen");
      expect(email.text).not.toMatch(/Payload|Lead institution/);
    }
  });

  it("says something was reserved only when the acceptance reserved something of the call's pools", async () => {
    const call = "Chang'e-5 lunar sample loans, second round";
    const none = await decisionEmail({ locale: "en", outcome: "ACCEPTED", reference: "C5S2-2026-000002", call, reserved: false });
    expect(none.text).not.toContain("reserved");
    const some = await decisionEmail({ locale: "fr", outcome: "ACCEPTED", reference: "TW3-2026-000002", call: "Tianwen-3", reserved: true });
    expect(some.text).toContain("lui est désormais réservé");
  });
});
