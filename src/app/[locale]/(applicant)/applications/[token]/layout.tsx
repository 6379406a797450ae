import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { NextIntlClientProvider } from "next-intl";
import { getMessages, getTranslations, setRequestLocale } from "next-intl/server";
import type { ReactNode } from "react";
import { FormNotice } from "@/components/privacy/form-notice";
import { getApplicantView } from "@/server/applications/service";
import { markJoined } from "@/server/applications/team";
import { getOpportunity } from "@/server/queries/opportunities";

// The private link is the applicant's key: never indexed, never sent to another site as a referrer
// ("same-origin" rather than "no-referrer", which would make form posts carry Origin: null and fail).
export async function generateMetadata({ params }: { params: Promise<{ locale: string }> }): Promise<Metadata> {
  const { locale } = await params;
  const t = await getTranslations({ locale, namespace: "Apply" });
  return { title: t("taskListTitle"), robots: { index: false, follow: false }, referrer: "same-origin" };
}

export default async function ApplicationLayout({ children, params }: { children: ReactNode; params: Promise<{ locale: string; token: string }> }) {
  const { locale, token } = await params;
  setRequestLocale(locale);
  const view = await getApplicantView(token);
  if (!view) notFound();
  // A member's first visit through their own link marks them as having joined.
  await markJoined(token);
  const [messages, call] = await Promise.all([getMessages(), getOpportunity(view.call.slug)]);
  return (
    <>
      <NextIntlClientProvider messages={{ Apply: messages.Apply, Errors: messages.Errors, Carrier: messages.Carrier, InstitutionType: messages.InstitutionType, Team: messages.Team }}>
        {children}
      </NextIntlClientProvider>
      <FormNotice contactEmail={call?.contactEmail ?? null} />
    </>
  );
}
