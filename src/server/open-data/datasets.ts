import "server-only";
import { carrierSchema, figureKeySchema, type OpportunitySummary, type ProjectSummary } from "@/lib/validation/public-data";
import type { CallStageRecord, DatasetItem, DatasetName, MilestoneDto, SampleLoanAwardRecord } from "@/lib/validation/open-data";
import { cachedQuery, CACHE_TAGS } from "../cache";
import { prisma } from "../db";
import type { CsvColumn } from "../exports/csv";
import { listInstitutions } from "../queries/institutions";
import {
  institutionSelect,
  isoDate,
  localized,
  partialDate,
  projectInclude,
  toInstitutionSummary,
  toProjectSummary,
  visibleAward,
  visibleMission,
  visibleProject,
} from "../queries/mappers";
import { listMissions } from "../queries/missions";
import { listRealCalls, realOpportunity } from "../queries/real-calls";

// Every published row of each public list, in an order that depends on the data alone (sorted here by
// code point, not by the database's collation), so the same data always gives the same bytes.

const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
function sortedBy<T>(rows: T[], ...keys: ((row: T) => string | number)[]): T[] {
  return [...rows].sort((a, b) => {
    for (const key of keys) {
      const [x, y] = [key(a), key(b)];
      const order = typeof x === "number" && typeof y === "number" ? x - y : byCodePoint(String(x), String(y));
      if (order !== 0) return order;
    }
    return 0;
  });
}

const listDatasetProjects = cachedQuery(
  "open-data:projects",
  [CACHE_TAGS.projects, CACHE_TAGS.institutions],
  async (): Promise<ProjectSummary[]> => {
    const rows = await prisma.cooperationProject.findMany({ where: { ...visibleProject, opportunity: realOpportunity }, include: projectInclude });
    return sortedBy(rows, (p) => p.opportunity.slug, (p) => p.position, (p) => p.slug).map(toProjectSummary);
  },
);

const listDatasetAwards = cachedQuery(
  "open-data:sample-loan-awards",
  [CACHE_TAGS.opportunities, CACHE_TAGS.institutions],
  async (): Promise<SampleLoanAwardRecord[]> => {
    const rows = await prisma.sampleLoanAward.findMany({
      where: { ...visibleAward, opportunity: realOpportunity },
      include: { institution: { select: institutionSelect }, agreement: true, opportunity: { select: { slug: true, titleEn: true, titleZh: true } } },
    });
    return sortedBy(rows, (a) => a.opportunity.slug, (a) => a.institution.slug).map((a) => ({
      opportunity: { slug: a.opportunity.slug, title: localized(a.opportunity.titleEn, a.opportunity.titleZh) },
      institution: toInstitutionSummary(a.institution),
      agreement: a.agreement
        ? { status: a.agreement.status, signedOn: isoDate(a.agreement.signedOn), expiresOn: isoDate(a.agreement.expiresOn) }
        : null,
    }));
  },
);

/** Published milestones, leaving out any that hang off an unpublished mission or call, or a practice call. */
export const listMilestones = cachedQuery(
  "open-data:milestones",
  [CACHE_TAGS.missions, CACHE_TAGS.opportunities],
  async (): Promise<MilestoneDto[]> => {
    const rows = await prisma.milestone.findMany({
      where: {
        published: true,
        AND: [{ OR: [{ missionId: null }, { mission: visibleMission }] }, { OR: [{ opportunityId: null }, { opportunity: realOpportunity }] }],
      },
      include: {
        mission: { select: { slug: true, nameEn: true, nameZh: true } },
        opportunity: { select: { slug: true, titleEn: true, titleZh: true } },
      },
    });
    const references = [...new Set(rows.map((m) => m.sourceRef).filter((r): r is string => r !== null))];
    const sources = references.length
      ? new Map((await prisma.source.findMany({ where: { reference: { in: references } } })).map((s) => [s.reference, s]))
      : new Map();
    return sortedBy(rows, (m) => isoDate(m.date)!, (m) => m.slug).map((m) => {
      const source = m.sourceRef ? sources.get(m.sourceRef) : undefined;
      return {
        slug: m.slug,
        label: localized(m.labelEn, m.labelZh),
        date: partialDate(m.date, m.precision)!,
        approximate: m.approximate,
        mission: m.mission ? { slug: m.mission.slug, name: localized(m.mission.nameEn, m.mission.nameZh) } : null,
        opportunity: m.opportunity ? { slug: m.opportunity.slug, title: localized(m.opportunity.titleEn, m.opportunity.titleZh) } : null,
        source: source ? { url: source.url, label: source.label } : null,
        updatedAt: m.updatedAt.toISOString(),
      };
    });
  },
);

