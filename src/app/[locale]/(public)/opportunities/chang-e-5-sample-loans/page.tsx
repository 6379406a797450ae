import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { CallContact } from "@/components/calls/call-contact";
import { StageList } from "@/components/calls/stage-list";
import { FactList } from "@/components/opportunities/fact-list";
import { NextRound } from "@/components/opportunities/next-round";
import { CountryLink, InstitutionLink } from "@/components/opportunities/institution-name";
import { OpportunityHeading } from "@/components/opportunities/opportunity-heading";
import { FigureGrid } from "@/components/ui/figure-grid";
import { LastUpdated } from "@/components/ui/last-updated";
import { Section } from "@/components/ui/section";
import { SourceList } from "@/components/ui/source-list";
import { cellClass, TableBox } from "@/components/ui/table-box";
import { formatPartialDate } from "@/lib/localize";
import { getOpportunity } from "@/server/queries/opportunities";
import { opportunityMetadata } from "../opportunity-metadata";

const SLUG = "chang-e-5-sample-loans";
type Props = { params: Promise<{ locale: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return opportunityMetadata(SLUG, (await params).locale);
}

const agreementStyles = {
  SIGNED: "bg-emerald-100 text-emerald-900",
  PENDING: "bg-amber-100 text-amber-900",
  UNCONFIRMED: "bg-slate-200 text-slate-800",
  EXPIRED: "bg-rose-100 text-rose-900",
} as const;

export default async function SampleLoansPage({ params }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const opportunity = await getOpportunity(SLUG);
  if (!opportunity) notFound();
  const [t, agreement, type, calls] = await Promise.all([
    getTranslations("SampleLoans"),
    getTranslations("Agreement"),
    getTranslations("InstitutionType"),
    getTranslations("Calls"),
  ]);
  const signed = opportunity.figures.find((f) => f.key === "AGREEMENTS_SIGNED");
  const steps = [
    { label: t("step1"), date: opportunity.opensOn },
    { label: t("step2"), date: opportunity.closesOn },
    { label: t("step3"), date: null },
    { label: t("step4"), date: null },
  ];

  return (
    <>
      <OpportunityHeading opportunity={opportunity} lead={t("description")} locale={locale} dates />

      <FigureGrid figures={opportunity.figures} heading={t("figuresHeading")} />

      <Section headingId="institutions-heading" heading={t("institutionsHeading")} className="mt-10">
        {signed?.outOf && (
          <p className="mt-3 max-w-3xl rounded-lg border-s-4 border-amber-500 bg-amber-50 p-4 text-slate-900" id="agreements-note">
            {t("agreementsNote", { signed: signed.value, total: signed.outOf })}
          </p>
        )}
        <TableBox
          columns={[{ label: t("institution") }, { label: t("country") }, { label: t("type") }, { label: t("agreement") }]}
          className="min-w-[36rem]"
        >
          {opportunity.awards.map((award) => (
            <tr key={award.institution.slug} className="border-t border-slate-200">
              <th scope="row" className={`${cellClass} text-start font-semibold`}>
                <InstitutionLink institution={award.institution} locale={locale} />
              </th>
              <td className={cellClass}>
                <CountryLink code={award.institution.countryCode} locale={locale} fallback={type("INTERNATIONAL_ORGANISATION")} />
              </td>
              <td className={cellClass}>{type(award.institution.type)}</td>
              <td className={cellClass}>
                {award.agreement ? (
                  <span className={`whitespace-nowrap rounded px-2 py-0.5 font-semibold ${agreementStyles[award.agreement.status]}`}>
                    {agreement(award.agreement.status)}
                  </span>
                ) : (
                  agreement("none")
                )}
              </td>
            </tr>
          ))}
        </TableBox>
      </Section>

      <Section headingId="process-heading" heading={t("processHeading")} className="mt-10">
        <ol className="mt-4 grid gap-4 sm:grid-cols-4">
          {steps.map((step, i) => (
            <li key={step.label} className="relative rounded-lg border border-slate-200 bg-white p-4">
              <span aria-hidden="true" className="flex h-8 w-8 items-center justify-center rounded-full bg-navy font-bold text-white">
                {i + 1}
              </span>
              <p className="mt-2 font-semibold">{step.label}</p>
              {step.date && <p className="text-sm text-slate-700">{formatPartialDate(step.date, locale)}</p>}
            </li>
          ))}
        </ol>
        <FactList facts={opportunity.facts} locale={locale} />
      </Section>

      {(opportunity.stages.length > 0 || opportunity.contactEmail) && (
        <Section headingId="stages-heading" heading={calls("stagesHeading")} intro={calls("stagesIntro")} className="mt-10">
          <StageList stages={opportunity.stages} timeZone={opportunity.timeZone} />
          <CallContact email={opportunity.contactEmail} className="mt-4" />
        </Section>
      )}

      <NextRound slug={SLUG} locale={locale} />

      <SourceList sources={opportunity.sources} />
      <LastUpdated at={opportunity.updatedAt} />
    </>
  );
}
