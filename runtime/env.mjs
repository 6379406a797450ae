// The environment variables the production server reads. src/env.ts extends this schema into the portal's one
// schema, so each variable is declared once, and the server, which runs under plain Node, validates its part
// with the same rules, defaults and message without loading TypeScript.
import { readFileSync } from "node:fs";
import { z } from "zod";

/** An empty value, as `.env.example` leaves it, means unset: the default applies. */
export const unsetWhenEmpty = (schema) => z.preprocess((value) => (value === "" ? undefined : value), schema);

export const runtimeEnvSchema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  // The public origin, used in sitemap, OpenGraph and hreflang links, and in staff sign-in redirects (AUTH_URL).
  // The server adds upgrade-insecure-requests to the CSP when it is https.
  SITE_URL: z.url().default("http://localhost:3000"),
  // Where the production server listens.
  PORT: unsetWhenEmpty(z.coerce.number({ error: "PORT must be a port number" }).int().min(0).max(65535).default(3000)),
  HOSTNAME: unsetWhenEmpty(z.string().default("0.0.0.0")),
  // Behind a reverse proxy that sets X-Forwarded-For: the client's address is taken from it rather than the socket.
  TRUST_PROXY: unsetWhenEmpty(
    z
      .stringbool({
        truthy: ["true", "1"],
        falsy: ["false", "0"],
        case: "sensitive",
        error: "TRUST_PROXY must be true or false; leave it unset when clients connect directly",
      })
      .default(false),
  ),
  // Site searches the cache cannot answer that run at once in this process (src/server/queries/search.ts); the
  // server also lets only this many search pages render at once.
  SEARCH_CONCURRENCY: z.coerce.number().int().positive().default(2),
  // The least severe log lines written (runtime/log.mjs): debug shows more, warn only what needs a look.
  LOG_LEVEL: unsetWhenEmpty(z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"], { error: "LOG_LEVEL must be trace, debug, info, warn, error, fatal or silent" }).default("info")),
  // Bearer token a Prometheus scraper sends for GET /metrics (runtime/metrics.mjs). Unset: /metrics answers 404.
  METRICS_TOKEN: unsetWhenEmpty(z.string().min(16, "METRICS_TOKEN must be at least 16 characters, e.g. from `openssl rand -hex 32`").optional()),
});

/** Secrets that may instead be read from a file named by NAME_FILE (systemd credentials, mounted secrets). */
export const SECRET_FILE_VARIABLES = ["AUTH_SECRET", "OPEN_DATA_SIGNING_KEY", "SMTP_URL", "DATABASE_URL", "METRICS_TOKEN"];

/**
 * The environment with each NAME_FILE read into NAME (one trailing newline trimmed), and a problem line for each file
 * that cannot be read or that is set together with NAME itself.
 */
export function readSecretFiles(source) {
  const values = { ...source };
  const problems = [];
  for (const name of SECRET_FILE_VARIABLES) {
    const file = source[`${name}_FILE`];
    if (!file) continue;
    if (source[name]) {
      problems.push(`${name}_FILE: set ${name} or ${name}_FILE, not both`);
      continue;
    }
    try {
      values[name] = readFileSync(file, "utf8").replace(/\r?\n$/, "");
    } catch (error) {
      problems.push(`${name}_FILE: cannot read ${file} (${error.code ?? error.message})`);
    }
  }
  return { values, problems };
}

const REQUIRED_IN_PRODUCTION = {
  SITE_URL:
    "SITE_URL is required in production: the public origin (e.g. https://portal.example.org) on which every link in mail, receipts and API answers is built",
  AUTH_SECRET: "AUTH_SECRET (or AUTH_SECRET_FILE) is required in production: 32 or more random characters that sign staff sessions",
  OPEN_DATA_SIGNING_KEY:
    "OPEN_DATA_SIGNING_KEY (or OPEN_DATA_SIGNING_KEY_FILE) is required in production: the Ed25519 key (PKCS#8 PEM) whose public half partners verify open-data files against",
};

/**
 * What a production server cannot guess, named: links in mail, receipts, API answers and open-data files are built on
 * SITE_URL, a default of localhost would send applicants nowhere, and a secret made up on one machine would sign
 * sessions and files the other instances and the partners cannot check.
 */
export function missingInProduction(settings, source) {
  if (settings.NODE_ENV !== "production") return [];
  const { values } = readSecretFiles(source);
  return Object.entries(REQUIRED_IN_PRODUCTION)
    .filter(([name]) => !values[name]?.trim())
    .map(([name, why]) => `${name}: ${why}`);
}

/** The variables parsed by `schema`, or an error naming every bad one. */
export function parseEnv(schema, source) {
  const { values, problems } = readSecretFiles(source);
  const parsed = schema.safeParse(values);
  const all = [...problems, ...(parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`))];
  if (all.length > 0) throw new Error(`Invalid environment:\n${all.map((problem) => `  ${problem}`).join("\n")}`);
  return parsed.data;
}
