import "server-only";
import type { ZodType } from "zod";
import type { Prisma } from "@/generated/prisma/client";
import type { ContentKind } from "@/lib/content-kinds";

// What a content kind's repository entry says about itself: only what is particular to the kind. Everything the
// kinds share (list, read, create, update, delete, publish, audit, revalidation) is in repository.ts.

type Db = Prisma.TransactionClient;
type Args = Record<string, unknown>;

/** The part of a Prisma model delegate the repository uses, with the kind's row typing left to the kind. */
export interface ModelDelegate {
  findMany(args: Args): Promise<object[]>;
  count(args: Args): Promise<number>;
  findUnique(args: Args): Promise<(Args & { id: string }) | null>;
  findUniqueOrThrow(args: Args): Promise<Args & { id: string }>;
  create(args: Args): Promise<Args & { id: string }>;
  updateMany(args: Args): Promise<{ count: number }>;
  update(args: Args): Promise<object>;
  delete(args: Args): Promise<object>;
}

/** What the edit and delete pages show of a record: its name, and what deleting it would refuse or take along. */
export interface RecordSummary {
  id: string;
  version: string;
  /** The record's name in English and Chinese; with `message`, the name is that message with {institution}. */
  name: { en: string; zh: string | null; message?: string };
  /** What depends on the record: deleting is refused while any is there (labels are keys under "Content"). */
  uses: { label: string; count?: number }[];
  /** What goes with the record when it is deleted. */
  parts?: { label: string; count?: number };
}

export interface ContentStore<Input, Row, Detail extends { id: string; version: string }> {
  kind: ContentKind;
  model(db: Db): ModelDelegate;
  /** The form's schema; `createSchema` when creating differs (e.g. an agreement names its award only once). */
  schema: ZodType<Input>;
  createSchema?: ZodType<Input>;
  /** Form fields that are lists (checkbox groups). */
  arrayFields?: string[];
  /** The list row, flattened for the table and the CSV. */
  listInclude?: Args;
  toRow(row: never): Row;
  /** Filters whose query is not `{ field: value }`. */
  where?: Record<string, (value: string) => Args>;
  get(id: string): Promise<Detail | null>;
  summarise(record: Detail): RecordSummary;
  /** Refusals the database cannot express (a taken slug, a related row that is not there). */
  check?(tx: Db, input: Input, exceptId?: string): Promise<void>;
  /** The record's own columns, from the form. */
  columns(input: Input): Args;
  /** Related rows written with a new record. */
  createRelations?(input: Input): Args;
  /** Related rows replaced after an update. */
  updateRelations?(tx: Db, id: string, input: Input): Promise<void>;
  /** The form field a unique violation the checks did not catch is reported on. */
  uniqueField?: string;
  /** Related rows the audit trail keeps with the record, and the snapshot it keeps. */
  snapshotInclude?: Args;
  snapshot?(row: never): unknown;
  /** Read before deleting: what goes with the record, and the counts that refuse it. */
  deleteInclude?: Args;
  inUse?(tx: Db, row: never): Promise<boolean> | boolean;
  /** A record without updatedAt carries a digest of what the form edits, and saves only while it still matches. */
  version?(row: never): string;
  staleGuard?(row: never): Args;
}

/** Checks an entry against the shape while keeping its own types (its row parameters are the kind's own). */
export const defineStore = <Input, Row, Detail extends { id: string; version: string }>(store: ContentStore<Input, Row, Detail>) => store;
