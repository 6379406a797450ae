import { notFound } from "next/navigation";
import { getFormatter, getTranslations, setRequestLocale } from "next-intl/server";
import { ContentHeading, day, Details, doneOf, localName, RecordControls, type SearchParams } from "@/components/admin/content/page-parts";
import { Link } from "@/i18n/link";
import { countryName } from "@/lib/localize";
import { requirePermission, staffCan } from "@/server/authz";
import { getAwardForStaff } from "@/server/content/awards";

export const dynamic = "force-dynamic";

export default async function AwardPage({ params, searchParams }: { params: Promise<{ locale: string; id: string }>; searchParams: SearchParams }) {
  const { locale, id } = await params;
  setRequestLocale(locale);
  const staff = await requirePermission("content.read");
  const [raw, a] = await Promise.all([searchParams, getAwardForStaff(id)]);
  if (!a) notFound();
  const [t, tc, tl, agreement, format] = await Promise.all([
    getTranslations("Content.awards"),
    getTranslations("Content"),
    getTranslations("AdminList"),
    getTranslations("Agreement"),
    getFormatter(),
  ]);
  const canWrite = staffCan(staff, "content.write");
  const institution = localName(a.institution.nameEn, a.institution.nameZh, locale);
  const name = t("name", { institution });
  return (
    <>
      <ContentHeading title={name} back={{ href: "/admin/awards", label: tl("back") }} done={doneOf(raw)} />
      <RecordControls kind="awards" id={a.id} canWrite={canWrite} published={a.published} publicHref="/opportunities/change-5-sample-loans" name={name} />
      <section aria-labelledby="details-heading" className="mb-8">
        <h2 id="details-heading" className="mb-3 text-xl font-bold">{tc("common.details")}</h2>
        <Details
          items={[
            {
              label: tc("fields.institution"),
              value: (
                <>
                  <Link href={`/admin/institutions/${a.institution.id}`}>{institution}</Link>
                  {a.institution.countryCode && <> · {countryName(a.institution.countryCode, locale)}</>}
                  {!a.institution.published && <> ({tl("draft")})</>}
                </>
              ),
            },
            {
              label: tc("fields.opportunity"),
              value: (
                <>
                  <Link href={`/admin/opportunities/${a.opportunity.id}`}>{localName(a.opportunity.titleEn, a.opportunity.titleZh, locale)}</Link>
                  {!a.opportunity.published && <> ({tl("draft")})</>}
                </>
              ),
            },
            { label: tc("common.updated"), value: format.dateTime(new Date(a.updatedAt), { dateStyle: "medium", timeStyle: "short" }) },
          ]}
        />
      </section>
      <section aria-labelledby="agreement-heading">
        <h2 id="agreement-heading" className="mb-3 text-xl font-bold">{t("agreement")}</h2>
        {a.agreement ? (
          <p>
            <Link href={`/admin/agreements/${a.agreement.id}`}>{agreement(a.agreement.status)}</Link>
            {" · "}
            {a.agreement.signedOn || a.agreement.expiresOn
              ? tc("agreements.termValue", {
                  from: day(a.agreement.signedOn, locale, tc("common.notRecorded")),
                  to: day(a.agreement.expiresOn, locale, tc("common.notRecorded")),
                })
              : `${tc("agreements.term")}: ${tc("common.notRecorded")}`}
          </p>
        ) : (
          <>
            <p>{t("noAgreement")}</p>
            {canWrite && (
              <p className="mt-2">
                <Link href={`/admin/agreements/new?award=${a.id}`}>{t("addAgreement")}</Link>
              </p>
            )}
          </>
        )}
      </section>
    </>
  );
}
