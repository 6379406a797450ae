import type { Metadata } from "next";
import { Fragment } from "react";
import { notFound } from "next/navigation";
import { NextIntlClientProvider } from "next-intl";
import { getMessages, getTranslations, setRequestLocale } from "next-intl/server";
import { StartForm } from "@/components/apply/start-form";
import { FormNotice } from "@/components/privacy/form-notice";
import { LocalizedText } from "@/components/ui/localized-text";
import { PageHeading } from "@/components/ui/page-heading";
import { pickText } from "@/lib/localize";
import { opportunityPath, pageMetadata } from "@/lib/site";
import type { AttachmentQuestion, EligibilityQuestion, Page } from "@/lib/calls/definition";
import { getCallForm, getOpportunity } from "@/server/queries/opportunities";

type Props = { params: Promise<{ locale: string; slug: string }> };

// Whether the start form shows is read at each request, as the start itself is: the call comes from the cache,
// its stages' state from the clock.
export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale, slug } = await params;
  const [call, t, site] = await Promise.all([getOpportunity(slug), getTranslations({ locale, namespace: "Apply" }), getTranslations({ locale, namespace: "Site" })]);
  if (!call) return {};
  const name = pickText(call.title, locale);
  return pageMetadata({ locale, path: `/calls/${slug}/apply`, title: t("callTitle", { call: name }), description: t("callDescription", { call: name }), siteName: site("name") });
}

/** The start of an application to a call that takes them here: what its form asks, the eligibility check, the email. */
export default async function ApplyStartPage({ params }: Props) {
  const { locale, slug } = await params;
  setRequestLocale(locale);
  const call = await getOpportunity(slug);
  if (!call || !call.acceptsApplications) notFound();
  const [t, messages, form] = await Promise.all([getTranslations("Apply"), getMessages(), getCallForm(slug)]);
  const open = call.status === "OPEN" && call.stages.some((s) => s.state === "open" && s.entry === "ANYONE");
  // What the stage that takes new applications asks: its pages, and the files its questions want.
  const stage = form?.stages[Math.max(0, call.stages.findIndex((s) => s.state === "open" && s.entry === "ANYONE"))] ?? form?.stages[0];
  const pages = (stage?.pages ?? []) as Page[];
  const files = pages.flatMap((p) => p.questions).filter((q): q is AttachmentQuestion => q.type === "attachment");
  const eligibility = ((form?.eligibility ?? []) as EligibilityQuestion[]).map(({ key, question }) => ({ key, question }));
  return (
    <>
      <PageHeading title={t("callTitle", { call: pickText(call.title, locale) })} lead={t("callLead")} trail={[{ href: opportunityPath(slug), label: pickText(call.title, locale) }]} />
      {call.demonstration && (
        <p role="note" className="mt-6 rounded-lg border-s-4 border-amber-500 bg-amber-50 p-4 font-semibold" data-testid="demonstration-notice">
          {t("demonstration")}
        </p>
      )}
      {pages.length > 0 && (
        <section aria-labelledby="need-heading" className="mt-8 rounded-xl border border-slate-200 bg-white p-6">
          <h2 id="need-heading" className="text-2xl font-bold">{t("needHeading")}</h2>
          <ul className="mt-3 list-disc space-y-2 ps-6">
            <li>
              {t.rich("needPages", {
                pages: () =>
                  pages.map((p, i) => (
                    <Fragment key={p.key}>
                      {i > 0 && ", "}
                      <LocalizedText value={p.title} locale={locale} />
                    </Fragment>
                  )),
              })}
            </li>
            {files.map((q) => (
              <li key={q.key}>
                {t.rich("needFile", {
                  label: () => <LocalizedText value={q.label} locale={locale} />,
                  size: Math.floor(q.maxBytes / (1024 * 1024)) || 1,
                  count: q.maxFiles,
                })}
              </li>
            ))}
          </ul>
          <p className="mt-4">{t("callTime")}</p>
        </section>
      )}
      <section aria-labelledby="eligibility-heading" className="mt-8 rounded-xl border-2 border-navy bg-white p-6">
        <h2 id="eligibility-heading" className="mb-4 text-2xl font-bold">{t("eligibilityHeading")}</h2>
        {open ? (
          <NextIntlClientProvider messages={{ Apply: messages.Apply, Errors: messages.Errors }}>
            <StartForm call={slug} eligibility={eligibility} />
          </NextIntlClientProvider>
        ) : (
          <p role="status" data-testid="call-not-open">
            {t("notOpen")}
          </p>
        )}
      </section>
      <FormNotice contactEmail={call.contactEmail} />
    </>
  );
}
