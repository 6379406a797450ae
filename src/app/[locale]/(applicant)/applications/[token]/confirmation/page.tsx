import { notFound, redirect } from "next/navigation";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { Link } from "@/i18n/link";
import { getApplicantView } from "@/server/applications/service";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ locale: string; token: string }> };

export default async function ConfirmationPage({ params }: Props) {
  const { locale, token } = await params;
  setRequestLocale(locale);
  const view = await getApplicantView(token);
  if (!view) notFound();
  if (!view.reference) redirect(`/${locale}/applications/${token}`);
  const t = await getTranslations("Apply");
  return (
    <div className="max-w-2xl">
      <div className="rounded-lg bg-emerald-700 p-8 text-center text-white">
        <h1 className="text-3xl font-bold text-white">{t("confirmationTitle")}</h1>
        <p className="mt-4 text-lg">{t("confirmationReference")}</p>
        <p className="mt-1 text-3xl font-bold tracking-wide" data-testid="confirmation-reference">
          {view.reference}
        </p>
      </div>
      <p className="mt-6">{t("confirmationEmail", { email: view.email })}</p>
      <p className="mt-4">
        <a href={`/api/applications/${token}/receipt`} className="font-semibold">
          {t("receipt")}
        </a>
      </p>
      <h2 className="mt-8 text-2xl font-bold">{t("nextHeading")}</h2>
      <p className="mt-2">{t("next")}</p>
      <p className="mt-4">
        <Link href={`/applications/${token}`} className="font-semibold">
          {t("viewStatus")}
        </Link>
      </p>
    </div>
  );
}
