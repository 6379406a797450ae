import "server-only";
import { prisma } from "../../db";
import { log } from "../../log";
import { createDatabaseFileStorage } from "../../storage/file-storage";
import type { PeriodicTask } from "../types";

/** An upload through the API that no application took within this long is deleted with its bytes. */
export const UNATTACHED_UPLOAD_TTL_MS = 24 * 60 * 60_000;
const BATCH = 100;

/** Deletes uploads never attached to an application, older than 24 hours, and their stored bytes; how many and how many bytes. */
export async function sweepUnattachedUploads(now: Date): Promise<{ files: number; bytes: number }> {
  const cutoff = new Date(now.getTime() - UNATTACHED_UPLOAD_TTL_MS);
  let files = 0;
  let bytes = 0;
  // A row that cannot be removed is logged and passed over, so that it does not stop the sweep of every other.
  const failed: string[] = [];
  for (;;) {
    const rows = await prisma.attachment.findMany({
      where: { applicationId: null, createdAt: { lt: cutoff }, id: { notIn: failed } },
      select: { id: true, storageKey: true, sizeBytes: true },
      orderBy: { id: "asc" },
      take: BATCH,
    });
    for (const row of rows) {
      const removed = await prisma
        .$transaction(async (tx) => {
          // Re-checked in the deleting statement: an upload attached meanwhile is kept, with its file.
          const gone = await tx.attachment.deleteMany({ where: { id: row.id, applicationId: null } });
          if (gone.count === 0) return false;
          await createDatabaseFileStorage(tx).remove(row.storageKey);
          return true;
        })
        .catch((error: unknown) => {
          failed.push(row.id);
          log.error({ err: error, attachmentId: row.id }, "[jobs] an unattached upload could not be removed; the sweep goes on");
          return false;
        });
      if (removed) {
        files += 1;
        bytes += row.sizeBytes;
      }
    }
    if (rows.length < BATCH) return { files, bytes };
  }
}

export const sweepUnattachedUploadsTask: PeriodicTask = {
  name: "sweep-unattached-uploads",
  everyMs: 60 * 60_000,
  // Uploads are stamped by the real clock (createdAt), so they are aged by it, never by the deadline clock tests move.
  run: async () => {
    const { files, bytes } = await sweepUnattachedUploads(new Date());
    return `deleted ${files} unattached uploads (${bytes} bytes)`;
  },
};
