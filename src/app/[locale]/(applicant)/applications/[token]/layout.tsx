import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { NextIntlClientProvider } from "next-intl";
import { getMessages, getTranslations, setRequestLocale } from "next-intl/server";
import type { ReactNode } from "react";
import { getApplicantView } from "@/server/applications/service";

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
  const messages = await getMessages();
  return (
    <NextIntlClientProvider messages={{ Apply: messages.Apply, Errors: messages.Errors, Carrier: messages.Carrier, InstitutionType: messages.InstitutionType }}>
      {children}
    </NextIntlClientProvider>
  );
}
