import "server-only";
import { env } from "@/env";
import { declaredTypeProblem, fileNameProblem, type FileProblem } from "@/lib/files";
import { MAX_ATTACHMENT_BYTES } from "@/lib/validation/application";
import { sharedWorkerPool, workerScript, WorkerPoolBusyError, WorkerTimeoutError } from "../platform/worker-pool";
import { log } from "@/server/log";

// Everything an upload must pass before a byte of it is stored, in the order an applicant can best act on.

// One check at a time: a check takes well under a second, and the other core stays with the web server. A real PDF
// is checked in milliseconds, so a deadline-day burst may queue deep; the waiting files are the requests' own
// bytes, held by those requests whether they wait here or not.
const pdfChecks = () =>
  sharedWorkerPool<Uint8Array, FileProblem | null>("attachment-check", () => ({
    script: workerScript("src/server/applications/attachment-check.worker.mjs"),
    size: 1,
    queueLimit: () => env.FILE_CHECK_QUEUE_LIMIT,
    timeoutMs: () => env.FILE_CHECK_TIMEOUT_MS,
    resourceLimits: { maxOldGenerationSizeMb: 256 },
  }));

/**
 * Why this upload is refused, as an `Errors` message key, or null when it may be stored. The PDF itself is read in
 * a worker thread (pdf-check.mjs) under a time limit, so a slow or hostile file holds up no other request.
 */
export async function checkAttachment(file: { bytes: Uint8Array; name: string; type: string }): Promise<FileProblem | null> {
  const { bytes } = file;
  if (bytes.byteLength === 0) return "fileEmpty";
  if (bytes.byteLength > MAX_ATTACHMENT_BYTES) return "fileTooLarge";
  const nameProblem = fileNameProblem(file.name);
  if (nameProblem) return nameProblem;
  const typeProblem = declaredTypeProblem(file.type);
  if (typeProblem) return typeProblem;
  try {
    return await pdfChecks().run(bytes);
  } catch (error) {
    if (error instanceof WorkerTimeoutError) return "fileCheckTimeout";
    if (error instanceof WorkerPoolBusyError) return "fileCheckBusy";
    // A file the check cannot finish on is not stored; the error is for the operators.
    log.error({ err: error }, "The PDF check failed");
    return "filePdfUnreadable";
  }
}
