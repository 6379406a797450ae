import { afterAll, beforeEach, describe, expect, it } from "vitest";
import * as actions from "@/server/actions/admin/content";
import { deleteRecordAction, saveFactsAction, setCapacityAction } from "@/server/actions/admin/content";
import { createAward, createInstitution, createMission, createOpportunity, createProject, uniqueName } from "../factories";
import type { ContentKind } from "@/lib/content-kinds";
import { auditOf, post, saveContent, versionOf } from "../factories/content";
import { testPrisma } from "../support/database";
import { revalidatedTags } from "../support/next-cache";
import { actAs, createStaff, refusalOf, signOutTestStaff } from "../support/staff";

// What an editor is told when a content write cannot be made, and that nothing is then written; and that staff
// without content.write (and visitors) are refused by every content action before anything happens.

const editor = await createStaff("EDITOR");
afterAll(() => signOutTestStaff());
beforeEach(() => {
  actAs(editor);
  revalidatedTags.length = 0;
});

const institutionFields = (row: { id: string; slug: string; nameEn: string; updatedAt: Date }, changes: Record<string, string> = {}) => ({
  id: row.id,
  version: versionOf(row),
  nameEn: row.nameEn,
  slug: row.slug,
  type: "RESEARCH_INSTITUTE",
  countryCode: "NZ",
  ...changes,
});

describe("validation", () => {
  it("answers the form with each field's problem and the values to show again, writing nothing", async () => {
    const before = await testPrisma().mission.count();
    const outcome = await post(saveContent("missions"), { nameEn: "X", nameZh: "", body: "PLUTO", status: "", slug: "Not A Slug" });
    expect(outcome.state).toEqual({
      ok: false,
      message: "summaryTitle",
      fieldErrors: { nameEn: "tooShort", nameZh: "required", body: "chooseOne", status: "chooseOne", slug: "slug" },
      values: { locale: "en", contentKind: "missions", nameEn: "X", nameZh: "", body: "PLUTO", status: "", slug: "Not A Slug" },
    });
    expect(await testPrisma().mission.count()).toBe(before);
    expect(revalidatedTags).toEqual([]);
  });

  it("refuses a capacity below what applications have reserved, on the mass field", async () => {
    const opportunity = await createOpportunity({ capacities: [{ carrier: "SERVICE_MODULE", massKg: 10, reservedKg: 6.5 }] });
    const outcome = await post(setCapacityAction, { id: opportunity.id, version: versionOf(opportunity), carrier: "SERVICE_MODULE", massKg: "6.49" });
    expect(outcome.state).toMatchObject({ ok: false, message: "summaryTitle", fieldErrors: { massKg: "belowReserved" } });
    const capacity = await testPrisma().resourcePool.findFirstOrThrow({ where: { opportunityId: opportunity.id } });
    expect(capacity).toMatchObject({ key: "service-module" });
    expect(capacity.capacity.toNumber()).toBe(10);
    expect(await auditOf(capacity.id)).toEqual([]);
    // Exactly the reserved mass is allowed: nothing is left, nothing is over.
    const allowed = await post(setCapacityAction, { id: opportunity.id, version: versionOf(opportunity), carrier: "SERVICE_MODULE", massKg: "6.5" });
    expect(allowed.redirectedTo).toContain(`/admin/opportunities/${opportunity.id}`);
  });

  it("refuses a project partner that is already on the project", async () => {
    const project = await createProject();
    const [first] = project.partners;
    const outcome = await post(saveContent("projects"), {
      id: project.id,
      version: versionOf(project),
      titleEn: project.titleEn,
      titleZh: project.titleZh,
      opportunityId: project.opportunityId,
      position: "0",
      kind: project.kind,
      "partners.0.institutionId": first!.institutionId,
      "partners.1.institutionId": first!.institutionId,
    });
    expect(outcome.state?.fieldErrors).toEqual({ "partners.1.institutionId": "duplicatePartner" });
    expect(await auditOf(project.id)).toEqual([]);
  });
});

