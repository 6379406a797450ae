// The worker thread that draws receipts (see receipt.ts), so drawing one holds up no other request.
import { serveTasks } from "./platform/worker-task.mjs";
import { renderReceiptLayout } from "./receipt-pdf.mjs";

serveTasks(renderReceiptLayout);
