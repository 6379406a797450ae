import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import type { PublishableKind } from "@/lib/validation/admin/content";
import { recordAudit } from "../audit";
import type { StaffSession } from "../authz";
import { AWARD_TAGS } from "./awards";
import { INSTITUTION_TAGS } from "./institutions";
import { MISSION_TAGS } from "./missions";
import { OPPORTUNITY_TAGS } from "./opportunities";
import { PROJECT_TAGS } from "./projects";
import { refuseNotFound, writeContent } from "./write";

// Publishing is its own audited action ("publish" or "unpublish"), apart from editing a record's content.

const ENTITY = {
  missions: "Mission",
  opportunities: "Opportunity",
  institutions: "Institution",
  projects: "CooperationProject",
  awards: "SampleLoanAward",
} as const satisfies Record<PublishableKind, string>;

const TAGS = { missions: MISSION_TAGS, opportunities: OPPORTUNITY_TAGS, institutions: INSTITUTION_TAGS, projects: PROJECT_TAGS, awards: AWARD_TAGS };

type Row = { published: boolean; updatedAt: Date } | null;
const select = { published: true, updatedAt: true } as const;

function read(tx: Prisma.TransactionClient, kind: PublishableKind, id: string): Promise<Row> {
  switch (kind) {
    case "missions":
      return tx.mission.findUnique({ where: { id }, select });
    case "opportunities":
      return tx.opportunity.findUnique({ where: { id }, select });
    case "institutions":
      return tx.institution.findUnique({ where: { id }, select });
    case "projects":
      return tx.cooperationProject.findUnique({ where: { id }, select });
    case "awards":
      return tx.sampleLoanAward.findUnique({ where: { id }, select });
  }
}

async function write(tx: Prisma.TransactionClient, kind: PublishableKind, id: string, published: boolean): Promise<void> {
  const args = { where: { id }, data: { published } };
  switch (kind) {
    case "missions":
      await tx.mission.update(args);
      return;
    case "opportunities":
      await tx.opportunity.update(args);
      return;
    case "institutions":
      await tx.institution.update(args);
      return;
    case "projects":
      await tx.cooperationProject.update(args);
      return;
    case "awards":
      await tx.sampleLoanAward.update(args);
      return;
  }
}

/** Shows a draft on the public pages, or takes a record off them; nothing is written if it is already so. */
export function setPublished(staff: StaffSession, kind: PublishableKind, id: string, published: boolean) {
  return writeContent({ tags: TAGS[kind] }, async (tx) => {
    const before = (await read(tx, kind, id)) ?? refuseNotFound();
    if (before.published === published) return { id, changed: false };
    await write(tx, kind, id, published);
    await recordAudit(tx, staff, {
      action: published ? "publish" : "unpublish",
      entity: ENTITY[kind],
      entityId: id,
      before: { published: before.published },
      after: { published },
    });
    return { id, changed: true };
  });
}
