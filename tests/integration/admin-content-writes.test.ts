import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import * as audit from "@/server/audit";
import { addObligationAction, completeObligationAction, deleteObligationAction, deleteRecordAction, publishAction, removeFigureAction, saveFactsAction, setCapacityAction, setFigureAction, updateObligationAction } from "@/server/actions/admin/content";
import { createAward, createInstitution, createMission, createOpportunity, createProject, uniqueName } from "../factories";
import { auditOf, idFrom, post, versionOf, saveContent } from "../factories/content";
import { testPrisma } from "../support/database";
import { revalidatedTags } from "../support/next-cache";
import { actAs, createStaff, signOutTestStaff } from "../support/staff";

// Each kind of content write through its server action: the change, exactly one audit entry naming the editor,
// the action and the row with its values before and after, and the public pages revalidated.

vi.mock("@/server/audit", async (importOriginal) => {
  const original = await importOriginal<typeof import("@/server/audit")>();
  return { ...original, recordAudit: vi.fn(original.recordAudit) };
});

const editor = await createStaff("EDITOR");
afterAll(() => signOutTestStaff());
beforeEach(() => {
  actAs(editor);
  revalidatedTags.length = 0;
});

/** The one audit entry a write left for the row, checked for its actor, action and entity. */
async function onlyEntry(entityId: string, action: string, entity: string) {
  const entries = await auditOf(entityId);
  expect(entries.map((e) => [e.action, e.entity])).toEqual([[action, entity]]);
  const [entry] = entries;
  expect(entry).toMatchObject({ actorId: editor.id, actorEmail: editor.email });
  return entry!;
}

