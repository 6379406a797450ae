import { execFile } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, renameSync, rmdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDatabase } from "@/server/db";
import { BACKUP_EXTENSION, readBackupKind, type DatabaseKind } from "../../prisma/backup";
import { pgliteRunner, postgresRunner, type SqlRunner } from "../../prisma/migrate";
import { createAuditEntry } from "../factories/records";
import { createApplication, createAssignment, createPayloadOffer, tianwen3Scores } from "../factories/review";
import { createScratchDatabase, testDatabase, type ScratchDatabase } from "../support/database";
import { createStaff } from "../support/staff";

// `npm run db:backup` and `npm run db:restore` as an operator runs them: child processes against real databases.
// The source is this file's test database, seeded through the factories; the backup is restored into a fresh
// database of the same kind (a new PGlite directory, or a second database on the PostgreSQL server), and every
// table of the public schema, Prisma's _prisma_migrations included, must come back with the same rows.
// A PGlite directory allows one process at a time, so on PGlite this file closes the app's handle once it has
// seeded, before the first command opens the directory, and reads each database with a handle of its own.

const root = path.resolve(import.meta.dirname, "../..");
const kind: DatabaseKind = testDatabase().kind;
const otherKind: DatabaseKind = kind === "pglite" ? "postgres" : "pglite";
const scratchDir = mkdtempSync(path.join(tmpdir(), "backup-test-"));
const backupsDir = path.join(root, "backups");
const backupsDirExisted = existsSync(backupsDir);
const createdInRepo: string[] = [];

/** A database the commands can be pointed at: a PGlite directory or a PostgreSQL URL. */
type Target = { dir: string } | { url: string };

