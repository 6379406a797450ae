import { z } from "zod";
import { parseEnv, runtimeEnvSchema, unsetWhenEmpty } from "../runtime/env.mjs";

// Every environment variable the portal reads, validated once at start-up: the production server's own
// (runtime/env.mjs, which it validates itself under plain Node) and the app's.
const envSchema = runtimeEnvSchema.extend({
  // Unset: the embedded PGlite database in PGLITE_DATA_DIR. postgres://... : a PostgreSQL server.
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must be a postgres:// URL; leave it unset for the embedded database")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  PGLITE_DATA_DIR: z.string().min(1).default(".data/pglite"),
  // PostgreSQL connections each process may hold, and how long a query waits for one before it is answered 503 busy.
  DATABASE_POOL_MAX: z.preprocess((value) => (value === "" ? undefined : value), z.coerce.number().int().positive().default(10)),
  DATABASE_POOL_TIMEOUT_MS: z.preprocess((value) => (value === "" ? undefined : value), z.coerce.number().int().positive().default(3000)),
  // Unset: mail is kept in the OutboxEmail table for developers to read. smtp://user:pass@host:587 or smtps://...
  SMTP_URL: z
    .url({ protocol: /^smtps?$/, hostname: /^.+$/, error: "SMTP_URL must be an smtp:// or smtps:// URL; leave it unset to keep mail in the database" })
    .optional()
    .or(z.literal("").transform(() => undefined)),
  // The sender of every message: an address, optionally with a display name before it in <>.
  MAIL_FROM: z.preprocess(
    (value) => (value === "" ? undefined : value),
    z
      .string()
      .regex(/^([^<>\r\n]*<[^<>\s@]+@[^<>\s@]+>|[^<>\s@]+@[^<>\s@]+)$/, "MAIL_FROM must be an address, e.g. Portal <no-reply@example.org>")
      .default("Space Cooperation Portal <no-reply@localhost>"),
  ),
  // The wait after a message's first refused attempt; each later refusal doubles it, up to an hour (src/server/jobs/retry.ts).
  MAIL_RETRY_BASE_MS: unsetWhenEmpty(z.coerce.number().int().positive().default(30_000)),
  // How often the job runner looks for due mail and periodic tasks (src/server/jobs/runner.ts).
  JOBS_POLL_MS: unsetWhenEmpty(z.coerce.number().int().positive().default(5000)),
  // How long an instance's claim on a message keeps the others away: longer than a send and a database outage;
  // a message claimed by an instance that died is sent by another once it ends (src/server/jobs/runner.ts).
  JOBS_LEASE_MS: unsetWhenEmpty(z.coerce.number().int().min(60_000, "JOBS_LEASE_MS must be at least 60000 (a minute)").default(300_000)),
  // Where applicants write about their personal data (access, correction, deletion); the privacy notice shows it. Unset: the notice says none is set.
  PORTAL_CONTACT_EMAIL: z.preprocess((value) => (value === "" ? undefined : value), z.email("PORTAL_CONTACT_EMAIL must be an email address").optional()),
  // Signs staff session cookies: 32+ random characters (openssl rand -base64 32). Required in production;
  // scripts/portal.sh and the test servers generate one. Sessions end when it changes.
  AUTH_SECRET: z.string().min(32, "AUTH_SECRET must be at least 32 characters").optional().or(z.literal("").transform(() => undefined)),
  // Hours a staff session lasts without a new sign-in.
  STAFF_SESSION_HOURS: z.coerce.number().positive().max(24 * 30).default(8),
  // Ed25519 private key (PKCS#8 PEM, "\n" escapes allowed) that signs open-data downloads; required in production
  // (runtime/env.mjs). Unset outside production: a development key is generated once into OPEN_DATA_DEV_KEY_FILE.
  OPEN_DATA_SIGNING_KEY: z.string().optional().or(z.literal("").transform(() => undefined)),
  OPEN_DATA_DEV_KEY_FILE: z.string().min(1).default(".data/open-data-signing-key.pem"),
  // Total bytes the upload store may hold; an upload that would pass it is refused (507). Unset: no limit.
  UPLOAD_STORE_LIMIT_BYTES: z.preprocess((value) => (value === "" ? undefined : value), z.coerce.number().int().positive().optional()),
  // Milliseconds an upload's PDF check and a receipt's drawing may run in their worker threads before they are
  // stopped: the file is refused, the receipt answered 503 (src/server/platform/worker-pool.ts).
  FILE_CHECK_TIMEOUT_MS: z.coerce.number().int().positive().default(5000),
  RECEIPT_TIMEOUT_MS: z.coerce.number().int().positive().default(15000),
  // Uploads that may wait for the PDF check; one more is turned away with "try again in a minute" (API: 503).
  FILE_CHECK_QUEUE_LIMIT: z.coerce.number().int().positive().default(128),
  // Attempts per client address or email per hour (see src/server/platform/rate-limit.ts).
  RATE_LIMIT_START_PER_IP: z.coerce.number().int().positive().default(20),
  RATE_LIMIT_START_PER_EMAIL: z.coerce.number().int().positive().default(5),
  RATE_LIMIT_SUBMIT_PER_IP: z.coerce.number().int().positive().default(30),
  // Failed staff sign-ins one client address may make in 15 minutes, whatever the emails (src/server/auth/throttle.ts).
  RATE_LIMIT_SIGN_IN_PER_IP: z.coerce.number().int().positive().default(30),
  // Site searches the cache cannot answer, per client address per minute (src/server/queries/search.ts).
  SEARCH_RATE_PER_MINUTE: z.coerce.number().int().positive().default(30),
  // For the browser tests only: a file holding the instant the portal's clock reads (src/server/platform/clock.ts).
  TEST_CLOCK_FILE: z.string().min(1).optional().or(z.literal("").transform(() => undefined)),
  // For the benchmark only: "1" serves the hello-world page bench/weight.ts weighs pages against (/bench/hello-world.html).
  BENCH_BASELINE_PAGE: z.enum(["1"]).optional().or(z.literal("").transform(() => undefined)),
}).superRefine((settings, ctx) => {
  // A deployment on PostgreSQL is a real one: its deadlines never follow a file.
  if (settings.TEST_CLOCK_FILE && settings.DATABASE_URL) {
    ctx.addIssue({ code: "custom", path: ["TEST_CLOCK_FILE"], message: "TEST_CLOCK_FILE is for the browser tests on the embedded database; unset it where DATABASE_URL is set" });
  }
});

export type Env = z.infer<typeof envSchema>;

export const env: Env = parseEnv(envSchema, process.env);