describe("missions", () => {
  it("creates a draft, records who created it and what, and revalidates the mission pages", async () => {
    const source = await testPrisma().source.findFirstOrThrow();
    const nameEn = uniqueName("Chang'e-9");
    const outcome = await post(saveContent("missions"), { nameEn, nameZh: "嫦娥九号", body: "MOON", status: "PLANNED", sourceIds: [source.id], launchWindowEn: "2031" });
    const id = idFrom(outcome);
    expect(outcome.redirectedTo).toBe(`/en/admin/missions/${id}?done=created`);

    const row = await testPrisma().mission.findUniqueOrThrow({ where: { id }, include: { sources: true } });
    expect(row).toMatchObject({ nameEn, published: false, launchWindowEn: "2031", launchWindowZh: null });
    expect(row.sources.map((s) => s.id)).toEqual([source.id]);
    const entry = await onlyEntry(id, "create", "Mission");
    expect(entry.before).toBeNull();
    expect(entry.after).toMatchObject({ nameEn, nameZh: "嫦娥九号", published: false, sourceIds: [source.id] });
    expect(revalidatedTags).toEqual(expect.arrayContaining(["content", "missions"]));
  });

  it("updates with the old and new values in one entry", async () => {
    const mission = await createMission({ launchWindowEn: "2030" });
    const outcome = await post(saveContent("missions"), {
      id: mission.id,
      version: versionOf(mission),
      nameEn: mission.nameEn,
      nameZh: "新名称",
      slug: mission.slug,
      body: "MARS",
      status: "IN_PROGRESS",
      launchWindowEn: "2031",
    });
    expect(outcome.redirectedTo).toBe(`/en/admin/missions/${mission.id}?done=saved`);
    const entry = await onlyEntry(mission.id, "update", "Mission");
    expect(entry.before).toMatchObject({ nameZh: "测试任务", body: "MOON", status: "PLANNED", launchWindowEn: "2030" });
    expect(entry.after).toMatchObject({ nameZh: "新名称", body: "MARS", status: "IN_PROGRESS", launchWindowEn: "2031" });
  });

  it("saves the facts as one list, in the order given, touching the mission's last-updated time", async () => {
    const mission = await createMission({ facts: { create: [{ position: 0, textEn: "Old fact", textZh: "旧事实" }] } });
    const outcome = await post(saveFactsAction, {
      owner: "mission",
      id: mission.id,
      version: versionOf(mission),
      "facts.0.position": "2",
      "facts.0.textEn": "Old fact, corrected",
      "facts.0.textZh": "旧事实",
      "facts.1.position": "1",
      "facts.1.textEn": "A new first fact",
    });
    expect(outcome.redirectedTo).toBe(`/en/admin/missions/${mission.id}?done=saved#facts`);
    const facts = await testPrisma().missionFact.findMany({ where: { missionId: mission.id }, orderBy: { position: "asc" } });
    expect(facts.map((f) => [f.position, f.textEn, f.textZh])).toEqual([
      [0, "A new first fact", null],
      [1, "Old fact, corrected", "旧事实"],
    ]);
    const entry = await onlyEntry(mission.id, "update", "Mission");
    expect(entry.before).toEqual({ facts: [{ position: 0, textEn: "Old fact", textZh: "旧事实" }] });
    expect(entry.after).toEqual({
      facts: [
        { position: 0, textEn: "A new first fact", textZh: null },
        { position: 1, textEn: "Old fact, corrected", textZh: "旧事实" },
      ],
    });
    const after = await testPrisma().mission.findUniqueOrThrow({ where: { id: mission.id } });
    expect(after.updatedAt.getTime()).toBeGreaterThan(mission.updatedAt.getTime());
  });

  it("publishes and unpublishes as actions of their own", async () => {
    const mission = await createMission({ published: false });
    const published = await post(publishAction, { kind: "missions", id: mission.id, publish: "true" });
    expect(published.redirectedTo).toBe(`/en/admin/missions/${mission.id}?done=published`);
    await post(publishAction, { kind: "missions", id: mission.id, publish: "false" });
    const entries = await auditOf(mission.id);
    expect(entries.map((e) => [e.action, e.entity, e.before, e.after, e.actorId])).toEqual([
      ["publish", "Mission", { published: false }, { published: true }, editor.id],
      ["unpublish", "Mission", { published: true }, { published: false }, editor.id],
    ]);
    expect((await testPrisma().mission.findUniqueOrThrow({ where: { id: mission.id } })).published).toBe(false);
  });

  it("deletes with its facts, keeping what was deleted in the audit entry", async () => {
    const mission = await createMission({ facts: { create: [{ position: 0, textEn: "A fact" }] } });
    const outcome = await post(deleteRecordAction, { kind: "missions", id: mission.id, version: versionOf(mission), confirm: "on" });
    expect(outcome.redirectedTo).toBe("/en/admin/missions?done=deleted");
    expect(await testPrisma().mission.findUnique({ where: { id: mission.id } })).toBeNull();
    const entry = await onlyEntry(mission.id, "delete", "Mission");
    expect(entry.before).toMatchObject({ nameEn: mission.nameEn, facts: [expect.objectContaining({ textEn: "A fact" })] });
    expect(entry.after).toBeNull();
  });
});

