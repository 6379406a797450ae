import "server-only";
import type { StaffSession } from "../authz";
import { prisma } from "../db";
import { fileStorage } from "../storage/file-storage";
import { canReadContent, reviewStanding } from "./access";

/**
 * An attachment's bytes for staff: "forbidden" for a reviewer not assigned to the application or conflicted on it
 * (checked before looking for the file, so that its existence is not revealed), null when there is no such file.
 */
export async function readAttachmentForStaff(
  staff: StaffSession,
  applicationId: string,
  attachmentId: string,
): Promise<{ fileName: string; bytes: Uint8Array<ArrayBuffer> } | "forbidden" | null> {
  if (!canReadContent(await reviewStanding(staff, applicationId))) return "forbidden";
  const attachment = await prisma.attachment.findFirst({
    where: { id: attachmentId, applicationId, application: { status: { not: "DRAFT" } } },
    select: { fileName: true, storageKey: true },
  });
  if (!attachment) return null;
  const bytes = await fileStorage().get(attachment.storageKey);
  return bytes ? { fileName: attachment.fileName, bytes } : null;
}