/** Every stage of the real calls, in call and stage order. */
async function listCallStages(): Promise<CallStageRecord[]> {
  return sortedBy(await listRealCalls(), (o) => o.slug).flatMap((o) =>
    sortedBy(o.stages, (s) => s.position).map(({ state: _state, ...stage }) => ({
      call: { slug: o.slug, title: o.title, timeZone: o.timeZone },
      ...stage,
    })),
  );
}

interface DatasetDefinition<Name extends DatasetName> {
  rows: () => Promise<DatasetItem<Name>[]>;
  columns: CsvColumn<DatasetItem<Name>>[];
}

const list = (values: string[]) => values.join("; ");

const figureColumns: CsvColumn<OpportunitySummary>[] = figureKeySchema.options.flatMap((key) => {
  const figure = (o: OpportunitySummary) => o.figures.find((f) => f.key === key);
  const name = key.toLowerCase();
  return [
    { header: `figure_${name}`, value: (o: OpportunitySummary) => figure(o)?.value },
    { header: `figure_${name}_out_of`, value: (o: OpportunitySummary) => figure(o)?.outOf },
  ];
});

const capacityColumns: CsvColumn<OpportunitySummary>[] = carrierSchema.options.flatMap((carrier) => {
  const capacity = (o: OpportunitySummary) => o.capacities.find((c) => c.carrier === carrier);
  const name = carrier.toLowerCase();
  return [
    { header: `${name}_capacity_kg`, value: (o: OpportunitySummary) => capacity(o)?.massKg },
    { header: `${name}_reserved_kg`, value: (o: OpportunitySummary) => capacity(o)?.reservedKg },
    { header: `${name}_remaining_kg`, value: (o: OpportunitySummary) => capacity(o)?.remainingKg },
    { header: `${name}_max_per_payload_kg`, value: (o: OpportunitySummary) => capacity(o)?.maxPerPayloadKg },
  ];
});

