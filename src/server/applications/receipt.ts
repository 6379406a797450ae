import "server-only";
import type { ContentLocale } from "@/i18n/locales";
import { WorkerPoolBusyError, WorkerTimeoutError } from "../platform/worker-pool";
import { renderReceiptPdf } from "../receipt";
import { getApplicantView } from "./service";

export type ReceiptResult =
  | { ok: true; reference: string; pdf: Uint8Array }
  | { ok: false; code: "not_found" }
  /** The receipt cannot be drawn just now (its worker is busy or ran out of time): the applicant should retry. */
  | { ok: false; code: "unavailable"; locale: ContentLocale };

/** The submitted application's receipt as a PDF; not_found for an unknown link or an unsubmitted draft. */
export async function getReceipt(token: string, siteUrl: string): Promise<ReceiptResult> {
  const view = await getApplicantView(token);
  if (!view?.reference || !view.submittedAt) return { ok: false, code: "not_found" };
  const locale = view.locale === "zh" ? "zh" : "en";
  try {
    // Read against the version of the form the application answered (view.form), not the call's current one.
    const pdf = await renderReceiptPdf({
      locale,
      reference: view.reference,
      submittedAt: new Date(view.submittedAt),
      call: view.call.title,
      form: view.form,
      answers: view.answers,
      attachments: view.attachments,
      // The status page opens in the language the applicant reads the portal in.
      statusUrl: `${siteUrl}/${view.interfaceLocale}/applications/${token}`,
    });
    return { ok: true, reference: view.reference, pdf };
  } catch (error) {
    if (error instanceof WorkerTimeoutError || error instanceof WorkerPoolBusyError) return { ok: false, code: "unavailable", locale };
    throw error;
  }
}
