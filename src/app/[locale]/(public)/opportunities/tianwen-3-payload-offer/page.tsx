import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { CallContact } from "@/components/calls/call-contact";
import { HowToApply } from "@/components/calls/how-to-apply";
import { StageList } from "@/components/calls/stage-list";
import { CallDates } from "@/components/opportunities/call-dates";
import { FactList } from "@/components/opportunities/fact-list";
import { OpportunityHeading } from "@/components/opportunities/opportunity-heading";
import { CapacityBars } from "@/components/ui/capacity-bars";
import { poolOfCarrier } from "@/lib/calls/pools";
import { LastUpdated } from "@/components/ui/last-updated";
import { LocalizedText } from "@/components/ui/localized-text";
import { Section } from "@/components/ui/section";
import { SourceList } from "@/components/ui/source-list";
import { StatusBadge } from "@/components/ui/status-badge";
import { Link } from "@/i18n/link";
import { latestOf } from "@/lib/dates";
import { OPPORTUNITY_PATHS } from "@/lib/site";
import { getMission } from "@/server/queries/missions";
import { getOpportunity } from "@/server/queries/opportunities";
import { opportunityMetadata } from "../opportunity-metadata";

const SLUG = "tianwen-3-payload-offer";
const BOX = "rounded-xl border border-slate-200 bg-white p-6";
type Props = { params: Promise<{ locale: string }> };

// The call's status follows its stages' dates: the page is built again at most a minute after one opens or closes.
export const revalidate = 60;

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return opportunityMetadata(SLUG, (await params).locale);
}

export default async function TianwenOfferPage({ params }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const [opportunity, mission] = await Promise.all([getOpportunity(SLUG), getMission("tianwen-3")]);
  if (!opportunity || !mission) notFound();
  const [t, m, carrier] = await Promise.all([getTranslations("Tianwen"), getTranslations("Missions"), getTranslations("Carrier")]);
  const total = opportunity.capacities.reduce((sum, c) => sum + c.massKg, 0);

  return (
    <>
      <OpportunityHeading opportunity={opportunity} lead={t("description")} locale={locale} />

      <div className="mt-8 grid gap-6 lg:grid-cols-2">
        <Section headingId="offer-heading" heading={t("offerHeading")} className={BOX}>
          <p className="mt-2 text-lg font-semibold">{t("offerLead", { total })}</p>
          <dl className="mt-4 grid grid-cols-2 gap-3">
            {opportunity.capacities.map((c) => (
              <div key={c.carrier} className="rounded-lg bg-slate-100 p-4">
                <dt className="text-sm text-slate-700">{carrier(c.carrier)}</dt>
                <dd className="order-first text-3xl font-bold text-navy" data-testid="carrier-mass">{t("massKg", { value: c.massKg })}</dd>
              </div>
            ))}
          </dl>
          <h3 className="mt-6 text-lg font-bold">{t("capacityHeading")}</h3>
          <p className="text-sm text-slate-700">{t("capacityIntro")}</p>
          <CapacityBars
            bars={opportunity.capacities.map((c) => ({
              key: poolOfCarrier(c.carrier),
              name: carrier(c.carrier),
              remaining: c.remainingKg,
              total: c.massKg,
              unit: t("kilogramSymbol"),
            }))}
          />
        </Section>

        <Section headingId="terms-heading" heading={t("termsHeading")} className={BOX}>
          <ul className="mt-3 space-y-3">
            {[t("termFree"), t("termFunding"), t("termData")].map((term) => (
              <li key={term} className="flex gap-3">
                <span aria-hidden="true" className="mt-1 h-3 w-3 shrink-0 rounded-full bg-emerald-600" />
                <span>{term}</span>
              </li>
            ))}
          </ul>
          <h2 className="mt-6 text-2xl font-bold">{t("callHeading")}</h2>
          <div className="mt-2 flex flex-wrap items-center gap-3">
            <StatusBadge status={opportunity.status} />
            <CallDates opportunity={opportunity} locale={locale} />
          </div>
          <StageList stages={opportunity.stages} timeZone={opportunity.timeZone} />
          <FactList facts={opportunity.facts} locale={locale} />
          <CallContact email={opportunity.contactEmail} />
        </Section>
      </div>

      <Section
        headingId="mission-heading"
        heading={
          <>
            {t("missionHeading")}:{" "}
            <Link href={`/missions/${mission.slug}`}>
              <LocalizedText value={mission.name} locale={locale} />
            </Link>
          </>
        }
        className={`mt-8 ${BOX}`}
      >
        <p className="mt-2">
          <span className="text-sm text-slate-700">{m("launch")}: </span>
          <span className="font-semibold">{mission.launchWindow ? <LocalizedText value={mission.launchWindow} locale={locale} /> : m("unknown")}</span>
        </p>
        <FactList facts={mission.facts} locale={locale} />
      </Section>

      <Section headingId="interest-heading" heading={t("interestHeading")} intro={t("interestText")} className="mt-8 rounded-xl border-2 border-navy bg-white p-6">
        <HowToApply call={opportunity} applyHref={`${OPPORTUNITY_PATHS[SLUG]}/apply`} />
      </Section>

      <SourceList sources={[...opportunity.sources, ...mission.sources.filter((s) => !opportunity.sources.some((o) => o.url === s.url && o.label === s.label))]} />
      <LastUpdated at={latestOf([opportunity, mission])} />
    </>
  );
}
