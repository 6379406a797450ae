import { authorizeApi } from "@/server/authz";
import { readAttachmentForStaff } from "@/server/review/attachments";

export const dynamic = "force-dynamic";

/** An application's attachment for staff: every one for applications.read, an assigned and unconflicted reviewer's own. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string; attachmentId: string }> }) {
  const { staff, error } = await authorizeApi(["applications.read", "applications.review"]);
  if (error) return error;
  const { id, attachmentId } = await params;
  const file = await readAttachmentForStaff(staff, id, attachmentId);
  if (file === "forbidden") {
    return Response.json({ error: { code: "forbidden", message: "You are not assigned to this application, or declared a conflict." } }, { status: 403 });
  }
  if (!file) return Response.json({ error: { code: "not_found", message: "No such attachment." } }, { status: 404, headers: { "Cache-Control": "no-store" } });
  return new Response(Buffer.from(file.bytes), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "no-referrer",
    },
  });
}
