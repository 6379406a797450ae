import { getTranslations } from "next-intl/server";
import { staffInstant } from "@/lib/staff-dates";
import { CompleteObligationButton, ObligationForm } from "../agreement-forms";
import { CONTENT_FORM_MESSAGES, day, Details, InstitutionLink, localName, RecordHeading, type RecordProps } from "../page-parts";
import { ClientMessages } from "@/i18n/client-messages";
import { Link } from "@/i18n/link";
import { PanelSection, RecordTable } from "../../record-table";
import { openContentRecord } from "@/server/content/repository";

/** An agreement, its term and its obligations; the dashboard's overdue list links here. */
export async function AgreementRecord({ id, locale, done }: RecordProps) {
  const { record: a, canWrite } = await openContentRecord("agreements", id);
  const [t, tc, tl, status, obligationKind] = await Promise.all([
    getTranslations("Content.agreements"),
    getTranslations("Content"),
    getTranslations("AdminList"),
    getTranslations("Agreement"),
    getTranslations("Obligation"),
  ]);
  const institution = localName(a.institution.nameEn, a.institution.nameZh, locale);
  const name = t("name", { institution });
  return (
    <>
      <RecordHeading done={done} kind="agreements" id={a.id} canWrite={canWrite} name={name} />
      <PanelSection id="details" title={tc("common.details")}>
        <Details
          items={[
            {
              label: tc("fields.institution"),
              value: <InstitutionLink institution={a.institution} locale={locale} />,
            },
            { label: tc("fields.award"), value: <Link href={`/admin/awards/${a.awardId}`}>{localName(a.opportunity.titleEn, a.opportunity.titleZh, locale)}</Link> },
            { label: tc("fields.agreementStatus"), value: status(a.status) },
            { label: tc("fields.signedOn"), value: day(a.signedOn, locale, tc("common.notRecorded")) },
            { label: tc("fields.expiresOn"), value: day(a.expiresOn, locale, tc("common.notRecorded")) },
            {
              label: t("term"),
              value:
                a.signedOn || a.expiresOn
                  ? t("termValue", { from: day(a.signedOn, locale, tc("common.notRecorded")), to: day(a.expiresOn, locale, tc("common.notRecorded")) })
                  : tc("common.notRecorded"),
            },
            { label: tc("common.updated"), value: staffInstant(a.updatedAt, locale) },
          ]}
        />
      </PanelSection>
      <PanelSection id="obligations" title={t("obligations")}>
        {a.obligations.length === 0 ? (
          <p>{t("noObligations")}</p>
        ) : (
          <RecordTable
            caption={t("obligations")}
            columns={[tc("fields.obligationKind"), tc("fields.dueOn"), tc("fields.completedOn"), tc("fields.note"), ...(canWrite ? [tl("actions")] : [])]}
            rows={a.obligations.map((o) => {
              const label = `${obligationKind(o.kind)}, ${t("due", { date: day(o.dueOn, locale) })}`;
              return {
                key: o.id,
                cells: [
                  obligationKind(o.kind),
                  <>
                    {day(o.dueOn, locale)}
                    {o.overdue && <span className="ml-2 font-semibold text-accent">({t("overdue")})</span>}
                  </>,
                  day(o.completedOn, locale),
                  { value: o.note ?? "", className: "break-words" },
                  ...(canWrite
                    ? [
                        {
                          className: "space-y-2",
                          value: (
                            <>
                              {!o.completedOn && (
                                <ClientMessages namespaces={CONTENT_FORM_MESSAGES}>
                                  <CompleteObligationButton id={o.id} version={o.version} label={label} />
                                </ClientMessages>
                              )}
                              <Link href={`/admin/agreements/${a.id}/obligations/${o.id}`} className="block">
                                {t("editObligation")}
                                <span className="sr-only">: {label}</span>
                              </Link>
                            </>
                          ),
                        },
                      ]
                    : []),
                ],
              };
            })}
          />
        )}
      </PanelSection>
      {canWrite && (
        <PanelSection id="add-obligation" title={t("addObligation")} className="">
          <ClientMessages namespaces={CONTENT_FORM_MESSAGES}>
            <ObligationForm agreementId={a.id} />
          </ClientMessages>
        </PanelSection>
      )}
    </>
  );
}
