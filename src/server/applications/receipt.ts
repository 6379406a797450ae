import "server-only";
import { renderReceiptPdf } from "../receipt";
import { getApplicantView } from "./service";

/** The submitted application's receipt as a PDF, or null for an unknown link or an unsubmitted draft. */
export async function getReceipt(token: string, siteUrl: string) {
  const view = await getApplicantView(token);
  if (!view?.reference || !view.submittedAt) return null;
  const lead = (view.answers.lead ?? {}) as { institutionName?: string; contactName?: string };
  const payload = (view.answers.payload ?? {}) as { payloadName?: string; carrier?: string; massKg?: number };
  const locale = view.locale === "zh" ? "zh" : "en";
  const pdf = await renderReceiptPdf({
    locale,
    reference: view.reference,
    submittedAt: new Date(view.submittedAt),
    leadInstitution: lead.institutionName ?? "",
    contactName: lead.contactName ?? "",
    payloadName: payload.payloadName ?? "",
    carrier: payload.carrier ?? "",
    massKg: Number(payload.massKg ?? 0),
    attachments: view.attachments.map((a) => a.fileName),
    statusUrl: `${siteUrl}/${locale}/applications/${token}`,
  });
  return { reference: view.reference, pdf };
}
