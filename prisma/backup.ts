import { spawn } from "node:child_process";
import { accessSync, closeSync, constants, existsSync, mkdirSync, openSync, readdirSync, readFileSync, readlinkSync, readSync, renameSync, rmSync, rmdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { PGlite } from "@electric-sql/pglite";
import { listMigrations, pgliteRunner, postgresRunner, type SqlRunner } from "./migrate";

// Backups of either database the portal runs on, for scripts/db-backup.ts and scripts/db-restore.ts.
// Each backup is the database's own standard format, so it stays usable without the portal: a PGlite
// data-directory tarball (PGlite's dumpDataDir) or a pg_dump custom-format archive. Restore tells the two
// apart by their contents, not their names.

export type DatabaseKind = "pglite" | "postgres";

export const BACKUP_EXTENSION: Record<DatabaseKind, string> = { pglite: ".pglite.tar.gz", postgres: ".pgdump" };

const KIND_NAME: Record<DatabaseKind, string> = { pglite: "the embedded PGlite database", postgres: "a PostgreSQL database" };

/** A refusal or failure whose message tells the operator what to do; the scripts print it and exit 1. */
class BackupError extends Error {}

/** 20261125T165600Z: sorts by time and is safe in file names on every system. */
function utcStamp(date = new Date()): string {
  return date.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}

export function defaultBackupPath(kind: DatabaseKind, date = new Date(), suffix = ""): string {
  return path.join("backups", `portal-${kind}-${utcStamp(date)}${suffix}${BACKUP_EXTENSION[kind]}`);
}

export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1_000_000) return `${(bytes / 1000).toFixed(1)} kB`;
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

export const formatSeconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** The URL with its password hidden, for messages. */
export function redactUrl(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  if (url.password) url.password = "***";
  return url.toString();
}

// ---------------------------------------------------------------------------------------------------------
// Writing a file so that a failed backup never leaves a partial file under the name asked for.

function refuseExisting(file: string): void {
  if (existsSync(file)) throw new BackupError(`${file} already exists: choose another --out, or move the old file away first.`);
}

async function writeAtomically(file: string, write: (tmp: string) => Promise<void>): Promise<number> {
  refuseExisting(file);
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const tmp = `${file}.partial-${process.pid}`;
  try {
    await write(tmp);
    refuseExisting(file);
    renameSync(tmp, file);
  } finally {
    rmSync(tmp, { force: true });
  }
  return statSync(file).size;
}

// ---------------------------------------------------------------------------------------------------------
// What a backup file holds.

