import { notFound, redirect } from "next/navigation";
import { setRequestLocale } from "next-intl/server";
import { FormStep } from "@/components/apply/form-step";
import type { Page } from "@/lib/calls/definition";
import { getApplicantView } from "@/server/applications/service";
import { remainingByPool } from "@/server/calls/pools";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ locale: string; token: string; step: string }>; searchParams: Promise<{ returnTo?: string }> };

const asksOfPools = (page: Page) => page.questions.some((q) => q.type === "resource" || (q.type === "group" && q.questions.some((m) => m.type === "resource")));

/** Any page of the draft's form, by its key; "check" and "confirmation" have their own routes. */
export default async function FormStepPage({ params, searchParams }: Props) {
  const { locale, token, step } = await params;
  setRequestLocale(locale);
  const view = await getApplicantView(token);
  if (!view) notFound();
  const page = view.form?.pages.find((p) => p.key === step);
  if (!page) notFound();
  if (!view.editable) redirect(`/${locale}/applications/${token}`);
  const returnTo = (await searchParams).returnTo === "check" ? "check" : undefined;
  const remaining = asksOfPools(page) ? await remainingByPool({ slug: view.call.slug }) : {};
  return <FormStep view={view} token={token} page={page} locale={locale} returnTo={returnTo} remaining={remaining} />;
}
