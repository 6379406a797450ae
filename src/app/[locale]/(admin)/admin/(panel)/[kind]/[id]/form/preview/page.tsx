import { notFound } from "next/navigation";
import { setRequestLocale } from "next-intl/server";
import { CallFormPreview } from "@/components/admin/calls/preview-page";
import { requirePermission } from "@/server/authz";
import { getCallBuilder } from "@/server/calls/builder";

export const dynamic = "force-dynamic";

/** One page of a call's form as an applicant sees it: ?stage=&page=&lang=en|zh. */
export default async function CallFormPreviewPage({
  params,
  searchParams,
}: {
  params: Promise<{ locale: string; kind: string; id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { locale, kind, id } = await params;
  setRequestLocale(locale);
  await requirePermission("calls.define");
  if (kind !== "opportunities") notFound();
  const view = await getCallBuilder(id);
  if (!view?.form) notFound();
  const query = await searchParams;
  const one = (name: string) => (typeof query[name] === "string" ? (query[name] as string) : undefined);
  return <CallFormPreview view={view} stage={one("stage")} page={one("page")} lang={one("lang") ?? (locale === "zh" ? "zh" : "en")} locale={locale} />;
}