/** Reads a PGlite tarball's entries' names, enough to recognise a data directory. */
function tarEntryNames(tar: Buffer): string[] {
  const names = [];
  for (let offset = 0; offset + 512 <= tar.length; ) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) break;
    const field = (start: number, length: number) => header.subarray(start, start + length).toString("utf8").replace(/\0.*$/s, "");
    const size = Number.parseInt(field(124, 12).trim() || "0", 8);
    if (!Number.isFinite(size)) break;
    names.push(field(0, 100).replace(/^\.?\//, ""));
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return names;
}

export interface BackupContents {
  kind: DatabaseKind;
  /** The gunzipped check already read the whole PGlite tarball: kept for loading it. */
  bytes?: Uint8Array<ArrayBuffer>;
}

/** What kind of backup this file is; refuses anything that is neither, before any database is touched. */
export function readBackupKind(file: string): BackupContents {
  if (!existsSync(file)) throw new BackupError(`${file} does not exist.`);
  // Only the first bytes: a pg_dump archive may be far larger than memory.
  const head = Buffer.alloc(64);
  const fd = openSync(file, "r");
  try {
    readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  if (head.subarray(0, 5).toString("latin1") === "PGDMP") return { kind: "postgres" };
  if (head[0] === 0x1f && head[1] === 0x8b) {
    // readFileSync never returns a SharedArrayBuffer view.
    const bytes = readFileSync(file) as Buffer<ArrayBuffer>;
    let names: string[];
    try {
      names = tarEntryNames(gunzipSync(bytes));
    } catch (error) {
      throw new BackupError(`${file} is a damaged gzip file (${(error as Error).message}): it cannot be restored.`);
    }
    if (names.includes("PG_VERSION") && names.some((name) => name.startsWith("base/"))) return { kind: "pglite", bytes };
    throw new BackupError(`${file} is a gzip file but not a PGlite data directory: it is not a portal backup.`);
  }
  const plainSql = /^(--|SET |CREATE |\\)/.test(head.toString("utf8"));
  throw new BackupError(
    plainSql
      ? `${file} looks like a plain SQL dump, not a backup from npm run db:backup: restore it with psql.`
      : `${file} is not a portal backup: it is neither a PGlite data-directory tarball nor a pg_dump custom-format archive.`,
  );
}

function refuseWrongKind(file: string, found: DatabaseKind, target: DatabaseKind): void {
  if (found === target) return;
  const how = target === "postgres" ? "unset DATABASE_URL to restore it into PGLITE_DATA_DIR" : "set DATABASE_URL to the PostgreSQL database to restore it into";
  throw new BackupError(
    `${file} is a backup of ${KIND_NAME[found]}, but this restore targets ${KIND_NAME[target]}. ` +
      `A backup restores only into a database of its own kind: ${how}.`,
  );
}

/** How the restored database's migrations compare with this checkout's, in a sentence. */
async function describeMigrations(runner: SqlRunner): Promise<string> {
  const [table] = await runner.query<{ present: boolean }>(`SELECT to_regclass('public._prisma_migrations') IS NOT NULL AS present`);
  if (!table?.present) return "It has no _prisma_migrations table, so it may not be a portal database.";
  const applied = new Set(
    (await runner.query<{ name: string }>(`SELECT migration_name AS name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`)).map((r) => r.name),
  );
  const known = listMigrations().map((m) => m.name);
  const missing = known.filter((name) => !applied.has(name));
  const unknown = [...applied].filter((name) => !known.includes(name));
  if (unknown.length) return `It has migrations this checkout does not know (${unknown.join(", ")}): it comes from a newer release.`;
  if (missing.length) return `It lacks ${missing.length} newer migration(s) (${missing.join(", ")}): run npm run db:migrate before starting the portal.`;
  return `Its schema is at this checkout's latest migration (${known.at(-1) ?? "none"}).`;
}

// ---------------------------------------------------------------------------------------------------------
// The embedded database. PGlite takes no lock of its own: two processes can open one directory and corrupt it.
// While open it keeps a postmaster.pid (with no real pid in it) and removes it on close, so that file is the lock.

/** Processes with files open under dir (Linux only; empty where /proc cannot tell). */
function processesUsing(dir: string): string[] {
  const holders = [];
  let pids: string[];
  try {
    pids = readdirSync("/proc").filter((name) => /^\d+$/.test(name) && name !== String(process.pid));
  } catch {
    return [];
  }
  const prefix = `${path.resolve(dir)}/`;
  for (const pid of pids) {
    try {
      if (!readdirSync(`/proc/${pid}/fd`).some((fd) => readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith(prefix))) continue;
      const command = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean).join(" ");
      holders.push(`process ${pid} (${command.length > 120 ? `${command.slice(0, 117)}...` : command})`);
    } catch {
      // Another user's process, or one that has just exited.
    }
  }
  return holders;
}

function refuseOpenDirectory(dir: string): void {
  const pidFile = path.join(dir, "postmaster.pid");
  if (!existsSync(pidFile)) return;
  const holders = processesUsing(dir);
  const who = holders.length
    ? `It is open in ${holders.join(", ")}.`
    : `No process visible to this user has files open in it: if the portal, npm run dev and every other command using it are stopped, ` +
      `${pidFile} was left by one that did not shut down cleanly; delete that file and run this again.`;
  throw new BackupError(
    `The embedded database at ${dir} is in use (${pidFile} exists). A PGlite directory belongs to one process at a time: ` +
      `stop the portal first. ${who}`,
  );
}

async function openPglite(options: ConstructorParameters<typeof PGlite>[0]): Promise<PGlite> {
  const db = new PGlite(options);
  try {
    await db.waitReady;
  } catch (error) {
    await db.close().catch(() => {});
    throw new BackupError(`PGlite could not open ${options?.dataDir}: ${(error as Error).message}`);
  }
  return db;
}

export async function backupPglite(dataDir: string, outFile: string): Promise<{ bytes: number }> {
  if (!existsSync(path.join(dataDir, "PG_VERSION"))) {
    throw new BackupError(`There is no embedded database at ${dataDir}: set PGLITE_DATA_DIR to its directory (or DATABASE_URL for PostgreSQL).`);
  }
  refuseOpenDirectory(dataDir);
  const bytes = await writeAtomically(outFile, async (tmp) => {
    const db = await openPglite({ dataDir });
    try {
      // Flushes every change to the data files, so the tarball needs no WAL replay when it is opened.
      await db.exec("CHECKPOINT");
      const tarball = await db.dumpDataDir("gzip");
      writeFileSync(tmp, Buffer.from(await tarball.arrayBuffer()));
    } finally {
      await db.close();
    }
  });
  return { bytes };
}

export interface PgliteRestore {
  /** Where the directory that was there before now is, when --force replaced one. */
  movedAside?: string;
  migrations: string;
}

export async function restorePglite(file: string, dataDir: string, { force = false } = {}): Promise<PgliteRestore> {
  const backup = readBackupKind(file);
  refuseWrongKind(file, backup.kind, "pglite");
  const occupied = existsSync(dataDir) && readdirSync(dataDir).length > 0;
  if (occupied) {
    refuseOpenDirectory(dataDir);
    if (!force) {
      throw new BackupError(
        `${dataDir} already holds a database. Restore into an empty or missing directory (set PGLITE_DATA_DIR), ` +
          `or add --force to move the current one aside (it is kept, renamed) and restore in its place.`,
      );
    }
  }

  // Loaded beside the target, then swapped in by renames: a backup PGlite cannot open never replaces anything.
  const stamp = utcStamp();
  const staging = `${dataDir}.restoring-${stamp}-${process.pid}`;
  mkdirSync(path.dirname(path.resolve(dataDir)), { recursive: true });
  let migrations: string;
  try {
    const db = await openPglite({ dataDir: staging, loadDataDir: new Blob([backup.bytes!]) });
    try {
      migrations = await describeMigrations(pgliteRunner(db));
    } finally {
      await db.close();
    }
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }

  let movedAside: string | undefined;
  if (occupied) {
    movedAside = `${dataDir}.before-restore-${stamp}`;
    renameSync(dataDir, movedAside);
  } else if (existsSync(dataDir)) {
    rmdirSync(dataDir);
  }
  renameSync(staging, dataDir);
  return { movedAside, migrations };
}

// ---------------------------------------------------------------------------------------------------------
// PostgreSQL, through Debian's (or any) pg_dump and pg_restore.

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** pg_dump or pg_restore from PATH, else the newest under /usr/lib/postgresql/<version>/bin (Debian's layout). */
export function findPgTool(name: "pg_dump" | "pg_restore"): string {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter).filter(Boolean)) {
    if (isExecutable(path.join(dir, name))) return path.join(dir, name);
  }
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root) ? readdirSync(root).filter((v) => /^\d+(\.\d+)?$/.test(v)).sort((a, b) => Number(b) - Number(a)) : [];
  for (const version of versions) {
    const candidate = path.join(root, version, "bin", name);
    if (isExecutable(candidate)) return candidate;
  }
  throw new BackupError(`${name} was found neither on PATH nor under ${root}/*/bin: install PostgreSQL's client tools (Debian: apt-get install postgresql-client).`);
}

