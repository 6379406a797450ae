import "server-only";
import { z } from "zod";
import type { Prisma } from "@/generated/prisma/client";
import { type ListQuery, pageWindow, parseListQuery } from "@/lib/admin-list";
import { prisma } from "../../db";

// The audit trail, read-only: the app never updates or deletes an entry (a database trigger refuses it too).

export const AUDIT_FILTERS = ["entity", "action", "actor", "from", "to"] as const;
export type AuditListQuery = ListQuery<"at", (typeof AUDIT_FILTERS)[number]>;

type RawQuery = Record<string, string | string[] | undefined> | URLSearchParams;

const firstOf = (raw: RawQuery, key: string) => {
  const value = raw instanceof URLSearchParams ? (raw.get(key) ?? undefined) : raw[key];
  return Array.isArray(value) ? value[0] : value;
};

const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)));

// Free-text filters, each checked for shape: a value that makes no sense is ignored, as in parseListQuery.
const filterShapes: Record<(typeof AUDIT_FILTERS)[number], z.ZodType<string>> = {
  entity: z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,59}$/),
  action: z.string().regex(/^[a-z][a-z-]{0,39}$/),
  actor: z.string().trim().min(1).max(254),
  from: isoDay,
  to: isoDay,
};

/** The audit list's query string (?q=&entity=&action=&actor=&from=&to=&dir=&page=), shared by the page and the CSV export. */
export function parseAuditQuery(raw: RawQuery): AuditListQuery {
  const base = parseListQuery(raw, { sorts: ["at"], defaultSort: "at", defaultDir: "desc" });
  const filters: AuditListQuery["filters"] = {};
  for (const name of AUDIT_FILTERS) {
    const parsed = filterShapes[name].safeParse(firstOf(raw, name));
    if (parsed.success) filters[name] = parsed.data;
  }
  return { ...base, filters };
}

const dayStart = (day: string) => new Date(`${day}T00:00:00Z`);
const nextDayStart = (day: string) => new Date(dayStart(day).getTime() + 86_400_000);

function whereOf(query: AuditListQuery): Prisma.AuditEntryWhereInput {
  const { entity, action, actor, from, to } = query.filters;
  const and: Prisma.AuditEntryWhereInput[] = [];
  if (query.q) and.push({ OR: [{ entityId: { contains: query.q, mode: "insensitive" } }, { summary: { contains: query.q, mode: "insensitive" } }] });
  if (entity) and.push({ entity });
  if (action) and.push({ action });
  if (actor) and.push({ actorEmail: { contains: actor, mode: "insensitive" } });
  // Whole days in UTC, both ends included.
  if (from) and.push({ at: { gte: dayStart(from) } });
  if (to) and.push({ at: { lt: nextDayStart(to) } });
  return { AND: and };
}

const orderOf = (query: AuditListQuery): Prisma.AuditEntryOrderByWithRelationInput[] => [{ at: query.dir }, { id: query.dir }];

export interface AuditChange {
  /** The field's path, e.g. "role" or "answers.lead.name". */
  field: string;
  /** The value as text (JSON, indented, for objects and arrays); undefined when the field was absent. */
  before?: string;
  after?: string;
}

export interface AuditEntryView {
  id: string;
  at: Date;
  actorEmail: string;
  /** Null for command-line tools. */
  actorId: string | null;
  action: string;
  entity: string;
  entityId: string;
  summary: string | null;
  changes: AuditChange[];
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

const MAX_DEPTH = 4;

/** Leaf values keyed by dotted path; arrays and deeper objects stay whole. */
function flatten(value: unknown, prefix = "", depth = 0, into = new Map<string, unknown>()): Map<string, unknown> {
  if (isPlainObject(value) && depth < MAX_DEPTH && Object.keys(value).length > 0) {
    for (const [key, child] of Object.entries(value)) flatten(child, prefix ? `${prefix}.${key}` : key, depth + 1, into);
  } else if (value !== undefined) {
    into.set(prefix || "value", value);
  }
  return into;
}

const asText = (value: unknown): string | undefined =>
  value === undefined ? undefined : typeof value === "string" ? value : JSON.stringify(value, null, 2);

/** Only the fields whose value differs between before and after, in the order they first appear. */
export function auditChanges(before: unknown, after: unknown): AuditChange[] {
  const left = before === null || before === undefined ? new Map<string, unknown>() : flatten(before);
  const right = after === null || after === undefined ? new Map<string, unknown>() : flatten(after);
  const fields = [...new Set([...left.keys(), ...right.keys()])];
  return fields
    .filter((field) => JSON.stringify(left.get(field)) !== JSON.stringify(right.get(field)))
    .map((field) => ({ field, before: asText(left.get(field)), after: asText(right.get(field)) }));
}

type EntryRow = Prisma.AuditEntryGetPayload<object>;

const toView = (entry: EntryRow): AuditEntryView => ({
  id: entry.id,
  at: entry.at,
  actorEmail: entry.actorEmail,
  actorId: entry.actorId,
  action: entry.action,
  entity: entry.entity,
  entityId: entry.entityId,
  summary: entry.summary,
  changes: auditChanges(entry.before, entry.after),
});

/** One page of entries, newest first unless asked otherwise, with the total the filters select. */
export async function listAuditEntries(query: AuditListQuery): Promise<{ rows: AuditEntryView[]; total: number }> {
  const where = whereOf(query);
  const [entries, total] = await Promise.all([
    prisma.auditEntry.findMany({ where, orderBy: orderOf(query), ...pageWindow(query.page) }),
    prisma.auditEntry.count({ where }),
  ]);
  return { rows: entries.map(toView), total };
}

/** The entities and actions that occur in the trail, for the filter menus. */
export async function auditFilterOptions(): Promise<{ entities: string[]; actions: string[] }> {
  const [entities, actions] = await Promise.all([
    // GROUP BY in the database: Prisma's distinct would read every entry.
    prisma.auditEntry.groupBy({ by: ["entity"], orderBy: { entity: "asc" } }),
    prisma.auditEntry.groupBy({ by: ["action"], orderBy: { action: "asc" } }),
  ]);
  return { entities: entities.map((e) => e.entity), actions: actions.map((a) => a.action) };
}

export interface AuditExportRow {
  at: Date;
  actorEmail: string;
  action: string;
  entity: string;
  entityId: string;
  summary: string | null;
  before: unknown;
  after: unknown;
}

/** Every entry the filters select, for the CSV export. */
export async function auditEntriesForExport(query: AuditListQuery): Promise<AuditExportRow[]> {
  return prisma.auditEntry.findMany({
    where: whereOf(query),
    orderBy: orderOf(query),
    select: { at: true, actorEmail: true, action: true, entity: true, entityId: true, summary: true, before: true, after: true },
  });
}
