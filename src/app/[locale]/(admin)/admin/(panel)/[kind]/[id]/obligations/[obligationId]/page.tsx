import { notFound } from "next/navigation";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { ObligationForm } from "@/components/admin/content/agreement-forms";
import { DeleteForm } from "@/components/admin/content/delete-form";
import { CONTENT_FORM_MESSAGES, ContentHeading, day, localName } from "@/components/admin/content/page-parts";
import { ClientMessages } from "@/i18n/client-messages";
import { contentPermission } from "@/lib/content-kinds";
import { requirePermission } from "@/server/authz";
import { getAgreementForStaff } from "@/server/content/agreements";

export const dynamic = "force-dynamic";

// Only agreements have obligations; the address keeps the agreement's own, /admin/agreements/<id>/obligations/<id>.
export default async function EditObligationPage({ params }: { params: Promise<{ locale: string; kind: string; id: string; obligationId: string }> }) {
  const { locale, kind, id, obligationId } = await params;
  setRequestLocale(locale);
  await requirePermission(contentPermission(kind, "write"));
  if (kind !== "agreements") notFound();
  const [t, ta, obligationKind, agreement] = await Promise.all([
    getTranslations("Content.common"),
    getTranslations("Content.agreements"),
    getTranslations("Obligation"),
    getAgreementForStaff(id),
  ]);
  const obligation = agreement?.obligations.find((o) => o.id === obligationId);
  if (!agreement || !obligation) notFound();
  const agreementName = ta("name", { institution: localName(agreement.institution.nameEn, agreement.institution.nameZh, locale) });
  const name = `${obligationKind(obligation.kind)} · ${ta("due", { date: day(obligation.dueOn, locale) })}`;
  return (
    <>
      <ContentHeading title={t("editTitle", { name })} back={{ href: `/admin/agreements/${id}`, label: agreementName }} />
      <ClientMessages namespaces={CONTENT_FORM_MESSAGES}>
        <ObligationForm agreementId={agreement.id} saved={obligation} />
        <section aria-labelledby="delete-heading" className="mt-10 border-t border-slate-300 pt-6">
          <h2 id="delete-heading" className="mb-2 text-xl font-bold">{ta("deleteObligation")}</h2>
          <p className="mb-3">{t("deleteIntro")}</p>
          <DeleteForm kind="obligation" id={obligation.id} version={obligation.version} confirmLabel={ta("deleteObligationConfirm")} />
        </section>
      </ClientMessages>
    </>
  );
}
