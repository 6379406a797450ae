import { notFound, redirect } from "next/navigation";
import { setRequestLocale } from "next-intl/server";
import { LeadForm, PayloadForm, ScienceForm } from "@/components/apply/step-forms";
import { StepPage } from "@/components/apply/step-page";
import { getApplicantView, remainingCapacity } from "@/server/applications/service";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ locale: string; token: string; step: string }>; searchParams: Promise<{ returnTo?: string }> };

/** The three question steps; attachments and check your answers have their own pages. */
export default async function QuestionStepPage({ params, searchParams }: Props) {
  const { locale, token, step } = await params;
  setRequestLocale(locale);
  if (step !== "lead" && step !== "payload" && step !== "science") notFound();
  const view = await getApplicantView(token);
  if (!view) notFound();
  if (!view.editable) redirect(`/${locale}/applications/${token}`);
  const returnTo = (await searchParams).returnTo === "check" ? "check" : undefined;
  const saved = view.answers[step] as Record<string, unknown> | undefined;
  return (
    <StepPage token={token} step={step}>
      {step === "lead" && <LeadForm token={token} saved={saved} returnTo={returnTo} />}
      {step === "payload" && <PayloadForm token={token} saved={saved} returnTo={returnTo} remaining={await remainingCapacity(view.call.slug)} />}
      {step === "science" && <ScienceForm token={token} saved={saved} returnTo={returnTo} />}
    </StepPage>
  );
}
