import "server-only";
import { notFound } from "next/navigation";
import { type ListQuery, type ListSpec, pageWindow } from "@/lib/admin-list";
import { type ContentKind, contentKind, DIR, type Filter, type PublishableKind } from "@/lib/content-kinds";
import { recordAudit } from "../audit";
import { requirePermission, type StaffSession, staffCan } from "../authz";
import { prisma } from "../db";
import { agreementStore } from "./agreements";
import { awardStore } from "./awards";
import { institutionStore } from "./institutions";
import { missionStore } from "./missions";
import { opportunityStore } from "./opportunities";
import { projectStore } from "./projects";
import { sourceStore } from "./sources";
import type { ContentStore } from "./store";
import { checkVersion, refuseInUse, refuseNotFound, refuseStale, versionOf, writeContent } from "./write";

// One list, read, create, update, delete and publish for every content kind, from its definition
// (src/lib/content-kinds.ts) and its entry (src/server/content/<kind>.ts), on the one write path (write.ts).

export const CONTENT_STORES = {
  missions: missionStore,
  opportunities: opportunityStore,
  institutions: institutionStore,
  projects: projectStore,
  awards: awardStore,
  agreements: agreementStore,
  sources: sourceStore,
};

type Stores = typeof CONTENT_STORES;
type StoreOf<K extends ContentKind> = Stores[K];
export type ContentInput<K extends ContentKind> = StoreOf<K> extends { schema: { _zod: { output: infer I } } } ? I : never;
export type ContentRow<K extends ContentKind> = StoreOf<K> extends { toRow(row: never): infer R } ? R : never;
export type ContentDetail<K extends ContentKind> = NonNullable<Awaited<ReturnType<StoreOf<K>["get"]>>>;
export type ContentRef = { id: string; version: string };

// The kinds' entries differ in their own types; code that serves every kind sees them in the one common shape.
const storeOf = (kind: ContentKind) => CONTENT_STORES[kind] as unknown as ContentStore<unknown, Record<string, unknown>, { id: string; version: string }>;
const tagsOf = (kind: ContentKind) => [...contentKind(kind).tags];

/** A filter's values and, for values that come from the data, their labels. */
export interface FilterChoices extends Filter {
  values: readonly string[];
  labels?: Record<string, { en: string; zh: string | null }>;
}

async function filterChoices(filter: Filter): Promise<FilterChoices> {
  if (filter.from === "countries") {
    const rows = await prisma.institution.findMany({
      where: { countryCode: { not: null } },
      distinct: ["countryCode"],
      select: { countryCode: true },
      orderBy: { countryCode: "asc" },
    });
    return { ...filter, values: rows.map((row) => row.countryCode!) };
  }
  if (filter.from) {
    const rows = await prisma.opportunity.findMany({
      where: { kind: filter.from.opportunities },
      orderBy: { titleEn: "asc" },
      select: { id: true, titleEn: true, titleZh: true },
    });
    return { ...filter, values: rows.map((row) => row.id), labels: Object.fromEntries(rows.map((row) => [row.id, { en: row.titleEn, zh: row.titleZh }])) };
  }
  return { ...filter, values: filter.values ?? [] };
}

/** The kind's list filters with the values they accept today (some come from the data). */
export function listFilters(kind: ContentKind): Promise<FilterChoices[]> {
  return Promise.all(contentKind(kind).list.filters.map(filterChoices));
}

/** What parseListQuery accepts for the kind's list. */
export function listSpec(kind: ContentKind, filters: FilterChoices[]): ListSpec<string, string> {
  const { sorts, defaultSort } = contentKind(kind).list;
  return {
    sorts: Object.keys(sorts) as [string, ...string[]],
    defaultSort,
    filters: Object.fromEntries(filters.map((filter) => [filter.name, filter.values])),
  };
}

/** `contains` in any of the fields; "a.b" reaches into a related record. */
function searchWhere(q: string | undefined, fields: readonly string[]) {
  if (!q) return {};
  const condition = (path: string[]): Record<string, unknown> =>
    path.length === 1 ? { [path[0]!]: { contains: q, mode: "insensitive" } } : { [path[0]!]: condition(path.slice(1)) };
  return { OR: fields.map((field) => condition(field.split("."))) };
}

/** The sort's order with DIR replaced by the direction asked for. */
function withDirection(order: unknown, dir: "asc" | "desc"): unknown {
  if (order === DIR) return dir;
  if (Array.isArray(order)) return order.map((part) => withDirection(part, dir));
  if (order && typeof order === "object") return Object.fromEntries(Object.entries(order).map(([key, value]) => [key, withDirection(value, dir)]));
  return order;
}

/** One page of the kind's list (or, with all, every row the search and filters select, for the CSV). */
export async function listContent<K extends ContentKind>(
  kind: K,
  query: ListQuery<string, string>,
  { all = false } = {},
): Promise<{ rows: ContentRow<K>[]; total: number }> {
  const definition = contentKind(kind);
  const store = storeOf(kind);
  // Each condition apart under AND, so that two of them using the same key (OR, NOT) cannot replace each other.
  const conditions: Record<string, unknown>[] = [searchWhere(query.q, definition.list.search)];
  for (const filter of definition.list.filters) {
    const value = query.filters[filter.name];
    if (!value) continue;
    const special = store.where?.[filter.name];
    if (special) conditions.push(special(value));
    else if (filter.name === "published") conditions.push({ published: value === "published" });
    else conditions.push({ [filter.field ?? filter.name]: value });
  }
  const where = { AND: conditions };
  const order = definition.list.sorts[query.sort] ?? definition.list.sorts[definition.list.defaultSort];
  const model = store.model(prisma);
  const [rows, total] = await Promise.all([
    model.findMany({ where, orderBy: withDirection(order, query.dir), ...(all ? {} : pageWindow(query.page)), include: store.listInclude }),
    model.count({ where }),
  ]);
  return { rows: rows.map((row) => store.toRow(row as never)) as ContentRow<K>[], total };
}

