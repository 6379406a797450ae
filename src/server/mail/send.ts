import "server-only";
import nodemailer from "nodemailer";
import { env } from "@/env";

// The job runner's way to the mail server (src/server/jobs/runner.ts); nothing else sends mail.

export interface OutgoingMail {
  /** Stable per OutboxEmail row, so that a message sent twice is recognisably the same message. */
  messageId: string;
  to: string;
  subject: string;
  text: string;
  html?: string;
}

/** Hands one message to the mail server; throws when it is not accepted. */
export type MailTransport = (mail: OutgoingMail) => Promise<void>;

export interface MailerConfig {
  /** smtp:// or smtps:// URL; without one no transport exists and mail stays queued in OutboxEmail. */
  smtpUrl?: string;
  from: string;
}

// Short timeouts: a request waits a few seconds for its own mail, and a stuck server must not hold a runner's claim.
const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 };

/** A transport for one configuration; null when it names no mail server. */
export function createMailTransport(config: MailerConfig): MailTransport | null {
  if (!config.smtpUrl) return null;
  // Pooled: a few connections kept open and reused, rather than a new connection and greeting for every message.
  const transport = nodemailer.createTransport({ url: config.smtpUrl, pool: true, ...SMTP_TIMEOUTS });
  return async (mail) => {
    await transport.sendMail({ from: config.from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html, messageId: mail.messageId });
  };
}

/** The configuration the environment gives (SMTP_URL, MAIL_FROM). */
export const mailerFromEnv = (): MailerConfig => ({ smtpUrl: env.SMTP_URL, from: env.MAIL_FROM });
