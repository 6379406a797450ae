import { getTranslations, setRequestLocale } from "next-intl/server";
import { PortalContact } from "@/components/privacy/portal-contact";
import { PageHeading } from "@/components/ui/page-heading";
import { Section } from "@/components/ui/section";
import { metadataFromMessages } from "../page-metadata";

type Props = { params: Promise<{ locale: string }> };

export const generateMetadata = metadataFromMessages("Privacy", "/privacy");

// Each list names what the portal's own records hold (prisma/schema.prisma) and who the role table lets see them.
const COLLECTED = ["email", "answers", "files", "progress", "address"] as const;
const PURPOSES = ["assess", "contact", "abuse", "record"] as const;
const WHO = ["admins", "viewers", "reviewers", "editors", "public"] as const;
const KEPT = ["applications", "withdrawn", "mail", "audit", "counters"] as const;

/** The privacy notice every form links to: what is collected, why, who sees it, how long, and whom to ask. */
export default async function PrivacyPage({ params }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const t = await getTranslations("Privacy");
  const list = (items: readonly string[], prefix: string) => (
    <ul className="mt-3 max-w-3xl list-disc space-y-2 ps-6">
      {items.map((item) => (
        <li key={item}>{t(`${prefix}.${item}`)}</li>
      ))}
    </ul>
  );
  const box = "mt-8 max-w-3xl rounded-xl border border-slate-200 bg-white p-5 shadow-sm";
  return (
    <>
      <PageHeading title={t("title")} lead={t("lead")} />
      <Section headingId="collected-heading" heading={t("collected.heading")} intro={t("collected.intro")} className={box} data-privacy-section="collected">
        {list(COLLECTED, "collected")}
      </Section>
      <Section headingId="why-heading" heading={t("why.heading")} className={box} data-privacy-section="why">
        {list(PURPOSES, "why")}
      </Section>
      <Section headingId="who-heading" heading={t("who.heading")} className={box} data-privacy-section="who">
        {list(WHO, "who")}
      </Section>
      <Section headingId="kept-heading" heading={t("kept.heading")} intro={t("kept.intro")} className={box} data-privacy-section="kept">
        {list(KEPT, "kept")}
      </Section>
      <Section headingId="ask-heading" heading={t("ask.heading")} intro={t("ask.intro")} className={box} data-privacy-section="ask">
        <PortalContact className="mt-3 font-semibold" />
        <p className="mt-3">{t("ask.call")}</p>
        <p className="mt-3">{t("ask.include")}</p>
      </Section>
    </>
  );
}