describe("opportunities", () => {
  it("creates a draft call and opens and closes it by its status", async () => {
    const mission = await createMission();
    const titleEn = uniqueName("Lunar payload call");
    const id = idFrom(
      await post(saveContent("opportunities"), { titleEn, titleZh: "载荷征集", missionId: mission.id, kind: "PAYLOAD_OFFER", status: "OPEN", opensOn: "2026-01-15" }),
    );
    const created = await testPrisma().opportunity.findUniqueOrThrow({ where: { id } });
    expect(created).toMatchObject({ published: false, status: "OPEN", opensPrecision: "DAY", closesOn: null });

    await post(saveContent("opportunities"), {
      id,
      version: versionOf(created),
      titleEn,
      titleZh: "载荷征集",
      slug: created.slug,
      missionId: mission.id,
      kind: "PAYLOAD_OFFER",
      status: "CLOSED",
      opensOn: "2026-01-15",
      closesOn: "2026-06-30",
      closesPrecision: "MONTH",
    });
    const entries = await auditOf(id);
    expect(entries.map((e) => e.action)).toEqual(["create", "update"]);
    expect(entries[1]!.before).toMatchObject({ status: "OPEN", closesOn: null });
    expect(entries[1]!.after).toMatchObject({ status: "CLOSED", closesOn: "2026-06-30T00:00:00.000Z", closesPrecision: "MONTH" });
  });

  it("sets a carrier's capacity with the old and new mass", async () => {
    const opportunity = await createOpportunity({ capacities: [{ carrier: "ORBITER", massKg: 15, reservedKg: 4 }] });
    const outcome = await post(setCapacityAction, { id: opportunity.id, version: versionOf(opportunity), carrier: "ORBITER", massKg: "20.5", maxPerPayloadKg: "5" });
    expect(outcome.redirectedTo).toBe(`/en/admin/opportunities/${opportunity.id}?done=saved#capacities`);
    const capacity = opportunity.pools[0]!;
    const entry = await onlyEntry(capacity.id, "update", "ResourcePool");
    expect(entry.before).toMatchObject({ key: "orbiter", capacity: "15", reserved: "4", maxPerRequest: null });
    expect(entry.after).toMatchObject({ key: "orbiter", capacity: "20.5", reserved: "4", maxPerRequest: "5" });
  });

  it("adds a carrier the call did not offer", async () => {
    const opportunity = await createOpportunity();
    await post(setCapacityAction, { id: opportunity.id, version: versionOf(opportunity), carrier: "LANDER", massKg: "8" });
    const capacity = await testPrisma().resourcePool.findFirstOrThrow({ where: { opportunityId: opportunity.id } });
    expect(capacity).toMatchObject({ key: "lander" });
    expect(capacity.capacity.toNumber()).toBe(8);
    const entry = await onlyEntry(capacity.id, "create", "ResourcePool");
    expect(entry.before).toBeNull();
  });

  it("publishes a result figure, corrects it, and removes it", async () => {
    let opportunity = await createOpportunity({ kind: "SAMPLE_LOAN", status: "RESULTS_PUBLISHED" });
    await post(setFigureAction, { id: opportunity.id, version: versionOf(opportunity), key: "AGREEMENTS_SIGNED", value: "5", outOf: "7" });
    const figure = await testPrisma().opportunityFigure.findFirstOrThrow({ where: { opportunityId: opportunity.id } });
    opportunity = await testPrisma().opportunity.findUniqueOrThrow({ where: { id: opportunity.id }, include: { pools: true } });
    await post(setFigureAction, { id: opportunity.id, version: versionOf(opportunity), key: "AGREEMENTS_SIGNED", value: "6", outOf: "7" });
    opportunity = await testPrisma().opportunity.findUniqueOrThrow({ where: { id: opportunity.id }, include: { pools: true } });
    await post(removeFigureAction, { id: opportunity.id, version: versionOf(opportunity), figureId: figure.id, confirm: "on" });

    const entries = await auditOf(figure.id);
    expect(entries.map((e) => [e.action, e.entity, e.actorId])).toEqual([
      ["create", "OpportunityFigure", editor.id],
      ["update", "OpportunityFigure", editor.id],
      ["delete", "OpportunityFigure", editor.id],
    ]);
    expect(entries[1]!.before).toMatchObject({ value: 5, outOf: 7 });
    expect(entries[1]!.after).toMatchObject({ value: 6, outOf: 7 });
    expect(await testPrisma().opportunityFigure.count({ where: { opportunityId: opportunity.id } })).toBe(0);
  });

  it("saves an opportunity's facts", async () => {
    const opportunity = await createOpportunity();
    await post(saveFactsAction, { owner: "opportunity", id: opportunity.id, version: versionOf(opportunity), "facts.0.textEn": "Open to all", "facts.0.textZh": "面向所有人" });
    const entry = await onlyEntry(opportunity.id, "update", "Opportunity");
    expect(entry).toMatchObject({ summary: "facts", before: { facts: [] }, after: { facts: [{ position: 0, textEn: "Open to all", textZh: "面向所有人" }] } });
  });
});

