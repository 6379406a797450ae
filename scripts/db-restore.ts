// npm run db:restore -- --in file [--force]
// Restores a backup from npm run db:backup into the database DATABASE_URL names or, without it, into the embedded
// PGlite directory PGLITE_DATA_DIR. Refuses a backup of the other kind, and a target that already holds data unless
// --force: then a PGlite directory is moved aside (renamed, kept) and a PostgreSQL database is first saved to backups/.
// Stop the portal first.
import { statSync } from "node:fs";
import { parseArgs } from "node:util";
import { formatBytes, formatSeconds, redactUrl, restorePglite, restorePostgres } from "../prisma/backup";

const usage = "Usage: npm run db:restore -- --in backups/name.pgdump|.pglite.tar.gz [--force]";
let input: string | undefined;
let force = false;
try {
  const { values } = parseArgs({ options: { in: { type: "string" }, force: { type: "boolean", default: false } } });
  input = values.in;
  force = values.force;
} catch (error) {
  console.error(`${(error as Error).message}\n${usage}`);
  process.exit(2);
}
if (!input) {
  console.error(`--in: the backup file to restore is required.\n${usage}`);
  process.exit(2);
}

try {
  // Imported here so that an invalid environment is reported like any other failure.
  const { env } = await import("../src/env");
  const { pgliteDataDir } = await import("../prisma/adapter");
  const started = Date.now();
  const target = env.DATABASE_URL ? redactUrl(env.DATABASE_URL) : pgliteDataDir();
  console.log(`Restoring ${input} into ${target} ...`);
  if (env.DATABASE_URL) {
    const result = await restorePostgres(input, env.DATABASE_URL, { force });
    if (result.savedTo) console.log(`Saved the database's previous contents to ${result.savedTo}.`);
    if (result.leftInPlace.length) {
      console.warn(`Warning: tables the backup does not have were left in place: ${result.leftInPlace.join(", ")}.`);
    }
    console.log(result.migrations);
  } else {
    const result = await restorePglite(input, pgliteDataDir(), { force });
    if (result.movedAside) console.log(`The directory that was there is kept at ${result.movedAside}.`);
    console.log(result.migrations);
  }
  console.log(`Restored ${input} (${formatBytes(statSync(input).size)}) into ${target} in ${formatSeconds(Date.now() - started)}.`);
} catch (error) {
  console.error(`Restore failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