// Query parameters Prisma understands and libpq refuses ("invalid URI query parameter").
const PRISMA_ONLY_PARAMETERS = ["schema", "connection_limit", "pool_timeout", "pgbouncer", "statement_cache_size", "socket_timeout", "sslaccept", "sslidentity"];

/** The URL for libpq's --dbname, with the password moved into PGPASSWORD so no process listing shows it. */
function libpqConnection(databaseUrl: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const url = new URL(databaseUrl);
  const password = decodeURIComponent(url.password);
  url.password = "";
  for (const name of PRISMA_ONLY_PARAMETERS) url.searchParams.delete(name);
  return { dbname: url.toString(), env: password ? { ...process.env, PGPASSWORD: password } : { ...process.env } };
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr }));
  });
}

async function runPgTool(name: "pg_dump" | "pg_restore", args: string[], databaseUrl: string | null): Promise<string> {
  const tool = findPgTool(name);
  const connection = databaseUrl ? libpqConnection(databaseUrl) : null;
  // --no-password: fail at once rather than wait for a password on a terminal nobody is watching.
  const fullArgs = connection ? ["--no-password", `--dbname=${connection.dbname}`, ...args] : args;
  const result = await run(tool, fullArgs, connection?.env ?? process.env);
  if (result.code !== 0) {
    throw new BackupError(`${name} failed (exit ${result.code}):\n${result.stderr.trim() || "(no message)"}`);
  }
  return result.stdout;
}

