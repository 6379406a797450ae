import "server-only";
import { CONTENT_KINDS } from "@/lib/content-kinds";
import { ApplicationStatus } from "@/generated/prisma/enums";
import { prisma } from "../../db";
import type { AuditChange } from "./audit";

// What the audit trail shows in place of ids: the actor's name and the record's title, looked up for one page of
// entries at a time (one query per kind of record). A record deleted since keeps its id, for there is no title left.

export type AuditTitle = { en: string; zh: string | null };

export interface AuditNames {
  /** Staff names by account id. */
  actors: Record<string, string>;
  /** Titles by "Entity:id". */
  records: Record<string, AuditTitle>;
  /** The staff panel page of a record, by "Entity:id", where it has one. */
  links: Record<string, string>;
  /** Staff a change names by id (who released a notice, who reviews), as "Name (email)". */
  staff: Record<string, string>;
}

type Row = { entity: string; entityId: string; actorId: string | null; changes?: AuditChange[] };

/** Fields whose value is a staff account's id. */
const STAFF_ID_FIELDS = new Set(["releasedById", "reviewerId"]);
/** Fields whose value is an application's status. */
const STATUS_FIELDS = new Set(["status", "outcome"]);
const lastPart = (field: string) => field.slice(field.lastIndexOf(".") + 1);
const isStatus = (value: string | undefined): value is ApplicationStatus => value !== undefined && Object.hasOwn(ApplicationStatus, value);

/** A change's values as people read them: a staff id by the person's name, a status code by its label. */
export function readableChange(change: AuditChange, names: Pick<AuditNames, "staff">, statusLabel: (status: ApplicationStatus) => string): AuditChange {
  const field = lastPart(change.field);
  const read = (value: string | undefined) => {
    if (value === undefined) return undefined;
    if (STAFF_ID_FIELDS.has(field)) return Object.hasOwn(names.staff, value) ? names.staff[value] : value;
    if (STATUS_FIELDS.has(field) && isStatus(value)) return statusLabel(value);
    return value;
  };
  return { ...change, before: read(change.before), after: read(change.after) };
}

/** A stored summary such as "REF: SHORTLISTED → ACCEPTED" with each status by its label. */
export function readableSummary(summary: string, statusLabel: (status: ApplicationStatus) => string): string {
  return summary.replace(/\b([A-Z_]+)( → )([A-Z_]+)\b/g, (whole, from: string, arrow: string, to: string) =>
    isStatus(from) && isStatus(to) ? `${statusLabel(from)}${arrow}${statusLabel(to)}` : whole,
  );
}

const both = (en: string, zh: string | null | undefined): AuditTitle => ({ en, zh: zh || null });
const application = (a: { reference: string | null; opportunity: { titleEn: string; titleZh: string } }) =>
  // A draft has no reference yet: it is named by its call.
  a.reference ? both(a.reference, null) : both(a.opportunity.titleEn, a.opportunity.titleZh);
const withCall = { select: { titleEn: true, titleZh: true } } as const;
const appSelect = { select: { reference: true, opportunity: withCall } } as const;

