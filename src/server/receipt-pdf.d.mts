/** The receipt's text, every part already in the applicant's language. */
export interface ReceiptLayout {
  /** The document's language tag, e.g. "en" or "zh-CN". */
  language: string;
  title: string;
  /** The date the PDF carries: the submission's, not the drawing's. */
  date: Date;
  reference: { label: string; value: string };
  submitted: { label: string; value: string };
  answers: { heading: string; rows: [label: string, value: string][] };
  attachments: { heading: string; names: string[]; none: string };
  status: { heading: string; text: string; url: string };
  keep: string;
  /** Each page's footer after the reference, with {n} for its number and {total} for the count. */
  pageLabel: string;
}

export function renderReceiptLayout(layout: ReceiptLayout): Promise<Uint8Array>;
