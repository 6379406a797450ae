import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { missingInProduction, parseEnv, readSecretFiles, runtimeEnvSchema } from "../../runtime/env.mjs";
import { refusalWithoutProductionServer } from "@/instrumentation";

// What an operator meets when starting the portal: the secrets production refuses to guess, secrets read from files
// (NAME_FILE), and `next start`, which lacks what runtime/server.mjs adds.

const root = new URL("../../", import.meta.url);
const dir = mkdtempSync(path.join(tmpdir(), "portal-secrets-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.unstubAllEnvs());

function secretFile(name: string, content: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, content, { mode: 0o600 });
  return file;
}

const SECRET = "s".repeat(40);
const complete = { SITE_URL: "https://portal.example.org", AUTH_SECRET: SECRET, OPEN_DATA_SIGNING_KEY: "-----BEGIN PRIVATE KEY-----" };
const production = (source: Record<string, string>) => missingInProduction(parseEnv(runtimeEnvSchema, { NODE_ENV: "production", ...source }), source);

describe("settings production requires", () => {
  it("names each of SITE_URL, AUTH_SECRET and OPEN_DATA_SIGNING_KEY that is missing, and nothing when all are set", () => {
    expect(production({}).map((line) => line.split(":")[0])).toEqual(["SITE_URL", "AUTH_SECRET", "OPEN_DATA_SIGNING_KEY"]);
    expect(production({ ...complete, AUTH_SECRET: " " }).map((line) => line.split(":")[0])).toEqual(["AUTH_SECRET"]);
    expect(production(complete)).toEqual([]);
  });

  it("are not asked for outside production", () => {
    expect(missingInProduction(parseEnv(runtimeEnvSchema, {}), {})).toEqual([]);
  });

  it("may come from files named by NAME_FILE", () => {
    const source = {
      SITE_URL: complete.SITE_URL,
      AUTH_SECRET_FILE: secretFile("auth-secret", `${SECRET}\n`),
      OPEN_DATA_SIGNING_KEY_FILE: secretFile("signing-key.pem", "-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----\n"),
    };
    expect(production(source)).toEqual([]);
  });
});

describe("NAME_FILE", () => {
  it("reads the value with one trailing newline trimmed", () => {
    const { values, problems } = readSecretFiles({
      AUTH_SECRET_FILE: secretFile("trimmed", `${SECRET}\n`),
      METRICS_TOKEN_FILE: secretFile("token", "token-value\r\n"),
      SMTP_URL_FILE: secretFile("smtp", "smtp://user:pass@mail.example.org:587"),
    });
    expect(problems).toEqual([]);
    expect(values.AUTH_SECRET).toBe(SECRET);
    expect(values.METRICS_TOKEN).toBe("token-value");
    expect(values.SMTP_URL).toBe("smtp://user:pass@mail.example.org:587");
  });

  it("names a file it cannot read, and refuses a value given both ways", () => {
    const missing = path.join(dir, "no-such-file");
    expect(() => parseEnv(runtimeEnvSchema, { DATABASE_URL_FILE: missing })).toThrow(`DATABASE_URL_FILE: cannot read ${missing} (ENOENT)`);
    expect(() => parseEnv(runtimeEnvSchema, { AUTH_SECRET: SECRET, AUTH_SECRET_FILE: secretFile("both", SECRET) })).toThrow(
      "AUTH_SECRET_FILE: set AUTH_SECRET or AUTH_SECRET_FILE, not both",
    );
  });

  it("feeds the app's settings (src/env.ts), validated like the variable itself", async () => {
    vi.stubEnv("DATABASE_URL_FILE", secretFile("database-url", "postgres://portal:secret@db.internal:5432/portal\n"));
    vi.stubEnv("SMTP_URL_FILE", secretFile("smtp-url", "smtp://mail.internal:587\n"));
    vi.stubEnv("DATABASE_URL", "");
    vi.stubEnv("SMTP_URL", "");
    vi.resetModules();
    const { env } = await import("@/env");
    expect(env.DATABASE_URL).toBe("postgres://portal:secret@db.internal:5432/portal");
    expect(env.SMTP_URL).toBe("smtp://mail.internal:587");

    vi.stubEnv("DATABASE_URL_FILE", secretFile("bad-database-url", "mysql://nope\n"));
    vi.resetModules();
    await expect(import("@/env")).rejects.toThrow("DATABASE_URL must be a postgres:// URL");
  });
});

describe("the production server", () => {
  // The server logs its refusal (on stdout or stderr, as a JSON line or plain text); either way the words are there.
  const start = (env: Record<string, string>) => {
    const run = spawnSync(process.execPath, ["runtime/server.mjs"], {
      cwd: root,
      env: { PATH: process.env.PATH, NODE_ENV: "production", PORT: "0", SITE_URL: complete.SITE_URL, ...env },
      encoding: "utf8",
      timeout: 60_000,
    });
    return { status: run.status, output: `${run.stdout}${run.stderr}` };
  };

  it("refuses to start without its secrets, naming each", () => {
    const run = start({});
    expect(run.status).toBe(1);
    expect(run.output).toContain("AUTH_SECRET: AUTH_SECRET (or AUTH_SECRET_FILE) is required in production");
    expect(run.output).toContain("OPEN_DATA_SIGNING_KEY: OPEN_DATA_SIGNING_KEY (or OPEN_DATA_SIGNING_KEY_FILE) is required in production");
    expect(run.output).not.toContain("SITE_URL:");
  });

  it("refuses to start when a secret's file cannot be read, naming the file", () => {
    const missing = path.join(dir, "absent-key.pem");
    const run = start({ AUTH_SECRET: SECRET, OPEN_DATA_SIGNING_KEY_FILE: missing });
    expect(run.status).toBe(1);
    expect(run.output).toContain(`OPEN_DATA_SIGNING_KEY_FILE: cannot read ${missing} (ENOENT)`);
  });
});

describe("`next start`", () => {
  it("is refused in production without runtime/server.mjs, with a message naming npm start", () => {
    expect(refusalWithoutProductionServer("production", false)).toMatch(/`npm start`/);
  });

  it("is not refused behind runtime/server.mjs, nor under next dev", () => {
    expect(refusalWithoutProductionServer("production", true)).toBeUndefined();
    expect(refusalWithoutProductionServer("development", false)).toBeUndefined();
  });
});
