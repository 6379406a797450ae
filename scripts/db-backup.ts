// npm run db:backup -- [--out file]
// Backs up the database DATABASE_URL names (pg_dump, custom format) or, without it, the embedded PGlite database in
// PGLITE_DATA_DIR (a tarball of its data directory; stop the portal first: one process may hold it at a time).
// Default file: backups/portal-<pglite|postgres>-<UTC timestamp>.<pglite.tar.gz|pgdump>.
import { parseArgs } from "node:util";
import { backupPglite, backupPostgres, defaultBackupPath, formatBytes, formatSeconds, redactUrl } from "../prisma/backup";

const usage = "Usage: npm run db:backup -- [--out backups/name.pgdump|.pglite.tar.gz]";
let out: string | undefined;
try {
  ({ out } = parseArgs({ options: { out: { type: "string" } } }).values);
} catch (error) {
  console.error(`${(error as Error).message}\n${usage}`);
  process.exit(2);
}

try {
  // Imported here so that an invalid environment is reported like any other failure.
  const { env } = await import("../src/env");
  const { databaseKind, pgliteDataDir } = await import("../prisma/adapter");
  const started = Date.now();
  const file = out ?? defaultBackupPath(databaseKind());
  const source = env.DATABASE_URL ? redactUrl(env.DATABASE_URL) : `the embedded database at ${pgliteDataDir()}`;
  console.log(`Backing up ${source} ...`);
  const { bytes } = env.DATABASE_URL ? await backupPostgres(env.DATABASE_URL, file) : await backupPglite(pgliteDataDir(), file);
  console.log(`Wrote ${file}: ${formatBytes(bytes)} in ${formatSeconds(Date.now() - started)}.`);
  console.log(`Restore it with: npm run db:restore -- --in ${file}`);
} catch (error) {
  console.error(`Backup failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
