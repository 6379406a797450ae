import "server-only";
import nodemailer from "nodemailer";
import { env } from "@/env";
import { prisma } from "@/server/db";

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** The application the message is about, kept on its OutboxEmail row when it is not sent. */
  applicationId?: string;
}

export interface SendMailResult {
  /** True only when the SMTP server accepted the message; otherwise it is in the OutboxEmail table. */
  delivered: boolean;
  /** Why not: no mail server is configured (the message is queued), or the server refused it. */
  reason?: "not_configured" | "refused";
}

export interface SendOptions {
  /** False for a message that already has its own OutboxEmail row (a released notice): no second copy is kept. */
  keepCopy?: boolean;
}

export type Send = (message: MailMessage, options?: SendOptions) => Promise<SendMailResult>;

export interface MailerConfig {
  /** smtp:// or smtps:// URL; without one every message is kept in OutboxEmail. */
  smtpUrl?: string;
  from: string;
}

// Short timeouts: a submission waits for its confirmation mail, and a stuck server must not hold it for minutes.
const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 };

async function keepInOutbox(message: MailMessage, error?: string): Promise<string> {
  const row = await prisma.outboxEmail.create({
    data: { applicationId: message.applicationId ?? null, to: message.to, subject: message.subject, text: message.text, html: message.html ?? null, error: error ?? null },
    select: { id: true },
  });
  return row.id;
}

const describeError = (error: unknown): string => (error instanceof Error ? error.message : String(error)).slice(0, 2000);

/**
 * A sender bound to one configuration; `sendMail` below is the one built from the environment.
 * It never throws: mail that cannot go out is kept in OutboxEmail, so a submission is never lost to a mail failure.
 */
export function createMailer(config: MailerConfig): Send {
  const transport = config.smtpUrl ? nodemailer.createTransport({ url: config.smtpUrl, ...SMTP_TIMEOUTS }) : null;

  return async function send(message, { keepCopy = true } = {}) {
    if (!transport) {
      if (!keepCopy) {
        console.info(`[mail] No SMTP_URL set: "${message.subject}" not sent; it stays in the OutboxEmail table.`);
        return { delivered: false, reason: "not_configured" };
      }
      try {
        const id = await keepInOutbox(message);
        console.info(`[mail] No SMTP_URL set: "${message.subject}" kept in the OutboxEmail table, id ${id}.`);
      } catch (error) {
        console.error(`[mail] Could not keep "${message.subject}" in OutboxEmail: ${describeError(error)}`);
      }
      return { delivered: false, reason: "not_configured" };
    }
    try {
      await transport.sendMail({ from: config.from, to: message.to, subject: message.subject, text: message.text, html: message.html });
      return { delivered: true };
    } catch (sendError) {
      const reason = describeError(sendError);
      if (!keepCopy) {
        console.error(`[mail] SMTP refused "${message.subject}" (${reason}); it stays in the OutboxEmail table.`);
        return { delivered: false, reason: "refused" };
      }
      try {
        const id = await keepInOutbox(message, reason);
        console.error(`[mail] SMTP refused "${message.subject}" (${reason}); kept in the OutboxEmail table, id ${id}.`);
      } catch (storeError) {
        console.error(`[mail] SMTP refused "${message.subject}" (${reason}) and OutboxEmail failed too: ${describeError(storeError)}`);
      }
      return { delivered: false, reason: "refused" };
    }
  };
}

let fromEnv: Send | undefined;

/** Sends through SMTP_URL from MAIL_FROM, or keeps the message in OutboxEmail when there is no SMTP server or it fails. */
export function sendMail(message: MailMessage, options?: SendOptions): Promise<SendMailResult> {
  fromEnv ??= createMailer({ smtpUrl: env.SMTP_URL, from: env.MAIL_FROM });
  return fromEnv(message, options);
}
