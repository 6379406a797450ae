// The worker thread that checks uploaded PDFs (see attachment-checks.ts), so no file holds up other requests.
import { serveTasks } from "../platform/worker-task.mjs";
import { pdfProblem } from "./pdf-check.mjs";

serveTasks(pdfProblem);
