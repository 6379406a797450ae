import "server-only";
import { createHash } from "node:crypto";
import { revalidatePath } from "next/cache";
import { Prisma } from "@/generated/prisma/client";
import type { FieldErrors } from "@/lib/form-state";
import { type CacheTag, revalidateContent } from "../cache";
import { prisma } from "../db";

// The one path every content write takes: checks and the write and its audit entry in one transaction, then the
// public pages revalidated. Refusals come back as message keys under "Errors", for the form to show.

export type ContentResult<T extends object = { id: string }> =
  | ({ ok: true } & T)
  | { ok: false; message: "summaryTitle" | "staleEdit" | "inUse" | "recordGone"; fieldErrors?: FieldErrors };

/** Thrown inside a write to roll it back and answer the form. */
export class ContentRefusal extends Error {
  constructor(
    readonly reason: Exclude<ContentResult, { ok: true }>["message"],
    readonly fieldErrors?: FieldErrors,
  ) {
    super(reason);
  }
}

export const refuseStale = (): never => {
  throw new ContentRefusal("staleEdit");
};
export const refuseNotFound = (): never => {
  throw new ContentRefusal("recordGone");
};
export const refuseInUse = (): never => {
  throw new ContentRefusal("inUse");
};
export const refuseTaken = (field: string): never => {
  throw new ContentRefusal("summaryTitle", { [field]: "taken" });
};
export const refuseField = (field: string, message: string): never => {
  throw new ContentRefusal("summaryTitle", { [field]: message });
};

/** The version a form carries for a row with updatedAt: a save is refused if it no longer matches. */
export const versionOf = (row: { updatedAt: Date }): string => row.updatedAt.toISOString();

/** For rows without updatedAt (sources): a digest of what the form edits. */
export const fingerprint = (value: unknown): string => createHash("sha256").update(JSON.stringify(value)).digest("hex").slice(0, 32);

export function checkVersion(current: string, expected: string | undefined): void {
  if (expected !== undefined && current !== expected) refuseStale();
}

// Inside an interactive transaction, driver adapters may report a constraint violation as their own error rather
// than Prisma's P2002/P2003; PostgreSQL's SQLSTATE is in the message either way.
function violation(error: unknown): "unique" | "foreign-key" | null {
  if (error instanceof Prisma.PrismaClientKnownRequestError) {
    if (error.code === "P2002") return "unique";
    if (error.code === "P2003" || error.code === "P2014") return "foreign-key";
  }
  const text = error instanceof Error ? `${error.message} ${String((error as { cause?: unknown }).cause ?? "")}` : "";
  if (/23505|unique constraint/i.test(text)) return "unique";
  if (/23503|foreign key constraint/i.test(text)) return "foreign-key";
  return null;
}

export interface WriteOptions {
  /** Which public data the change shows in. */
  tags: CacheTag[];
  /** The form field a unique violation the checks did not catch is reported on. */
  uniqueField?: string;
}

/** Runs a write and its audit entries in one transaction; revalidates the public pages if it commits. */
export async function writeContent<T extends object>(
  options: WriteOptions,
  work: (tx: Prisma.TransactionClient) => Promise<T>,
): Promise<ContentResult<T>> {
  let result: T;
  try {
    result = await prisma.$transaction(work);
  } catch (error) {
    if (error instanceof ContentRefusal) return { ok: false, message: error.reason, fieldErrors: error.fieldErrors };
    const kind = violation(error);
    if (kind === "unique" && options.uniqueField) return { ok: false, message: "summaryTitle", fieldErrors: { [options.uniqueField]: "taken" } };
    if (kind === "foreign-key") return { ok: false, message: "inUse" };
    throw error;
  }
  revalidateContent(options.tags);
  // Also by path: a page that answered 404 while its record was a draft was cached without the record's tags,
  // and only the path's implicit tag reaches it. Every public page already depends on the "content" tag, so
  // expiring them all by path costs nothing more.
  revalidatePath("/[locale]/(public)", "layout");
  return { ok: true, ...result };
}

/** `contains` over several columns, case-insensitive, for a list's search box. */
export function searchAny<Field extends string>(q: string | undefined, fields: readonly Field[]) {
  return q ? { OR: fields.map((field) => ({ [field]: { contains: q, mode: "insensitive" as const } })) } : {};
}

export const publishedFilter = (value: string | undefined) =>
  value === "published" ? { published: true } : value === "draft" ? { published: false } : {};

export const PUBLISHED_FILTER = ["published", "draft"] as const;
