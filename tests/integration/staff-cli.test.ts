import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyPassword } from "@/server/auth/passwords";
import { applyMigrations, openRunner, pgliteRunner } from "../../prisma/migrate";
import { testDatabase, testPrisma } from "../support/database";

// `npm run staff:create` as an operator runs it: a child process against a real database. An embedded
// PGlite directory allows one process at a time, so on PGlite the command gets a fresh directory of its own
// (this file's test database stays open in this process); on PostgreSQL it uses this file's test database.

const root = path.resolve(import.meta.dirname, "../..");
const onPostgres = testDatabase().kind === "postgres";
const scratchDir = mkdtempSync(path.join(tmpdir(), "staff-cli-"));
const pgliteDir = path.join(scratchDir, "pglite");

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs scripts/staff-create.ts with these arguments against the given embedded directory or the test database. */
function staffCreate(args: string[], dataDir = pgliteDir): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, PGLITE_DATA_DIR: dataDir };
  if (!onPostgres) delete env.DATABASE_URL;
  return new Promise((resolve) => {
    execFile("npx", ["tsx", "--conditions=react-server", "scripts/staff-create.ts", ...args], { cwd: root, env, timeout: 90_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

/** Reads the database the command wrote to, after it has exited. */
async function query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
  if (onPostgres) return testPrisma().$queryRawUnsafe<T[]>(sql, ...params);
  const runner = pgliteRunner(new PGlite({ dataDir: pgliteDir }));
  try {
    return await runner.query<T>(sql, params);
  } finally {
    await runner.close();
  }
}

const accountOf = async (email: string) =>
  (await query<{ id: string; name: string; role: string; passwordHash: string }>(`SELECT id, name, role::text AS role, "passwordHash" FROM "StaffUser" WHERE email = $1`, [email]))[0];
const auditOf = (entityId: string) =>
  query<{ actorId: string | null; actorEmail: string; action: string; after: unknown }>(
    `SELECT "actorId", "actorEmail", action, after FROM "AuditEntry" WHERE entity = 'StaffUser' AND "entityId" = $1`,
    [entityId],
  );
const newEmail = () => `ops-${randomBytes(4).toString("hex")}@agency.test`;

beforeAll(async () => {
  if (onPostgres) return;
  const runner = await openRunner(undefined, pgliteDir);
  try {
    await applyMigrations(runner);
  } finally {
    await runner.close();
  }
}, 180_000);

afterAll(() => rmSync(scratchDir, { recursive: true, force: true }));

describe("npm run staff:create", { timeout: 180_000 }, () => {
  it("creates an account that can sign in with the given password, audited as the command", async () => {
    const email = newEmail();
    const password = "operator chosen passphrase";
    const run = await staffCreate(["--email", email.toUpperCase(), "--role", "admin", "--name", "Ada Lovelace", "--password", password]);
    expect(run, run.stderr).toMatchObject({ code: 0 });
    expect(run.stdout).toContain(`Created admin ${email}.`);
    expect(run.stdout).not.toContain(password);

    const created = await accountOf(email);
    expect(created).toMatchObject({ name: "Ada Lovelace", role: "ADMIN" });
    expect(created!.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(created!.passwordHash, password)).toBe(true);
    expect(await verifyPassword(created!.passwordHash, "another passphrase")).toBe(false);

    const entries = await auditOf(created!.id);
    expect(entries).toEqual([{ actorId: null, actorEmail: "staff:create", action: "create", after: { id: created!.id, email, name: "Ada Lovelace", role: "ADMIN" } }]);
  });

  it("generates a strong password when none is given and shows it once", async () => {
    const email = newEmail();
    const run = await staffCreate(["--email", email, "--role", "viewer"]);
    expect(run, run.stderr).toMatchObject({ code: 0 });
    const shown = /Password \(shown once\): (\S+)/.exec(run.stdout)?.[1];
    expect(shown?.length).toBeGreaterThanOrEqual(20);
    const created = await accountOf(email);
    expect(created).toMatchObject({ role: "VIEWER", name: email.split("@")[0] });
    expect(await verifyPassword(created!.passwordHash, shown!)).toBe(true);
  });

  it("refuses an email that already has an account, changing nothing", async () => {
    const email = newEmail();
    expect((await staffCreate(["--email", email, "--role", "editor", "--password", "first passphrase here"])).code).toBe(0);
    const first = await accountOf(email);
    const again = await staffCreate(["--email", email, "--role", "admin", "--password", "second passphrase here"]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("already exists");
    expect(await accountOf(email)).toEqual(first);
  });

  it("exits with a usage message for bad or missing arguments, creating nothing", async () => {
    // A throwaway directory: the command stops before it would use the database.
    const emptyDir = path.join(scratchDir, "unused");
    const bad = await staffCreate(["--email", "not-an-email", "--role", "wizard", "--password", "short"], emptyDir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--email: email");
    expect(bad.stderr).toContain("--role: chooseOne");
    expect(bad.stderr).toContain("--password: passwordTooShort");
    expect(bad.stderr).toContain("Usage: npm run staff:create -- --email");

    const missing = await staffCreate([], emptyDir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("Usage:");

    const unknownOption = await staffCreate(["--email", newEmail(), "--role", "admin", "--sudo"], emptyDir);
    expect(unknownOption.code).not.toBe(0);
    expect(await query(`SELECT id FROM "StaffUser" WHERE email = 'not-an-email'`)).toEqual([]);
  });
});
