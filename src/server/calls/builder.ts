import "server-only";
import { createHash } from "node:crypto";
import type { CallDefinition } from "@/lib/calls/definition";
import type { EditResult, Position } from "@/lib/calls/edit";
import { CONTENT_KINDS } from "@/lib/content-kinds";
import type { FieldErrors } from "@/lib/form-state";
import { recordAudit } from "../audit";
import type { StaffSession } from "../authz";
import { revalidateContent } from "../cache";
import { prisma } from "../db";
import { refuseNotFound, refuseTaken, writeContent } from "../content/write";
import { currentDefinition, saveCallDefinition } from "./definitions";

// The call builder's server side: what its page shows, one edit of a call's form at a time, and duplicating a call
// with its form. Every save goes through saveCallDefinition (meta-schema, versions, audit).

const OPPORTUNITY_TAGS = [...CONTENT_KINDS.opportunities.tags];

/** What a builder form carries for a call that has no form yet. */
export const NO_FORM_HASH = "none";

/** A digest of the form a page was built from: a save is refused when the stored form no longer matches it. */
export const definitionHash = (definition: CallDefinition | null): string =>
  definition ? createHash("sha256").update(JSON.stringify(definition)).digest("hex").slice(0, 32) : NO_FORM_HASH;

export interface CallBuilderView {
  call: { id: string; slug: string; titleEn: string; titleZh: string; published: boolean; acceptsApplications: boolean };
  /** The call's dated stages in order: the form's stage n is answered in the call's stage n. */
  callStages: { titleEn: string; titleZh: string }[];
  /** The latest version of the call's form; null before staff start one. */
  form: { version: number; hash: string; definition: CallDefinition; updatedAt: string } | null;
  /** Applications submitted against the latest version: while there are any, the next save makes a new version. */
  submitted: number;
  /** What acceptances have reserved from each pool, by key. */
  reserved: Record<string, number>;
}

/** The call and its latest form, for the builder's pages; null for an opportunity that does not exist. */
export async function getCallBuilder(opportunityId: string): Promise<CallBuilderView | null> {
  const call = await prisma.opportunity.findUnique({
    where: { id: opportunityId },
    select: {
      id: true,
      slug: true,
      titleEn: true,
      titleZh: true,
      published: true,
      referencePrefix: true,
      stages: { orderBy: { position: "asc" }, select: { titleEn: true, titleZh: true } },
    },
  });
  if (!call) return null;
  const stored = await currentDefinition(call.id);
  const [row, submitted] = stored
    ? await Promise.all([
        prisma.callDefinition.findUniqueOrThrow({ where: { id: stored.id }, select: { updatedAt: true } }),
        prisma.application.count({ where: { definitionId: stored.id, status: { not: "DRAFT" } } }),
      ])
    : [null, 0];
  const { referencePrefix, stages, ...rest } = call;
  const pools = await prisma.resourcePool.findMany({ where: { opportunityId: call.id }, select: { key: true, reserved: true } });
  return {
    call: { ...rest, acceptsApplications: referencePrefix !== null },
    callStages: stages,
    form: stored && row ? { version: stored.version, hash: definitionHash(stored.definition), definition: stored.definition, updatedAt: row.updatedAt.toISOString() } : null,
    submitted,
    reserved: Object.fromEntries(pools.map((p) => [p.key, p.reserved.toNumber()])),
  };
}

/** The form a builder page was built from: its version (0 before the first) and digest. */
export interface SeenForm {
  version: number;
  hash: string;
}

export type CallEditOutcome =
  | { ok: true; version: number; newVersion: boolean; changed: boolean; at: Position }
  | { ok: false; reason: "callGone" | "staleDefinition" | "itemNotFound" | "atEdge" }
  | { ok: false; reason: "invalid"; candidate: CallDefinition; at: Position; fieldErrors: FieldErrors };

/**
 * Applies one edit to the call's latest form and saves it, unless someone saved the form since the page showing it
 * was built. The call's row is locked, so two edits of one call are made one after the other.
 */
export async function editCallDefinition(
  staff: StaffSession,
  opportunityId: string,
  seen: SeenForm,
  edit: (definition: CallDefinition | null) => EditResult,
): Promise<CallEditOutcome> {
  const outcome = await prisma.$transaction(async (tx): Promise<CallEditOutcome> => {
    const locked = await tx.$queryRaw<{ id: string }[]>`SELECT "id" FROM "Opportunity" WHERE "id" = ${opportunityId} FOR UPDATE`;
    if (locked.length === 0) return { ok: false, reason: "callGone" };
    const current = await currentDefinition(opportunityId, tx);
    const definition = current?.definition ?? null;
    if ((current?.version ?? 0) !== seen.version || definitionHash(definition) !== seen.hash) return { ok: false, reason: "staleDefinition" };
    const edited = edit(definition);
    if (!edited.ok) return { ok: false, reason: edited.error };
    // Saving what is already saved would only add an audit entry, or a version nobody changed.
    if (current && JSON.stringify(edited.definition) === JSON.stringify(definition)) {
      return { ok: true, version: current.version, newVersion: false, changed: false, at: edited.at };
    }
    const saved = await saveCallDefinition(tx, staff, opportunityId, edited.definition);
    if (!saved.ok) return { ok: false, reason: "invalid", candidate: edited.definition, at: edited.at, fieldErrors: saved.fieldErrors };
    return { ok: true, version: saved.version, newVersion: saved.newVersion && current !== null, changed: true, at: edited.at };
  });
  if (outcome.ok && outcome.changed) revalidateContent(OPPORTUNITY_TAGS);
  return outcome;
}

/**
 * A new unpublished call copied from another: its titles marked as a copy, its mission, kind and time zone, the slug
 * given, and the source's latest form as its version 1. Its stages' dates and its reference prefix are its own to set.
 */
export function duplicateCall(staff: StaffSession, sourceId: string, slug: string) {
  return writeContent({ tags: OPPORTUNITY_TAGS, uniqueField: "slug" }, async (tx) => {
    const source = (await tx.opportunity.findUnique({ where: { id: sourceId } })) ?? refuseNotFound();
    if (await tx.opportunity.findUnique({ where: { slug }, select: { id: true } })) refuseTaken("slug");
    const copy = await tx.opportunity.create({
      data: {
        slug,
        published: false,
        missionId: source.missionId,
        kind: source.kind,
        status: "OPEN",
        titleEn: `${source.titleEn} (copy)`,
        titleZh: `${source.titleZh}（副本）`,
        timeZone: source.timeZone,
      },
    });
    await recordAudit(tx, staff, { action: "create", entity: "Opportunity", entityId: copy.id, summary: `copy of ${source.slug}`, after: copy });
    const form = await currentDefinition(source.id, tx);
    if (form) {
      const saved = await saveCallDefinition(tx, staff, copy.id, form.definition);
      // The source's form passed the meta-schema when it was saved, and the meta-schema has not changed since.
      if (!saved.ok) throw new Error(`The form of ${source.slug} no longer passes the meta-schema`);
    }
    return { id: copy.id };
  });
}