export const DATASET_DEFINITIONS: { [Name in DatasetName]: DatasetDefinition<Name> } = {
  missions: {
    rows: async () => sortedBy(await listMissions(), (m) => m.slug),
    columns: [
      { header: "slug", value: (m) => m.slug },
      { header: "name_en", value: (m) => m.name.en },
      { header: "name_zh", value: (m) => m.name.zh },
      { header: "body", value: (m) => m.body },
      { header: "status", value: (m) => m.status },
      { header: "launch_window_en", value: (m) => m.launchWindow?.en },
      { header: "launch_window_zh", value: (m) => m.launchWindow?.zh },
      { header: "landing_site_en", value: (m) => m.landingSite?.en },
      { header: "landing_site_zh", value: (m) => m.landingSite?.zh },
      { header: "updated_at", value: (m) => m.updatedAt },
    ],
  },
  opportunities: {
    rows: async () => sortedBy(await listRealCalls(), (o) => o.slug),
    columns: [
      { header: "slug", value: (o) => o.slug },
      { header: "kind", value: (o) => o.kind },
      { header: "status", value: (o) => o.status },
      { header: "title_en", value: (o) => o.title.en },
      { header: "title_zh", value: (o) => o.title.zh },
      { header: "mission_slug", value: (o) => o.mission.slug },
      { header: "opens_on", value: (o) => o.opensOn?.date },
      { header: "opens_precision", value: (o) => o.opensOn?.precision },
      { header: "closes_on", value: (o) => o.closesOn?.date },
      { header: "closes_precision", value: (o) => o.closesOn?.precision },
      ...figureColumns,
      ...capacityColumns,
      { header: "updated_at", value: (o) => o.updatedAt },
    ],
  },
  "call-stages": {
    rows: () => listCallStages(),
    columns: [
      { header: "call_slug", value: (s) => s.call.slug },
      { header: "position", value: (s) => s.position },
      { header: "title_en", value: (s) => s.title.en },
      { header: "title_zh", value: (s) => s.title.zh },
      { header: "opens_at", value: (s) => s.opensAt },
      { header: "opens_precision", value: (s) => s.opensPrecision },
      { header: "closes_at", value: (s) => s.closesAt },
      { header: "closes_precision", value: (s) => s.closesPrecision },
      { header: "grace_minutes", value: (s) => s.graceMinutes },
      { header: "entry", value: (s) => s.entry },
      { header: "time_zone", value: (s) => s.call.timeZone },
    ],
  },
  institutions: {
    rows: async () => sortedBy(await listInstitutions(), (i) => i.slug),
    columns: [
      { header: "slug", value: (i) => i.slug },
      { header: "name_en", value: (i) => i.name.en },
      { header: "name_zh", value: (i) => i.name.zh },
      { header: "type", value: (i) => i.type },
      { header: "country_code", value: (i) => i.countryCode },
    ],
  },
  "sample-loan-awards": {
    rows: () => listDatasetAwards(),
    columns: [
      { header: "opportunity_slug", value: (a) => a.opportunity.slug },
      { header: "institution_slug", value: (a) => a.institution.slug },
      { header: "institution_name_en", value: (a) => a.institution.name.en },
      { header: "institution_name_zh", value: (a) => a.institution.name.zh },
      { header: "institution_type", value: (a) => a.institution.type },
      { header: "country_code", value: (a) => a.institution.countryCode },
      { header: "agreement_status", value: (a) => a.agreement?.status },
      { header: "agreement_signed_on", value: (a) => a.agreement?.signedOn },
      { header: "agreement_expires_on", value: (a) => a.agreement?.expiresOn },
    ],
  },
  projects: {
    rows: () => listDatasetProjects(),
    columns: [
      { header: "slug", value: (p) => p.slug },
      { header: "opportunity_slug", value: (p) => p.opportunitySlug },
      { header: "title_en", value: (p) => p.title.en },
      { header: "title_zh", value: (p) => p.title.zh },
      { header: "kind", value: (p) => p.kind },
      { header: "partner_slugs", value: (p) => list(p.partners.map((x) => x.institution.slug)) },
      { header: "partner_names_en", value: (p) => list(p.partners.map((x) => x.institution.name.en)) },
      { header: "partner_roles", value: (p) => list(p.partners.map((x) => x.role)) },
      { header: "country_codes", value: (p) => list(p.countryCodes) },
      { header: "updated_at", value: (p) => p.updatedAt },
    ],
  },
  milestones: {
    rows: () => listMilestones(),
    columns: [
      { header: "slug", value: (m) => m.slug },
      { header: "date", value: (m) => m.date.date },
      { header: "precision", value: (m) => m.date.precision },
      { header: "approximate", value: (m) => m.approximate },
      { header: "label_en", value: (m) => m.label.en },
      { header: "label_zh", value: (m) => m.label.zh },
      { header: "mission_slug", value: (m) => m.mission?.slug },
      { header: "opportunity_slug", value: (m) => m.opportunity?.slug },
      { header: "source_label", value: (m) => m.source?.label },
      { header: "source_url", value: (m) => m.source?.url },
      { header: "updated_at", value: (m) => m.updatedAt },
    ],
  },
};
