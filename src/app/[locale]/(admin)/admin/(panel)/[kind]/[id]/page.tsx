import { notFound } from "next/navigation";
import { setRequestLocale } from "next-intl/server";
import type { ComponentType } from "react";
import { doneOf, type RecordProps, type SearchParams } from "@/components/admin/content/page-parts";
import { AgreementRecord } from "@/components/admin/content/records/agreement-record";
import { AwardRecord } from "@/components/admin/content/records/award-record";
import { InstitutionRecord } from "@/components/admin/content/records/institution-record";
import { MissionRecord } from "@/components/admin/content/records/mission-record";
import { OpportunityRecord } from "@/components/admin/content/records/opportunity-record";
import { ProjectRecord } from "@/components/admin/content/records/project-record";
import { SourceRecord } from "@/components/admin/content/records/source-record";
import { type ContentKind, contentPermission, isContentKind } from "@/lib/content-kinds";
import { requirePermission } from "@/server/authz";

export const dynamic = "force-dynamic";

// Each kind's record page, with the parts that are its own (facts, capacities, obligations, citations).
const RECORDS: Record<ContentKind, ComponentType<RecordProps>> = {
  missions: MissionRecord,
  opportunities: OpportunityRecord,
  institutions: InstitutionRecord,
  projects: ProjectRecord,
  awards: AwardRecord,
  agreements: AgreementRecord,
  sources: SourceRecord,
};

export default async function ContentRecordPage({ params, searchParams }: { params: Promise<{ locale: string; kind: string; id: string }>; searchParams: SearchParams }) {
  const { locale, kind, id } = await params;
  setRequestLocale(locale);
  await requirePermission(contentPermission(kind, "read"));
  if (!isContentKind(kind)) notFound();
  const KindRecord = RECORDS[kind];
  return <KindRecord id={id} locale={locale} done={doneOf(await searchParams)} />;
}