const source: Target = kind === "postgres" ? { url: process.env.DATABASE_URL! } : { dir: process.env.PGLITE_DATA_DIR! };
let restoredDb: ScratchDatabase | undefined;
let restored: Target;
let backupFile: string;
let sourceSnapshot: Snapshot;
let seeded: { attachmentId: string; attachmentBytes: Uint8Array; auditEntryId: string };

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function runScript(script: "db-backup.ts" | "db-restore.ts", args: string[], target: Target): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  if ("url" in target) {
    env.DATABASE_URL = target.url;
  } else {
    delete env.DATABASE_URL;
    env.PGLITE_DATA_DIR = target.dir;
  }
  return new Promise((resolve) => {
    execFile("npx", ["tsx", `scripts/${script}`, ...args], { cwd: root, env, timeout: 150_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

/** Opens the database for one use and closes it again, so a command can have the PGlite directory next. */
async function withDatabase<T>(target: Target, use: (runner: SqlRunner) => Promise<T>): Promise<T> {
  const runner = "url" in target ? await postgresRunner(target.url) : pgliteRunner(new PGlite({ dataDir: target.dir }));
  try {
    return await use(runner);
  } finally {
    await runner.close();
  }
}

type Snapshot = Record<string, { rows: number; md5: string }>;

/** Row count and a hash of every row's text, for every table in the public schema. */
async function snapshot(runner: SqlRunner): Promise<Snapshot> {
  const tables = await runner.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`,
  );
  const result: Snapshot = {};
  for (const { name } of tables) {
    const [row] = await runner.query<{ rows: number; md5: string }>(
      `SELECT count(*)::int AS rows, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS md5 FROM "${name}" t`,
    );
    result[name] = row!;
  }
  return result;
}

beforeAll(async () => {
  const offer = await createPayloadOffer();
  const submitted = await createApplication({ opportunityId: offer.id, withAttachment: true });
  const underReview = await createApplication({ opportunityId: offer.id, status: "UNDER_REVIEW", locale: "zh", carrier: "SERVICE_MODULE", withAttachment: true });
  const admin = await createStaff("ADMIN");
  const reviewer = await createStaff("REVIEWER");
  await createAssignment(underReview.id, reviewer.id, { scores: tianwen3Scores(4, 3, 5), comment: "Sound design; 测试 comment." });
  const audit = await createAuditEntry({ actorId: admin.id, actorEmail: admin.email, entity: "Application", entityId: underReview.id, action: "assign" });
  await createAuditEntry({ actorId: admin.id, actorEmail: admin.email, entity: "StaffUser", entityId: reviewer.id, action: "create", after: { role: "REVIEWER" } });
  seeded = { attachmentId: submitted.attachmentId!, attachmentBytes: submitted.attachmentBytes!, auditEntryId: audit.id };
  if (kind === "pglite") await closeDatabase();

  sourceSnapshot = await withDatabase(source, snapshot);

  // The default name, under backups/ in the checkout; moved out at once so the checkout keeps nothing.
  const backup = await runScript("db-backup.ts", [], source);
  const written = /^Wrote (.+): /m.exec(backup.stdout)?.[1];
  if (written) {
    backupFile = path.join(scratchDir, path.basename(written));
    renameSync(path.join(root, written), backupFile);
  }
  expect(backup, backup.stderr).toMatchObject({ code: 0 });
  expect(written).toMatch(new RegExp(`^backups/portal-${kind}-\\d{8}T\\d{6}Z${BACKUP_EXTENSION[kind].replaceAll(".", "\\.")}$`));
  expect(backup.stdout).toMatch(/: \d+(\.\d)? (B|kB|MB) in \d+\.\d s\.$/m);

  if (kind === "postgres") {
    restoredDb = await createScratchDatabase();
    restored = { url: restoredDb.url! };
  } else {
    restored = { dir: path.join(scratchDir, "restored", "pglite") };
  }
  const restore = await runScript("db-restore.ts", ["--in", backupFile], restored);
  expect(restore, restore.stderr).toMatchObject({ code: 0 });
  expect(restore.stdout).toContain("schema is at this checkout's latest migration");
}, 600_000);

afterAll(async () => {
  await restoredDb?.close();
  rmSync(scratchDir, { recursive: true, force: true });
  for (const file of createdInRepo) rmSync(file, { force: true });
  if (!backupsDirExisted) {
    try {
      rmdirSync(backupsDir);
    } catch {
      // Not empty: someone else's backups are there now.
    }
  }
});

describe(`npm run db:backup and db:restore (${kind})`, { timeout: 300_000 }, () => {
  it("restores every table with the same rows, attachments' bytes included", async () => {
    const tables = Object.keys(sourceSnapshot);
    expect(tables).toEqual(expect.arrayContaining(["_prisma_migrations", "Application", "Attachment", "StoredFile", "StaffUser", "AuditEntry", "ReviewAssignment", "Mission"]));
    for (const table of ["Application", "Attachment", "StoredFile", "StaffUser", "AuditEntry"]) {
      expect(sourceSnapshot[table]!.rows, table).toBeGreaterThanOrEqual(2);
    }
    expect(await withDatabase(restored, snapshot)).toEqual(sourceSnapshot);

    const [file] = await withDatabase(restored, (db) =>
      db.query<{ content: Uint8Array }>(`SELECT f.content FROM "Attachment" a JOIN "StoredFile" f ON f.key = a."storageKey" WHERE a.id = $1`, [seeded.attachmentId]),
    );
    expect(Buffer.from(file!.content).equals(Buffer.from(seeded.attachmentBytes))).toBe(true);
  });

  it("keeps the audit trail append-only in the restored database", async () => {
    await withDatabase(restored, async (db) => {
      expect(await db.query(`SELECT id FROM "AuditEntry" WHERE id = $1`, [seeded.auditEntryId])).toHaveLength(1);
      await expect(db.exec(`UPDATE "AuditEntry" SET summary = 'rewritten' WHERE id = '${seeded.auditEntryId}'`)).rejects.toThrow(/AuditEntry is append-only/);
      await expect(db.exec(`DELETE FROM "AuditEntry" WHERE id = '${seeded.auditEntryId}'`)).rejects.toThrow(/AuditEntry is append-only/);
    });
  });

  it("refuses a backup of the other kind, whatever its name, and a file that is no backup", async () => {
    const otherTarget: Target = otherKind === "postgres" ? { url: "postgres://portal@127.0.0.1:9/never_contacted" } : { dir: path.join(scratchDir, "never-created") };
    const renamed = path.join(scratchDir, `renamed${BACKUP_EXTENSION[otherKind]}`);
    copyFileSync(backupFile, renamed);
    const wrongKind = await runScript("db-restore.ts", ["--in", renamed], otherTarget);
    expect(wrongKind.code).toBe(1);
    expect(wrongKind.stderr).toContain(`is a backup of ${kind === "pglite" ? "the embedded PGlite database" : "a PostgreSQL database"}, but this restore targets`);
    if ("dir" in otherTarget) expect(existsSync(otherTarget.dir)).toBe(false);

    const notBackup = path.join(scratchDir, `notes${BACKUP_EXTENSION[kind]}`);
    writeFileSync(notBackup, "These are not the rows you are looking for.\n");
    const refused = await runScript("db-restore.ts", ["--in", notBackup], restored);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("is not a portal backup");

    const usage = await runScript("db-restore.ts", [], restored);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("Usage: npm run db:restore -- --in");
  });

  it("refuses a database that holds data unless --force, which keeps what it replaces", async () => {
    const marker = "kept-aside@staff.test";
    await withDatabase(restored, (db) =>
      db.exec(`INSERT INTO "StaffUser" (id, email, name, role, "passwordHash", "updatedAt") VALUES ('marker-user', '${marker}', 'Marker', 'VIEWER', 'x', now())`),
    );
    const countMarker = (target: Target) =>
      withDatabase(target, async (db) => (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM "StaffUser" WHERE email = $1`, [marker]))[0]!.n);

    const refused = await runScript("db-restore.ts", ["--in", backupFile], restored);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(kind === "pglite" ? /already holds a database.*--force/ : /is not empty \(\d+ tables in schema public\).*--force/);
    expect(await countMarker(restored)).toBe(1);

    const forced = await runScript("db-restore.ts", ["--in", backupFile, "--force"], restored);
    expect(forced, forced.stderr).toMatchObject({ code: 0 });
    expect(await withDatabase(restored, snapshot)).toEqual(sourceSnapshot);

    if (kind === "pglite") {
      const keptAt = /kept at (.+)\.$/m.exec(forced.stdout)?.[1];
      expect(keptAt).toMatch(/pglite\.before-restore-\d{8}T\d{6}Z$/);
      expect(await countMarker({ dir: keptAt! })).toBe(1);
    } else {
      const savedTo = /previous contents to (.+)\.$/m.exec(forced.stdout)?.[1];
      expect(savedTo).toMatch(/^backups\/portal-postgres-\d{8}T\d{6}Z-before-restore\.pgdump$/);
      const saved = path.join(root, savedTo!);
      createdInRepo.push(saved);
      expect(readBackupKind(saved).kind).toBe("postgres");
      expect(statSync(saved).size).toBeGreaterThan(0);
    }
  });

  it.runIf(kind === "pglite")("refuses to back up an embedded database another process has open, naming it", async () => {
    const holder = new PGlite({ dataDir: (source as { dir: string }).dir });
    try {
      await holder.waitReady;
      const run = await runScript("db-backup.ts", ["--out", path.join(scratchDir, "while-open.pglite.tar.gz")], source);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain("is in use");
      expect(run.stderr).toContain(`process ${process.pid} `);
      expect(existsSync(path.join(scratchDir, "while-open.pglite.tar.gz"))).toBe(false);
    } finally {
      await holder.close();
    }
  });
});