async function withPostgres<T>(databaseUrl: string, use: (runner: SqlRunner) => Promise<T>): Promise<T> {
  let runner: SqlRunner;
  try {
    runner = await postgresRunner(databaseUrl);
  } catch (error) {
    throw new BackupError(`Could not connect to ${redactUrl(databaseUrl)}: ${(error as Error).message}`);
  }
  try {
    return await use(runner);
  } finally {
    await runner.close();
  }
}

export async function backupPostgres(databaseUrl: string, outFile: string): Promise<{ bytes: number }> {
  const bytes = await writeAtomically(outFile, async (tmp) => {
    await runPgTool("pg_dump", ["--format=custom", `--file=${tmp}`], databaseUrl);
  });
  return { bytes };
}

const publicTables = (runner: SqlRunner) =>
  runner.query<{ name: string }>(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`).then((rows) => rows.map((r) => r.name));

export interface PostgresRestore {
  /** Where the database's contents were saved before --force replaced them. */
  savedTo?: string;
  /** Tables the target had that the backup does not: --clean drops only what the backup holds. */
  leftInPlace: string[];
  migrations: string;
}

export async function restorePostgres(file: string, databaseUrl: string, { force = false } = {}): Promise<PostgresRestore> {
  const backup = readBackupKind(file);
  refuseWrongKind(file, backup.kind, "postgres");
  // Reads the whole archive first, so a damaged one is refused before the database is touched.
  const contents = await runPgTool("pg_restore", ["--list", file], null);
  await runPgTool("pg_restore", ["--file=/dev/null", file], null);
  const backupTables = new Set([...contents.matchAll(/^\d+; \d+ \d+ TABLE public (\S+) /gm)].map((m) => m[1]!));

  const existing = await withPostgres(databaseUrl, publicTables);
  let savedTo: string | undefined;
  if (existing.length > 0) {
    if (!force) {
      throw new BackupError(
        `${redactUrl(databaseUrl)} is not empty (${existing.length} tables in schema public). Restore into an empty database, ` +
          `or add --force to save its current contents to backups/ first and then replace them.`,
      );
    }
    savedTo = defaultBackupPath("postgres", new Date(), "-before-restore");
    await backupPostgres(databaseUrl, savedTo);
  }

  // One transaction: a restore that fails part-way leaves the database as it was.
  await runPgTool("pg_restore", ["--clean", "--if-exists", "--no-owner", "--single-transaction", file], databaseUrl);
  return withPostgres(databaseUrl, async (runner) => ({
    savedTo,
    leftInPlace: (await publicTables(runner)).filter((name) => !backupTables.has(name)),
    migrations: await describeMigrations(runner),
  }));
}
