import { randomUUID } from "node:crypto";
import { notFound, redirect } from "next/navigation";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { AnswerSummary } from "@/components/apply/answer-summary";
import { StepPage, StepTitle } from "@/components/apply/step-page";
import { SubmitApplicationForm } from "@/components/apply/submit-forms";
import { Link } from "@/i18n/link";
import { getApplicantView, missingSteps } from "@/server/applications/service";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ locale: string; token: string }> };

export default async function CheckAnswersPage({ params }: Props) {
  const { locale, token } = await params;
  setRequestLocale(locale);
  const view = await getApplicantView(token);
  if (!view) notFound();
  if (!view.editable) redirect(`/${locale}/applications/${token}`);
  const t = await getTranslations("Apply");
  const errors = await getTranslations("Errors");
  const missing = missingSteps(view);
  return (
    <StepPage token={token} view={view} step="check" locale={locale}>
      <p className="mb-6 text-lg">{t("checkTitle")}</p>
      <AnswerSummary view={view} token={token} locale={locale} />
      {missing.length > 0 ? (
        <div className="max-w-2xl border-s-4 border-accent bg-white p-4" data-testid="incomplete">
          <p className="font-semibold">{errors("incomplete")}</p>
          <ul className="mt-2 list-disc ps-6">
            {missing.map((step) => (
              <li key={step}>
                <Link href={`/applications/${token}/${step}`}>
                  <StepTitle view={view} step={step} locale={locale} />
                </Link>
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <SubmitApplicationForm token={token} idempotencyKey={randomUUID()} />
      )}
    </StepPage>
  );
}
