import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { prisma } from "@/server/db";

/** Where attachment bytes live, addressed by keys from newStorageKey(); never by the applicant's file name. */
export interface FileStorage {
  /** Stores the bytes under the key, replacing any already there. */
  put(key: string, bytes: Uint8Array): Promise<void>;
  /** The bytes under the key, or null when there are none; on a plain ArrayBuffer, so they can be a Response body as they are. */
  get(key: string): Promise<Uint8Array<ArrayBuffer> | null>;
  /** Forgets the key; removing a key that is not there is not an error. */
  remove(key: string): Promise<void>;
}

type SqlClient = Pick<Prisma.TransactionClient, "$executeRaw" | "$queryRaw">;

/**
 * Files in the StoredFile table, so every app instance sharing the database sees every file.
 * Pass a transaction client to store a file in the same transaction as the row that points to it.
 */
export function createDatabaseFileStorage(db: SqlClient = prisma): FileStorage {
  // Raw SQL with base64 text: pglite-prisma-adapter 0.6 cannot bind Prisma's Bytes values, and text is bound the same by both drivers.
  return {
    async put(key, bytes) {
      const base64 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
      await db.$executeRaw`
        INSERT INTO "StoredFile" ("key", "content") VALUES (${key}, decode(${base64}, 'base64'))
        ON CONFLICT ("key") DO UPDATE SET "content" = EXCLUDED."content"`;
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
