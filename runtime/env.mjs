// The environment variables the production server reads. src/env.ts extends this schema into the portal's one
// schema, so each variable is declared once, and the server, which runs under plain Node, validates its part
// with the same rules, defaults and message without loading TypeScript.
import { z } from "zod";

/** An empty value, as `.env.example` leaves it, means unset: the default applies. */
const unsetWhenEmpty = (schema) => z.preprocess((value) => (value === "" ? undefined : value), schema);

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
});

/**
 * What a production server cannot guess, named: links in mail, receipts, API answers and open-data files are built on
 * SITE_URL, and a default of localhost would send applicants nowhere.
 */
export function missingInProduction(settings, source) {
  return settings.NODE_ENV === "production" && !source.SITE_URL?.trim()
    ? ["SITE_URL: SITE_URL is required in production: the public origin (e.g. https://portal.example.org) on which every link in mail, receipts and API answers is built"]
    : [];
}

/** The variables parsed by `schema`, or an error naming every bad one. */
export function parseEnv(schema, source) {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid environment:\n${problems}`);
  }
  return parsed.data;
}
