import { MAX_UPLOAD_BODY_BYTES } from "@/lib/validation/application-api";
import { ApiError, handleApi, readBodyUpTo, respondWithUncached } from "@/server/api/respond";
import { createApiUpload, limitApiUploads } from "@/server/applications/api-submission";
import { clientIp } from "@/server/platform/client-address";

const invalid = (issues: { path: (string | number)[]; message: string }[]) =>
  new ApiError(400, "invalid_parameters", "The upload was refused; see issues.", issues);

/** The body as form data, or null when it is not multipart/form-data (or url-encoded) that parses. */
async function parseForm(bytes: Uint8Array<ArrayBuffer>, contentType: string | null): Promise<FormData | null> {
  try {
    return await new Response(bytes, { headers: { "Content-Type": contentType ?? "" } }).formData();
  } catch {
    return null;
  }
}

export const POST = handleApi(async (request) => {
  const limited = await limitApiUploads(await clientIp());
  if (limited) throw new ApiError(429, "rate_limited", "Too many uploads from this address; try again later.", undefined, limited.retryAfterSeconds);

  const bytes = await readBodyUpTo(request, MAX_UPLOAD_BODY_BYTES);
  if (!bytes) throw invalid([{ path: ["file"], message: "The request is larger than 11 MB; the file may be at most 10 MB" }]);
  const form = await parseForm(bytes, request.headers.get("content-type"));
  if (!form) throw invalid([{ path: [], message: "Send multipart/form-data with the fields kind and file" }]);

  const upload = await createApiUpload({ kind: form.get("kind") ?? undefined, file: form.get("file") ?? undefined });
  if (!upload.ok && upload.code === "store_full") {
    throw new ApiError(507, "upload_store_full", "The upload store is full, so the file was not stored. Try again later.");
  }
  if (!upload.ok && upload.code === "checks_busy") {
    throw new ApiError(503, "service_unavailable", "Many files are being checked right now; send this one again in a minute.", undefined, 60);
  }
  if (!upload.ok) throw invalid(upload.issues);
  const { uploadId, uploadToken, fileName, sizeBytes } = upload;
  return respondWithUncached({ uploadId, uploadToken, fileName, sizeBytes }, { status: 201 });
});