describe("institutions, projects and awards", () => {
  it("creates, updates and deletes an institution", async () => {
    const nameEn = uniqueName("Lunar Institute");
    const id = idFrom(await post(saveContent("institutions"), { nameEn, type: "RESEARCH_INSTITUTE", countryCode: "cl" }));
    const created = await testPrisma().institution.findUniqueOrThrow({ where: { id } });
    expect(created).toMatchObject({ countryCode: "CL", published: false });
    await post(saveContent("institutions"), { id, version: versionOf(created), nameEn: `${nameEn} renamed`, slug: created.slug, type: "UNIVERSITY", countryCode: "CL" });
    const updated = await testPrisma().institution.findUniqueOrThrow({ where: { id } });
    await post(deleteRecordAction, { kind: "institutions", id, version: versionOf(updated), confirm: "on" });

    const entries = await auditOf(id);
    expect(entries.map((e) => e.action)).toEqual(["create", "update", "delete"]);
    expect(entries.every((e) => e.entity === "Institution" && e.actorId === editor.id)).toBe(true);
    expect(entries[1]).toMatchObject({ before: { nameEn, type: "RESEARCH_INSTITUTE" }, after: { nameEn: `${nameEn} renamed`, type: "UNIVERSITY" } });
    expect(entries[2]!.before).toMatchObject({ nameEn: `${nameEn} renamed` });
  });

  it("saves a project with its partners, and the partner list in the audit entry", async () => {
    const [lead, partner, newcomer] = [await createInstitution(), await createInstitution(), await createInstitution()];
    const project = await createProject({ partners: [{ institutionId: lead.id, role: "LEAD" }, { institutionId: partner.id }] });
    await post(saveContent("projects"), {
      id: project.id,
      version: versionOf(project),
      titleEn: project.titleEn,
      titleZh: project.titleZh,
      slug: project.slug,
      opportunityId: project.opportunityId,
      position: "4",
      kind: "ROBOTICS_AND_MOBILITY",
      "partners.0.institutionId": newcomer.id,
      "partners.0.role": "PARTNER",
      "partners.0.position": "1",
      "partners.1.institutionId": lead.id,
      "partners.1.role": "LEAD",
      "partners.1.position": "0",
    });
    const partners = await testPrisma().projectPartner.findMany({ where: { projectId: project.id }, orderBy: { position: "asc" } });
    expect(partners.map((p) => [p.institutionId, p.role, p.position])).toEqual([
      [lead.id, "LEAD", 0],
      [newcomer.id, "PARTNER", 1],
    ]);
    const entry = await onlyEntry(project.id, "update", "CooperationProject");
    expect((entry.before as { partners: unknown[] }).partners).toEqual([
      { institutionId: lead.id, role: "LEAD", position: 0 },
      { institutionId: partner.id, role: "PARTNER", position: 1 },
    ]);
    expect(entry.after).toMatchObject({ position: 4, kind: "ROBOTICS_AND_MOBILITY", partners: [{ institutionId: lead.id }, { institutionId: newcomer.id }] });
  });

  it("creates a draft award, publishes it, and deletes it once it has no agreement", async () => {
    const opportunity = await createOpportunity({ kind: "SAMPLE_LOAN", status: "RESULTS_PUBLISHED" });
    const institution = await createInstitution();
    const id = idFrom(await post(saveContent("awards"), { opportunityId: opportunity.id, institutionId: institution.id }));
    await post(publishAction, { kind: "awards", id, publish: "true" });
    const award = await testPrisma().sampleLoanAward.findUniqueOrThrow({ where: { id } });
    expect(award.published).toBe(true);
    await post(deleteRecordAction, { kind: "awards", id, version: versionOf(award), confirm: "on" });
    expect((await auditOf(id)).map((e) => [e.action, e.entity])).toEqual([
      ["create", "SampleLoanAward"],
      ["publish", "SampleLoanAward"],
      ["delete", "SampleLoanAward"],
    ]);
  });
});

