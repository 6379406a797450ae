import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { NextIntlClientProvider } from "next-intl";
import { getMessages, getTranslations, setRequestLocale } from "next-intl/server";
import { StartForm } from "@/components/apply/start-form";
import { PageHeading } from "@/components/ui/page-heading";
import { pickText } from "@/lib/localize";
import { opportunityPath, pageMetadata } from "@/lib/site";
import { getOpportunity } from "@/server/queries/opportunities";

type Props = { params: Promise<{ locale: string; slug: string }> };

// The status follows the clock: the page is built again at least every minute.
export const revalidate = 60;

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale, slug } = await params;
  const [t, site] = await Promise.all([getTranslations({ locale, namespace: "Apply" }), getTranslations({ locale, namespace: "Site" })]);
  return pageMetadata({ locale, path: `/calls/${slug}/apply`, title: t("title"), description: t("description"), siteName: site("name") });
}

/** The start of an application to a call that takes them here: what it asks, the eligibility check, the email. */
export default async function ApplyStartPage({ params }: Props) {
  const { locale, slug } = await params;
  setRequestLocale(locale);
  const call = await getOpportunity(slug);
  if (!call || !call.acceptsApplications) notFound();
  const [t, offer, messages] = await Promise.all([getTranslations("Apply"), getTranslations("Tianwen"), getMessages()]);
  const open = call.status === "OPEN" && call.stages.some((s) => s.state === "open" && s.entry === "ANYONE");
  return (
    <>
      <PageHeading title={t("title")} lead={t("startLead")} trail={[{ href: opportunityPath(slug), label: pickText(call.title, locale) }]} />
      {call.demonstration && (
        <p role="note" className="mt-6 rounded-lg border-s-4 border-amber-500 bg-amber-50 p-4 font-semibold" data-testid="demonstration-notice">
          {t("demonstration")}
        </p>
      )}
      <div className="mt-8 grid gap-6 md:grid-cols-2">
        <section aria-labelledby="need-heading" className="rounded-xl border border-slate-200 bg-white p-6">
          <h2 id="need-heading" className="text-2xl font-bold">{t("needHeading")}</h2>
          <ul className="mt-3 list-disc space-y-2 ps-6">
            {(["need1", "need2", "need3", "need4"] as const).map((k) => <li key={k}>{t(k)}</li>)}
          </ul>
          <h2 className="mt-6 text-2xl font-bold">{t("timeHeading")}</h2>
          <p className="mt-2">{t("time")}</p>
        </section>
        <section aria-labelledby="terms-heading" className="rounded-xl border border-slate-200 bg-white p-6">
          <h2 id="terms-heading" className="text-2xl font-bold">{t("termsHeading")}</h2>
          <ul className="mt-3 list-disc space-y-2 ps-6">
            <li>{offer("termFree")}</li>
            <li>{offer("termFunding")}</li>
            <li>{offer("termData")}</li>
          </ul>
        </section>
      </div>
      <section aria-labelledby="eligibility-heading" className="mt-8 rounded-xl border-2 border-navy bg-white p-6">
        <h2 id="eligibility-heading" className="mb-4 text-2xl font-bold">{t("eligibilityHeading")}</h2>
        {open ? (
          <NextIntlClientProvider messages={{ Apply: messages.Apply, Errors: messages.Errors }}>
            <StartForm call={slug} />
          </NextIntlClientProvider>
        ) : (
          <p role="status" data-testid="call-not-open">
            {t("notOpen")}
          </p>
        )}
      </section>
    </>
  );
}
