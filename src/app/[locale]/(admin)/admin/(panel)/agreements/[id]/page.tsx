import { notFound } from "next/navigation";
import { getFormatter, getTranslations, setRequestLocale } from "next-intl/server";
import { CompleteObligationButton, ObligationForm } from "@/components/admin/content/agreement-forms";
import { CONTENT_FORM_MESSAGES, ContentHeading, day, Details, doneOf, localName, RecordControls, type SearchParams } from "@/components/admin/content/page-parts";
import { ClientMessages } from "@/i18n/client-messages";
import { Link } from "@/i18n/link";
import { countryName } from "@/lib/localize";
import { requirePermission, staffCan } from "@/server/authz";
import { getAgreementForStaff } from "@/server/content/agreements";

export const dynamic = "force-dynamic";

/** An agreement, its term and its obligations; the dashboard's overdue list links here. */
export default async function AgreementPage({ params, searchParams }: { params: Promise<{ locale: string; id: string }>; searchParams: SearchParams }) {
  const { locale, id } = await params;
  setRequestLocale(locale);
  const staff = await requirePermission("content.read");
  const [raw, a] = await Promise.all([searchParams, getAgreementForStaff(id)]);
  if (!a) notFound();
  const [t, tc, tl, status, obligationKind, format] = await Promise.all([
    getTranslations("Content.agreements"),
    getTranslations("Content"),
    getTranslations("AdminList"),
    getTranslations("Agreement"),
    getTranslations("Obligation"),
    getFormatter(),
  ]);
  const canWrite = staffCan(staff, "content.write");
  const institution = localName(a.institution.nameEn, a.institution.nameZh, locale);
  const name = t("name", { institution });
  return (
    <>
      <ContentHeading title={name} back={{ href: "/admin/agreements", label: tl("back") }} done={doneOf(raw)} />
      <RecordControls kind="agreements" id={a.id} canWrite={canWrite} name={name} />
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
                </>
              ),
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
            { label: tc("common.updated"), value: format.dateTime(new Date(a.updatedAt), { dateStyle: "medium", timeStyle: "short" }) },
          ]}
        />
      </section>
      <section id="obligations" aria-labelledby="obligations-heading" className="mb-8">
        <h2 id="obligations-heading" className="mb-3 text-xl font-bold">{t("obligations")}</h2>
        {a.obligations.length === 0 ? (
          <p>{t("noObligations")}</p>
        ) : (
          <div className="relative overflow-x-auto">
            <table className="w-full border-collapse bg-white text-left text-sm">
              <caption className="sr-only">{t("obligations")}</caption>
              <thead>
                <tr className="border-b-2 border-slate-400">
                  <th scope="col" className="px-3 py-2">{tc("fields.obligationKind")}</th>
                  <th scope="col" className="px-3 py-2">{tc("fields.dueOn")}</th>
                  <th scope="col" className="px-3 py-2">{tc("fields.completedOn")}</th>
                  <th scope="col" className="px-3 py-2">{tc("fields.note")}</th>
                  {canWrite && <th scope="col" className="px-3 py-2">{tl("actions")}</th>}
                </tr>
              </thead>
              <tbody>
                {a.obligations.map((o) => {
                  const label = `${obligationKind(o.kind)}, ${t("due", { date: day(o.dueOn, locale) })}`;
                  return (
                    <tr key={o.id} className="border-b border-slate-200 align-top">
                      <th scope="row" className="px-3 py-2">{obligationKind(o.kind)}</th>
                      <td className="px-3 py-2">
                        {day(o.dueOn, locale)}
                        {o.overdue && <span className="ml-2 font-semibold text-accent">({t("overdue")})</span>}
                      </td>
                      <td className="px-3 py-2">{day(o.completedOn, locale)}</td>
                      <td className="px-3 py-2 break-words">{o.note ?? ""}</td>
                      {canWrite && (
                        <td className="space-y-2 px-3 py-2">
                          {!o.completedOn && (
                            <ClientMessages namespaces={CONTENT_FORM_MESSAGES}>
                              <CompleteObligationButton id={o.id} version={o.version} label={label} />
                            </ClientMessages>
                          )}
                          <Link href={`/admin/agreements/${a.id}/obligations/${o.id}`} className="block">
                            {t("editObligation")}
                            <span className="sr-only">: {label}</span>
                          </Link>
                        </td>
                      )}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {canWrite && (
        <section aria-labelledby="add-obligation-heading">
          <h2 id="add-obligation-heading" className="mb-3 text-xl font-bold">{t("addObligation")}</h2>
          <ClientMessages namespaces={CONTENT_FORM_MESSAGES}>
            <ObligationForm agreementId={a.id} />
          </ClientMessages>
        </section>
      )}
    </>
  );
}
