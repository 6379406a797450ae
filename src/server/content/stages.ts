import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { stageWindow } from "@/lib/calls/stage-window";
import { CONTENT_KINDS } from "@/lib/content-kinds";
import type { CallStageInput } from "@/lib/validation/admin/content";
import { recordAudit } from "../audit";
import type { StaffSession } from "../authz";
import { touchOpportunity } from "./opportunities";
import { checkVersion, refuseField, refuseInUse, refuseNotFound, writeContent } from "./write";

// A call's stages are a part of its opportunity, saved at the opportunity's version like its capacities and figures:
// their order and which one comes first concern them all. Positions stay 0..n-1.

const OPPORTUNITY_TAGS = [...CONTENT_KINDS.opportunities.tags];

type Ref = { id: string; version: string };
type Tx = Prisma.TransactionClient;

/** The call at the version the form was opened at, marked changed; its row lock keeps stage writes one at a time. */
async function openCall(tx: Tx, ref: Ref) {
  const call = (await tx.opportunity.findUnique({ where: { id: ref.id }, select: { id: true, timeZone: true, updatedAt: true } })) ?? refuseNotFound();
  checkVersion(call.updatedAt.toISOString(), ref.version);
  await touchOpportunity(tx, call.id, call.updatedAt);
  return call;
}

const stageOf = async (tx: Tx, opportunityId: string, stageId: string) =>
  (await tx.callStage.findFirst({ where: { id: stageId, opportunityId } })) ?? refuseNotFound();

/** The columns a stage's form sets, its window read in the call's zone; refused when the closing is not after the opening. */
function stageColumns(input: CallStageInput, timeZone: string) {
  const window = stageWindow(input, timeZone);
  // The schema compared the wall clock; across a DST shift only the instants tell.
  if (window.opensAt && window.closesAt && window.closesAt <= window.opensAt) refuseField("closes", "closesNotAfterOpens");
  return { titleEn: input.titleEn, titleZh: input.titleZh, ...window, graceMinutes: input.graceMinutes, entry: input.entry };
}

/** Applicants enter a call through its first stage: a stage for those invited from an earlier one cannot come first. */
async function checkFirstStage(tx: Tx, opportunityId: string): Promise<void> {
  const first = await tx.callStage.findFirst({ where: { opportunityId }, orderBy: { position: "asc" }, select: { entry: true } });
  if (first?.entry === "INVITED") refuseField("entry", "firstStageInvited");
}

/** Adds a stage after the call's last one. */
export function addStage(staff: StaffSession, ref: Ref, input: CallStageInput) {
  return writeContent({ tags: OPPORTUNITY_TAGS }, async (tx) => {
    const call = await openCall(tx, ref);
    const position = await tx.callStage.count({ where: { opportunityId: call.id } });
    const row = await tx.callStage.create({ data: { ...stageColumns(input, call.timeZone), opportunityId: call.id, position } });
    await checkFirstStage(tx, call.id);
    await recordAudit(tx, staff, { action: "create", entity: "CallStage", entityId: row.id, after: row });
    return { id: row.id };
  });
}

export function updateStage(staff: StaffSession, ref: Ref, stageId: string, input: CallStageInput) {
  return writeContent({ tags: OPPORTUNITY_TAGS }, async (tx) => {
    const call = await openCall(tx, ref);
    const before = await stageOf(tx, call.id, stageId);
    const after = await tx.callStage.update({ where: { id: before.id }, data: stageColumns(input, call.timeZone) });
    await checkFirstStage(tx, call.id);
    await recordAudit(tx, staff, { action: "update", entity: "CallStage", entityId: after.id, before, after });
    return { id: after.id };
  });
}

/** Removes a stage and closes the gap it leaves; refused while applications are in it (they keep their stage). */
export function removeStage(staff: StaffSession, ref: Ref, stageId: string) {
  return writeContent({ tags: OPPORTUNITY_TAGS }, async (tx) => {
    const call = await openCall(tx, ref);
    const before = await stageOf(tx, call.id, stageId);
    if ((await tx.application.count({ where: { stageId: before.id } })) > 0) refuseInUse();
    await tx.callStage.delete({ where: { id: before.id } });
    await recordAudit(tx, staff, { action: "delete", entity: "CallStage", entityId: before.id, before });
    // One row at a time, in order: each moves into the place the one before it just left.
    const later = await tx.callStage.findMany({ where: { opportunityId: call.id, position: { gt: before.position } }, orderBy: { position: "asc" } });
    for (const stage of later) await renumber(tx, staff, stage, stage.position - 1, "renumbered");
    await checkFirstStage(tx, call.id);
    return { id: before.id };
  });
}

/** Swaps a stage with the one before (up) or after (down) it, through a free negative position. */
export function moveStage(staff: StaffSession, ref: Ref, stageId: string, direction: "up" | "down") {
  return writeContent({ tags: OPPORTUNITY_TAGS }, async (tx) => {
    const call = await openCall(tx, ref);
    const stage = await stageOf(tx, call.id, stageId);
    const target = stage.position + (direction === "up" ? -1 : 1);
    const other = (await tx.callStage.findUnique({ where: { opportunityId_position: { opportunityId: call.id, position: target } } })) ?? refuseField("direction", "stageAtEnd");
    // Unique (opportunityId, position): one of the two waits outside 0..n-1 while the other takes its place.
    await tx.callStage.update({ where: { id: stage.id }, data: { position: -1 - stage.position } });
    await renumber(tx, staff, other, stage.position, `moved ${direction === "up" ? "down" : "up"}`);
    await renumber(tx, staff, stage, target, `moved ${direction}`);
    await checkFirstStage(tx, call.id);
    return { id: stage.id };
  });
}

async function renumber(tx: Tx, staff: StaffSession, before: { id: string; position: number }, position: number, summary: string): Promise<void> {
  const after = await tx.callStage.update({ where: { id: before.id }, data: { position } });
  await recordAudit(tx, staff, { action: "update", entity: "CallStage", entityId: after.id, summary, before, after });
}
