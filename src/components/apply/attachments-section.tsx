import { getFormatter, getTranslations } from "next-intl/server";
import { LocalizedText } from "@/components/ui/localized-text";
import type { AttachmentQuestion, Page } from "@/lib/calls/definition";
import { removeAttachmentAction } from "@/server/actions/applications";
import type { ApplicantView } from "@/server/applications/service";
import { AttachmentUploadForm } from "./attachments-form";

export const attachmentQuestionsOf = (page: Page) => page.questions.filter((q): q is AttachmentQuestion => q.type === "attachment");

/** A page's file questions: what each asks for, the files uploaded so far, and the upload form. */
export async function AttachmentsSection({
  view,
  token,
  page,
  locale,
  continues,
}: {
  view: ApplicantView;
  token: string;
  page: Page;
  locale: string;
  /** The page asks for files alone: its upload form also carries "Save and continue". */
  continues: boolean;
}) {
  const [t, format] = await Promise.all([getTranslations("Apply"), getFormatter()]);
  const questions = attachmentQuestionsOf(page);
  const files = view.attachments.filter((a) => questions.some((q) => q.attachmentKind === a.kind));
  const count = (q: AttachmentQuestion) => files.filter((a) => a.kind === q.attachmentKind).length;
  const label = (kind: string) => {
    const question = questions.find((q) => q.attachmentKind === kind);
    return question ? <LocalizedText value={question.label} locale={locale} /> : kind;
  };
  // The first file still required, else the first question that takes more files.
  const next = questions.find((q) => q.required && count(q) === 0) ?? questions.find((q) => count(q) < q.maxFiles) ?? questions[0]!;
  // In the reader's own unit words ("12 kB", "12 كيلوبايت"); a file under 1 kB still shows as 1, never 0.
  const kilobytes = (bytes: number) => format.number(Math.max(1, Math.round(bytes / 1024)), { style: "unit", unit: "kilobyte" });
  const megabytes = (bytes: number) => t("megabytes", { value: format.number(bytes / (1024 * 1024), { maximumFractionDigits: 1 }) });
  return (
    <>
      <ul className="mb-6 max-w-2xl list-disc space-y-1 ps-6">
        {questions.map((q) => (
          <li key={q.key}>
            <span className="font-semibold">
              <LocalizedText value={q.label} locale={locale} />
            </span>
            {": "}
            {t("fileRules", { required: q.required ? "yes" : "no", maxFiles: q.maxFiles, size: megabytes(q.maxBytes) })}
            {q.help?.en && (
              <span className="block text-sm text-slate-700">
                <LocalizedText value={{ en: q.help.en, zh: q.help.zh ?? null }} locale={locale} />
              </span>
            )}
          </li>
        ))}
      </ul>
      <h2 className="text-xl font-bold">{t("uploaded")}</h2>
      {files.length === 0 ? (
        <p className="mb-6 mt-2">{t("noFiles")}</p>
      ) : (
        <ul className="mb-6 mt-2 max-w-2xl divide-y divide-slate-200 rounded border border-slate-200 bg-white" data-testid="attachments">
          {files.map((a) => (
            <li key={a.id} className="flex flex-wrap items-center justify-between gap-3 p-3">
              <span className="min-w-0 break-words">
                <span className="font-semibold">{label(a.kind)}</span>
                {": "}
                <a href={`/api/applications/${token}/attachments/${a.id}`}>{a.fileName}</a>{" "}
                <span className="text-sm text-slate-700">({kilobytes(a.sizeBytes)})</span>
              </span>
              <form action={removeAttachmentAction}>
                <input type="hidden" name="locale" value={locale} />
                <input type="hidden" name="token" value={token} />
                <input type="hidden" name="attachmentId" value={a.id} />
                <button type="submit" className="rounded border border-accent px-3 py-1 text-sm font-semibold text-accent" aria-label={t("removeFile", { name: a.fileName })}>
                  {t("remove")}
                </button>
              </form>
            </li>
          ))}
        </ul>
      )}
      {questions
        .filter((q) => q.required && count(q) === 0)
        .map((q) => (
          <p key={q.key} className="mb-4 font-semibold text-slate-900">
            {t.rich("fileRequired", { question: () => <LocalizedText value={q.label} locale={locale} /> })}
          </p>
        ))}
      {/* A new form once the files change, so that a file just uploaded is no longer chosen in it. */}
      <AttachmentUploadForm
        key={files.map((a) => a.id).join(",")}
        token={token}
        kinds={questions.map((q) => ({ value: q.attachmentKind, label: <LocalizedText value={q.label} locale={locale} /> }))}
        defaultKind={next.attachmentKind}
        continueFrom={continues ? page.key : undefined}
      />
    </>
  );
}
