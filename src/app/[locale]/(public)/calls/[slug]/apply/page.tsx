import type { Metadata } from "next";
import { NextIntlClientProvider } from "next-intl";
import { getMessages, getTranslations, setRequestLocale } from "next-intl/server";
import { StartForm } from "@/components/apply/start-form";
import { PageHeading } from "@/components/ui/page-heading";
import { OPPORTUNITY_PATHS, pageMetadata } from "@/lib/site";

type Props = { params: Promise<{ locale: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale } = await params;
  const [t, site] = await Promise.all([getTranslations({ locale, namespace: "Apply" }), getTranslations({ locale, namespace: "Site" })]);
  return pageMetadata({ locale, path: `${OPPORTUNITY_PATHS["tianwen-3-payload-offer"]}/apply`, title: t("title"), description: t("description"), siteName: site("name") });
}

export default async function ApplyStartPage({ params }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const [t, offer, messages] = await Promise.all([getTranslations("Apply"), getTranslations("Tianwen"), getMessages()]);
  return (
    <>
      <PageHeading title={t("title")} lead={t("startLead")} trail={[{ href: OPPORTUNITY_PATHS["tianwen-3-payload-offer"], label: offer("offerHeading") }]} />
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
        <NextIntlClientProvider messages={{ Apply: messages.Apply, Errors: messages.Errors }}>
          <StartForm />
        </NextIntlClientProvider>
      </section>
    </>
  );
}
