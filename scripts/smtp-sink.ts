// A local SMTP sink for browser tests: the app sends mail to it, and the tests read the messages back over HTTP.
// Usage: npx tsx scripts/smtp-sink.ts --smtp-port 2525 --http-port 2526
//   then SMTP_URL=smtp://sink:sink@127.0.0.1:2525 for the app, and
//   GET http://127.0.0.1:2526/messages?to=someone@example.org -> [{ to, subject, text, html, date }], oldest first.
// Stops on SIGTERM or SIGINT. npx does not pass signals on to tsx: signal the whole process group (kill -- -PGID),
// or start it as node_modules/.bin/tsx scripts/smtp-sink.ts and signal that process.
import { createServer } from "node:http";
import { parseArgs } from "node:util";
import { startSmtpSink } from "../tests/support/smtp-sink";

const { values } = parseArgs({
  options: {
    "smtp-port": { type: "string", default: "2525" },
    "http-port": { type: "string", default: "2526" },
  },
});

function portOption(name: "smtp-port" | "http-port"): number {
  const port = Number(values[name]);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    console.error(`--${name} must be a port number, got ${values[name]}`);
    process.exit(2);
  }
  return port;
}

const smtpPort = portOption("smtp-port");
const httpPort = portOption("http-port");
const sink = await startSmtpSink({ port: smtpPort });

const http = createServer((request, response) => {
  const url = new URL(request.url ?? "/", "http://127.0.0.1");
  if (request.method !== "GET" || url.pathname !== "/messages") {
    response.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: "GET /messages?to=<address>" }));
    return;
  }
  const to = url.searchParams.get("to")?.trim().toLowerCase();
  const found = sink.messages
    .filter((m) => !to || m.to.some((address) => address.toLowerCase() === to))
    .map(({ to, subject, text, html, date }) => ({ to, subject, text, html, date }));
  response.writeHead(200, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" }).end(JSON.stringify(found));
});

await new Promise<void>((resolve, reject) => {
  http.once("error", reject);
  http.listen(httpPort, "127.0.0.1", () => resolve());
});
console.log(`SMTP sink: SMTP_URL=${sink.url}, messages at http://127.0.0.1:${httpPort}/messages?to=<address>`);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  http.closeAllConnections();
  await Promise.all([new Promise<void>((resolve) => http.close(() => resolve())), sink.close()]);
  process.exit(0);
}
process.on("SIGTERM", () => void stop());
process.on("SIGINT", () => void stop());
