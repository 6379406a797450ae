/** The receipt's text, every part already in the applicant's language. */
export interface ReceiptLayout {
  /** The document's language tag, e.g. "en" or "zh-CN". */
  language: string;
  title: string;
  /** The date the PDF carries: the submission's, not the drawing's. */
  date: Date;
  reference: { label: string; value: string };
  submitted: { label: string; value: string };
  /** The answers page by page of the form the application answered: each question's label over its answer's lines. */
  answers: { heading: string; pages: { title: string; rows: { label: string; lines: string[] }[] }[] };
  /** Files that no question of the form asks for; null when there are none. */
  attachments: { heading: string; names: string[] } | null;
  status: { heading: string; text: string; url: string };
  keep: string;
  /** Each page's footer after the reference, with {n} for its number and {total} for the count. */
  pageLabel: string;
}

export function renderReceiptLayout(layout: ReceiptLayout): Promise<Uint8Array>;
