import { randomUUID } from "node:crypto";
import { createServer, type AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { env } from "@/env";
import { createMailer, sendMail } from "@/server/mail/send";
import { resumeLinkEmail, submissionConfirmationEmail, withdrawalConfirmationEmail } from "@/server/mail/templates";
import { testPrisma } from "../support/database";
import { startSmtpSink, type SmtpSink } from "../support/smtp-sink";


// Mail either reaches the SMTP server or waits in OutboxEmail; a submission never fails because of it.

const FROM = "Space Cooperation Portal <no-reply@portal.test>";
const uniqueAddress = () => `applicant-${randomUUID()}@example.org`;
const outboxFor = (to: string) => testPrisma().outboxEmail.findMany({ where: { to } });

let sink: SmtpSink;
beforeAll(async () => {
  sink = await startSmtpSink();
});
afterAll(() => sink?.close());
afterEach(() => vi.restoreAllMocks());

/** A port on this machine that nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe("sendMail with an SMTP server", () => {
  it("delivers the message with its subject and both bodies, and keeps no copy", async () => {
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

    const result = await createMailer({ smtpUrl: sink.url, from: FROM })({ to, ...email });

    expect(result).toEqual({ delivered: true });
    const received = await sink.waitFor((m) => m.to.includes(to));
    expect(received.subject).toBe("Application received: TW3-2026-000123");
    expect(received.from).toBe('"Space Cooperation Portal" <no-reply@portal.test>');
    expect(received.text).toContain("Mars dust spectrometer");
    expect(received.text).toContain("https://portal.test/en/applications/status?token=abc");
    expect(received.html).toContain('<a href="https://portal.test/en/applications/status?token=abc">');
    expect(await outboxFor(to)).toEqual([]);
  });

  it("delivers Chinese subjects and bodies intact", async () => {
    const to = uniqueAddress();
    const email = await resumeLinkEmail({ locale: "zh", call: "天问三号载荷搭载机会", resumeUrl: "https://portal.test/zh/apply/resume?token=xyz" });

    await createMailer({ smtpUrl: sink.url, from: FROM })({ to, ...email });

    const received = await sink.waitFor((m) => m.to.includes(to));
    expect(received.subject).toBe("您保存的申请：天问三号载荷搭载机会");
    expect(received.text).toContain("请勿分享");
  });
});

describe("sendMail with no SMTP server", () => {
  it("keeps the message in OutboxEmail and says where to read it in one log line", async () => {
    const info = vi.spyOn(console, "info").mockImplementation(() => {});
    const to = uniqueAddress();
    const email = await withdrawalConfirmationEmail({ locale: "en", reference: "TW3-2026-000124", call: "Tianwen-3 payload offer", statusUrl: "https://portal.test/s/1" });

    const result = await createMailer({ from: FROM })({ to, ...email });

    expect(result).toEqual({ delivered: false, reason: "not_configured" });
    const [row, ...others] = await outboxFor(to);
    expect(others).toEqual([]);
    expect(row).toMatchObject({ subject: email.subject, text: email.text, html: email.html, error: null, sentAt: null });
    expect(info).toHaveBeenCalledTimes(1);
    expect(info.mock.calls[0]![0]).toContain(`OutboxEmail table, id ${row!.id}`);
  });

  it.runIf(!env.SMTP_URL)("is what sendMail does when SMTP_URL is unset", async () => {
    vi.spyOn(console, "info").mockImplementation(() => {});
    const to = uniqueAddress();

    expect(await sendMail({ to, subject: "Hello", text: "Plain only" })).toEqual({ delivered: false, reason: "not_configured" });
    expect(await outboxFor(to)).toMatchObject([{ subject: "Hello", text: "Plain only", html: null }]);
  });
});

describe("sendMail when the SMTP server cannot be reached", () => {
  it("keeps the message in OutboxEmail with the error, and does not throw", async () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    const to = uniqueAddress();
    const port = await closedPort();

    const result = await createMailer({ smtpUrl: `smtp://user:pass@127.0.0.1:${port}`, from: FROM })({
      to,
      subject: "Application received: TW3-2026-000125",
      text: "Thank you.",
      html: "<p>Thank you.</p>",
    });

    expect(result).toEqual({ delivered: false, reason: "refused" });
    const rows = await outboxFor(to);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ subject: "Application received: TW3-2026-000125", text: "Thank you.", html: "<p>Thank you.</p>", sentAt: null });
    expect(rows[0]!.error).toMatch(/ECONNREFUSED/);
    expect(error).toHaveBeenCalledTimes(1);
  });

  it("keeps no second copy of a message that already has its row, such as a released decision notice", async () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    const info = vi.spyOn(console, "info").mockImplementation(() => {});
    const to = uniqueAddress();
    const port = await closedPort();
    const message = { to, subject: "Decision on TW3-2026-000126", text: "Dear applicant," };

    expect(await createMailer({ smtpUrl: `smtp://127.0.0.1:${port}`, from: FROM })(message, { keepCopy: false })).toEqual({ delivered: false, reason: "refused" });
    expect(await createMailer({ from: FROM })(message, { keepCopy: false })).toEqual({ delivered: false, reason: "not_configured" });

    expect(await outboxFor(to)).toHaveLength(0);
    expect(error).toHaveBeenCalledWith(expect.stringContaining("stays in the OutboxEmail table"));
    expect(info).toHaveBeenCalledWith(expect.stringContaining("stays in the OutboxEmail table"));
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