describe("agreements and their obligations", () => {
  it("records an agreement and changes its status and term", async () => {
    const award = await createAward({ agreement: null });
    const id = idFrom(await post(saveContent("agreements"), { awardId: award.id, status: "PENDING" }));
    const created = await testPrisma().loanAgreement.findUniqueOrThrow({ where: { id } });
    await post(saveContent("agreements"), { id, version: versionOf(created), status: "SIGNED", signedOn: "2025-04-24", expiresOn: "2030-04-23" });
    const entries = await auditOf(id);
    expect(entries.map((e) => [e.action, e.entity])).toEqual([
      ["create", "LoanAgreement"],
      ["update", "LoanAgreement"],
    ]);
    expect(entries[1]).toMatchObject({
      before: { status: "PENDING", signedOn: null, expiresOn: null },
      after: { status: "SIGNED", signedOn: "2025-04-24T00:00:00.000Z", expiresOn: "2030-04-23T00:00:00.000Z" },
    });
  });

  it("adds an obligation, edits it, marks it completed and deletes it, one entry each", async () => {
    const award = await createAward();
    const agreementId = award.agreement!.id;
    const added = await post(addObligationAction, { agreementId, kind: "ANNUAL_REPORT", dueOn: "2026-01-31", note: "First report" });
    expect(added.redirectedTo).toBe(`/en/admin/agreements/${agreementId}?done=created#obligations`);
    let obligation = await testPrisma().agreementObligation.findFirstOrThrow({ where: { agreementId } });
    await post(updateObligationAction, { id: obligation.id, version: versionOf(obligation), kind: "SAMPLE_RETURN", dueOn: "2027-01-31" });
    obligation = await testPrisma().agreementObligation.findUniqueOrThrow({ where: { id: obligation.id } });
    const completed = await post(completeObligationAction, { id: obligation.id, version: versionOf(obligation) });
    expect(completed.redirectedTo).toBe(`/en/admin/agreements/${agreementId}?done=completed#obligations`);
    obligation = await testPrisma().agreementObligation.findUniqueOrThrow({ where: { id: obligation.id } });
    expect(obligation.completedOn?.toISOString().slice(0, 10)).toBe(new Date().toISOString().slice(0, 10));
    await post(deleteObligationAction, { id: obligation.id, version: versionOf(obligation), confirm: "on" });

    const entries = await auditOf(obligation.id);
    expect(entries.map((e) => [e.action, e.entity, e.actorId])).toEqual([
      ["create", "AgreementObligation", editor.id],
      ["update", "AgreementObligation", editor.id],
      ["update", "AgreementObligation", editor.id],
      ["delete", "AgreementObligation", editor.id],
    ]);
    expect(entries[1]).toMatchObject({ before: { kind: "ANNUAL_REPORT", note: "First report" }, after: { kind: "SAMPLE_RETURN", note: null } });
    expect(entries[2]).toMatchObject({ summary: "completed", before: { completedOn: null }, after: { completedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T00:00:00/) } });
  });
});

describe("sources", () => {
  it("creates, corrects and deletes a source nobody cites", async () => {
    const reference = uniqueName("https://example.org/report");
    const id = idFrom(await post(saveContent("sources"), { reference, label: "Report", url: "https://example.org/report" }));
    const created = await testPrisma().source.findUniqueOrThrow({ where: { id } });
    const detail = await import("@/server/content/sources").then((m) => m.getSourceForStaff(id));
    await post(saveContent("sources"), { id, version: detail!.version, reference, label: "Annual report", url: "https://example.org/report" });
    const updated = await import("@/server/content/sources").then((m) => m.getSourceForStaff(id));
    await post(deleteRecordAction, { kind: "sources", id, version: updated!.version, confirm: "on" });
    const entries = await auditOf(id);
    expect(entries.map((e) => [e.action, e.entity])).toEqual([
      ["create", "Source"],
      ["update", "Source"],
      ["delete", "Source"],
    ]);
    expect(entries[1]).toMatchObject({ before: { label: created.label }, after: { label: "Annual report" } });
  });
});

describe("a write and its audit entry stand or fall together", () => {
  it("leaves neither the change nor the entry when the transaction fails after the entry was written", async () => {
    const recordAudit = vi.mocked(audit.recordAudit);
    const original = (await vi.importActual<typeof import("@/server/audit")>("@/server/audit")).recordAudit;
    recordAudit.mockImplementationOnce(async (tx, actor, record) => {
      await original(tx, actor, record);
      throw new Error("the database went away");
    });
    const institution = await createInstitution();
    const before = await testPrisma().auditEntry.count();
    const outcome = await post(saveContent("institutions"), {
      id: institution.id,
      version: versionOf(institution),
      nameEn: "A name that must not stick",
      slug: institution.slug,
      type: institution.type,
      countryCode: institution.countryCode ?? "",
    });
    expect((outcome.error as Error).message).toBe("the database went away");
    expect(recordAudit).toHaveBeenCalled();
    expect(await testPrisma().auditEntry.count()).toBe(before);
    expect((await testPrisma().institution.findUniqueOrThrow({ where: { id: institution.id } })).nameEn).toBe(institution.nameEn);
    expect(revalidatedTags).toEqual([]);
  });
});
