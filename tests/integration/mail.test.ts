import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { env } from "@/env";
import { deliverDueMail, deliverNow } from "@/server/jobs/runner";
import { enqueueMail } from "@/server/mail/outbox";
import { createMailTransport, mailerFromEnv } from "@/server/mail/send";
import { resumeLinkEmail, submissionConfirmationEmail, withdrawalConfirmationEmail } from "@/server/mail/templates";
import { testPrisma } from "../support/database";
import { closedPort, startSmtpSink, type SmtpSink } from "../support/smtp-sink";


// Every message is kept in OutboxEmail; the job runner hands it to the SMTP server through this transport.

const FROM = "Space Cooperation Portal <no-reply@portal.test>";
const uniqueAddress = () => `applicant-${randomUUID()}@example.org`;
const outboxFor = (to: string) => testPrisma().outboxEmail.findMany({ where: { to } });

let sink: SmtpSink;
beforeAll(async () => {
  sink = await startSmtpSink();
});
afterAll(() => sink?.close());
afterEach(() => vi.restoreAllMocks());

describe("the mail transport with an SMTP server", () => {
  it("delivers the message with its subject, both bodies and the Message-ID it is given", async () => {
    const to = uniqueAddress();
    const email = await submissionConfirmationEmail({
      locale: "en",
      reference: "TW3-2026-000123",
      call: "Tianwen-3 payload offer",
      statusUrl: "https://portal.test/en/applications/status?token=abc",
      payloadName: "Mars dust spectrometer",
      leadInstitution: "Universidad de Chile",
      submittedAt: new Date("2026-11-25T14:03:00Z"),
    });

    await createMailTransport({ smtpUrl: sink.url, from: FROM })!({ messageId: "<row-1@portal.test>", to, ...email });

    const received = await sink.waitFor((m) => m.to.includes(to));
    expect(received.subject).toBe("Application received: TW3-2026-000123");
    expect(received.from).toBe('"Space Cooperation Portal" <no-reply@portal.test>');
    expect(received.text).toContain("Mars dust spectrometer");
    expect(received.text).toContain("https://portal.test/en/applications/status?token=abc");
    expect(received.html).toContain('<a href="https://portal.test/en/applications/status?token=abc">');
  });

  it("delivers Chinese subjects and bodies intact", async () => {
    const to = uniqueAddress();
    const email = await resumeLinkEmail({ locale: "zh", call: "天问三号载荷搭载机会", resumeUrl: "https://portal.test/zh/apply/resume?token=xyz" });

    await createMailTransport({ smtpUrl: sink.url, from: FROM })!({ messageId: "<row-2@portal.test>", to, ...email });

    const received = await sink.waitFor((m) => m.to.includes(to));
    expect(received.subject).toBe("您保存的申请：天问三号载荷搭载机会");
    expect(received.text).toContain("请勿分享");
  });
});

describe("the mail transport without a reachable SMTP server", () => {
  it("exists only when a server is configured: without one, mail stays in OutboxEmail", () => {
    expect(createMailTransport({ from: FROM })).toBeNull();
    expect(Boolean(env.SMTP_URL)).toBe(createMailTransport(mailerFromEnv()) !== null);
  });

  it("throws when the server cannot be reached, so that the runner records the refusal and retries", async () => {
    const port = await closedPort();
    const send = createMailTransport({ smtpUrl: `smtp://user:pass@127.0.0.1:${port}`, from: FROM })!;
    await expect(send({ messageId: "<row-3@portal.test>", to: uniqueAddress(), subject: "Application received", text: "Thank you." })).rejects.toThrow(/ECONNREFUSED/);
  });

  it("leaves a message written to the outbox unsent and uncounted until a server is configured", async () => {
    const to = uniqueAddress();
    const email = await withdrawalConfirmationEmail({ locale: "en", reference: "TW3-2026-000124", call: "Tianwen-3 payload offer", statusUrl: "https://portal.test/s/1" });
    const id = (await enqueueMail(testPrisma(), { kind: "withdrawal-confirmation", to, ...email }))!;

    await deliverDueMail({ mailer: { from: FROM } });
    expect(await outboxFor(to)).toMatchObject([{ id, subject: email.subject, text: email.text, html: email.html, error: null, sentAt: null, attempts: 0 }]);

    await deliverNow([id], { mailer: { smtpUrl: sink.url, from: FROM } });
    expect((await sink.waitFor((m) => m.to.includes(to))).subject).toBe(email.subject);
    expect((await outboxFor(to))[0]!.sentAt).not.toBeNull();
  });
});

const CALL = { en: "Tianwen-3 payload offer", zh: "天问三号载荷搭载机会" } as const;

describe("mail templates", () => {
  const hostile = `<script>alert("x")</script> & 'Co'`;

  it("escapes every applicant-supplied value in the HTML and keeps it readable in the text", async () => {
    const email = await submissionConfirmationEmail({
      locale: "en",
      reference: "TW3-2026-000126",
      call: "Tianwen-3 payload offer",
      statusUrl: `https://portal.test/s?token=a&next="><img src=x>`,
      payloadName: hostile,
      leadInstitution: hostile,
      submittedAt: new Date("2026-11-25T14:03:00Z"),
    });

    expect(email.html).not.toContain("<script>");
    expect(email.html).not.toContain("<img");
    expect(email.html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;Co&#39;");
    expect(email.html).toContain('href="https://portal.test/s?token=a&amp;next=&quot;&gt;&lt;img src=x&gt;"');
    expect(email.text).toContain(`Payload: ${hostile}`);
    expect(email.text).toContain("Submitted: 25 November 2026 at 14:03 UTC");
  });

  it("never makes a link of anything but a web address", async () => {
    const email = await resumeLinkEmail({ locale: "en", call: "Tianwen-3 payload offer", resumeUrl: "javascript:alert(1)" });
    expect(email.html).not.toContain("<a ");
  });

  it.each(["en", "zh"] as const)("writes each message in %s, with the link in both bodies", async (locale) => {
    const url = "https://portal.test/x?token=t";
    const emails = await Promise.all([
      resumeLinkEmail({ locale, call: CALL[locale], resumeUrl: url }),
      submissionConfirmationEmail({ locale, reference: "TW3-2026-000127", call: CALL[locale], statusUrl: url, payloadName: "P", leadInstitution: "L", submittedAt: new Date() }),
      withdrawalConfirmationEmail({ locale, reference: "TW3-2026-000127", call: CALL[locale], statusUrl: url }),
    ]);
    for (const email of emails) {
      expect(email.subject).not.toBe("");
      expect(email.text).toContain(url);
      expect(email.html).toContain(`href="${url}"`);
      expect(email.html).toContain(locale === "zh" ? 'lang="zh-Hans"' : 'lang="en"');
      // Chinese copy is mostly Han characters; the English copy has none.
      expect(/\p{Script=Han}/u.test(email.subject + email.text)).toBe(locale === "zh");
    }
  });

  it("says the submission time in Chinese with the zone named", async () => {
    const email = await submissionConfirmationEmail({
      locale: "zh",
      reference: "TW3-2026-000128",
      call: "天问三号载荷搭载机会",
      statusUrl: "https://portal.test/s",
      payloadName: "月尘光谱仪",
      leadInstitution: "中国科学院",
      submittedAt: new Date("2026-11-25T14:03:00Z"),
    });
    expect(email.text).toContain("提交时间：2026年11月25日 14:03（UTC）");
  });
});
