import "server-only";
import type { StaffSession } from "../authz";
import { prisma } from "../db";
import { fileStorage } from "../storage/file-storage";
import { canReadContent, reviewStanding } from "./access";

/**
 * An attachment's bytes for staff, checked as the application's page is: null (404) when there is no such submitted
 * application or file, "forbidden" for a reviewer not assigned to the application or conflicted on it.
 */
export async function readAttachmentForStaff(
  staff: StaffSession,
  applicationId: string,
  attachmentId: string,
): Promise<{ fileName: string; bytes: Uint8Array<ArrayBuffer> } | "forbidden" | null> {
  const app = await prisma.application.findUnique({ where: { id: applicationId }, select: { status: true } });
  if (!app || app.status === "DRAFT") return null;
  if (!canReadContent(await reviewStanding(staff, applicationId))) return "forbidden";
  const attachment = await prisma.attachment.findFirst({ where: { id: attachmentId, applicationId }, select: { fileName: true, storageKey: true } });
  if (!attachment) return null;
  const bytes = await fileStorage().get(attachment.storageKey);
  return bytes ? { fileName: attachment.fileName, bytes } : null;
}
