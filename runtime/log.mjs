// The portal's one logger, for the production server and the app alike (src/server/log.ts): JSON lines on stdout
// in production, each carrying the id of the request it was written for. The request's id travels in the bridge's
// AsyncLocalStorage (runtime/bridge.mjs), which server.mjs enters for every request, so code deep in a server
// action or route handler logs with it without passing it along.
import { randomUUID } from "node:crypto";
import { format } from "node:util";
import pino from "pino";
import { requestContext, shareLogger } from "./bridge.mjs";
import { runtimeEnvSchema } from "./env.mjs";

/** The request header that carries a request's id, from nginx (`$request_id`) to the server and back to the client. */
export const REQUEST_ID_HEADER = "x-request-id";

// Letters, digits and . _ : - hold every id a proxy sends (hex, UUID, ULID); anything else could forge log fields.
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The id the client (or the proxy in front) gave the request when it looks like one, else a new one. */
export function acceptRequestId(header) {
  return typeof header === "string" && SANE_REQUEST_ID.test(header) ? header : randomUUID();
}

// An applicant's private link is their key (runtime/security-headers.mjs PRIVATE_PATH): its token segment never reaches a log.
const TOKEN_PATH = /^(\/[^/]+\/applications\/)[^/]+/i;
const MAX_LOGGED_PATH = 300;

/**
 * The request's path as the log shows it: no query (search words and any secret a link might carry), escapes
 * decoded as Next.js decodes them, and an applicant's token replaced by `:token`, however it was spelled.
 */
export function logPath(url) {
  let path = String(url ?? "/");
  const authority = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(path);
  if (authority) path = path.slice(authority[0].length);
  path = path.split(/[?#]/, 1)[0] || "/";
  // Decoded until it stops changing, so that `%2561pplications` cannot hide a token either.
  for (let round = 0; round < 3; round++) {
    let decoded;
    try {
      decoded = decodeURIComponent(path);
    } catch {
      break;
    }
    if (decoded === path) break;
    path = decoded;
  }
  return path.replace(TOKEN_PATH, "$1:token").slice(0, MAX_LOGGED_PATH);
}

/** The id of the request being answered, or undefined outside one (start-up, timers, scripts). */
export function currentRequestId() {
  return requestContext().getStore()?.id;
}

const CONSOLE_METHOD = { 10: "debug", 20: "debug", 30: "info", 40: "warn", 50: "error", 60: "error" };

/**
 * Outside production, one readable line per record through console (which the tests may silence or watch):
 * "message {fields}", the error's stack below it. pino-pretty would be another dependency for the same.
 */
const consoleDestination = {
  write(line) {
    const { level, time: _time, pid: _pid, hostname: _hostname, msg, err, ...fields } = JSON.parse(line);
    const rest = Object.keys(fields).length > 0 ? ` ${JSON.stringify(fields)}` : "";
    const stack = err ? `\n${err.stack ?? `${err.type}: ${err.message}`}` : "";
    console[CONSOLE_METHOD[level] ?? "info"](`${msg ?? ""}${rest}${stack}`);
  },
};

/** A logger writing JSON lines to `destination` (stdout in production, readable console lines elsewhere). */
export function createLogger({ level = "info", production = process.env.NODE_ENV === "production", destination } = {}) {
  return pino(
    {
      level,
      timestamp: pino.stdTimeFunctions.isoTime,
      // Level names rather than numbers: an operator greps for "error", not 50.
      formatters: production ? { level: (label) => ({ level: label }) } : {},
      mixin() {
        const id = currentRequestId();
        return id ? { requestId: id } : {};
      },
    },
    destination ?? (production ? pino.destination({ dest: 1, sync: true }) : consoleDestination),
  );
}

/** The process's logger, the same object for the server and every bundle of the app; LOG_LEVEL sets its level. */
export function logger() {
  // A bad LOG_LEVEL is reported by the environment's validation; the logger that reports it uses the default.
  return shareLogger(() => createLogger({ level: runtimeEnvSchema.shape.LOG_LEVEL.safeParse(process.env.LOG_LEVEL).data ?? "info" }));
}

/**
 * In production every line on stdout is JSON: what Next.js and libraries write to the console goes through the
 * logger too (with the request's id), rather than breaking the stream with bare lines and stack traces.
 */
export function routeConsoleToLog(log = logger()) {
  const methods = { debug: "debug", log: "info", info: "info", warn: "warn", error: "error" };
  for (const [method, level] of Object.entries(methods)) {
    console[method] = (...args) => {
      const err = args.find((arg) => arg instanceof Error);
      if (err) log[level]({ err }, format(...args.filter((arg) => arg !== err)) || err.message);
      else log[level](format(...args));
    };
  }
}
