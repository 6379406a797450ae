import { getTranslations, setRequestLocale } from "next-intl/server";
import { AgreementForm } from "@/components/admin/content/agreement-forms";
import { CONTENT_FORM_MESSAGES, ContentHeading, localName, type SearchParams } from "@/components/admin/content/page-parts";
import { ClientMessages } from "@/i18n/client-messages";
import { Link } from "@/i18n/link";
import { requirePermission } from "@/server/authz";
import { listAwardsWithoutAgreement } from "@/server/content/awards";

export const dynamic = "force-dynamic";

export default async function NewAgreementPage({ params, searchParams }: { params: Promise<{ locale: string }>; searchParams: SearchParams }) {
  const { locale } = await params;
  setRequestLocale(locale);
  await requirePermission("content.write");
  const [raw, t, tl, ta, awards] = await Promise.all([
    searchParams,
    getTranslations("Content.agreements"),
    getTranslations("AdminList"),
    getTranslations("Content.awards"),
    listAwardsWithoutAgreement(),
  ]);
  const award = typeof raw.award === "string" && awards.some((a) => a.id === raw.award) ? raw.award : undefined;
  return (
    <>
      <ContentHeading title={t("newTitle")} back={{ href: "/admin/agreements", label: tl("back") }} />
      {awards.length === 0 ? (
        <p>
          {t("noAwardsFree")} <Link href="/admin/awards/new">{ta("new")}</Link>
        </p>
      ) : (
        <ClientMessages namespaces={CONTENT_FORM_MESSAGES}>
          <AgreementForm
            award={award}
            awards={awards.map((a) => ({
              value: a.id,
              label: `${localName(a.institutionNameEn, a.institutionNameZh, locale)} — ${localName(a.opportunityTitleEn, a.opportunityTitleZh, locale)}`,
            }))}
          />
        </ClientMessages>
      )}
    </>
  );
}
