import "server-only";
import { env } from "@/env";
import type { ContentLocale as Locale } from "@/i18n/locales";
import { translatorFor } from "@/i18n/translator";
import { answersAsText, readAnswers, type AnsweredFile, type AnsweredForm } from "@/lib/calls/render";
import { pickText } from "@/lib/localize";
import type { Localized } from "@/lib/validation/public-data";
import { formatUtcDateTime } from "@/server/mail/templates";
import { answerWordsFor } from "./calls/answer-words";
import { sharedWorkerPool, workerScript } from "./platform/worker-pool";
import type { ReceiptLayout } from "./receipt-pdf.mjs";

export interface ReceiptInput {
  locale: Locale;
  reference: string;
  submittedAt: Date;
  /** The call's title, in English and Chinese. */
  call: Localized;
  /** The form the application answered, in that version; null for a call whose form is not defined here. */
  form: AnsweredForm | null;
  /** The answers as stored: by page, then question. */
  answers: Record<string, unknown>;
  /** The attached files, each under the file question that asks for its kind. */
  attachments: AnsweredFile[];
  statusUrl: string;
}

/** The receipt's text in the applicant's language (the Receipt catalogue), as the worker draws it (receipt-pdf.mjs). */
export async function receiptLayout(input: ReceiptInput): Promise<ReceiptLayout> {
  const [t, words] = await Promise.all([translatorFor(input.locale), answerWordsFor(input.locale)]);
  const pages = input.form ? answersAsText(readAnswers(input.form, input.answers, input.attachments, input.locale), input.locale, words) : [];
  const notAnswered = t("Apply.notAnswered");
  // Files of a kind no question of this version asks for are listed after the answers, so that none goes unmentioned.
  const asked = new Set(input.form?.pages.flatMap((page) => page.questions.flatMap((q) => (q.type === "attachment" ? [q.attachmentKind] : []))));
  const otherFiles = input.attachments.filter((file) => !asked.has(file.kind)).map((file) => file.fileName);
  const title = t("Receipt.title", { call: pickText(input.call, input.locale) });
  return {
    language: input.locale === "zh" ? "zh-CN" : "en",
    title,
    date: input.submittedAt,
    reference: { label: t("Receipt.reference"), value: input.reference },
    submitted: { label: t("Receipt.submitted"), value: formatUtcDateTime(input.submittedAt, input.locale) },
    answers: {
      heading: t("Receipt.answers"),
      pages: pages.map((page) => ({
        title: page.title,
        rows: page.questions.map((q) => ({ label: q.label, lines: q.lines.length > 0 ? q.lines : [notAnswered] })),
      })),
    },
    attachments: otherFiles.length > 0 ? { heading: t("Receipt.attachments"), names: otherFiles } : null,
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
