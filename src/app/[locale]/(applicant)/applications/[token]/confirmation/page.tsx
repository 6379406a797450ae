import { notFound, redirect } from "next/navigation";
import { getTranslations, setRequestLocale } from "next-intl/server";
import type { ReactNode } from "react";
import { Link } from "@/i18n/link";
import { getApplicantView } from "@/server/applications/service";
import { mailStateOf } from "@/server/mail/outbox-state";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ locale: string; token: string }> };

/** An email address keeps its own left-to-right order inside a sentence in any language, Arabic's too. */
const address = (chunks: ReactNode) => <bdi dir="ltr">{chunks}</bdi>;

export default async function ConfirmationPage({ params }: Props) {
  const { locale, token } = await params;
  setRequestLocale(locale);
  const view = await getApplicantView(token);
  if (!view) notFound();
  if (!view.reference) redirect(`/${locale}/applications/${token}`);
  // Say what became of the confirmation email, as its outbox row records it.
  const [t, tMail, state] = await Promise.all([getTranslations("Apply"), getTranslations("Notices.confirmation"), mailStateOf(view.id, "submission-confirmation", view.submittedAt ? new Date(view.submittedAt) : undefined)]);
  // Submissions from before every message was kept have no row when their email went out.
  const mail = state ?? "sent";
  return (
    <div className="max-w-2xl">
      <div className="rounded-lg bg-emerald-700 p-8 text-center text-white">
        <h1 className="text-3xl font-bold text-white">{t("confirmationTitle")}</h1>
        <p className="mt-4 text-lg">{t("confirmationReference")}</p>
        <p dir="ltr" className="mt-1 text-3xl font-bold tracking-wide" data-testid="confirmation-reference">
          {view.reference}
        </p>
      </div>
      {mail === "sent" ? (
        <p className="mt-6" data-testid="confirmation-mail" data-mail="sent">
          {tMail.rich("sent", { email: view.email, address })}
        </p>
      ) : (
        <div role="status" className="mt-6 rounded-lg border-s-4 border-amber-500 bg-amber-50 p-4" data-testid="confirmation-mail" data-mail={mail}>
          <p className="font-semibold">{tMail.rich(mail, { email: view.email, address })}</p>
          <p className="mt-2">{tMail("keepLink")}</p>
        </div>
      )}
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
