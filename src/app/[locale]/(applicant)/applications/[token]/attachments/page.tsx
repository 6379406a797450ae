import { notFound, redirect } from "next/navigation";
import { setRequestLocale } from "next-intl/server";
import { FormStep } from "@/components/apply/form-step";
import { getApplicantView } from "@/server/applications/service";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ locale: string; token: string }> };

/** Where an upload comes back to: the page named "attachments", else the form's first page that asks for files. */
export default async function AttachmentsPage({ params }: Props) {
  const { locale, token } = await params;
  setRequestLocale(locale);
  const view = await getApplicantView(token);
  if (!view) notFound();
  const pages = view.form?.pages ?? [];
  const page = pages.find((p) => p.key === "attachments") ?? pages.find((p) => p.questions.some((q) => q.type === "attachment"));
  if (!page) notFound();
  if (!view.editable) redirect(`/${locale}/applications/${token}`);
  return <FormStep view={view} token={token} page={page} locale={locale} />;
}