describe("unique addresses and references", () => {
  it("refuses a mission slug another mission has, on the slug field", async () => {
    const other = await createMission();
    const outcome = await post(saveContent("missions"), { nameEn: uniqueName("Another"), nameZh: "另一个", slug: other.slug, body: "MOON", status: "PLANNED" });
    expect(outcome.state).toMatchObject({ ok: false, message: "summaryTitle", fieldErrors: { slug: "taken" } });
  });

  it("refuses renaming an institution to another's slug, and changes nothing", async () => {
    const [mine, theirs] = [await createInstitution(), await createInstitution()];
    const outcome = await post(saveContent("institutions"), institutionFields(mine, { slug: theirs.slug }));
    expect(outcome.state?.fieldErrors).toEqual({ slug: "taken" });
    expect((await testPrisma().institution.findUniqueOrThrow({ where: { id: mine.id } })).slug).toBe(mine.slug);
    expect(await auditOf(mine.id)).toEqual([]);
  });

  it("refuses a second award to the same institution for the same call, on the institution field", async () => {
    const award = await createAward();
    const outcome = await post(saveContent("awards"), { opportunityId: award.opportunityId, institutionId: award.institutionId });
    expect(outcome.state?.fieldErrors).toEqual({ institutionId: "taken" });
  });

  it("refuses a second agreement for one award, and a source reference already recorded", async () => {
    const award = await createAward();
    expect((await post(saveContent("agreements"), { awardId: award.id, status: "PENDING" })).state?.fieldErrors).toEqual({ awardId: "taken" });
    const source = await testPrisma().source.findFirstOrThrow();
    expect((await post(saveContent("sources"), { reference: source.reference, label: "Copy" })).state?.fieldErrors).toEqual({ reference: "taken" });
  });
});

describe("stale edits", () => {
  it("refuses a save made from a form opened before someone else's save", async () => {
    const institution = await createInstitution();
    const first = await post(saveContent("institutions"), institutionFields(institution, { nameEn: "Saved first" }));
    expect(first.redirectedTo).toBeDefined();
    const second = await post(saveContent("institutions"), institutionFields(institution, { nameEn: "Saved second, from the old form" }));
    expect(second.state).toMatchObject({ ok: false, message: "staleEdit", values: { nameEn: "Saved second, from the old form" } });
    expect((await testPrisma().institution.findUniqueOrThrow({ where: { id: institution.id } })).nameEn).toBe("Saved first");
    expect((await auditOf(institution.id)).map((e) => e.action)).toEqual(["update"]);
  });

  it("refuses facts saved from a stale page, and a delete confirmed on one", async () => {
    const mission = await createMission();
    await testPrisma().mission.update({ where: { id: mission.id }, data: { nameEn: `${mission.nameEn} (changed elsewhere)` } });
    const facts = await post(saveFactsAction, { owner: "mission", id: mission.id, version: versionOf(mission), "facts.0.textEn": "Lost" });
    expect(facts.state?.message).toBe("staleEdit");
    const deleted = await post(deleteRecordAction, { kind: "missions", id: mission.id, version: versionOf(mission), confirm: "on" });
    expect(deleted.state?.message).toBe("staleEdit");
    expect(await testPrisma().missionFact.count({ where: { missionId: mission.id } })).toBe(0);
    expect(await testPrisma().mission.findUnique({ where: { id: mission.id } })).not.toBeNull();
  });

  it("tells the editor when the record was deleted meanwhile", async () => {
    const institution = await createInstitution();
    await testPrisma().institution.delete({ where: { id: institution.id } });
    expect((await post(saveContent("institutions"), institutionFields(institution))).state?.message).toBe("recordGone");
  });
});

