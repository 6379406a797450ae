import "server-only";
import { env } from "@/env";
import { Prisma } from "@/generated/prisma/client";
import { prisma } from "@/server/db";

/** Where attachment bytes live, addressed by keys from newStorageKey(); never by the applicant's file name. */
export interface FileStorage {
  /** Stores the bytes under the key, replacing any already there; throws UploadStoreFullError when there is no room. */
  put(key: string, bytes: Uint8Array): Promise<void>;
  /** The bytes under the key, or null when there are none; on a plain ArrayBuffer, so they can be a Response body as they are. */
  get(key: string): Promise<Uint8Array<ArrayBuffer> | null>;
  /** Forgets the key; removing a key that is not there is not an error. */
  remove(key: string): Promise<void>;
}

type SqlClient = Pick<Prisma.TransactionClient, "$executeRaw" | "$queryRaw">;

/** The store has no room for a file: its configured limit would be passed, or the database itself is out of space. */
export class UploadStoreFullError extends Error {
  constructor() {
    super("The upload store is full");
    this.name = "UploadStoreFullError";
  }
}

// PostgreSQL's disk_full, out_of_memory and program_limit_exceeded: the write cannot succeed until space is made.
const STORE_FULL_STATES = new Set(["53100", "53200", "54000"]);

/** The SQLSTATEs an error carries, wherever the driver adapter and Prisma put them (its cause, or Prisma's meta). */
function sqlStates(error: unknown, depth = 0): string[] {
  if (!error || typeof error !== "object" || depth > 4) return [];
  const e = error as { code?: unknown; originalCode?: unknown; meta?: { driverAdapterError?: unknown }; cause?: unknown };
  const own = [e.code, e.originalCode].filter((c): c is string => typeof c === "string");
  return [...own, ...sqlStates(e.meta?.driverAdapterError, depth + 1), ...sqlStates(e.cause, depth + 1)];
}

/** Whether a database error means the store is out of space, rather than something wrong with the request. */
export function isStoreFullError(error: unknown): boolean {
  return error instanceof UploadStoreFullError || sqlStates(error).some((state) => STORE_FULL_STATES.has(state));
}

/**
 * The statement that stores a file's bytes under its key, replacing any already there: put() runs it, and a caller
 * writing the row that points to the file may run it in the same statement (as a WITH clause).
 * Raw SQL with base64 text: pglite-prisma-adapter 0.6 cannot bind Prisma's Bytes values, and text is bound the same by both drivers.
 */
export function storeFileSql(key: string, bytes: Uint8Array): Prisma.Sql {
  const base64 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
  return Prisma.sql`
    INSERT INTO "StoredFile" ("key", "content") VALUES (${key}, decode(${base64}, 'base64'))
    ON CONFLICT ("key") DO UPDATE SET "content" = EXCLUDED."content"`;
}

/**
 * Files in the StoredFile table, so every app instance sharing the database sees every file.
 * Pass a transaction client to store a file in the same transaction as the row that points to it; the limit
 * (default UPLOAD_STORE_LIMIT_BYTES, read at each write) then holds however many uploads arrive at once.
 */
export function createDatabaseFileStorage(db: SqlClient = prisma, options: { limitBytes?: () => number | undefined } = {}): FileStorage {
  const limitBytes = options.limitBytes ?? (() => env.UPLOAD_STORE_LIMIT_BYTES);
  return {
    async put(key, bytes) {
      const limit = limitBytes();
      try {
        if (limit !== undefined) {
          // One writer at a time measures and adds, so two uploads cannot both take the last free space.
          await db.$executeRaw`SELECT pg_advisory_xact_lock(4721050331)`;
          const [row] = await db.$queryRaw<{ used: string }[]>`
            SELECT COALESCE(SUM(octet_length("content")), 0)::text AS "used" FROM "StoredFile" WHERE "key" <> ${key}`;
          if (Number(row?.used ?? 0) + bytes.byteLength > limit) throw new UploadStoreFullError();
        }
        await db.$executeRaw(storeFileSql(key, bytes));
      } catch (error) {
        if (isStoreFullError(error)) throw error instanceof UploadStoreFullError ? error : new UploadStoreFullError();
        throw error;
      }
    },
    async get(key) {
      const rows = await db.$queryRaw<{ content: string }[]>`
        SELECT encode("content", 'base64') AS "content" FROM "StoredFile" WHERE "key" = ${key}`;
      if (rows.length === 0) return null;
      // Node's base64 decoder skips the line breaks PostgreSQL puts every 76 characters; the copy leaves Node's shared
      // Buffer pool behind, so the result's .buffer holds this file and nothing else.
      return new Uint8Array(Buffer.from(rows[0]!.content, "base64"));
    },
    async remove(key) {
      await db.$executeRaw`DELETE FROM "StoredFile" WHERE "key" = ${key}`;
    },
  };
}

let configured: FileStorage | undefined;

/** The storage the app uses. Another backend (e.g. S3) would implement FileStorage and be chosen here from src/env.ts. */
export function fileStorage(): FileStorage {
  configured ??= createDatabaseFileStorage();
  return configured;
}
