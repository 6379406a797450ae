import { notFound } from "next/navigation";
import { setRequestLocale } from "next-intl/server";
import { type BuilderQuery, CallBuilder } from "@/components/admin/calls/builder";
import { requirePermission } from "@/server/authz";
import { getCallBuilder } from "@/server/calls/builder";

export const dynamic = "force-dynamic";

// Only opportunities have a form; the address keeps the call's own, /admin/opportunities/<id>/form.
export default async function CallFormPage({
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
  if (!view) notFound();
  const query: BuilderQuery = Object.fromEntries(Object.entries(await searchParams).map(([name, value]) => [name, Array.isArray(value) ? value[0] : value]));
  return <CallBuilder view={view} query={query} locale={locale} />;
}