describe("deleting what other records use", () => {
  it("refuses to delete an institution with an award or a project, and a mission with an opportunity", async () => {
    const award = await createAward();
    const project = await createProject();
    const opportunity = await createOpportunity();
    const mission = await testPrisma().mission.findUniqueOrThrow({ where: { id: opportunity.missionId } });
    const partner = await testPrisma().institution.findUniqueOrThrow({ where: { id: project.partners[0]!.institutionId } });
    for (const [kind, row] of [
      ["institutions", award.institution],
      ["institutions", partner],
      ["missions", mission],
    ] as const) {
      const outcome = await post(deleteRecordAction, { kind, id: row.id, version: versionOf(row), confirm: "on" });
      expect(outcome.state, `${kind} ${row.id}`).toMatchObject({ ok: false, message: "inUse" });
      expect(await auditOf(row.id)).toEqual([]);
    }
    expect(await testPrisma().institution.count({ where: { id: { in: [award.institutionId, partner.id] } } })).toBe(2);
    expect(await testPrisma().mission.count({ where: { id: mission.id } })).toBe(1);
  });

  it("refuses to delete an award with an agreement, a cited source, and an opportunity with awards", async () => {
    const award = await createAward();
    const source = await testPrisma().source.findFirstOrThrow({ where: { missions: { some: {} } } });
    const sourceVersion = (await import("@/server/content/sources").then((m) => m.getSourceForStaff(source.id)))!.version;
    expect((await post(deleteRecordAction, { kind: "awards", id: award.id, version: versionOf(award), confirm: "on" })).state?.message).toBe("inUse");
    expect((await post(deleteRecordAction, { kind: "sources", id: source.id, version: sourceVersion, confirm: "on" })).state?.message).toBe("inUse");
    const opportunity = award.opportunity;
    expect((await post(deleteRecordAction, { kind: "opportunities", id: opportunity.id, version: versionOf(opportunity), confirm: "on" })).state?.message).toBe(
      "inUse",
    );
  });

  it("asks for the confirmation box before deleting anything", async () => {
    const institution = await createInstitution();
    const outcome = await post(deleteRecordAction, { kind: "institutions", id: institution.id, version: versionOf(institution) });
    expect(outcome.state).toMatchObject({ ok: false, fieldErrors: { confirm: "confirmRequired" } });
    expect(await testPrisma().institution.findUnique({ where: { id: institution.id } })).not.toBeNull();
  });
});

