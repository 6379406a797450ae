import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { CallContact } from "@/components/calls/call-contact";
import { DemonstrationLabel, DemonstrationNotice } from "@/components/calls/demonstration-notice";
import { HowToApply } from "@/components/calls/how-to-apply";
import { StageList } from "@/components/calls/stage-list";
import { FactList } from "@/components/opportunities/fact-list";
import { CapacityBars } from "@/components/ui/capacity-bars";
import { FigureGrid } from "@/components/ui/figure-grid";
import { LastUpdated } from "@/components/ui/last-updated";
import { LocalizedText } from "@/components/ui/localized-text";
import { PageHeading } from "@/components/ui/page-heading";
import { Section } from "@/components/ui/section";
import { SourceList } from "@/components/ui/source-list";
import { StatusBadge } from "@/components/ui/status-badge";
import { Link } from "@/i18n/link";
import { pickText } from "@/lib/localize";
import { OPPORTUNITY_PATHS, pageMetadata } from "@/lib/site";
import type { Pool } from "@/lib/calls/definition";
import { poolWording } from "@/lib/calls/pools";
import { getCallForm, getOpportunity } from "@/server/queries/opportunities";

type Props = { params: Promise<{ locale: string; slug: string }> };

// A call opens and closes by the clock, not by an edit: the page is built again at most a minute after.
export const revalidate = 60;

export async function generateStaticParams() {
  return [];
}

/** The page of a call that has one of its own. */
const dedicatedPath = (slug: string): string | undefined => (OPPORTUNITY_PATHS as Record<string, string>)[slug];

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale, slug } = await params;
  if (dedicatedPath(slug)) return {};
  const [call, t, site] = await Promise.all([
    getOpportunity(slug),
    getTranslations({ locale, namespace: "Calls" }),
    getTranslations({ locale, namespace: "Site" }),
  ]);
  if (!call) return {};
  const title = pickText(call.title, locale);
  const metadata = pageMetadata({ locale, path: `/calls/${call.slug}`, title, description: t("callDescription", { title }), siteName: site("name") });
  // A practice call is for trying the form here, not for finding through a search engine.
  return call.demonstration ? { ...metadata, robots: { index: false, follow: true } } : metadata;
}

export default async function CallPage({ params }: Props) {
  const { locale, slug } = await params;
  setRequestLocale(locale);
  // The three calls with pages of their own are sent there by src/proxy.ts; this page is never theirs.
  const call = dedicatedPath(slug) ? null : await getOpportunity(slug);
  if (!call) notFound();
  const [t, tianwen, kind, form] = await Promise.all([getTranslations("Calls"), getTranslations("Tianwen"), getTranslations("Kind"), getCallForm(slug)]);
  // Each pool by the name and unit its form gives it, in Chinese or else in English.
  const content = locale === "zh" ? "zh" : "en";
  const declaredPools = (form?.pools ?? []) as Pool[];
  const bars = call.pools.flatMap((p) => {
    const declared = declaredPools.find((d) => d.key === p.key);
    if (!declared) return [];
    const { pool: name, unit } = poolWording(declared, content);
    return [{ key: p.key, name, remaining: p.remaining, total: p.capacity, unit }];
  });
  const offeredKg = call.capacities.reduce((sum, c) => sum + c.massKg, 0);
  const BOX = "mt-8 rounded-xl border border-slate-200 bg-white p-6";

  return (
    <>
      <PageHeading title={<LocalizedText value={call.title} locale={locale} />} trail={[{ href: "/calls", label: t("title") }]}>
        <div className="mt-3 flex flex-wrap items-center gap-3">
          <StatusBadge status={call.status} />
          {call.demonstration && <DemonstrationLabel />}
          <span className="text-sm text-slate-700">{kind(call.kind)}</span>
          <span className="text-sm text-slate-700">
            {t.rich("card.mission", {
              name: () => (
                <Link href={`/missions/${call.mission.slug}`}>
                  <LocalizedText value={call.mission.name} locale={locale} />
                </Link>
              ),
            })}
          </span>
        </div>
      </PageHeading>

      {call.demonstration && <DemonstrationNotice />}

      <Section headingId="offer-heading" heading={t("offerHeading")} className={BOX}>
        {offeredKg > 0 && <p className="mt-2 text-lg font-semibold">{tianwen("offerLead", { total: offeredKg })}</p>}
        {call.facts.length > 0 ? <FactList facts={call.facts} locale={locale} /> : <p className="mt-2 text-slate-800">{t("noFacts")}</p>}
        {bars.length > 0 && (
          <>
            <h3 className="mt-6 text-lg font-bold">{t("capacityHeading")}</h3>
            <CapacityBars bars={bars} />
          </>
        )}
      </Section>

      {call.figures.length > 0 && <FigureGrid figures={call.figures} heading={t("figuresHeading")} />}

      {call.stages.length > 0 && (
        <Section headingId="who-heading" heading={t("whoHeading")} className={BOX}>
          <dl className="mt-3 grid gap-x-4 gap-y-1 sm:grid-cols-[max-content_1fr]">
            {call.stages.map((s) => (
              <div key={s.position} className="contents">
                <dt className="font-semibold">
                  <LocalizedText value={s.title} locale={locale} />
                </dt>
                <dd className="mb-2 sm:mb-0">{t(`entry.${s.entry}`)}</dd>
              </div>
            ))}
          </dl>
        </Section>
      )}

      <Section headingId="stages-heading" heading={t("stagesHeading")} intro={t("stagesIntro")} className="mt-8">
        <StageList stages={call.stages} timeZone={call.timeZone} />
      </Section>

      <Section headingId="apply-heading" heading={t("applyHeading")} className="mt-8 rounded-xl border-2 border-navy bg-white p-6">
        <HowToApply call={call} applyHref={`/calls/${call.slug}/apply`} />
        <CallContact email={call.contactEmail} className="mt-4" />
      </Section>

      <SourceList sources={call.sources} />
      <LastUpdated at={call.updatedAt} />
    </>
  );
}
