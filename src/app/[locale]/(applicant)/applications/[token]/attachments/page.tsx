import { notFound, redirect } from "next/navigation";
import { getFormatter, getTranslations, setRequestLocale } from "next-intl/server";
import { AttachmentUploadForm } from "@/components/apply/attachments-form";
import { StepPage } from "@/components/apply/step-page";
import { Link } from "@/i18n/link";
import { removeAttachmentAction } from "@/server/actions/applications";
import { getApplicantView } from "@/server/applications/service";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ locale: string; token: string }> };

export default async function AttachmentsPage({ params }: Props) {
  const { locale, token } = await params;
  setRequestLocale(locale);
  const view = await getApplicantView(token);
  if (!view) notFound();
  if (!view.editable) redirect(`/${locale}/applications/${token}`);
  const [t, format] = await Promise.all([getTranslations("Apply"), getFormatter()]);
  const hasTechnical = view.attachments.some((a) => a.kind === "TECHNICAL_DESCRIPTION");
  return (
    <StepPage token={token} step="attachments">
      <p className="mb-6 max-w-2xl">{t("attachmentsIntro")}</p>
      <h2 className="text-xl font-bold">{t("uploaded")}</h2>
      {view.attachments.length === 0 ? (
        <p className="mb-6 mt-2">{t("noFiles")}</p>
      ) : (
        <ul className="mb-6 mt-2 max-w-2xl divide-y divide-slate-200 rounded border border-slate-200 bg-white" data-testid="attachments">
          {view.attachments.map((a) => (
            <li key={a.id} className="flex flex-wrap items-center justify-between gap-3 p-3">
              <span>
                <span className="font-semibold">{t(`attachmentKinds.${a.kind}`)}</span>
                {": "}
                <a href={`/api/applications/${token}/attachments/${a.id}`}>{a.fileName}</a>{" "}
                <span className="text-sm text-slate-700">({format.number(a.sizeBytes / 1024, { maximumFractionDigits: 0 })} KB)</span>
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
      {!hasTechnical && <p className="mb-4 font-semibold text-slate-900">{t("technicalMissing")}</p>}
      <AttachmentUploadForm token={token} hasTechnical={hasTechnical} />
      <p className="mt-8">
        <Link href={`/applications/${token}/check`} className="inline-block rounded bg-navy px-5 py-3 font-semibold text-white no-underline hover:bg-sky">
          {t("continue")}
        </Link>
      </p>
    </StepPage>
  );
}
