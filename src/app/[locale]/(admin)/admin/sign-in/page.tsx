import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { SignInForm } from "@/components/admin/sign-in-form";
import { ClientMessages } from "@/i18n/client-messages";
import { currentStaff } from "@/server/authz";

export const metadata: Metadata = { robots: { index: false, follow: false } };

export default async function SignInPage({
  params,
  searchParams,
}: {
  params: Promise<{ locale: string }>;
  searchParams: Promise<{ callbackUrl?: string; signedOut?: string }>;
}) {
  const [{ locale }, query] = await Promise.all([params, searchParams]);
  setRequestLocale(locale);
  if (await currentStaff()) redirect(`/${locale}/admin`);
  const t = await getTranslations("SignIn");
  return (
    <div className="max-w-md">
      <h1 className="text-3xl font-bold">{t("title")}</h1>
      <p className="mt-2 text-slate-700">{t("intro")}</p>
      {query.signedOut && (
        <p role="status" className="mt-4 border-l-4 border-navy bg-slate-100 p-3">
          {t("signedOut")}
        </p>
      )}
      <ClientMessages namespaces={["SignIn", "Errors"]}>
        <SignInForm locale={locale} callbackUrl={query.callbackUrl} />
      </ClientMessages>
    </div>
  );
}