describe("who may write", () => {
  type Action = (...args: never[]) => Promise<unknown>;
  const contentActions = Object.entries(actions as Record<string, unknown>).filter((entry): entry is [string, Action] => typeof entry[1] === "function");

  it("covers every content action", () => {
    expect(contentActions.map(([name]) => name).sort()).toEqual(
      [
        "addObligationAction",
        "addStageAction",
        "completeObligationAction",
        "deleteObligationAction",
        "deleteRecordAction",
        "moveStageAction",
        "publishAction",
        "removeFigureAction",
        "removeStageAction",
        "saveContentAction",
        "saveFactsAction",
        "setCapacityAction",
        "setFigureAction",
        "updateObligationAction",
        "updateStageAction",
      ].sort(),
    );
  });

  for (const role of ["VIEWER", "REVIEWER", null] as const) {
    it(`refuses ${role ?? "a signed-out visitor"} on every content action, with forms that would otherwise succeed, writing nothing`, async () => {
      const mission = await createMission({ published: false });
      const institution = await createInstitution();
      const opportunity = await createOpportunity({ capacities: [{ carrier: "ORBITER", massKg: 10 }] });
      const award = await createAward();
      const obligation = await testPrisma().agreementObligation.create({ data: { agreementId: award.agreement!.id, kind: "ANNUAL_REPORT", dueOn: new Date("2026-01-31") } });
      // The one save action, with each kind's form.
      const saveForms: Record<string, Record<string, string>> = {
        missions: { id: mission.id, version: versionOf(mission), nameEn: "Taken over", nameZh: "被改", slug: mission.slug, body: "MOON", status: "PLANNED" },
        institutions: institutionFields(institution, { nameEn: "Taken over" }),
        opportunities: { titleEn: "Injected call", titleZh: "注入", missionId: mission.id, kind: "PAYLOAD_OFFER", status: "OPEN" },
        projects: { titleEn: "Injected project", titleZh: "注入", opportunityId: opportunity.id, position: "0", kind: "SCIENCE_INSTRUMENT" },
        awards: { opportunityId: award.opportunityId, institutionId: institution.id },
        agreements: { id: award.agreement!.id, version: versionOf(award.agreement!), status: "SIGNED" },
        sources: { reference: uniqueName("injected"), label: "Injected" },
      };
      const forms: Record<string, Record<string, string>> = {
        saveContentAction: { contentKind: "missions", ...saveForms.missions },
        saveFactsAction: { owner: "mission", id: mission.id, version: versionOf(mission), "facts.0.textEn": "Injected" },
        setCapacityAction: { id: opportunity.id, version: versionOf(opportunity), carrier: "ORBITER", massKg: "1" },
        setFigureAction: { id: opportunity.id, version: versionOf(opportunity), key: "PROJECTS_SELECTED", value: "1" },
        removeFigureAction: { id: opportunity.id, version: versionOf(opportunity), figureId: "none", confirm: "on" },
        addObligationAction: { agreementId: award.agreement!.id, kind: "PUBLICATIONS", dueOn: "2027-01-01" },
        updateObligationAction: { id: obligation.id, version: versionOf(obligation), kind: "PUBLICATIONS", dueOn: "2027-01-01" },
        completeObligationAction: { id: obligation.id, version: versionOf(obligation) },
        deleteObligationAction: { id: obligation.id, version: versionOf(obligation), confirm: "on" },
        addStageAction: { id: opportunity.id, version: versionOf(opportunity), titleEn: "Injected stage", titleZh: "注入", opensPrecision: "none", closesPrecision: "DAY", closesText: "2099-01-01", graceMinutes: "0", entry: "ANYONE" },
        updateStageAction: { id: opportunity.id, version: versionOf(opportunity), stageId: "none", titleEn: "Injected stage", titleZh: "注入", opensPrecision: "none", closesPrecision: "none", graceMinutes: "0", entry: "ANYONE" },
        moveStageAction: { id: opportunity.id, version: versionOf(opportunity), stageId: "none", direction: "up" },
        removeStageAction: { id: opportunity.id, version: versionOf(opportunity), stageId: "none", confirm: "on" },
        deleteRecordAction: { kind: "institutions", id: institution.id, version: versionOf(institution), confirm: "on" },
        publishAction: { kind: "missions", id: mission.id, publish: "true" },
      };
      actAs(role ? await createStaff(role) : null);
      const auditBefore = await testPrisma().auditEntry.count();
      for (const [name, action] of contentActions) {
        const outcome = await post(action as never, forms[name] ?? {});
        expect(refusalOf(outcome.error), name).toBe(role ? "forbidden" : "sign-in");
      }
      for (const [kind, fields] of Object.entries(saveForms)) {
        const outcome = await post(saveContent(kind as ContentKind), fields);
        expect(refusalOf(outcome.error), kind).toBe(role ? "forbidden" : "sign-in");
      }
      expect(await testPrisma().auditEntry.count()).toBe(auditBefore);
      expect(revalidatedTags).toEqual([]);
      expect(await testPrisma().mission.findUniqueOrThrow({ where: { id: mission.id } })).toMatchObject({ nameEn: mission.nameEn, published: false });
      expect(await testPrisma().institution.findUniqueOrThrow({ where: { id: institution.id } })).toMatchObject({ nameEn: institution.nameEn });
      expect(await testPrisma().agreementObligation.findUniqueOrThrow({ where: { id: obligation.id } })).toMatchObject({ completedOn: null });
      expect(await testPrisma().opportunity.count({ where: { titleEn: "Injected call" } })).toBe(0);
    });
  }

  it("lets the same forms through for an editor (so the refusals above are about the role)", async () => {
    const institution = await createInstitution();
    const outcome = await post(saveContent("institutions"), institutionFields(institution, { nameEn: "Renamed by an editor" }));
    expect(outcome.redirectedTo).toBe(`/en/admin/institutions/${institution.id}?done=saved`);
  });
});
