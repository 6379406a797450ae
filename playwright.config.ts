import { fileURLToPath } from "node:url";
import { defineConfig, devices } from "@playwright/test";

// Browser tests run Debian's Chromium against the production build: one server on the seeded
// embedded database, one pointed at a PostgreSQL address where nothing listens (the 503 path).
const PORT = Number(process.env.E2E_PORT ?? 3200);
const DOWN_PORT = PORT + 1;
const SMTP_PORT = PORT + 2;
const MAIL_PORT = PORT + 3;
const NO_MAIL_PORT = PORT + 4;
// The seeded server's clock: a spec writes an instant here to stand after a deadline (tests/e2e/server-clock.ts).
const CLOCK_FILE = fileURLToPath(new URL(`.data/e2e-clock-${PORT}`, import.meta.url));
// Both production servers answer /metrics to this token (tests/e2e/operations.spec.ts).
// The seeded server's log is shown with the results: warnings and errors, not an access line per request (E2E_LOG_LEVEL=info).
const E2E_METRICS_TOKEN = "e2e-metrics-token-5c1f0a9b";

// The call's whole life (tests/e2e/call-lifecycle.spec.ts), run after every other spec.
const LAST = /call-lifecycle\.spec\.ts$/;
// Applies a decision batch too (every prepared decision, another spec's as well): run once the others are done.
const AFTER_OTHERS = /language-and-notices\.spec\.ts$/;

const chromium = {
  ...devices["Desktop Chrome"],
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-gpu"],
  },
};

export default defineConfig({
  testDir: "tests/e2e",
  fullyParallel: true,
  workers: 2,
  retries: 0,
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  timeout: 60_000,
  use: { baseURL: `http://127.0.0.1:${PORT}`, trace: "retain-on-failure" },
  projects: [
    { name: "chromium", use: chromium, testIgnore: [LAST, AFTER_OTHERS] },
    { name: "notices", use: chromium, testMatch: AFTER_OTHERS, dependencies: ["chromium"] },
    // Applying the decision batch applies every prepared decision, another spec's too: this spec runs once the others
    // are done. Alone: `npx playwright test --no-deps tests/e2e/call-lifecycle.spec.ts` (without --no-deps, all run).
    { name: "lifecycle", use: chromium, testMatch: LAST, dependencies: ["notices"] },
  ],
  webServer: [
    {
      // Receives the portal's email; tests read it over HTTP.
      command: `node_modules/.bin/tsx scripts/smtp-sink.ts --smtp-port ${SMTP_PORT} --http-port ${MAIL_PORT}`,
      port: MAIL_PORT,
      timeout: 60_000,
      reuseExistingServer: false,
    },
    {
      command: `rm -f '${CLOCK_FILE}' && METRICS_TOKEN=${E2E_METRICS_TOKEN} LOG_LEVEL=${process.env.E2E_LOG_LEVEL ?? "warn"} SMTP_URL=smtp://127.0.0.1:${SMTP_PORT} TEST_CLOCK_FILE='${CLOCK_FILE}' bash scripts/e2e-server.sh ${PORT}`,
      url: `http://127.0.0.1:${PORT}/api/health`,
      timeout: 180_000,
      reuseExistingServer: false,
      stdout: "pipe",
    },
    {
      // A production server refuses to start without its secrets: scripts/lib/dev-secrets.sh makes throwaway ones.
      command: `METRICS_TOKEN=${E2E_METRICS_TOKEN} PORT=${DOWN_PORT} SITE_URL=http://127.0.0.1:${DOWN_PORT} DATABASE_URL=postgres://portal:portal@127.0.0.1:9/unreachable bash -c 'source scripts/lib/dev-secrets.sh && use_dev_secrets .data/e2e-secrets-${DOWN_PORT} && exec npm start'`,
      port: DOWN_PORT,
      timeout: 120_000,
      reuseExistingServer: false,
    },
    {
      // The seeded server again with no mail server, SMTP_URL empty, so every email stays queued
      // (tests/e2e/mail-queued.spec.ts), on an embedded database of its own and the real clock.
      command: `SMTP_URL= SMTP_URL_FILE= TEST_CLOCK_FILE= METRICS_TOKEN=${E2E_METRICS_TOKEN} LOG_LEVEL=warn bash scripts/e2e-server.sh ${NO_MAIL_PORT}`,
      url: `http://127.0.0.1:${NO_MAIL_PORT}/api/health`,
      timeout: 240_000,
      reuseExistingServer: false,
    },
  ],
});

export const DOWN_BASE_URL = `http://127.0.0.1:${DOWN_PORT}`;
export const MAIL_URL = `http://127.0.0.1:${MAIL_PORT}`;
export const NO_MAIL_BASE_URL = `http://127.0.0.1:${NO_MAIL_PORT}`;
export const SERVER_CLOCK_FILE = CLOCK_FILE;
export const METRICS_TOKEN = E2E_METRICS_TOKEN;
