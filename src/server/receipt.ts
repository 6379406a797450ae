import "server-only";
import { env } from "@/env";
import type { ContentLocale as Locale } from "@/i18n/locales";
import { translatorFor } from "@/i18n/translator";
import { carrierSchema } from "@/lib/validation/public-data";
import { formatUtcDateTime } from "@/server/mail/templates";
import { sharedWorkerPool, workerScript } from "./platform/worker-pool";
import type { ReceiptLayout } from "./receipt-pdf.mjs";

export interface ReceiptInput {
  locale: Locale;
  reference: string;
  submittedAt: Date;
  leadInstitution: string;
  contactName: string;
  payloadName: string;
  /** A Carrier value (ORBITER, SERVICE_MODULE, ...), shown by its name; any other text is shown as it is. */
  carrier: string;
  massKg: number;
  /** Display names of the attached files. */
  attachments: string[];
  statusUrl: string;
}

/** The receipt's text in the applicant's language (the Receipt catalogue), as the worker draws it (receipt-pdf.mjs). */
export async function receiptLayout(input: ReceiptInput): Promise<ReceiptLayout> {
  const t = await translatorFor(input.locale);
  const carrier = carrierSchema.safeParse(input.carrier);
  const mass = new Intl.NumberFormat(input.locale === "zh" ? "zh-CN" : "en-GB", { maximumFractionDigits: 3 }).format(input.massKg);
  return {
    language: input.locale === "zh" ? "zh-CN" : "en",
    title: t("Receipt.title"),
    date: input.submittedAt,
    reference: { label: t("Receipt.reference"), value: input.reference },
    submitted: { label: t("Receipt.submitted"), value: formatUtcDateTime(input.submittedAt, input.locale) },
    answers: {
      heading: t("Receipt.answers"),
      rows: [
        [t("Receipt.leadInstitution"), input.leadInstitution],
        [t("Receipt.contactName"), input.contactName],
        [t("Receipt.payloadName"), input.payloadName],
        // The carrier and mass as the site shows them, so the receipt and the pages never disagree.
        [t("Receipt.carrier"), carrier.success ? t(`Carrier.${carrier.data}`) : input.carrier],
        [t("Receipt.mass"), t("Apply.kg", { value: mass })],
      ],
    },
    attachments: { heading: t("Receipt.attachments"), names: input.attachments, none: t("Receipt.noAttachments") },
    status: { heading: t("Receipt.status"), text: t("Receipt.statusText"), url: input.statusUrl },
    keep: t("Receipt.keep"),
    // Only the worker knows how many pages there are: it puts the numbers where these two markers are.
    pageLabel: t("Receipt.page", { n: "{n}", total: "{total}" }),
  };
}

// One receipt at a time, a few waiting: drawing one takes a fraction of a second once the fonts are loaded.
const receipts = () =>
  sharedWorkerPool<ReceiptLayout, Uint8Array>("receipt", () => ({
    script: workerScript("src/server/receipt.worker.mjs"),
    size: 1,
    queueLimit: () => 16,
    timeoutMs: () => env.RECEIPT_TIMEOUT_MS,
  }));

/**
 * An A4 PDF receipt of a submitted application, in the applicant's language, readable in any script the fonts
 * cover. Drawn in a worker thread under RECEIPT_TIMEOUT_MS; rejects with WorkerTimeoutError or WorkerPoolBusyError
 * (platform/worker-pool.ts) when it cannot be drawn now.
 */
export async function renderReceiptPdf(input: ReceiptInput): Promise<Uint8Array> {
  return receipts().run(await receiptLayout(input));
}
