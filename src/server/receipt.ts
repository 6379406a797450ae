import "server-only";
import { env } from "@/env";
import type { ContentLocale as Locale } from "@/i18n/locales";
import enMessages from "@/i18n/messages/en.json";
import zhMessages from "@/i18n/messages/zh.json";
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

const copy = {
  en: {
    title: "Tianwen-3 payload interest — receipt",
    reference: "Reference",
    submitted: "Submitted",
    answers: "Your application",
    leadInstitution: "Lead institution",
    contactName: "Contact",
    payloadName: "Payload",
    carrier: "Where it would fly",
    mass: "Mass",
    kilograms: (value: string) => `${value} kg`,
    attachments: "Attachments",
    noAttachments: "None",
    status: "Status",
    statusText: "Follow your application at this private link. Anyone who has it can see your application, so do not share it.",
    keep: "Keep this receipt for your records, and quote the reference when you write to us.",
    page: "Page {n} of {total}",
  },
  zh: {
    title: "天问三号载荷合作意向 — 回执",
    reference: "申请编号",
    submitted: "提交时间",
    answers: "申请信息",
    leadInstitution: "牵头单位",
    contactName: "联系人",
    payloadName: "载荷名称",
    carrier: "搭载位置",
    mass: "质量",
    kilograms: (value: string) => `${value} 千克`,
    attachments: "附件",
    noAttachments: "无",
    status: "申请状态",
    statusText: "您可通过以下专属链接查看申请进展。任何获得此链接的人都能查看您的申请，请勿分享。",
    keep: "请妥善保存本回执；与我们联系时请注明申请编号。",
    page: "第 {n} 页，共 {total} 页",
  },
} as const;

// The carrier names the site shows, so the receipt and the pages never disagree.
const carrierNames: Record<Locale, Record<string, string>> = { en: enMessages.Carrier, zh: zhMessages.Carrier };

/** The receipt's text in the applicant's language, as the worker draws it (receipt-pdf.mjs). */
export function receiptLayout(input: ReceiptInput): ReceiptLayout {
  const t = copy[input.locale];
  const mass = new Intl.NumberFormat(input.locale === "zh" ? "zh-CN" : "en-GB", { maximumFractionDigits: 3 }).format(input.massKg);
  return {
    language: input.locale === "zh" ? "zh-CN" : "en",
    title: t.title,
    date: input.submittedAt,
    reference: { label: t.reference, value: input.reference },
    submitted: { label: t.submitted, value: formatUtcDateTime(input.submittedAt, input.locale) },
    answers: {
      heading: t.answers,
      rows: [
        [t.leadInstitution, input.leadInstitution],
        [t.contactName, input.contactName],
        [t.payloadName, input.payloadName],
        [t.carrier, carrierNames[input.locale][input.carrier] ?? input.carrier],
        [t.mass, t.kilograms(mass)],
      ],
    },
    attachments: { heading: t.attachments, names: input.attachments, none: t.noAttachments },
    status: { heading: t.status, text: t.statusText, url: input.statusUrl },
    keep: t.keep,
    pageLabel: t.page,
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
export function renderReceiptPdf(input: ReceiptInput): Promise<Uint8Array> {
  return receipts().run(receiptLayout(input));
}
