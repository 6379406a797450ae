import { createServer, type AddressInfo } from "node:net";
import { simpleParser, type AddressObject } from "mailparser";
import { SMTPServer } from "smtp-server";

// A local SMTP server that accepts everything and keeps the parsed messages, for tests that read the mail the app sends.

export interface ParsedMessage {
  /** The envelope recipients (RCPT TO), which is where the message really went. */
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  /** The Message-ID header: the portal gives a message the same one on every attempt. */
  messageId: string;
  /** When the sink received it, as an ISO string (the same in memory and in the JSON of scripts/smtp-sink.ts). */
  date: string;
}

export interface SmtpSink {
  /** smtp://user:pass@127.0.0.1:port, ready for SMTP_URL; the sink accepts any credentials, or none. */
  url: string;
  port: number;
  /** Every message received so far, oldest first. */
  messages: ParsedMessage[];
  /** The first message, received or still to come, that matches; rejects after timeoutMs (default 5 s). */
  waitFor(predicate: (message: ParsedMessage) => boolean, timeoutMs?: number): Promise<ParsedMessage>;
  close(): Promise<void>;
}

const addressesOf = (field: AddressObject | AddressObject[] | undefined): string =>
  (Array.isArray(field) ? field : field ? [field] : []).map((a) => a.text).join(", ");

/** Starts the sink on 127.0.0.1, on a free port unless one is given. */
export async function startSmtpSink({ port = 0 }: { port?: number } = {}): Promise<SmtpSink> {
  const messages: ParsedMessage[] = [];
  const waiters = new Set<() => void>();

  const server = new SMTPServer({
    authOptional: true,
    // Plain-text AUTH without STARTTLS: the sink is local, and the app's self-signed-certificate upgrade would fail.
    allowInsecureAuth: true,
    disabledCommands: ["STARTTLS"],
    closeTimeout: 1000,
    logger: false,
    onAuth(auth, _session, callback) {
      callback(null, { user: auth.username ?? "anyone" });
    },
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (parsed) => {
          messages.push({
            to: session.envelope.rcptTo.map((r) => r.address),
            from: addressesOf(parsed.from),
            subject: parsed.subject ?? "",
            text: parsed.text ?? "",
            html: parsed.html || "",
            messageId: parsed.messageId ?? "",
            date: new Date().toISOString(),
          });
          for (const wake of waiters) wake();
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  // A client that drops its connection mid-message must not bring the test process down.
  server.on("error", () => {});
  const { port: actualPort } = server.server.address() as AddressInfo;

  return {
    url: `smtp://sink:sink@127.0.0.1:${actualPort}`,
    port: actualPort,
    messages,
    waitFor(predicate, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = messages.find(predicate);
          if (!found) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          const seen = messages.map((m) => `"${m.subject}" to ${m.to.join(", ")}`).join("; ") || "none";
          reject(new Error(`No matching message within ${timeoutMs} ms; received: ${seen}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A port on this machine that nothing listens on: a mail server that is down. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
