import "server-only";
import { CONTENT_KINDS } from "@/lib/content-kinds";
import type { FactsInput } from "@/lib/validation/admin/content";
import { recordAudit } from "../audit";
import type { StaffSession } from "../authz";
import { checkVersion, refuseNotFound, refuseStale, versionOf, writeContent } from "./write";

// A mission's or an opportunity's facts are saved as one ordered list: the rows are replaced, numbered from 0 in
// the order given, and the parent is marked changed. One audit entry holds the list before and after.

type FactOwner = "mission" | "opportunity";

const fact = (f: { position: number; textEn: string; textZh: string | null }) => ({ position: f.position, textEn: f.textEn, textZh: f.textZh });

export function saveFacts(staff: StaffSession, owner: FactOwner, ref: { id: string; version: string }, input: FactsInput) {
  return writeContent({ tags: [...CONTENT_KINDS[owner === "mission" ? "missions" : "opportunities"].tags] }, async (tx) => {
    const rows = input.facts.map((f, position) => ({ ...f, position }));
    let before;
    if (owner === "mission") {
      const parent = (await tx.mission.findUnique({ where: { id: ref.id }, include: { facts: { orderBy: { position: "asc" } } } })) ?? refuseNotFound();
      checkVersion(versionOf(parent), ref.version);
      const { count } = await tx.mission.updateMany({ where: { id: ref.id, updatedAt: parent.updatedAt }, data: { updatedAt: new Date() } });
      if (count === 0) refuseStale();
      await tx.missionFact.deleteMany({ where: { missionId: ref.id } });
      await tx.missionFact.createMany({ data: rows.map((f) => ({ ...f, missionId: ref.id })) });
      before = parent.facts;
    } else {
      const parent =
        (await tx.opportunity.findUnique({ where: { id: ref.id }, include: { facts: { orderBy: { position: "asc" } } } })) ?? refuseNotFound();
      checkVersion(versionOf(parent), ref.version);
      const { count } = await tx.opportunity.updateMany({ where: { id: ref.id, updatedAt: parent.updatedAt }, data: { updatedAt: new Date() } });
      if (count === 0) refuseStale();
      await tx.opportunityFact.deleteMany({ where: { opportunityId: ref.id } });
      await tx.opportunityFact.createMany({ data: rows.map((f) => ({ ...f, opportunityId: ref.id })) });
      before = parent.facts;
    }
    await recordAudit(tx, staff, {
      action: "update",
      entity: owner === "mission" ? "Mission" : "Opportunity",
      entityId: ref.id,
      summary: "facts",
      before: { facts: before.map(fact) },
      after: { facts: rows.map(fact) },
    });
    return { id: ref.id };
  });
}