export function getContent<K extends ContentKind>(kind: K, id: string): Promise<ContentDetail<K> | null> {
  return storeOf(kind).get(id) as Promise<ContentDetail<K> | null>;
}

/** A record's page in the panel: for staff who may read the kind, a 404 if it is not there, and whether they may change it. */
export async function openContentRecord<K extends ContentKind>(kind: K, id: string): Promise<{ record: ContentDetail<K>; canWrite: boolean }> {
  const { read, write } = contentKind(kind).permissions;
  const staff = await requirePermission(read);
  const record = await getContent(kind, id);
  if (!record) notFound();
  return { record, canWrite: staffCan(staff, write) };
}

/** The record's name and what deleting it would meet, for the edit and delete pages. */
export async function summariseContent(kind: ContentKind, id: string) {
  const store = storeOf(kind);
  const record = await store.get(id);
  return record && store.summarise(record);
}

/** The same for a record already read (the edit page reads it for its form too). */
export const summariseRecord = <K extends ContentKind>(kind: K, record: ContentDetail<K>) => storeOf(kind).summarise(record);

const versionFor = (kind: ContentKind, row: object) => storeOf(kind).version?.(row as never) ?? versionOf(row as { updatedAt: Date });
const snapshotFor = (kind: ContentKind, row: object) => {
  const { _count: _counts, ...rest } = row as { _count?: unknown };
  return storeOf(kind).snapshot?.(rest as never) ?? rest;
};

/** A new record; publishable kinds start as drafts. */
export function createContent<K extends ContentKind>(staff: StaffSession, kind: K, input: ContentInput<K>) {
  const store = storeOf(kind);
  const { entity, publishable } = contentKind(kind);
  return writeContent({ tags: tagsOf(kind), uniqueField: store.uniqueField }, async (tx) => {
    await store.check?.(tx, input);
    const row = await store.model(tx).create({
      data: { ...store.columns(input), ...(publishable ? { published: false } : {}), ...store.createRelations?.(input) },
      include: store.snapshotInclude,
    });
    await recordAudit(tx, staff, { action: "create", entity, entityId: row.id, after: snapshotFor(kind, row) });
    return { id: row.id };
  });
}

/** Saves the record at the version the form was opened at: refused if someone saved it in between. */
export function updateContent<K extends ContentKind>(staff: StaffSession, kind: K, ref: ContentRef, input: ContentInput<K>) {
  const store = storeOf(kind);
  const { entity } = contentKind(kind);
  return writeContent({ tags: tagsOf(kind), uniqueField: store.uniqueField }, async (tx) => {
    const model = store.model(tx);
    const before = (await model.findUnique({ where: { id: ref.id }, include: store.snapshotInclude })) ?? refuseNotFound();
    checkVersion(versionFor(kind, before), ref.version);
    await store.check?.(tx, input, ref.id);
    // Only if nobody saved in between: the check above and this write see the same row.
    const guard = store.staleGuard?.(before as never) ?? { updatedAt: before.updatedAt };
    const { count } = await model.updateMany({ where: { id: ref.id, ...guard }, data: store.columns(input) });
    if (count === 0) refuseStale();
    await store.updateRelations?.(tx, ref.id, input);
    const after = await model.findUniqueOrThrow({ where: { id: ref.id }, include: store.snapshotInclude });
    await recordAudit(tx, staff, { action: "update", entity, entityId: ref.id, before: snapshotFor(kind, before), after: snapshotFor(kind, after) });
    return { id: ref.id };
  });
}

/** Refused while other records depend on it; its own parts go with it, kept in the audit entry. */
export function deleteContent(staff: StaffSession, kind: ContentKind, ref: ContentRef) {
  const store = storeOf(kind);
  const { entity } = contentKind(kind);
  return writeContent({ tags: tagsOf(kind) }, async (tx) => {
    const model = store.model(tx);
    const before = (await model.findUnique({ where: { id: ref.id }, include: store.deleteInclude ?? store.snapshotInclude })) ?? refuseNotFound();
    checkVersion(versionFor(kind, before), ref.version);
    if (await store.inUse?.(tx, before as never)) refuseInUse();
    await model.delete({ where: { id: ref.id } });
    await recordAudit(tx, staff, { action: "delete", entity, entityId: ref.id, before: snapshotFor(kind, before) });
    return { id: ref.id };
  });
}

/** Shows a draft on the public pages, or takes a record off them: audited as its own action; nothing is written if it is already so. */
export function setPublished(staff: StaffSession, kind: PublishableKind, id: string, published: boolean) {
  const model = (tx: Parameters<ReturnType<typeof storeOf>["model"]>[0]) => storeOf(kind).model(tx);
  return writeContent({ tags: tagsOf(kind) }, async (tx) => {
    const before = ((await model(tx).findUnique({ where: { id }, select: { published: true } })) as { published: boolean } | null) ?? refuseNotFound();
    if (before.published === published) return { id, changed: false };
    await model(tx).update({ where: { id }, data: { published } });
    await recordAudit(tx, staff, {
      action: published ? "publish" : "unpublish",
      entity: contentKind(kind).entity,
      entityId: id,
      before: { published: before.published },
      after: { published },
    });
    return { id, changed: true };
  });
}