/** How each kind of record is titled, as one batched lookup. */
const LOOKUPS: Record<string, (ids: string[]) => Promise<[string, AuditTitle][]>> = {
  StaffUser: async (ids) => (await prisma.staffUser.findMany({ where: { id: { in: ids } }, select: { id: true, name: true, email: true } })).map((r) => [r.id, both(`${r.name} (${r.email})`, null)]),
  Mission: async (ids) => (await prisma.mission.findMany({ where: { id: { in: ids } }, select: { id: true, nameEn: true, nameZh: true } })).map((r) => [r.id, both(r.nameEn, r.nameZh)]),
  Opportunity: async (ids) => (await prisma.opportunity.findMany({ where: { id: { in: ids } }, select: { id: true, titleEn: true, titleZh: true } })).map((r) => [r.id, both(r.titleEn, r.titleZh)]),
  Institution: async (ids) => (await prisma.institution.findMany({ where: { id: { in: ids } }, select: { id: true, nameEn: true, nameZh: true } })).map((r) => [r.id, both(r.nameEn, r.nameZh)]),
  CooperationProject: async (ids) => (await prisma.cooperationProject.findMany({ where: { id: { in: ids } }, select: { id: true, titleEn: true, titleZh: true } })).map((r) => [r.id, both(r.titleEn, r.titleZh)]),
  Source: async (ids) => (await prisma.source.findMany({ where: { id: { in: ids } }, select: { id: true, label: true } })).map((r) => [r.id, both(r.label, null)]),
  SampleLoanAward: async (ids) =>
    (await prisma.sampleLoanAward.findMany({ where: { id: { in: ids } }, select: { id: true, institution: { select: { nameEn: true, nameZh: true } } } })).map((r) => [
      r.id,
      both(r.institution.nameEn, r.institution.nameZh),
    ]),
  LoanAgreement: async (ids) =>
    (await prisma.loanAgreement.findMany({ where: { id: { in: ids } }, select: { id: true, award: { select: { institution: { select: { nameEn: true, nameZh: true } } } } } })).map((r) => [
      r.id,
      both(r.award.institution.nameEn, r.award.institution.nameZh),
    ]),
  CallStage: async (ids) =>
    (await prisma.callStage.findMany({ where: { id: { in: ids } }, select: { id: true, titleEn: true, titleZh: true, opportunity: withCall } })).map((r) => [
      r.id,
      both(`${r.opportunity.titleEn} · ${r.titleEn}`, `${r.opportunity.titleZh} · ${r.titleZh}`),
    ]),
  CallDefinition: async (ids) =>
    (await prisma.callDefinition.findMany({ where: { id: { in: ids } }, select: { id: true, version: true, opportunity: withCall } })).map((r) => [
      r.id,
      both(`${r.opportunity.titleEn} (v${r.version})`, `${r.opportunity.titleZh}（v${r.version}）`),
    ]),
  Application: async (ids) => (await prisma.application.findMany({ where: { id: { in: ids } }, select: { id: true, ...appSelect.select } })).map((r) => [r.id, application(r)]),
  ReviewAssignment: async (ids) =>
    (await prisma.reviewAssignment.findMany({ where: { id: { in: ids } }, select: { id: true, application: appSelect } })).map((r) => [r.id, application(r.application)]),
  PreparedDecision: async (ids) =>
    (await prisma.preparedDecision.findMany({ where: { id: { in: ids } }, select: { id: true, application: appSelect } })).map((r) => [r.id, application(r.application)]),
  OutboxEmail: async (ids) => (await prisma.outboxEmail.findMany({ where: { id: { in: ids } }, select: { id: true, subject: true } })).map((r) => [r.id, both(r.subject, null)]),
};

/** The staff panel page each kind of record has. */
function linkOf(entity: string, id: string): string | undefined {
  const kind = Object.values(CONTENT_KINDS).find((k) => k.entity === entity);
  if (kind) return `/admin/${kind.slug}/${id}`;
  if (entity === "Application") return `/admin/applications/${id}`;
  if (entity === "StaffUser") return `/admin/staff/${id}`;
  return undefined;
}

export async function auditNames(rows: Row[]): Promise<AuditNames> {
  const byEntity = new Map<string, Set<string>>();
  for (const row of rows) {
    if (!byEntity.has(row.entity)) byEntity.set(row.entity, new Set());
    byEntity.get(row.entity)!.add(row.entityId);
  }
  const actorIds = [...new Set(rows.flatMap((r) => (r.actorId ? [r.actorId] : [])))];
  const namedIds = [
    ...new Set(
      rows.flatMap((r) => (r.changes ?? []).filter((c) => STAFF_ID_FIELDS.has(lastPart(c.field))).flatMap((c) => [c.before, c.after].filter((v): v is string => !!v && v !== "null"))),
    ),
  ];
  const [actors, named, ...found] = await Promise.all([
    prisma.staffUser.findMany({ where: { id: { in: actorIds } }, select: { id: true, name: true } }),
    prisma.staffUser.findMany({ where: { id: { in: namedIds } }, select: { id: true, name: true, email: true } }),
    ...[...byEntity].map(async ([entity, ids]) =>
      (Object.hasOwn(LOOKUPS, entity) ? await LOOKUPS[entity]!([...ids]) : []).map(([id, title]) => [`${entity}:${id}`, title] as const),
    ),
  ]);
  const records = Object.fromEntries(found.flat());
  const links: Record<string, string> = {};
  for (const key of Object.keys(records)) {
    const [entity, id] = key.split(":") as [string, string];
    const link = linkOf(entity, id);
    if (link) links[key] = link;
  }
  return {
    actors: Object.fromEntries(actors.map((a) => [a.id, a.name])),
    records,
    links,
    staff: Object.fromEntries(named.map((s) => [s.id, `${s.name} (${s.email})`])),
  };
}
