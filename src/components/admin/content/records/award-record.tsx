import { getTranslations } from "next-intl/server";
import { staffInstant } from "@/lib/staff-dates";
import { day, Details, InstitutionLink, localName, RecordHeading, type RecordProps } from "../page-parts";
import { Link } from "@/i18n/link";
import { PanelSection } from "../../record-table";
import { OPPORTUNITY_PATHS } from "@/lib/site";
import { openContentRecord } from "@/server/content/repository";

export async function AwardRecord({ id, locale, done }: RecordProps) {
  const { record: a, canWrite } = await openContentRecord("awards", id);
  const [t, tc, tl, agreement] = await Promise.all([
    getTranslations("Content.awards"),
    getTranslations("Content"),
    getTranslations("AdminList"),
    getTranslations("Agreement"),
  ]);
  const institution = localName(a.institution.nameEn, a.institution.nameZh, locale);
  const name = t("name", { institution });
  return (
    <>
      <RecordHeading done={done} kind="awards" id={a.id} canWrite={canWrite} published={a.published} publicHref={OPPORTUNITY_PATHS["chang-e-5-sample-loans"]} name={name} />
      <PanelSection id="details" title={tc("common.details")}>
        <Details
          items={[
            {
              label: tc("fields.institution"),
              value: <InstitutionLink institution={a.institution} locale={locale} />,
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
            { label: tc("common.updated"), value: staffInstant(a.updatedAt, locale) },
          ]}
        />
      </PanelSection>
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
